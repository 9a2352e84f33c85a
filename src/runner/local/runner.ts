/**
 * The `local` backend: jslc's own runner image (JRE 17, the groovy-cps executor, git, Go, docker CLI, cosign),
 * built here without a registry, runs the Jenkinsfile. Container agents of the pipeline start beside it on the
 * same Docker engine.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Dockerode from 'dockerode';
import { runContainer } from '../container.js';
import { serveRepository, type GitServer } from './git-daemon.js';
import { containerOptions, RUN_LABEL, type LocalLibraryTrust, type RunPaths } from './plan.js';
import { mergeStageFile, parseStageFile } from '../stages.js';
import { resultOfExitCode, type Runner, type RunRequest, type RunResult } from '../types.js';

/** Options of the local backend. */
export interface LocalRunnerOptions {
  /** The Docker engine. */
  readonly docker: Dockerode;
  /** The runner image (from `ensureRunnerImage`). */
  readonly image: string;
  /** Where run directories go (default /var/tmp: host paths that Docker can bind-mount). */
  readonly runRoot?: string;
  /** Keep the run directory (workspace, artifacts) after the run; default false unless `request.workspace` is set. */
  readonly keep?: boolean;
  /**
   * How the executor runs the libraries: `trusted` (default, a global library) or `untrusted` (a folder-level
   * library: in the executor's runtime sandbox, script-security's whitelists). The Jenkinsfile is always sandboxed.
   */
  readonly libraryTrust?: LocalLibraryTrust;
}

const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;

/** Runs Jenkinsfiles in the jslc runner image under the groovy-cps executor. */
export class LocalRunner implements Runner {
  /** This backend's kind. */
  readonly kind = 'local' as const;

  /** Creates the backend. */
  constructor(private readonly options: LocalRunnerOptions) {}

  /** Runs one build to its end. */
  async run(request: RunRequest): Promise<RunResult> {
    const runId = randomUUID();
    const root = this.options.runRoot ?? '/var/tmp';
    const runDir = request.workspace ? resolve(request.workspace, '..') : mkdtempSync(join(root, 'jslc-run-'));
    const workspace = request.workspace ? resolve(request.workspace) : join(runDir, 'workspace');
    mkdirSync(workspace, { recursive: true });
    const secrets = mkdtempSync(join(runDir, '.secrets-'));
    chmodSync(secrets, 0o700);
    const paths: RunPaths = {
      runDir,
      workspace,
      artifacts: request.artifacts ? resolve(request.artifacts) : join(runDir, 'artifacts'),
      jenkinsfile: join(secrets, 'Jenkinsfile'),
      ...(request.credentials && Object.keys(request.credentials).length ? { credentialsFile: join(secrets, 'credentials.json') } : {}),
      // In the run directory, which the container mounts at the same path; removed after the run.
      stagesFile: join(runDir, `.jslc-stages-${runId}.jsonl`),
    };
    let git: GitServer | undefined;
    try {
      copyFileSync(request.jenkinsfile, paths.jenkinsfile);
      if (paths.credentialsFile) {
        writeFileSync(paths.credentialsFile, JSON.stringify(request.credentials), { mode: 0o600 });
      }
      for (const lib of request.libraries) {
        if (!existsSync(join(lib.repository, '.git')) && !existsSync(join(lib.repository, 'HEAD'))) {
          throw new Error(`library ${lib.name}: ${lib.repository} is not a git repository`);
        }
      }
      let scm = request.scm;
      if (scm && !/^[a-z+]+:\/\//.test(scm) && existsSync(scm) && statSync(scm).isDirectory()) {
        // Agents are other containers: they fetch (git describe's tags) from a URL, not a path.
        git = await serveRepository(scm);
        scm = git.url;
      }
      const req: RunRequest = { ...request, ...(scm ? { scm } : {}) };
      const outcome = await runContainer(this.options.docker, containerOptions(this.options.image, runId, req, paths, this.options.libraryTrust ?? 'trusted'), {
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        // No second masking here: the executor masks what Jenkins masks (bound credentials), so the e2e tests
        // see any other appearance of a secret.
        ...(request.onLog ? { onLog: request.onLog } : {}),
        ...(request.onStage ? { onStage: request.onStage } : {}),
        ...(request.onStageEnd ? { onStageEnd: request.onStageEnd } : {}),
      });
      const result = outcome.timedOut ? 'ABORTED' : resultOfExitCode(outcome.exitCode);
      if (!result) {
        const tail = outcome.log.split('\n').slice(-20).join('\n');
        throw new Error(`the runner exited with ${outcome.exitCode}, which is no build result:\n${tail}`);
      }
      // The executor's own stage statuses, when it wrote them, know more than the log (catchError's stageResult).
      const fromLog = outcome.tracker.finish(result);
      const stageRecords = existsSync(paths.stagesFile!) ? mergeStageFile(fromLog, parseStageFile(readFileSync(paths.stagesFile!, 'utf8'))) : fromLog;
      return {
        result,
        exitCode: outcome.timedOut ? 4 : outcome.exitCode,
        log: outcome.log,
        stages: outcome.stages,
        stageRecords,
        errors: outcome.tracker.errors(),
        spans: outcome.spans,
        durationMs: outcome.durationMs,
        ...(outcome.firstStageMs !== undefined ? { firstStageMs: outcome.firstStageMs } : {}),
        workspace,
      };
    } finally {
      rmSync(secrets, { recursive: true, force: true });
      rmSync(paths.stagesFile!, { force: true });
      await removeRunContainers(this.options.docker, runId);
      await git?.stop();
      if (!request.workspace && !this.options.keep) rmSync(runDir, { recursive: true, force: true });
    }
  }
}

/** Removes every container labelled with the run (agents left behind by a killed executor). */
async function removeRunContainers(docker: Dockerode, runId: string): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
