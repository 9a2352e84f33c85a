/**
 * The `jenkinsfile-runner` backend: runs a Jenkinsfile in the real Jenkinsfile Runner
 * image (a real Jenkins, its real plugins) through the Docker engine.
 *
 * One run: make sure the image is there; check that it has the plugins the library and the
 * Jenkinsfile need (`plugins.ts`); build the JCasC file (libraries, trusted or untrusted;
 * credentials) and the secret files in memory; create the container with only non-secret bind
 * mounts (libraries, scm, the run directory, the Docker socket), copy the Jenkinsfile, JCasC,
 * secrets and an empty run home into it (`copy-in.ts`), start it; stream its log line by line
 * (masked, stages seen); wait for the exit, or kill it at the timeout (ABORTED); copy archived
 * artifacts out; read the exit code with the `Finished:` line (`result.ts`): a crash rejects with
 * {@link JenkinsfileRunnerCrash}; always remove the container. The container part is
 * {@link runContainer}, shared with the local backend.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import type { RunRequest, RunResult, Runner } from '../types.js';
import { runContainer } from '../container.js';
import { substituteAgentImages } from './agent-images.js';
import { copyArtifacts } from './artifacts.js';
import { containerOptions, copyEntries, runDirectory } from './container.js';
import { copyingInto, pathsUnderVolumes, tarArchive } from './copy-in.js';
import { checkedOut, isGitRepository } from './git.js';
import { ensureImage, imageName } from './image.js';
import { jcascLibraries, jcascPlan } from './jcasc.js';
import type { LibraryTrust } from './jcasc.js';
import {
  IMAGE_PLUGINS_DIR,
  installedPlugins,
  libraryFiles,
  listImagePlugins,
  missingPlugins,
  missingPluginsMessage,
  pluginsFromList,
  requiredPlugins,
} from './plugins.js';
import type { CredentialKind, PluginNeed } from './plugins.js';
import { JenkinsfileRunnerCrash, interpretRun } from './result.js';
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
  /** How the libraries are registered: `trusted` (default, `globalLibraries`) or `untrusted` (`globalUntrustedLibraries`: the sandbox). */
  readonly libraryTrust?: LibraryTrust;
  /**
   * Where the installed plugins are read for the plugin check: a host directory of `*.jpi`/`*.hpi`
   * files (`--plugins-dir`). Default: env `JSLC_JFR_PLUGINS` (a comma- or space-separated list of
   * plugin ids), else the image's `/usr/share/jenkins/ref/plugins`, listed by a short-lived container.
   */
  readonly pluginsDir?: string;
  /** Check the plugins before the run (default true); `false` skips the check (the run then fails in Jenkins if one is missing). */
  readonly checkPlugins?: boolean;
  /** The environment read for `JSLC_JFR_PLUGINS` / `JSLC_JFR_IMAGE` (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The default timeout: 60 minutes. */
export const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;

/** Removes a directory the container may have written root-owned files into; what cannot be removed stays. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Left behind.
  }
}

/**
 * Refuses a run directory (the workspace's parent, which is mounted into the container and so into
 * agent containers) that is a shared directory: `/`, the home directory, the temporary directory.
 */
