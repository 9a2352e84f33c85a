/**
 * The end-to-end world of jslc's own tests and `bench:e2e`: the example library built and published as a tagged git
 * repository, the Go service fixture as a tagged git repository (optionally with a variant overlay), a real registry
 * with basic auth, a cosign key pair, and the local runner image. Everything is real; nothing is stubbed.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Dockerode from 'dockerode';
import { ensureRunnerImage } from '../runner/image/build.js';
import { buildFromContext } from '../runner/image/context.js';
import { cosignBinary } from '../runner/image/inputs.js';
import { LocalRunner } from '../runner/local/runner.js';
import type { Credential, RunResult } from '../runner/types.js';
import { commitDirectory } from '../publish/git.js';
import { jenkinsfile as renderJenkinsfile, pipelineCall } from '../jenkinsfile/jenkinsfile.js';
import { readExecTrace, type ExecCall } from './exec-trace.js';
import { startRegistry, type LocalRegistry } from './registry.js';

/** The repository root (src/testing/ → ../..; dist/testing/ → ../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The library version the e2e Jenkinsfiles load. */
export const LIBRARY_TAG = 'v1.0.0';
/** The fixture's release tag (what git describe gives the build). */
export const SERVICE_TAG = 'v1.2.3';
/** The Go image the example's kubernetes agent names; the runner image stands in for it here. */
export const EXAMPLE_GO_IMAGE = 'golang:1.27.4';

/** Everything the scenarios share. */
export interface E2eWorld {
  /** Scratch directory of this world. */
  readonly dir: string;
  /** The Docker engine. */
  readonly docker: Dockerode;
  /** The runner image. */
  readonly image: string;
  /**
   * The image the example's agent runs in: the runner image without docker and cosign, so an agent that has only
   * Go, git and sh (issue 15: every generated step must need nothing else).
   */
  readonly agentImage: string;
  /** The published library: a git repository tagged LIBRARY_TAG. */
  readonly library: string;
  /** The registry (basic auth). */
  readonly registry: LocalRegistry;
  /** The host's cosign binary. */
  readonly cosign: string;
  /** The cosign key pair, password-protected. */
  readonly keys: { readonly privateKey: string; readonly publicKey: string; readonly password: string };
  /** Seconds the runner image took (0 when cached). */
  readonly imageSeconds: number;
  /** Stops the registry and deletes the scratch directory. */
  close(): Promise<void>;
}

/** The runner image with its docker and cosign removed (built once per runner image, then reused). */
async function goOnlyAgentImage(docker: Dockerode, runnerImage: string, onLog: (line: string) => void): Promise<string> {
  const ref = `jslc-e2e-go-agent:${createHash('sha256').update(runnerImage).digest('hex').slice(0, 16)}`;
  try {
    await docker.getImage(ref).inspect();
    return ref;
  } catch {
    // Not built yet.
  }
  const dockerfile = [`FROM ${runnerImage}`, 'RUN rm /usr/local/bin/docker /usr/local/bin/cosign && ! command -v docker && ! command -v cosign', ''].join('\n');
  await buildFromContext(docker, { ref, labels: { 'dev.jslc.e2e': 'go-only agent' }, dockerfile }, onLog);
  return ref;
}

