/**
 * The runner image's recipe: what goes into each of its three levels, and the hash that names each level's tag.
 * Pure data and functions; gathering the host's inputs (Go, docker CLI, cosign, the executor jar) is inputs.ts.
 */
import { createHash } from 'node:crypto';
import { sortedEntries } from '../../util/sorted.js';

/** Bump when the build procedure changes in a way the inputs below do not show. */
export const RECIPE_VERSION = 1;

/** The image levels, each built FROM the one before. */
export type ImageLevel = 'base' | 'tools' | 'runner';

/** The levels in build order. */
export const IMAGE_LEVELS: readonly ImageLevel[] = ['base', 'tools', 'runner'];

/** The repository name of each level's image. */
export const IMAGE_NAMES: Readonly<Record<ImageLevel, string>> = {
  base: 'jslc-runner-base',
  tools: 'jslc-runner-tools',
  runner: 'jslc-runner',
};

/** The label every jslc runner image carries: its recipe hash. */
export const RECIPE_LABEL = 'dev.jslc.recipe';
/** The OCI title label. */
export const TITLE_LABEL = 'org.opencontainers.image.title';
/** The cosign release the tools level carries (built by scripts/build-cosign.sh). */
export { COSIGN_VERSION } from '../../util/tool-versions.js';
/** Where the executor jar lives in the runner image. */
export const EXECUTOR_JAR = '/opt/jslc/jslc-executor.jar';
/** The launcher script installed as /usr/local/bin/jslc-executor. */
export const LAUNCHER = `#!/bin/sh\nexec java -jar ${EXECUTOR_JAR} "$@"\n`;

/** The debootstrap recipe of the base level. */
export interface BaseRecipe {
  /** Debian suite. */
  readonly suite: string;
  /** Debian mirror. */
  readonly mirror: string;
  /** debootstrap variant. */
  readonly variant: string;
  /** Packages added with --include (dependencies are resolved by debootstrap). */
  readonly packages: readonly string[];
  /** Dockerfile-style changes applied by the import (ENV, WORKDIR, CMD). */
  readonly changes: readonly string[];
}

/** The PATH of the base level. */
export const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The base level: Debian bookworm minbase with Java 17, git, CA certificates and a C toolchain (for go test -race). */
export const BASE_RECIPE: BaseRecipe = {
  suite: 'bookworm',
  mirror: 'http://deb.debian.org/debian',
  variant: 'minbase',
  // strace: the executor's --trace-exec records every process a build starts (tests prove no secret is in an argv).
  packages: ['openjdk-17-jre-headless', 'git', 'ca-certificates', 'gcc', 'libc6-dev', 'procps', 'strace'],
  changes: [`ENV PATH=${BASE_PATH}`, 'ENV LANG=C.UTF-8', 'WORKDIR /', 'CMD ["/bin/bash"]'],
};

/** The host inputs of the tools level. */
export interface ToolsInputs {
  /** The base image reference (name:hash). */
  readonly baseImage: string;
  /** `go version` output. */
  readonly goVersion: string;
  /** The host's GOROOT, copied to /usr/local/go. */
  readonly goroot: string;
  /** sha256 of the docker CLI binary. */
  readonly dockerSha256: string;
  /** sha256 of the cosign binary. */
  readonly cosignSha256: string;
  /**
   * The host's own CA certificates (`/usr/local/share/ca-certificates/*.crt`, name → sha256): a network behind a
   * TLS-inspecting proxy (as here, and in many companies) needs them for the Go module proxy.
   */
  readonly localCas: Readonly<Record<string, string>>;
}

/** The host inputs of the runner level. */
export interface RunnerInputs {
  /** The tools image reference (name:hash). */
  readonly toolsImage: string;
  /** sha256 of the executor jar. */
  readonly jarSha256: string;
}

/** JSON with object keys sorted, so equal data gives equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = sortedEntries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The tag of a level: the first 16 hex digits of the sha256 of the recipe version, the level and its inputs. */
export function recipeHash(level: ImageLevel, inputs: unknown): string {
  return createHash('sha256')
    .update(canonical({ recipeVersion: RECIPE_VERSION, level, inputs }))
    .digest('hex')
    .slice(0, 16);
}

/** The image reference `name:hash` of a level. */
export function imageRef(level: ImageLevel, hash: string): string {
  return `${IMAGE_NAMES[level]}:${hash}`;
}

/** Where Debian's update-ca-certificates takes local CA certificates from (host and image). */
export const LOCAL_CA_DIR = '/usr/local/share/ca-certificates';

/**
 * The tools level's Dockerfile. `goroot` is the GOROOT directory's name in the build context; with `localCas`, the
 * context also holds the host's `ca-certificates` directory, added to the image's trust store.
 */
export function toolsDockerfile(baseImage: string, goroot: string, localCas = false): string {
  return [
    `FROM ${baseImage}`,
    `COPY ${goroot} /usr/local/go`,
    'COPY docker cosign /usr/local/bin/',
    ...(localCas ? [`COPY ca-certificates/ ${LOCAL_CA_DIR}/`, 'RUN update-ca-certificates'] : []),
    `ENV PATH=/usr/local/go/bin:${BASE_PATH}`,
    '',
  ].join('\n');
}

/** The runner level's Dockerfile (context: the jar and the launcher). */
export function runnerDockerfile(toolsImage: string): string {
  return [`FROM ${toolsImage}`, `COPY jslc-executor.jar ${EXECUTOR_JAR}`, 'COPY jslc-executor /usr/local/bin/jslc-executor', ''].join('\n');
}

/** The base level's hash (inputs: suite, mirror, variant, packages, import changes). */
export function baseHash(recipe: BaseRecipe = BASE_RECIPE): string {
  return recipeHash('base', recipe);
}

/** The tools level's hash (inputs: base image, Go version and GOROOT, docker and cosign sha256, the Dockerfile). */
export function toolsHash(inputs: ToolsInputs): string {
  const goroot = inputs.goroot.split('/').filter(Boolean).pop() ?? 'go';
  return recipeHash('tools', { ...inputs, dockerfile: toolsDockerfile(inputs.baseImage, goroot, Object.keys(inputs.localCas).length > 0) });
}

/** The runner level's hash (inputs: tools image, jar sha256, the Dockerfile and the launcher). */
export function runnerHash(inputs: RunnerInputs): string {
  return recipeHash('runner', { ...inputs, dockerfile: runnerDockerfile(inputs.toolsImage), launcher: LAUNCHER });
}
