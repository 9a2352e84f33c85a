import type { StringValue, TagIR } from '../ir/types.js';

/** Image tags, resolved when the image stage runs. Invalid tag characters are replaced by `-`. */
export const tag = {
  /** `git describe --tags --always --dirty`, e.g. `v1.4.0-3-g1a2b3c4`. */
  gitDescribe: (): TagIR => ({ type: 'gitDescribe' }),
  /** The short commit hash. */
  commit: (): TagIR => ({ type: 'commit' }),
  /** The branch name (`BRANCH_NAME`), sanitized for Docker. */
  branch: (): TagIR => ({ type: 'branch' }),
  /** The Jenkins build number. */
  buildNumber: (): TagIR => ({ type: 'buildNumber' }),
  /** A fixed tag, or a parameter of the pipeline var. */
  literal: (value: StringValue): TagIR => ({ type: 'literal', value }),
} as const;
