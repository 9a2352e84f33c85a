/**
 * The `jenkinsfile-runner` backend: runs a Jenkinsfile in the real Jenkinsfile Runner
 * image (a real Jenkins, its real plugins) through the Docker engine.
 *
 * One run: make sure the image is there; write the JCasC file (libraries, credentials)
 * and the secret files into fresh temporary directories; create and start the container;
 * stream its log line by line (masked, stages seen); wait for the exit, or kill it at the
 * timeout (ABORTED); copy archived artifacts out; map the exit code to the build result;
 * always remove the container and the temporary directories (the secrets first). The
 * container part is {@link runContainer}, shared with the local backend.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { resultOfExitCode } from '../types.js';
import type { BuildResult, RunRequest, RunResult, Runner } from '../types.js';
import { runContainer } from '../container.js';
import { substituteAgentImages } from './agent-images.js';
import { copyArtifacts } from './artifacts.js';
import { containerOptions } from './container.js';
import { checkedOut, isGitRepository } from './git.js';
import { ensureImage, imageName } from './image.js';
import { jcascLibraries, jcascPlan } from './jcasc.js';
import { scmYaml } from './scm.js';
import { secretMasker, secretValues } from '../log.js';

/** Options of {@link JenkinsfileRunner}. */
export interface JenkinsfileRunnerOptions {
  /** The image (default: env `JSLC_JFR_IMAGE`, else `ghcr.io/jenkinsci/jenkinsfile-runner:latest`). */
  readonly image?: string;
  /** The Docker client (default: `new Docker()`, i.e. DOCKER_HOST or the local socket). */
  readonly docker?: Docker;
  /** Pull the image when it is not local (default true). */
  readonly pull?: boolean;
  /** The host's Docker socket bound into the container at `/var/run/docker.sock` (default: the engine's socket, when it is a local file); `null` binds none. */
  readonly dockerSocket?: string | null;
}

/** The default timeout: 60 minutes. */
export const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;

/** How many log lines an error for a crashed run quotes. */
const LOG_TAIL_LINES = 40;

/** The error of a container exit code that is no build result: the code and the log's tail. */
export function crashMessage(image: string, exitCode: number, lines: readonly string[]): string {
  const tail = lines.slice(-LOG_TAIL_LINES).join('\n');
  return `jenkinsfile-runner: the container (image ${image}) exited with code ${exitCode}, which is no build result. Last log lines:\n${tail}`;
}

/** Removes a directory the container may have written root-owned files into; what cannot be removed stays. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Left behind.
  }
}

/** The Jenkinsfile Runner backend. */
export class JenkinsfileRunner implements Runner {
  /** Which backend this is. */
  readonly kind = 'jenkinsfile-runner' as const;
  /** The image runs use. */
  readonly image: string;
  private readonly docker: Docker;
  private readonly pull: boolean;
  private readonly dockerSocket: string | null | undefined;

  /** @param options image, Docker client, pull policy, Docker socket. */
  constructor(options: JenkinsfileRunnerOptions = {}) {
    this.image = imageName(options.image);
    this.docker = options.docker ?? new Docker();
    this.pull = options.pull ?? true;
    this.dockerSocket = options.dockerSocket;
  }

