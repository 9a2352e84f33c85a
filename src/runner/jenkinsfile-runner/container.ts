/**
 * The dockerode create options of a Jenkinsfile Runner container. Pure: every host path
 * is given; nothing here touches Docker or the file system.
 *
 * The image's launcher already passes `--file /workspace/Jenkinsfile` and
 * `--runWorkspace /build` (picocli rejects a repeated option), so the Jenkinsfile is
 * mounted at `/workspace/Jenkinsfile` and the workspace is set with the system property
 * `jenkins.model.Jenkins.workspacesDir` (which JFR lets win over `--runWorkspace`). The
 * workspace is mounted at its host path, so `docker run -v <workspace>:…` issued by
 * `agent { docker }` / `docker.image().inside` through the host's Docker socket names
 * the same directory; `<workspace>@tmp` (durable task scripts) likewise.
 *
 * Secrets are never in the options: not in `Env`, not in `Cmd`. They are files in the
 * secrets directory, read by JCasC.
 */
import type { ContainerCreateOptions } from 'dockerode';
import { sortedEntries } from '../../util/sorted.js';
import {
  CASC_DIR,
  CASC_FILE,
  DOCKER_SOCKET,
  JENKINSFILE_PATH,
  JENKINS_HOME,
  JOB_NAME,
  BUILD_NUMBER,
  SCM_FILE,
  SCM_REPOSITORY_DIR,
  SECRETS_DIR,
  libraryContainerPath,
} from './paths.js';

/** Environment variables jslc sets itself; a request may not set them. */
export const RESERVED_ENV: readonly string[] = ['CASC_JENKINS_CONFIG', 'JAVA_OPTS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0'];

/** The JVM system properties of every run. */
export const JAVA_PROPERTIES: readonly string[] = [
  // Libraries and `checkout scm` come from file:// repositories (SECURITY-2478 blocks them by default).
  '-Dhudson.plugins.git.GitSCM.ALLOW_LOCAL_CHECKOUT=true',
  // A secret interpolated into a Groovy string fails the build instead of warning.
  '-Dorg.jenkinsci.plugins.workflow.cps.DSL.UNSAFE_GROOVY_INTERPOLATION=fail',
];

/** Everything {@link containerOptions} needs; paths are absolute host paths. */
export interface ContainerPlan {
  /** The Jenkinsfile Runner image. */
  readonly image: string;
  /** The Jenkinsfile. */
  readonly jenkinsfile: string;
  /** The workspace directory (mounted read-write at the same path). */
  readonly workspace: string;
  /** The directory holding `jenkins.yaml` (and `scm.yaml`), mounted read-only at `/jslc/casc`. */
  readonly cascDir: string;
  /** The secrets directory, mounted read-only at `/run/jslc-secrets`. */
  readonly secretsDir: string;
  /** The library repositories by library name. */
  readonly libraries: readonly { readonly name: string; readonly repository: string }[];
  /** The `checkout scm` repository; its `--scm` file must be in `cascDir` as `scm.yaml`. */
  readonly scm?: string;
  /** Build parameters (`-a key=value`; not secret). */
  readonly params?: Readonly<Record<string, string>>;
  /** Build environment variables (not secret). */
  readonly env?: Readonly<Record<string, string>>;
  /** The Docker socket to bind (default `/var/run/docker.sock`); `null` binds none. */
  readonly dockerSocket?: string | null;
  /** Labels for the container. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The launcher arguments (after the launcher's own `--file` and `--runWorkspace`). */
export function launcherArgs(plan: Pick<ContainerPlan, 'params' | 'scm'>): string[] {
  const args = ['--runHome', JENKINS_HOME, '--job-name', JOB_NAME, '--build-number', String(BUILD_NUMBER)];
  const params = sortedEntries(plan.params ?? {});
  if (params.length > 0) {
    // The job is new and declares no parameters yet: keep the ones passed (SECURITY-170 drops them).
    args.push('--keep-undefined-parameters');
    for (const [k, v] of params) {
      if (k === '' || k.includes('=')) throw new Error(`invalid build parameter name: ${JSON.stringify(k)}`);
      args.push('--arg', `${k}=${v}`);
    }
  }
  if (plan.scm !== undefined) args.push('--scm', SCM_FILE);
  return args;
}

/** The container environment: jslc's own variables, then the request's (sorted). */
export function containerEnv(workspace: string, env: Readonly<Record<string, string>> = {}): string[] {
  if (/\s/.test(workspace)) throw new Error(`the jenkinsfile-runner backend needs a workspace path without whitespace: ${JSON.stringify(workspace)}`);
  const own = [
    `CASC_JENKINS_CONFIG=${CASC_FILE}`,
    `JAVA_OPTS=${[...JAVA_PROPERTIES, `-Djenkins.model.Jenkins.workspacesDir=${workspace}`].join(' ')}`,
    // Host repositories are owned by another user than the container's root: let git read them.
    'GIT_CONFIG_COUNT=1',
    'GIT_CONFIG_KEY_0=safe.directory',
    'GIT_CONFIG_VALUE_0=*',
  ];
  const user = sortedEntries(env);
  for (const [k] of user) {
    if (RESERVED_ENV.includes(k)) throw new Error(`environment variable ${k} is set by the jenkinsfile-runner backend`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
  }
  return [...own, ...user.map(([k, v]) => `${k}=${v}`)];
}

/** The bind mounts (`host:container[:ro]`). */
export function containerBinds(plan: ContainerPlan): string[] {
  const binds = [`${plan.jenkinsfile}:${JENKINSFILE_PATH}:ro`, `${plan.cascDir}:${CASC_DIR}:ro`, `${plan.secretsDir}:${SECRETS_DIR}:ro`];
  const seen = new Set<string>();
  for (const lib of plan.libraries) {
    const target = libraryContainerPath(lib.name);
    if (seen.has(target)) throw new Error(`two libraries map to the same container path ${target}: rename one (library ${lib.name})`);
    seen.add(target);
    binds.push(`${lib.repository}:${target}:ro`);
  }
  if (plan.scm !== undefined) binds.push(`${plan.scm}:${SCM_REPOSITORY_DIR}:ro`);
  binds.push(`${plan.workspace}:${plan.workspace}`, `${plan.workspace}@tmp:${plan.workspace}@tmp`);
  const socket = plan.dockerSocket === undefined ? DOCKER_SOCKET : plan.dockerSocket;
  if (socket !== null) binds.push(`${socket}:${DOCKER_SOCKET}`);
  for (const b of binds) {
    if (b.split(':').length > 3) throw new Error(`a path with ':' cannot be bind-mounted: ${b}`);
  }
  return binds;
}

/** The dockerode create options of the run's container. */
export function containerOptions(plan: ContainerPlan): ContainerCreateOptions {
  return {
    Image: plan.image,
    Cmd: launcherArgs(plan),
    Env: containerEnv(plan.workspace, plan.env),
    Labels: { 'io.jslc.runner': 'jenkinsfile-runner', ...(plan.labels ?? {}) },
    Tty: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      Binds: containerBinds(plan),
      // So a registry or service on the host's 127.0.0.1 is reachable from the build.
      NetworkMode: 'host',
      AutoRemove: false,
    },
  };
}
