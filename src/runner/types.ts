/**
 * The runner layer's one interface: run a Jenkinsfile that uses a generated
 * library, in a container, and report the build result. Two backends implement
 * it: `local` (jslc's own runner image with the groovy-cps executor) and
 * `jenkinsfile-runner` (the real Jenkinsfile Runner image).
 */

/** A build result, as Jenkins names it. */
export type BuildResult = 'SUCCESS' | 'UNSTABLE' | 'FAILURE' | 'NOT_BUILT' | 'ABORTED';

/** Jenkinsfile Runner's exit code for each build result (the local runner uses the same). */
export const EXIT_CODE_BY_RESULT: Readonly<Record<BuildResult, number>> = {
  SUCCESS: 0,
  UNSTABLE: 1,
  FAILURE: 2,
  NOT_BUILT: 3,
  ABORTED: 4,
};

/** The build result an exit code stands for; `undefined` for a code that is no build result (a crash). */
export function resultOfExitCode(code: number): BuildResult | undefined {
  for (const [result, c] of Object.entries(EXIT_CODE_BY_RESULT)) {
    if (c === code) return result as BuildResult;
  }
  return undefined;
}

/** A secret text credential (`string(credentialsId:, variable:)`, `credentials('id')`). */
export interface StringCredential {
  /** Credential kind. */
  readonly type: 'string';
  /** The secret. */
  readonly secret: string;
}

/** A username with password credential (`usernamePassword(...)`). */
export interface UsernamePasswordCredential {
  /** Credential kind. */
  readonly type: 'usernamePassword';
  /** The user name (not secret in Jenkins, but masked by jslc's runners too). */
  readonly username: string;
  /** The password. */
  readonly password: string;
}

/** A secret file credential (`file(credentialsId:, variable:)`). */
export interface FileCredential {
  /** Credential kind. */
  readonly type: 'file';
  /** The file's name, as uploaded to Jenkins. */
  readonly fileName: string;
  /** The file's content (UTF-8 text). */
  readonly content: string;
}

/** An SSH user with a private key (`sshUserPrivateKey(...)`, `sshagent([...])`; ssh-credentials' `basicSSHUserPrivateKey`). */
export interface SshUserPrivateKeyCredential {
  /** Credential kind. */
  readonly type: 'sshUserPrivateKey';
  /** The SSH user name. */
  readonly username: string;
  /** The private key, PEM or OpenSSH text. */
  readonly privateKey: string;
  /** The key's passphrase, when it has one. */
  readonly passphrase?: string;
  /** The credential's description. */
  readonly description?: string;
}

/** A PKCS#12 key store with its password (`certificate(...)`; the credentials plugin's `certificate`). */
export interface CertificateCredential {
  /** Credential kind. */
  readonly type: 'certificate';
  /** The PKCS#12 key store, base64. */
  readonly keystoreBase64: string;
  /** The key store's password. */
  readonly password: string;
  /** The credential's description (what `aliasVariable` receives, as in credentials-binding). */
  readonly description?: string;
}

/** A credential stored in the runner's Jenkins, by kind. */
export type Credential = StringCredential | UsernamePasswordCredential | FileCredential | SshUserPrivateKeyCredential | CertificateCredential;

/** A shared library the Jenkinsfile loads with `@Library('name@version') _`. */
export interface LibrarySource {
  /** The library's name, as the Jenkinsfile's `@Library` names it. */
  readonly name: string;
  /** A local git repository holding the library (vars/, resources/, src/) at its root. */
  readonly repository: string;
  /** The version used when the Jenkinsfile names none (Jenkins' "default version"); a tag or branch. */
  readonly defaultVersion?: string;
}

/**
 * The answer to one `input` step (or a Declarative stage's `input {}`), given before the run because a local run
 * cannot be answered interactively: proceed, with values for the input's parameters (the others take their
 * defaults), or abort (the build ends ABORTED, as upstream's "Abort" button).
 */
export interface InputAnswer {
  /**
   * The input's id as Jenkins derives it: the `id` given (first letter upper-cased), else the capitalized MD5 of the
   * message (scripted `input`) or of the stage's name (Declarative `input {}`). An unanswered input's failure names it.
   */
  readonly id: string;
  /** Proceed or abort. */
  readonly action: 'proceed' | 'abort';
  /** Parameter values by name (proceed only), as the input's form would submit them. */
  readonly values?: Readonly<Record<string, string>>;
}

