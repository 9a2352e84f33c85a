/**
 * The local backend's container, as data: the executor's command line and the dockerode options for one run.
 * Pure, so tests can check what it mounts and that no secret is on a command line or in the environment.
 *
 * Paths are the same inside the container as on the host (each is bind-mounted onto itself), because the executor
 * starts agent containers through the host's Docker engine, which resolves bind-mount sources on the host.
 */
import { dirname } from 'node:path';
import type Dockerode from 'dockerode';
import { sortedEntries } from '../../util/sorted.js';
import type { InputAnswer, RunRequest } from '../types.js';

/** The host directories of one run (all absolute). */
export interface RunPaths {
  /** The run's own directory (holds the others). */
  readonly runDir: string;
  /** The workspace. */
  readonly workspace: string;
  /** Where archiveArtifacts copies to. */
  readonly artifacts: string;
  /** The copy of the Jenkinsfile the executor reads. */
  readonly jenkinsfile: string;
  /** The credentials file (mode 0600), when the request has credentials. */
  readonly credentialsFile?: string;
  /** Where the executor writes a JSON line per stage end (`JSLC_STAGES_FILE`), when set. */
  readonly stagesFile?: string;
}

/** The container environment variable naming the stage status file the executor writes (one JSON line per stage end). */
export const STAGES_FILE_ENV = 'JSLC_STAGES_FILE';

/** The Docker socket the build's `docker` commands and agent containers use. */
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** The executor's environment variable for the network of kubernetes pods (`host`: the host's). */
export const POD_NETWORK_ENV = 'JSLC_POD_NETWORK';

/** The label on every container of a run (the runner's and its agents'), for cleanup. */
export const RUN_LABEL = 'dev.jslc.run';

/**
 * How the executor runs the libraries: `trusted` (a global library: unchecked) or `untrusted` (a folder-level
 * library: in the executor's runtime sandbox, as the Jenkinsfile always is). The executor's `--library-trust`.
 */
export type LocalLibraryTrust = 'trusted' | 'untrusted';

/**
 * The executor's `--input` options for one answer: `ID=abort`, `ID=proceed`, or one `ID=proceed:NAME=value` per
 * parameter value (sorted by name), which the executor adds up.
 */
export function inputArgs(answer: InputAnswer): string[] {
  if (answer.action === 'abort') return ['--input', `${answer.id}=abort`];
  const values = sortedEntries(answer.values ?? {});
  if (values.length === 0) return ['--input', `${answer.id}=proceed`];
  return values.flatMap(([k, v]) => ['--input', `${answer.id}=proceed:${k}=${v}`]);
}

/** The executor's command line inside the runner image; `--library-trust untrusted` only when the libraries are untrusted. */
export function executorArgs(request: RunRequest, paths: RunPaths, trust: LocalLibraryTrust = 'trusted'): string[] {
  const args = ['jslc-executor', '--workspace', paths.workspace, '--artifacts', paths.artifacts];
  for (const lib of request.libraries) {
    args.push('--library', `${lib.name}=${lib.repository}`);
  }
  const versions = [...new Set(request.libraries.flatMap((l) => (l.defaultVersion ? [l.defaultVersion] : [])))];
  if (versions.length > 1) {
    throw new Error(`the local runner takes one default library version, got ${versions.join(', ')}: name the version in @Library instead`);
  }
  if (versions[0]) args.push('--library-version', versions[0]);
  if (paths.credentialsFile) args.push('--credentials', paths.credentialsFile);
  if (request.scm) args.push('--scm', request.scm);
  for (const [k, v] of sortedEntries(request.params ?? {})) args.push('--param', `${k}=${v}`);
  if (request.paramsAsStrings) args.push('--params-as-strings');
  for (const a of request.inputs ?? []) args.push(...inputArgs(a));
  for (const [k, v] of sortedEntries(request.env ?? {})) args.push('--env', `${k}=${v}`);
  for (const [k, v] of sortedEntries(request.agentImages ?? {})) args.push('--agent-image', `${k}=${v}`);
  if (request.traceExec) args.push('--trace-exec');
  if (trust === 'untrusted') args.push('--library-trust', 'untrusted');
  args.push(paths.jenkinsfile);
  return args;
}

/** The dockerode options of the runner container (`trust`: see {@link executorArgs}). */
export function containerOptions(
  image: string,
  runId: string,
  request: RunRequest,
  paths: RunPaths,
  trust: LocalLibraryTrust = 'trusted',
): Dockerode.ContainerCreateOptions {
  const binds = [`${paths.runDir}:${paths.runDir}:rw`, `${DOCKER_SOCKET}:${DOCKER_SOCKET}`];
  for (const lib of request.libraries) binds.push(`${lib.repository}:${lib.repository}:ro`);
  if (request.scm && request.scm.startsWith('/')) binds.push(`${request.scm}:${request.scm}:ro`);
  return {
    Image: image,
    Cmd: executorArgs(request, paths, trust),
    WorkingDir: dirname(paths.workspace),
    Env: [
      `JSLC_RUN_ID=${runId}`,
      // The repositories are mounted from the host and owned by another user than root: let git read them.
      'GIT_CONFIG_COUNT=1',
      'GIT_CONFIG_KEY_0=safe.directory',
      'GIT_CONFIG_VALUE_0=*',
      ...(paths.stagesFile ? [`${STAGES_FILE_ENV}=${paths.stagesFile}`] : []),
      // Local-runner deviation (docs/e2e.md): kubernetes pods share the host's network, as this container does, so a
      // registry on the host's 127.0.0.1 is reachable from them; the executor alone gives each pod its own network.
      `${POD_NETWORK_ENV}=host`,
    ],
    Labels: { [RUN_LABEL]: runId },
    HostConfig: {
      Binds: [...new Set(binds)],
      // A registry on the host's 127.0.0.1 is reachable, as from a Jenkins agent on that host.
      NetworkMode: 'host',
    },
  };
}
