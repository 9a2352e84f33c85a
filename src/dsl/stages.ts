import type {
  ArchiveStageIR,
  BuildStageIR,
  CheckoutStageIR,
  CommandIR,
  CoverMode,
  Custom,
  ImageStageIR,
  ModulesStageIR,
  ParallelStageIR,
  RunStageIR,
  SequenceStageIR,
  SignStageIR,
  StageCommon,
  StageIR,
  StringValue,
  TagIR,
  TestStageIR,
  VetStageIR,
} from '../ir/types.js';
import { captureLocation } from './location.js';
import { type StageOptions, toAgent, toOnFailure, toPost, toRetry, toTimeout } from './common.js';
import { sortedEntries } from '../util/sorted.js';
import { plain } from '../ir/values.js';
import { leavesOf } from '../ir/tree.js';
import type { KnownBaseImage, KnownPlatform } from '../ir/closed-sets.js';
import type { CapturedRef, CredentialBindingIR, ScriptEnvValue, ScriptStageIR, StampValue } from '../ir/types.js';

export type { KnownPlatform };

/** A GOOS/GOARCH pair. */
export type Platform = KnownPlatform | Custom;

function common(defaultName: string, o: StageOptions): StageCommon {
  const loc = captureLocation();
  const onFailure = toOnFailure(o.onFailure);
  return {
    name: o.name ?? defaultName,
    ...(o.when !== undefined ? { when: o.when } : {}),
    ...(o.agent !== undefined ? { agent: toAgent(o.agent) } : {}),
    ...(o.timeout !== undefined ? { timeout: toTimeout(o.timeout) } : {}),
    ...toRetry(o.retry),
    ...(onFailure !== undefined ? { onFailure } : {}),
    ...(o.post !== undefined ? { post: toPost(o.post) } : {}),
    ...(loc ? { loc } : {}),
  };
}

/** Options of `stage.checkout`. */
export interface CheckoutOptions extends StageOptions {
  /**
   * What to check out. Default: `'scm'`, the job's own SCM (`checkout scm`).
   * Or a git repository: `{ url, branch, credentialsId }`.
   */
  readonly source?: 'scm' | { readonly url: StringValue; readonly branch?: StringValue; readonly credentialsId?: string };
  /** Fetch tags so that `git describe` finds the version. Default: `true`. */
  readonly fetchTags?: boolean;
}

/** Options of `stage.modules`. */
export interface ModulesOptions extends StageOptions {
  /** Run `go mod verify` after the download. Default: `true`. */
  readonly verify?: boolean;
  /** Fail when `go mod tidy` would change `go.mod`/`go.sum`. Default: `false`. */
  readonly tidyCheck?: boolean;
  /** Fail when `go.mod` has a `replace` directive pointing at a local path (unreachable in CI). Default: `true`. */
  readonly forbidLocalReplace?: boolean;
}

/** Options of `stage.vet`. */
export interface VetOptions extends StageOptions {
  /** Packages to vet. Default: `['./...']`. */
  readonly packages?: readonly string[];
  /** Extra linters, each run after `go vet` (see `cmd`). Default: none. */
  readonly linters?: readonly CommandIR[];
  /**
   * Build with `-trimpath`: no workspace path in the compiled packages, so the persisted build and test caches
   * serve every workspace (each branch and pull request has its own) and agent. Default: `true`.
   */
  readonly trimpath?: boolean;
}