/** One run of a Jenkinsfile. Paths are host paths. */
export interface RunRequest {
  /** The Jenkinsfile to run. */
  readonly jenkinsfile: string;
  /** The shared libraries the runner's Jenkins knows (global libraries). */
  readonly libraries: readonly LibrarySource[];
  /** The workspace directory (created; the build runs in it). Default: a new temporary directory. */
  readonly workspace?: string;
  /** A git repository `checkout scm` clones. */
  readonly scm?: string;
  /** Build parameters (`params.x`). */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * Keep every parameter a String, as Jenkinsfile Runner passes them (`params.SIGN == 'false'`, a non-empty string);
   * without it the local executor makes `true`/`false` Booleans. Jenkinsfile Runner always passes strings.
   */
  readonly paramsAsStrings?: boolean;
  /** Answers to the build's `input` steps (local runner only: Jenkinsfile Runner cannot answer an input). */
  readonly inputs?: readonly InputAnswer[];
  /** Build environment variables (BRANCH_NAME, TAG_NAME, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Credentials by id. They never appear on a command line or in a log. */
  readonly credentials?: Readonly<Record<string, Credential>>;
  /**
   * Image substitutions for `agent { docker }` / `agent { kubernetes }` containers: an image the pipeline
   * names (key) runs as this local image (value). For machines that cannot pull.
   */
  readonly agentImages?: Readonly<Record<string, string>>;
  /** Where archived artifacts go (host path). Default: `<workspace>/../artifacts`. */
  readonly artifacts?: string;
  /**
   * Record every process the build's `sh` steps start, with argv and environment (local runner: strace of execve
   * into `<workspace>@tmp/exec-trace/`; read it with `readExecTrace` from `jslc/testing`).
   */
  readonly traceExec?: boolean;
  /** Kill the build after this many milliseconds (the result is then ABORTED). Default: 60 minutes. */
  readonly timeoutMs?: number;
  /** Called with every log line as it arrives. */
  readonly onLog?: (line: string) => void;
  /**
   * Called when a stage starts running: at its `[Pipeline] { (Name)` log line's time, once the next line shows the
   * stage is not skipped (a stage skipped by `when` or after an earlier failure is reported to `onStageEnd` only).
   */
  readonly onStage?: (event: StageEvent) => void;
  /**
   * Called when a stage ends (its `[Pipeline] // stage` line), with its status as far as the log shows it then; the
   * final statuses are {@link RunResult.stageRecords} (Jenkins prints a failing step's error only at the build's end).
   */
  readonly onStageEnd?: (record: StageRecord) => void;
}

/** A stage start seen in the log. */
export interface StageEvent {
  /** The stage's name. */
  readonly name: string;
  /** Milliseconds from the container's start. */
  readonly atMs: number;
  /** The names of the enclosing stages and parallel branches, outermost first (empty at the top level). */
  readonly parents?: readonly string[];
}

/**
 * How a stage ended. `skipped-by-when`: its `when` condition was false; `skipped-after-failure`: an earlier stage
 * failed; `skipped-after-unstable`: an earlier stage made the build unstable under `skipStagesAfterUnstable`
 * (Jenkins' SkippedStageReason.Unstable); `aborted`: a timeout or an abort stopped it.
 */
export type StageStatus = 'success' | 'failed' | 'unstable' | 'skipped-by-when' | 'skipped-after-failure' | 'skipped-after-unstable' | 'aborted';

/** Every {@link StageStatus}, in the order of the type. */
export const STAGE_STATUSES: readonly StageStatus[] = [
  'success',
  'failed',
  'unstable',
  'skipped-by-when',
  'skipped-after-failure',
  'skipped-after-unstable',
  'aborted',
];

/** One stage of a run: where it sits, when it started, how long it took and how it ended. */
export interface StageRecord {
  /** The stage's name. */
  readonly name: string;
  /** The names of the enclosing stages and parallel branches, outermost first (empty at the top level). */
  readonly parents: readonly string[];
  /** Milliseconds from the container's start to the stage's start. */
  readonly startMs: number;
  /** Milliseconds from the stage's start to its end. */
  readonly durationMs: number;
  /** How it ended. */
  readonly status: StageStatus;
}

/** A stage's time span in a run, from its `[Pipeline] { (Name)` line to its `[Pipeline] // stage` line. */
export interface StageSpan {
  /** The stage's name. */
  readonly name: string;
  /** Milliseconds from the container's start to the stage's start. */
  readonly startMs: number;
  /** Milliseconds from the container's start to the stage's end. */
  readonly endMs: number;
}

/** The outcome of a run. */
export interface RunResult {
  /** The build result (from the exit code). */
  readonly result: BuildResult;
  /** The container's exit code. */
  readonly exitCode: number;
  /** The whole log, one string. */
  readonly log: string;
  /** Stages in the order their `[Pipeline] { (Name)` line came (skipped stages too). */
  readonly stages: readonly StageEvent[];
  /**
   * Every stage (nested and parallel ones too) in the order they started, with its duration and status: from the
   * executor's stage status file when it wrote one (local runner, `JSLC_STAGES_FILE`), else read from the log.
   */
  readonly stageRecords: readonly StageRecord[];
  /** The errors the log reports (`ERROR: …` lines, each once, in order; else an uncaught exception's line). */
  readonly errors: readonly string[];
  /** Every stage's span (parallel branches too), from the log's timing. */
  readonly spans?: readonly StageSpan[];
  /** Milliseconds from creating the container to its exit. */
  readonly durationMs: number;
  /** Milliseconds from the container's start to the first stage (undefined when no stage started). */
  readonly firstStageMs?: number;
  /** The workspace used (host path). */
  readonly workspace: string;
}

/** The backends. */
export type RunnerKind = 'local' | 'jenkinsfile-runner';

/** A backend: runs Jenkinsfiles in a container through the Docker engine. */
export interface Runner {
  /** Which backend this is. */
  readonly kind: RunnerKind;
  /** Runs one build to its end. Rejects only when the run could not happen (no image, no Docker). */
  run(request: RunRequest): Promise<RunResult>;
}
