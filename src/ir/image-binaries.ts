import type { ImageStageIR } from './types.js';
import { assertNever } from '../util/never.js';

/** One Go binary of an image: the platform it runs on (`linux/amd64`) and its path in the workspace. */
export interface ImageBinary {
  readonly platform: string;
  readonly path: string;
}

/**
 * The Go binaries an image holds, from the builds before it (`built`: binary path to platform): the generated image's
 * binary; none for a repository Dockerfile, whose contents jslc cannot know.
 */
export function imageBinaries(s: ImageStageIR, built: ReadonlyMap<string, string>): ImageBinary[] {
  switch (s.dockerfile.type) {
    case 'existing':
      return [];
    case 'generated': {
      const platform = built.get(s.dockerfile.binary);
      return platform !== undefined && platform.startsWith('linux/') ? [{ platform, path: s.dockerfile.binary }] : [];
    }
    default:
      return assertNever(s.dockerfile, 'dockerfile type');
  }
}