/** Options of `stage.test`. */
export interface TestOptions extends StageOptions {
  /** Run with the race detector (`-race`, needs cgo). Default: `true`. */
  readonly race?: boolean;
  /** Packages to test. Default: `['./...']`. */
  readonly packages?: readonly string[];
  /** Write a coverage profile to this path (`-coverprofile`). Default: none. */
  readonly coverProfile?: string;
  /** Coverage mode. Default: `atomic` with `race`, else `set`. */
  readonly coverMode?: CoverMode;
  /** `go test -timeout`, a Go duration such as `'10m'`. Default: Go's own (10m). */
  readonly goTimeout?: string;
  /** Write a JUnit XML report (from `go test -json`): `true` for `report.xml`, or a path. Default: `false`. */
  readonly junit?: boolean | string;
  /**
   * Coverage threshold: when total statement coverage (`go tool cover -func` of `coverProfile`, which it needs) is
   * below `minPercent`, the build and stage become UNSTABLE (Jenkins' `unstable` step). Default: none.
   */
  readonly coverage?: { readonly minPercent: number };
  /** Build tags. Default: none. */
  readonly tags?: readonly string[];
  /**
   * Build with `-trimpath`: no workspace path in the compiled packages, so the persisted build and test caches
   * serve every workspace (each branch and pull request has its own) and agent. Default: `true`.
   */
  readonly trimpath?: boolean;
  /** Only the tests this regular expression matches (`-run`), e.g. `'^TestUnit'`. Default: all. */
  readonly run?: string;
  /** Not the tests this regular expression matches (`-skip`, Go 1.20 on), e.g. one known-flaky test. Default: none. */
  readonly skip?: string;
  /** `-short`: tests that check `testing.Short()` skip their long parts. Default: `false`. */
  readonly short?: boolean;
  /** Run each test N times (`-count`); `1` bypasses the test result cache. Default: Go's (cached). */
  readonly count?: number;
  /** Randomize test order (`-shuffle`): `'on'`, `'off'` or a seed to replay. Default: Go's (off). */
  readonly shuffle?: 'on' | 'off' | number;
  /** How many tests of one package run at once (`-parallel`). Default: Go's (GOMAXPROCS). */
  readonly parallel?: number;
  /** Packages the coverage profile covers (`-coverpkg`), e.g. `['./...']`; needs `coverProfile`. Default: each package itself. */
  readonly coverPackages?: readonly string[];
  /** More `go test` flags, one per element starting with `-`, e.g. `['-failfast']`. Default: none. */
  readonly flags?: readonly string[];
}

/** Options of `stage.build`. */
export interface BuildOptions extends StageOptions {
  /** Static binary: `CGO_ENABLED=0`. Default: `true`. */
  readonly static?: boolean;
  /** Remove file system paths from the binary (`-trimpath`). Default: `true`. */
  readonly trimpath?: boolean;
  /** Linker flags, one flag per element (no spaces or quotes inside), e.g. `['-s', '-w']`. Default: `['-s', '-w']`. */
  readonly ldflags?: readonly string[];
  /** Package-qualified string variable set to the `git describe` version (`-X main.version=v1.2.3`). Default: none. */
  readonly versionVar?: string;
  /**
   * More `-X` stamps: package-qualified string variables and the value each is set to when the binary is built, a
   * value of the commit (`buildInfo.*`) or of the running build (`runtime.*`). Values never pass through Groovy
   * or a command line of their own: the build script reads them. Default: none.
   *
   * @example stamp: { 'main.commit': buildInfo.commit(), 'main.date': buildInfo.commitDate(), 'main.build': runtime.buildNumber() }
   */
  readonly stamp?: Readonly<Record<string, StampValue>>;
  /** Target platforms; several run as parallel stages. Default: `['linux/amd64']`. */
  readonly platforms?: readonly Platform[];
  /** Output path prefix; each platform writes `<output>-<goos>-<goarch>` (`.exe` on Windows). Default: `'bin/app'`. */
  readonly output?: string;
  /** Main package to build. Default: `'.'`. */
  readonly package?: string;
  /** Build tags. Default: none. */
  readonly tags?: readonly string[];
}

/** A linux GOOS/GOARCH pair: the platforms an OCI image holds. */
export type LinuxPlatform = Extract<KnownPlatform, `linux/${string}`> | Custom;