export function checkRunDirectory(workspace: string, env: { home: string; tmp: string } = { home: homedir(), tmp: tmpdir() }): void {
  const runDir = runDirectory(workspace);
  const shared = ['/', env.home, env.tmp, '/tmp', '/var/tmp', '/home', '/root'].map((d) => resolve(d));
  if (shared.includes(resolve(runDir))) {
    throw new Error(
      `jenkinsfile-runner: the workspace's parent directory ${runDir} is mounted into the container (so Jenkins' ${workspace}@tmp and ${workspace}@2 workspaces are shared with agent containers), and it is a shared directory. Give a workspace inside a directory of its own, e.g. ${join(runDir, 'jslc-run', 'workspace')}.`,
    );
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
  private readonly libraryTrust: LibraryTrust;
  private readonly pluginsDir: string | undefined;
  private readonly checkPlugins: boolean;
  private readonly env: Readonly<Record<string, string | undefined>>;

  /** @param options image, Docker client, pull policy, Docker socket, library trust, plugin check. */
  constructor(options: JenkinsfileRunnerOptions = {}) {
    this.env = options.env ?? process.env;
    this.image = imageName(options.image, this.env);
    this.docker = options.docker ?? new Docker();
    this.pull = options.pull ?? true;
    this.dockerSocket = options.dockerSocket;
    const trust = options.libraryTrust ?? 'trusted';
    if (trust !== 'trusted' && trust !== 'untrusted')
      throw new Error(`jenkinsfile-runner: libraryTrust must be trusted or untrusted, got ${JSON.stringify(trust)}`);
    this.libraryTrust = trust;
    this.pluginsDir = options.pluginsDir;
    this.checkPlugins = options.checkPlugins ?? true;
  }

  /**
   * The plugins the run needs that the image lacks (empty when all are there), and where the
   * installed list came from. Reads the library repositories' `vars/` and `src/` and the Jenkinsfile.
   */
  async pluginCheck(request: Pick<RunRequest, 'jenkinsfile' | 'libraries' | 'credentials'>): Promise<{ missing: PluginNeed[]; source: string }> {
    const files = [
      { label: 'Jenkinsfile', text: readFileSync(request.jenkinsfile, 'utf8') },
      ...request.libraries.flatMap((l) => libraryFiles(l.name, resolve(l.repository))),
    ];
    const kinds = Object.values(request.credentials ?? {}).map((c) => c.type as CredentialKind);
    const needs = requiredPlugins(files, kinds);
    const fromEnv = this.env['JSLC_JFR_PLUGINS'];
    if (this.pluginsDir !== undefined) {
      const dir = resolve(this.pluginsDir);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`jenkinsfile-runner: the plugins directory ${dir} does not exist`);
      return { missing: missingPlugins(needs, installedPlugins(readdirSync(dir))), source: dir };
    }
    if (fromEnv !== undefined && fromEnv.trim() !== '') {
      return { missing: missingPlugins(needs, pluginsFromList(fromEnv)), source: 'JSLC_JFR_PLUGINS' };
    }
    let names: string[];
    try {
      names = await listImagePlugins(this.docker, this.image);
    } catch (err) {
      throw new Error(
        `jenkinsfile-runner: cannot list the plugins of ${this.image} (${IMAGE_PLUGINS_DIR}): ${String((err as Error).message ?? err)}. Name them with JSLC_JFR_PLUGINS=id,id,… or a plugins directory, or skip the check.`,
      );
    }
    return { missing: missingPlugins(needs, installedPlugins(names)), source: `${this.image}:${IMAGE_PLUGINS_DIR}` };
  }

  /** Runs one build to its end. Rejects when the run could not happen (no image, no Docker, missing plugins), and with {@link JenkinsfileRunnerCrash} when Jenkinsfile Runner crashed. */
  async run(request: RunRequest): Promise<RunResult> {
    const jenkinsfile = resolve(request.jenkinsfile);
    if (!existsSync(jenkinsfile) || !statSync(jenkinsfile).isFile()) throw new Error(`jenkinsfile-runner: no Jenkinsfile at ${jenkinsfile}`);
    for (const lib of request.libraries) {
      if (!(await isGitRepository(lib.repository))) {
        throw new Error(`jenkinsfile-runner: library ${lib.name}: ${resolve(lib.repository)} is not a git repository (Jenkins retrieves libraries with git)`);
      }
    }
    await ensureImage(this.docker, this.image, this.pull);
    if (this.checkPlugins) {
      const { missing, source } = await this.pluginCheck({ ...request, jenkinsfile });
      if (missing.length > 0) throw new Error(missingPluginsMessage(missing, this.image, source));
    }

    // A default workspace outlives the run (RunResult.workspace names it): its own run directory.
    const runRoot = request.workspace === undefined ? mkdtempSync(join(tmpdir(), 'jslc-jfr-run-')) : undefined;
    const workspace = resolve(request.workspace ?? join(runRoot!, 'workspace'));
    const artifacts = resolve(request.artifacts ?? join(workspace, '..', 'artifacts'));
    const workspaceTmp = `${workspace}@tmp`;
    const createdWorkspaceTmp = !existsSync(workspaceTmp);
    let restoreImages: (() => Promise<void>) | undefined;
    try {
      checkRunDirectory(workspace);
      mkdirSync(workspace, { recursive: true });
      const versions = new Map<string, string>();
      for (const lib of request.libraries) {
        if (lib.defaultVersion !== undefined) continue;
        const v = await checkedOut(lib.repository);
        if (v !== undefined) versions.set(lib.name, v);
      }
      const plan = jcascPlan(jcascLibraries(request.libraries, versions), request.credentials, this.libraryTrust);
      const scm = request.scm === undefined ? undefined : resolve(request.scm);
      if (scm !== undefined && !(await isGitRepository(scm))) throw new Error(`jenkinsfile-runner: the SCM ${scm} is not a git repository`);
      const entries = copyEntries({
        jenkinsfile: readFileSync(jenkinsfile),
        jcasc: plan.yaml,
        ...(scm === undefined ? {} : { scmYaml: scmYaml((await checkedOut(scm)) ?? 'main') }),
        secretFiles: plan.secretFiles,
      });
      const volumes = Object.keys(
        ((await this.docker.getImage(this.image).inspect()) as { Config?: { Volumes?: Record<string, unknown> | null } }).Config?.Volumes ?? {},
      );
      const underVolumes = pathsUnderVolumes(entries, volumes);
      if (underVolumes.length > 0) {
        throw new Error(
          `jenkinsfile-runner: the image ${this.image} declares VOLUME ${volumes.join(', ')}, which would hold ${underVolumes.join(', ')} (and share them with agent containers): use an image without a VOLUME there`,
        );
      }
      restoreImages = await substituteAgentImages(this.docker, request.agentImages ?? {});

      const options = containerOptions({
        image: this.image,
        workspace,
        libraries: request.libraries.map((l) => ({ name: l.name, repository: resolve(l.repository) })),
        ...(scm === undefined ? {} : { scm }),
        ...(request.params === undefined ? {} : { params: request.params }),
        ...(request.env === undefined ? {} : { env: request.env }),
        dockerSocket: this.dockerSocket === undefined ? await this.engineSocket() : this.dockerSocket,
      });
      const { lines, stages, spans, exitCode, timedOut, durationMs, tracker } = await runContainer(copyingInto(this.docker, tarArchive(entries)), options, {
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

      const outcome = interpretRun(exitCode, lines, timedOut);
      if (outcome.kind === 'crashed') throw new JenkinsfileRunnerCrash(this.image, outcome, lines);
      const first = stages[0];
      return {
        result: outcome.result,
        exitCode,
        log: lines.join('\n') + (lines.length > 0 ? '\n' : ''),
        stages,
        stageRecords: tracker.finish(outcome.result),
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