/** Builds the world: runner image, library (jslc build of the example), registry, keys. */
export async function createWorld(docker: Dockerode, onLog: (line: string) => void = () => undefined): Promise<E2eWorld> {
  const img = await ensureRunnerImage({ docker, onLog });
  const dir = mkdtempSync(join(tmpdir(), 'jslc-e2e-'));
  const library = join(dir, 'go-cd');
  execFileSync(process.execPath, [join(ROOT, 'bin', 'jslc.js'), 'build', join(ROOT, 'examples', 'go-service.pipeline.ts'), '--out', library], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '' },
  });
  commitDirectory(library, 'go-cd library', [LIBRARY_TAG], true);
  const password = randomBytes(12).toString('hex');
  const registry = await startRegistry({ auth: { username: 'jslc-ci', password: randomBytes(12).toString('hex') } });
  const cosign = await cosignBinary(onLog);
  const keyDir = join(dir, 'keys');
  mkdirSync(keyDir);
  execFileSync(cosign, ['generate-key-pair'], { cwd: keyDir, env: { ...process.env, COSIGN_PASSWORD: password }, stdio: ['ignore', 'pipe', 'pipe'] });
  const agentImage = await goOnlyAgentImage(docker, img.image, onLog);
  return {
    dir,
    docker,
    image: img.image,
    agentImage,
    library,
    registry,
    cosign,
    keys: { privateKey: readFileSync(join(keyDir, 'cosign.key'), 'utf8'), publicKey: join(keyDir, 'cosign.pub'), password },
    imageSeconds: img.builtLevels.length ? img.seconds : 0,
    close: async () => {
      await registry.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One scenario's inputs. */
export interface Scenario {
  /** A name (directory and image repository name). */
  readonly name: string;
  /** A directory of fixtures/go-service-variants/ laid over the service, if any. */
  readonly variant?: string;
  /** The image repository; default `<registry>/team/<name>`. */
  readonly repository?: string;
  /** The cosign password credential; default the right one. */
  readonly cosignPassword?: string;
}

/** What one scenario run left behind. */
export interface ScenarioRun {
  /** The runner's result. */
  readonly run: RunResult;
  /** The service repository (a git repository tagged SERVICE_TAG). */
  readonly service: string;
  /** Its HEAD commit. */
  readonly revision: string;
  /** The archived artifacts. */
  readonly artifacts: string;
  /** The image repository the pipeline was given. */
  readonly repository: string;
  /** The repository path inside the registry (without host). */
  readonly repositoryPath: string;
  /** Every process the build's sh steps started (strace of execve). */
  readonly processes: readonly ExecCall[];
}

/** Prepares the service repository and runs the example pipeline on it with the local runner. */
export async function runScenario(world: E2eWorld, s: Scenario, onLog?: (line: string) => void): Promise<ScenarioRun> {
  const base = join(world.dir, s.name);
  const service = join(base, 'go-service');
  cpSync(join(ROOT, 'fixtures', 'go-service'), service, { recursive: true });
  if (s.variant) cpSync(join(ROOT, 'fixtures', 'go-service-variants', s.variant), service, { recursive: true });
  const revision = commitDirectory(service, `go-service (${s.variant ?? 'base'})`, [SERVICE_TAG], true);
  const repositoryPath = `team/${s.name}`;
  const repository = s.repository ?? `${world.registry.host}/${repositoryPath}`;
  const jenkinsfile = join(base, 'Jenkinsfile');
  // Rendered by the typed-Jenkinsfile generator, as users write theirs.
  writeFileSync(
    jenkinsfile,
    renderJenkinsfile({ library: `go-cd@${LIBRARY_TAG}`, call: pipelineCall('go-cd', 'goServicePipeline', { image: repository }) }).text,
  );
  const credentials: Record<string, Credential> = {
    registry: { type: 'usernamePassword', username: world.registry.auth!.username, password: world.registry.auth!.password },
    'cosign-key': { type: 'file', fileName: 'cosign.key', content: world.keys.privateKey },
    'cosign-pass': { type: 'string', secret: s.cosignPassword ?? world.keys.password },
  };
  const runner = new LocalRunner({ docker: world.docker, image: world.image });
  const workspace = join(base, 'build', 'workspace');
  const run = await runner.run({
    jenkinsfile,
    libraries: [{ name: 'go-cd', repository: world.library }],
    scm: service,
    workspace,
    env: { BRANCH_NAME: 'main' },
    credentials,
    agentImages: { [EXAMPLE_GO_IMAGE]: world.agentImage },
    timeoutMs: 20 * 60 * 1000,
    traceExec: true,
    ...(onLog ? { onLog } : {}),
  });
  const processes = readExecTrace(`${workspace}@tmp/exec-trace`);
  return { run, service, revision, artifacts: join(base, 'build', 'artifacts'), repository, repositoryPath, processes };
}