/** The `oci` option of `stage.image`: the daemonless image of a build stage's binaries. */
export interface OciImageOptions {
  /**
   * The build stage's output prefix (its `output`), e.g. `'bin/app'`: the image of platform `linux/<arch>` holds
   * `<binary>-linux-<arch>`, the file that build stage writes for it.
   */
  readonly binary: string;
  /**
   * The platforms of the image index, each built by an earlier build stage (JSLC023); linux only (JSLC061).
   * Default: every linux platform the pipeline's build stages with this `output` build, in their order.
   */
  readonly platforms?: readonly LinuxPlatform[];
  /**
   * Base image: `'scratch'` (nothing but the binary, `/etc/passwd`, `/etc/group` and the agent's CA bundle), or an
   * image pinned by digest, `host/path@sha256:<hex>` (JSLC062). Default: `'scratch'`.
   */
  readonly base?: string;
  /** The image's user, a uid or `uid:gid` (JSLC062). Default: `'65532'` ("nonroot"). */
  readonly user?: string;
  /** Path of the binary in the image, its entrypoint: a clean absolute path (JSLC062). Default: `'/app'`. */
  readonly entrypoint?: string;
  /** TCP ports the image exposes. Default: none. */
  readonly expose?: readonly number[];
  /**
   * Workspace files or directories to add to the image: `src` inside the workspace, `dest` a clean absolute path
   * (JSLC062). Default: none.
   */
  readonly files?: readonly { readonly src: string; readonly dest: string }[];
  /** Add Go's time zone database (`/usr/share/zoneinfo.zip`, with `ZONEINFO` set to it). Default: `false`. */
  readonly tzdata?: boolean;
}

/** Options of `stage.image`. */
export interface ImageOptions extends StageOptions {
  /** Image repository, e.g. `'registry.example.com/team/app'`, or `param('image')`. */
  readonly repository: StringValue;
  /** Tags to apply and push. Default: `[tag.gitDescribe()]`. */
  readonly tags?: readonly TagIR[];
  /**
   * The Dockerfile. Default: a generated Dockerfile that copies the
   * linux/amd64 binary of the build stage into `scratch`, built from a context
   * that holds only that binary (so no `.dockerignore` is needed).
   * `{ path, context }` uses the repository's own Dockerfile and context.
   */
  readonly dockerfile?:
    | {
        /** Path of the Dockerfile in the workspace. */
        readonly path: string;
        /** Build context directory. Default: `'.'` (the repository's `.dockerignore` applies). */
        readonly context?: string;
      }
    | {
        /** Base image: `'scratch'`, `'distroless'` (`gcr.io/distroless/static-debian12:nonroot`) or any image reference. Default: `'scratch'`. */
        readonly base?: KnownBaseImage | Custom;
        /** Binary copied into the image. Default: `bin/app-linux-amd64`. */
        readonly binary?: string;
        /** Ports to expose. Default: none. */
        readonly expose?: readonly number[];
      };
  /**
   * Build the image without a container daemon, instead of with docker build: the OCI builder packs the build
   * stage's static binaries into one image per linux platform and pushes an OCI image index over them (so it needs
   * `push`). Give either `dockerfile` or `oci`, not both (JSLC058). Default: none (docker build of `dockerfile`).
   */
  readonly oci?: OciImageOptions;
  /** `--build-arg` values (docker build only; none with `oci`, JSLC058). Default: none. */
  readonly buildArgs?: { readonly [name: string]: StringValue };
  /**
   * `'oci'` adds `org.opencontainers.image.{revision,created,source,version}` and
   * `dev.golang.version`; `'none'` adds none. Default: `'oci'`.
   */
  readonly labels?: 'oci' | 'none';
  /** Extra labels. Default: none. */
  readonly extraLabels?: { readonly [name: string]: StringValue };
  /** Log in and push with a username/password credential. Default: build only, no push. */
  readonly push?: { readonly credentialsId: string; readonly registry?: string };
  /** Where the pushed digest reference is recorded. Default: `'image-digest.txt'`. */
  readonly digestFile?: string;
}