  /** Runs one build to its end. Rejects only when the run could not happen (no image, no Docker, a crash). */
  async run(request: RunRequest): Promise<RunResult> {
    const jenkinsfile = resolve(request.jenkinsfile);
    if (!existsSync(jenkinsfile) || !statSync(jenkinsfile).isFile()) throw new Error(`jenkinsfile-runner: no Jenkinsfile at ${jenkinsfile}`);
    await ensureImage(this.docker, this.image, this.pull);

    const tmp = mkdtempSync(join(tmpdir(), 'jslc-jfr-'));
    const secretsDir = mkdtempSync(join(tmpdir(), 'jslc-jfr-secrets-'));
    chmodSync(secretsDir, 0o700);
    // A default workspace outlives the run (RunResult.workspace names it): its own directory, not under `tmp`.
    const runRoot = request.workspace === undefined ? mkdtempSync(join(tmpdir(), 'jslc-jfr-run-')) : undefined;
    const workspace = resolve(request.workspace ?? join(runRoot!, 'workspace'));
    const artifacts = resolve(request.artifacts ?? join(workspace, '..', 'artifacts'));
    const workspaceTmp = `${workspace}@tmp`;
    const createdWorkspaceTmp = !existsSync(workspaceTmp);
    let restoreImages: (() => Promise<void>) | undefined;
    try {
      mkdirSync(workspace, { recursive: true });
      mkdirSync(workspaceTmp, { recursive: true });
      const cascDir = join(tmp, 'casc');
      mkdirSync(cascDir);
      const versions = new Map<string, string>();
      for (const lib of request.libraries) {
        if (!(await isGitRepository(lib.repository))) {
          throw new Error(`jenkinsfile-runner: library ${lib.name}: ${resolve(lib.repository)} is not a git repository (Jenkins retrieves libraries with git)`);
        }
        if (lib.defaultVersion !== undefined) continue;
        const v = await checkedOut(lib.repository);
        if (v !== undefined) versions.set(lib.name, v);
      }
      const plan = jcascPlan(jcascLibraries(request.libraries, versions), request.credentials);
      for (const f of plan.secretFiles) writeFileSync(join(secretsDir, f.fileName), f.content, { mode: 0o600 });
      writeFileSync(join(cascDir, 'jenkins.yaml'), plan.yaml);
      const scm = request.scm === undefined ? undefined : resolve(request.scm);
      if (scm !== undefined && !(await isGitRepository(scm))) throw new Error(`jenkinsfile-runner: the SCM ${scm} is not a git repository`);
      if (scm !== undefined) writeFileSync(join(cascDir, 'scm.yaml'), scmYaml((await checkedOut(scm)) ?? 'main'));
      restoreImages = await substituteAgentImages(this.docker, request.agentImages ?? {});

      const options = containerOptions({
        image: this.image,
        jenkinsfile,
        workspace,
        cascDir,
        secretsDir,
        libraries: request.libraries.map((l) => ({ name: l.name, repository: resolve(l.repository) })),
        ...(scm === undefined ? {} : { scm }),
        ...(request.params === undefined ? {} : { params: request.params }),
        ...(request.env === undefined ? {} : { env: request.env }),
        dockerSocket: this.dockerSocket === undefined ? await this.engineSocket() : this.dockerSocket,
      });
      const { lines, stages, spans, exitCode, timedOut, durationMs, tracker } = await runContainer(this.docker, options, {
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        // A second line of defence behind Jenkins' own masking of bound credentials.
        mapLine: secretMasker(secretValues(request.credentials)),
        beforeRemove: (c) =>
          copyArtifacts(c, artifacts).then(
            () => undefined,
            () => undefined,
          ),
        ...(request.onLog ? { onLog: request.onLog } : {}),
        ...(request.onStage ? { onStage: request.onStage } : {}),
        ...(request.onStageEnd ? { onStageEnd: request.onStageEnd } : {}),
      });

      let result: BuildResult;
      if (timedOut) result = 'ABORTED';
      else {
        const r = resultOfExitCode(exitCode);
        if (r === undefined) throw new Error(crashMessage(this.image, exitCode, lines));
        result = r;
      }
      const first = stages[0];
      return {
        result,
        exitCode,
        log: lines.join('\n') + (lines.length > 0 ? '\n' : ''),
        stages,
        stageRecords: tracker.finish(result),
        errors: tracker.errors(),
        spans,
        durationMs,
        ...(first === undefined ? {} : { firstStageMs: first.atMs }),
        workspace,
      };
    } catch (err) {
      // No result names the default workspace: do not leave it behind.
      if (runRoot !== undefined) removeQuietly(runRoot);
      throw err;
    } finally {
      rmSync(secretsDir, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true, maxRetries: 2 });
      if (createdWorkspaceTmp) removeQuietly(workspaceTmp);
      if (restoreImages !== undefined) await restoreImages();
    }
  }

  /**
   * The engine's own Unix socket, bound into the container so builds reach the same engine;
   * `null` (none bound) when the engine is reached otherwise (TCP) or the socket is not a local file.
   */
  private async engineSocket(): Promise<string | null> {
    // docker-modem resolves its default socket lazily (getSocketPath, absent from its types).
    const modem = this.docker.modem as { getSocketPath?: () => Promise<unknown> | undefined; socketPath?: unknown };
    const socketPath: unknown = typeof modem.getSocketPath === 'function' ? await modem.getSocketPath() : modem.socketPath;
    return typeof socketPath === 'string' && existsSync(socketPath) ? socketPath : null;
  }
}
