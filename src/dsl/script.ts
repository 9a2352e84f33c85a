import type { RuntimeRef, RuntimeValueName, ScriptEnvValue, ScriptStageIR, StageCommon } from '../ir/types.js';
import { sortedEntries } from '../util/sorted.js';
import type { StageOptions } from './common.js';

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
}

/** Options of `stage.sh`. */
export interface ShOptions extends ScriptCommonOptions {
  /**
   * The shell script, run by the `sh` step. It is trusted code, like `when.expression`: it appears verbatim in the
   * generated Groovy as a single-quoted literal (so `$` in it is the shell's, never Groovy's). Give it values only
   * through `env`.
   */
  readonly script: string;
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
export function shStage(c: StageCommon, o: ShOptions): ScriptStageIR {
  return {
    ...c,
    kind: 'script',
    script: o.script,
    source: { type: 'sh' },
    env: envEntries(o.env),
    dir: o.dir ?? '.',
    label: o.label ?? c.name,
    allowExitCodes: exitCodes(o.allowExitCodes),
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
export function makeStage(c: StageCommon, o: MakeOptions): ScriptStageIR {
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
  };
}

function ref(value: RuntimeValueName): RuntimeRef {
  return { kind: 'runtime', value };
}

/**
 * Values of the running build, for a script stage's `env` (never its text). Each reads the variable Jenkins sets
 * (see `RUNTIME_VALUES`); one the build does not have (a tag outside a tag build) is empty.
 *
 * @example stage.sh({ script: 'echo "build $N"', env: { N: runtime.buildNumber() } })
 */
export const runtime = {
  /** The build number (`BUILD_NUMBER`). */
  buildNumber: (): RuntimeRef => ref('buildNumber'),
  /** The build's URL (`BUILD_URL`); empty when Jenkins has no root URL configured. */
  buildUrl: (): RuntimeRef => ref('buildUrl'),
  /** The branch of a multibranch build (`BRANCH_NAME`). */
  branch: (): RuntimeRef => ref('branch'),
  /** The tag of a tag build (`TAG_NAME`). */
  tag: (): RuntimeRef => ref('tag'),
  /** The commit checked out by the git plugin (`GIT_COMMIT`). */
  commit: (): RuntimeRef => ref('commit'),
  /** The change request (pull request) id (`CHANGE_ID`). */
  changeId: (): RuntimeRef => ref('changeId'),
  /** The job's full name (`JOB_NAME`). */
  jobName: (): RuntimeRef => ref('jobName'),
} as const;