/** Options of `stage.sign`. */
export interface SignOptions extends StageOptions {
  /** cosign key material from Jenkins credentials: a secret-file key and a secret-text password. */
  readonly cosign: {
    readonly keyCredentialsId: string;
    readonly passwordCredentialsId: string;
    /** Secret-file credential with the public key for `verify`. Default: derived from the private key. */
    readonly publicKeyCredentialsId?: string;
  };
  /** Verify the signature right after signing. Default: `true`. */
  readonly verify?: boolean;
  /** Upload the signature to the Rekor transparency log; `false` for air-gapped registries. Default: `true`. */
  readonly transparencyLog?: boolean;
  /** File written by the image stage with the digest reference. Default: `'image-digest.txt'`. */
  readonly digestFile?: string;
  /**
   * Attach signed attestations to the image digest, made from the image's Go binaries (their embedded build info):
   * `sbom`, an SPDX 2.3 SBOM (main module and every dependency with version and checksum, Go version, build
   * settings); `provenance`, a SLSA provenance v1 statement (builder = the Jenkins job, invocation = the build URL,
   * source repository and commit, the Go toolchain and module checksums). Signed with the same cosign key; `verify`
   * checks them and that their subject is the pushed digest. Needs an earlier image stage whose binaries jslc knows
   * (a generated image), and `go` on the agent (the generator is Go source shipped in the library). Default: neither.
   */
  readonly attest?: { readonly sbom?: boolean; readonly provenance?: boolean };
}

/** Options of `stage.archive`. */
export interface ArchiveOptions extends StageOptions {
  /** Ant patterns of files to archive, e.g. `['bin/**', 'coverage.out']`. */
  readonly artifacts: readonly string[];
  /** Fingerprint the archived files. Default: `true`. */
  readonly fingerprint?: boolean;
}

/** Options every script stage (`stage.sh`, `stage.make`) accepts besides the common stage options. */
export interface ScriptCommonOptions extends StageOptions {
  /**
   * Environment variables of the script: constants, `param(...)` references or `runtime.*` values. They reach the
   * script only as environment variables (read them as `"$NAME"`), never spliced into its text, so a value holding
   * `$(…)`, quotes or newlines is data, not code. Names are POSIX names (`[A-Za-z_][A-Za-z0-9_]*`); names Jenkins or
   * jslc set (`PATH`, `BUILD_NUMBER`, `JSLC_*`, …) are reserved. Default: none.
   */
  readonly env?: { readonly [name: string]: ScriptEnvValue };
  /** Directory the script runs in, relative to the workspace (it may not leave it). Default: `'.'`, the workspace. */
  readonly dir?: string;
  /** Label of the `sh` step shown in Jenkins. Default: the stage name (`make <targets>` for `stage.make`). */
  readonly label?: string;
  /**
   * Exit codes that count as success (each 0 to 255); any other fails the stage with the status in the message.
   * Default: `[0]`.
   */
  readonly allowExitCodes?: readonly number[];
  /**
   * Credentials bound around this script only (`withCredentials`), built with `bind.*`; their variables must not
   * collide with `env`. A secret must not be expanded on a command line of the script (JSLC048). Default: none.
   */
  readonly credentials?: readonly CredentialBindingIR[];
}

/** Options of `stage.sh`. */
export interface ShOptions extends ScriptCommonOptions {
  /**
   * The shell script, run by the `sh` step. It is trusted code, like `when.expression`: it appears verbatim in the
   * generated Groovy as a single-quoted literal (so `$` in it is the shell's, never Groovy's). Give it values only
   * through `env`.
   */
  readonly script: string;
  /**
   * Store the script's standard output, trimmed, in this environment variable for the stages after it (Jenkins'
   * `env.NAME = sh(returnStdout: true, …).trim()`); later script stages read it with `captured('NAME')`. The script
   * must then succeed with exit status 0 (no other `allowExitCodes`). Default: none.
   */
  readonly capture?: string;
}

/**
 * The output an earlier script stage captured (`stage.sh({ capture: 'NAME' })`), for a later script stage's `env`.
 *
 * @example stage.sh({ name: 'Deploy', script: './deploy.sh "$VERSION"', env: { VERSION: captured('VERSION') } })
 */
export function captured(name: string): CapturedRef {
  return { kind: 'captured', name };
}

