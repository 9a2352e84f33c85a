import type { ImageStageIR } from './types.js';
import { assertNever } from '../util/never.js';
import { plain } from './values.js';
import { buildOutputPath } from './naming.js';

/** One Go binary of an image: the platform it runs on (`linux/amd64`) and its path in the workspace. */
export interface ImageBinary {
  readonly platform: string;
  readonly path: string;
}

/**
 * The Go binaries an image holds, from the builds before it (`built`: binary path to platform): the generated image's
 * binary; the oci form's binary of each of its platforms; none for a repository Dockerfile, whose contents jslc cannot
 * know. A binary no earlier build stage wrote for a linux platform is left out.
 */
export function imageBinaries(s: ImageStageIR, built: ReadonlyMap<string, string>): ImageBinary[] {
  const b = s.builder;
  const known = (path: string): ImageBinary[] => {
    const platform = built.get(path);
    return platform !== undefined && platform.startsWith('linux/') ? [{ platform, path }] : [];
  };
  switch (b.type) {
    case 'existing':
      return [];
    case 'generated':
      return known(b.binary);
    case 'oci':
      return b.platforms.flatMap((p) => known(buildOutputPath(b.binary, plain(p))));
    default:
      return assertNever(b, 'image builder');
  }
}