/** Options of `stage.make`. */
export interface MakeOptions extends ScriptCommonOptions {
  /** Make targets, in order, e.g. `['lint', 'test']`: letters, digits and `_ . / + -`, not starting with `-`. */
  readonly targets: readonly string[];
  /**
   * Make variables set on make's command line (`NAME="$NAME"`, which overrides the Makefile's assignments), each
   * value passed through the environment like `env`'s. Default: none.
   */
  readonly vars?: { readonly [name: string]: ScriptEnvValue };
}

function envEntries(env: { readonly [name: string]: ScriptEnvValue } | undefined): { readonly name: string; readonly value: ScriptEnvValue }[] {
  return sortedEntries(env ?? {}).map(([name, value]) => ({ name, value }));
}

function exitCodes(codes: readonly number[] | undefined): number[] {
  return [...new Set(codes ?? [0])].sort((a, b) => a - b);
}

/** The IR of `stage.sh`, from its common part (name, when, agent…) and its options. */
function shStage(c: StageCommon, o: ShOptions): ScriptStageIR {
  return {
    ...c,
    kind: 'script',
    script: o.script,
    source: { type: 'sh' },
    env: envEntries(o.env),
    dir: o.dir ?? '.',
    label: o.label ?? c.name,
    allowExitCodes: exitCodes(o.allowExitCodes),
    credentials: [...(o.credentials ?? [])],
    ...(o.capture !== undefined ? { capture: o.capture } : {}),
  };
}

/**
 * The script `stage.make` runs: `make NAME="$NAME" … target …`. Only validated target names and variable names are
 * written into it; every value stays in the environment.
 */
export function makeScript(targets: readonly string[], vars: readonly string[]): string {
  return ['make', ...vars.map((v) => `${v}="$${v}"`), ...targets].join(' ');
}

/** The IR of `stage.make`, from its common part (name, when, agent…) and its options. */
function makeStage(c: StageCommon, o: MakeOptions): ScriptStageIR {
  const vars = envEntries(o.vars);
  const env = [...envEntries(o.env), ...vars].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const targets = [...o.targets];
  const varNames = vars.map((v) => v.name);
  return {
    ...c,
    kind: 'script',
    script: makeScript(targets, varNames),
    source: { type: 'make', targets, vars: varNames },
    env,
    dir: o.dir ?? '.',
    label: o.label ?? ['make', ...targets].join(' '),
    allowExitCodes: exitCodes(o.allowExitCodes),
    credentials: [...(o.credentials ?? [])],
  };
}

/** Stage builders. Each returns plain IR data; call them inside `goPipeline({ stages: [...] })`. */
export const stage = {
  /** Check out the sources (the job's SCM or a git repository) with tags for `git describe`. */
  checkout(o: CheckoutOptions = {}): CheckoutStageIR {
    const src = o.source ?? 'scm';
    return {
      ...common('Checkout', o),
      kind: 'checkout',
      source:
        src === 'scm'
          ? { type: 'scm' }
          : { type: 'git', url: src.url, branch: src.branch ?? 'main', ...(src.credentialsId !== undefined ? { credentialsId: src.credentialsId } : {}) },
      fetchTags: o.fetchTags ?? true,
    };
  },

  /** `go mod download` and `go mod verify`, with a tidy check and a local-replace policy. */
  modules(o: ModulesOptions = {}): ModulesStageIR {
    return {
      ...common('Modules', o),
      kind: 'modules',
      verify: o.verify ?? true,
      tidyCheck: o.tidyCheck ?? false,
      forbidLocalReplace: o.forbidLocalReplace ?? true,
    };
  },

  /** `go vet` plus optional extra linters. */
  vet(o: VetOptions = {}): VetStageIR {
    return { ...common('Vet', o), kind: 'vet', packages: [...(o.packages ?? ['./...'])], linters: [...(o.linters ?? [])], trimpath: o.trimpath ?? true };
  },

  /** `go test` with the race detector, coverage and a JUnit report. */
  test(o: TestOptions = {}): TestStageIR {
    const race = o.race ?? true;
    const junit = o.junit === true ? 'report.xml' : o.junit === false || o.junit === undefined ? undefined : o.junit;
    return {
      ...common('Test', o),
      kind: 'test',
      race,
      packages: [...(o.packages ?? ['./...'])],
      ...(o.coverProfile !== undefined ? { coverProfile: o.coverProfile } : {}),
      // coverMode without coverProfile stays in the IR: cmd/go would ignore it, validation reports it (JSLC053).
      ...(o.coverProfile !== undefined || o.coverMode !== undefined ? { coverMode: o.coverMode ?? (race ? 'atomic' : 'set') } : {}),
      ...(o.goTimeout !== undefined ? { goTimeout: o.goTimeout } : {}),
      ...(junit !== undefined ? { junit } : {}),
      ...(o.coverage !== undefined ? { coverage: { minPercent: o.coverage.minPercent } } : {}),
      tags: [...(o.tags ?? [])],
      trimpath: o.trimpath ?? true,
      ...(o.run !== undefined ? { run: o.run } : {}),
      ...(o.skip !== undefined ? { skip: o.skip } : {}),
      short: o.short ?? false,
      ...(o.count !== undefined ? { count: o.count } : {}),
      ...(o.shuffle !== undefined ? { shuffle: o.shuffle } : {}),
      ...(o.parallel !== undefined ? { parallel: o.parallel } : {}),
      coverPackages: [...(o.coverPackages ?? [])],
      flags: [...(o.flags ?? [])],
    };
  },

  /** Static, reproducible binaries, one parallel stage per platform. */
  build(o: BuildOptions = {}): BuildStageIR {
    return {
      ...common('Build', o),
      kind: 'build',
      static: o.static ?? true,
      trimpath: o.trimpath ?? true,
      ldflags: [...(o.ldflags ?? ['-s', '-w'])],
      ...(o.versionVar !== undefined ? { versionVar: o.versionVar } : {}),
      stamp: sortedEntries(o.stamp ?? {}).map(([variable, value]) => ({ variable, value })),
      platforms: [...(o.platforms ?? ['linux/amd64'])],
      output: o.output ?? 'bin/app',
      package: o.package ?? '.',
      tags: [...(o.tags ?? [])],
    };
  },

  /** Build a container image with OCI labels and push it. */
  image(o: ImageOptions): ImageStageIR {
    const df = o.dockerfile ?? {};
    const oci = o.oci;
    return {
      ...common('Image', o),
      kind: 'image',
      repository: o.repository,
      tags: [...(o.tags ?? [{ type: 'gitDescribe' }])],
      builder:
        oci !== undefined
          ? {
              type: 'oci',
              binary: oci.binary,
              // Empty until goPipeline fills in the platforms its build stages build (withImagePlatforms).
              platforms: [...(oci.platforms ?? [])],
              base: oci.base ?? 'scratch',
              user: oci.user ?? '65532',
              entrypoint: oci.entrypoint ?? '/app',
              expose: [...(oci.expose ?? [])],
              files: (oci.files ?? []).map((f) => ({ src: f.src, dest: f.dest })),
              tzdata: oci.tzdata ?? false,
            }
          : 'path' in df
            ? { type: 'existing', path: df.path, context: df.context ?? '.' }
            : {
                type: 'generated',
                base: plain(df.base ?? 'scratch'),
                binary: df.binary ?? 'bin/app-linux-amd64',
                expose: [...(df.expose ?? [])],
              },
      ...(oci !== undefined && o.dockerfile !== undefined ? { dockerfileAndOci: true as const } : {}),
      buildArgs: sortedEntries(o.buildArgs ?? {}).map(([name, value]) => ({ name, value })),
      ociLabels: (o.labels ?? 'oci') === 'oci',
      labels: sortedEntries(o.extraLabels ?? {}).map(([name, value]) => ({ name, value })),
      ...(o.push !== undefined
        ? { push: { credentialsId: o.push.credentialsId, ...(o.push.registry !== undefined ? { registry: o.push.registry } : {}) } }
        : {}),
      digestFile: o.digestFile ?? 'image-digest.txt',
    };
  },

  /** Sign the pushed image with cosign and verify the signature. */
  sign(o: SignOptions): SignStageIR {
    return {
      ...common('Sign', o),
      kind: 'sign',
      keyCredentialsId: o.cosign.keyCredentialsId,
      passwordCredentialsId: o.cosign.passwordCredentialsId,
      ...(o.cosign.publicKeyCredentialsId !== undefined ? { publicKeyCredentialsId: o.cosign.publicKeyCredentialsId } : {}),
      verify: o.verify ?? true,
      transparencyLog: o.transparencyLog ?? true,
      digestFile: o.digestFile ?? 'image-digest.txt',
      attest: { sbom: o.attest?.sbom ?? false, provenance: o.attest?.provenance ?? false },
    };
  },

  /** Archive and fingerprint build outputs. */
  archive(o: ArchiveOptions): ArchiveStageIR {
    return { ...common('Archive', o), kind: 'archive', artifacts: [...o.artifacts], fingerprint: o.fingerprint ?? true };
  },

  /** Escape hatch: run one command with an exact argument vector (see `cmd`). */
  run(name: string, command: CommandIR, o: Omit<StageOptions, 'name'> = {}): RunStageIR {
    return { ...common(name, { ...o, name }), kind: 'run', command };
  },

  /**
   * Run a shell script with typed values in its environment (var `shellScript`).
   *
   * @example stage.sh({ name: 'Lint', script: './scripts/lint.sh "$BRANCH"', env: { BRANCH: runtime.branch() } })
   */
  sh(o: ShOptions): ScriptStageIR {
    return shStage(common('Script', o), o);
  },

  /**
   * Run make targets, with make variables from typed values (var `shellScript`).
   *
   * @example stage.make({ targets: ['lint', 'test'], vars: { VERSION: runtime.tag() } })
   */
  make(o: MakeOptions): ScriptStageIR {
    return makeStage(common('Make', o), o);
  },

  /** Run stages at the same time (`parallel`). `failFast` (default `true`) aborts the others when one fails. */
  parallel(
    name: string,
    branches: readonly StageIR[],
    o: Omit<StageOptions, 'name' | 'agent' | 'onFailure'> & { readonly failFast?: boolean } = {},
  ): ParallelStageIR {
    return { ...common(name, { ...o, name }), kind: 'parallel', failFast: o.failFast ?? true, branches: [...branches] };
  },

  /** Run stages one after another inside a named group (nested `stages`). */
  sequence(name: string, stages: readonly StageIR[], o: Omit<StageOptions, 'name' | 'onFailure'> = {}): SequenceStageIR {
    return { ...common(name, { ...o, name }), kind: 'sequence', stages: [...stages] };
  },
} as const;

/**
 * The stages with every oci image stage that names no platforms given the linux platforms the pipeline's build
 * stages build for its binary (`output`), in the order they first appear; other stages unchanged.
 */
export function withImagePlatforms(stages: readonly StageIR[]): StageIR[] {
  const built = new Map<string, BuildStageIR['platforms'][number][]>();
  for (const l of leavesOf(stages)) {
    if (l.kind !== 'build') continue;
    const list = built.get(l.output) ?? [];
    for (const p of l.platforms) {
      const name = plain(p);
      if (name.startsWith('linux/') && !list.some((q) => plain(q) === name)) list.push(p);
    }
    built.set(l.output, list);
  }
  // A container is rebuilt only around a filled child: every other stage stays the very object the user made.
  const same = (a: readonly StageIR[], b: readonly StageIR[]): boolean => a.every((x, i) => x === b[i]);
  const fill = (s: StageIR): StageIR => {
    if (s.kind === 'parallel') {
      const branches = s.branches.map(fill);
      return same(s.branches, branches) ? s : { ...s, branches };
    }
    if (s.kind === 'sequence') {
      const stages = s.stages.map(fill);
      return same(s.stages, stages) ? s : { ...s, stages };
    }
    if (s.kind === 'image' && s.builder.type === 'oci' && s.builder.platforms.length === 0)
      return { ...s, builder: { ...s.builder, platforms: [...(built.get(s.builder.binary) ?? [])] } };
    return s;
  };
  return stages.map(fill);
}
