/**
 * The dockerode create options of a Jenkinsfile Runner container, and the files copied into it.
 * Pure: every host path is given; nothing here touches Docker or the file system.
 *
 * The image's launcher already passes `--file /workspace/Jenkinsfile` and `--runWorkspace /build`
 * (picocli rejects a repeated option), so the Jenkinsfile is copied to `/workspace/Jenkinsfile` and
 * the workspace is set with the system property `jenkins.model.Jenkins.workspacesDir`, which JFR
 * lets win over `--runWorkspace` (jenkinsci/jenkinsfile-runner 0cb622f,
 * `bootstrap/.../commands/RunJenkinsfileCommand.java#postConstruct`).
 *
 * The **run directory** (the workspace's parent) is bind-mounted at its host path. Jenkins puts
 * `<workspace>@tmp` (durable-task scripts, secret files) and `<workspace>@2`, `@3`… (a workspace in
 * use by a second `node`/agent) beside the workspace; with the run directory mounted, all of them
 * are on the host, and `docker run -v <ws>:<ws>` / `--volumes-from` issued through the host's Docker
 * socket by docker-workflow name the same directories.
 *
 * Secrets, the JCasC file and the run home are never in the options: not in `Env`, not in `Cmd`,
 * not in `Binds`. They are copied into the container's layer ({@link copyEntries}).
 */
import type { ContainerCreateOptions } from 'dockerode';
import { dirname } from 'node:path';
import { sortedEntries } from '../../util/sorted.js';
import type { CopyEntry } from './copy-in.js';
import type { SecretFile } from './jcasc.js';
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

/**
 * Environment variables the image's launcher or Jenkinsfile Runner itself reads, which would change the
 * run rather than reach the build; a request may not set them. From jenkinsci/jenkinsfile-runner 0cb622f:
 * `packaging/docker/unix/jenkinsfile-runner-launcher` and `bootstrap/.../Bootstrap.java`.
 */
export const LAUNCHER_ENV: Readonly<Record<string, string>> = {
  DEBUG: 'the launcher then starts the JVM with -agentlib:jdwp=…,suspend=y: the build waits for a debugger until the timeout',
  JENKINSFILE_PATH: 'the launcher then runs that file instead of the Jenkinsfile jslc copies to /workspace/Jenkinsfile',
  FORCE_JENKINS_CLI: 'Jenkinsfile Runner then starts its interactive CLI instead of running the Jenkinsfile',
};

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
  /** The workspace directory; its parent (the run directory) is mounted read-write at the same path. */
  readonly workspace: string;
  /** The library repositories by library name. */
  readonly libraries: readonly { readonly name: string; readonly repository: string }[];
  /** The `checkout scm` repository; its `--scm` file is copied to `scm.yaml` in the JCasC directory. */
  readonly scm?: string;
  /** Build parameters (`--arg key=value`; not secret; Jenkinsfile Runner makes every one a string). */
  readonly params?: Readonly<Record<string, string>>;
  /** Build environment variables (not secret). */
  readonly env?: Readonly<Record<string, string>>;
  /** The Docker socket to bind (default `/var/run/docker.sock`); `null` binds none. */
  readonly dockerSocket?: string | null;
  /** Labels for the container. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The run directory of a workspace: its parent, mounted so `<ws>@tmp` and `<ws>@N` are shared. */
export function runDirectory(workspace: string): string {
  return dirname(workspace);
}

/**
 * The launcher arguments (after the launcher's own `--jenkins-war`, `--plugins`, `--file` and
 * `--runWorkspace`), with the option names of jenkinsfile-runner's picocli classes
 * (`bootstrap/.../commands/JenkinsLauncherOptions.java`: `--runHome`;
 * `PipelineRunOptions.java`: `-n/--job-name`, `-b/--build-number`, `-a/--arg`,
 * `-u/--keep-undefined-parameters`, `--scm`).
 */
export function launcherArgs(plan: Pick<ContainerPlan, 'params' | 'scm'>): string[] {
  const args = ['--runHome', JENKINS_HOME, '--job-name', JOB_NAME, '--build-number', String(BUILD_NUMBER)];
  const params = sortedEntries(plan.params ?? {});
  if (params.length > 0) {
    // The job is new and declares no parameters yet: keep the ones passed (SECURITY-170 drops them).
    // JFR sets hudson.model.ParametersAction.keepUndefinedParameters for it (RunJenkinsfileCommand).
    args.push('--keep-undefined-parameters');
    for (const [k, v] of params) {
      if (k === '' || k.includes('=')) throw new Error(`invalid build parameter name: ${JSON.stringify(k)} (a name may not be empty or contain "=")`);
      // picocli splits a Map option's value at the first "=": the value may contain more.
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
    const launcher = LAUNCHER_ENV[k];
    if (launcher !== undefined)
      throw new Error(`environment variable ${k} cannot be set with the jenkinsfile-runner backend: ${launcher}. Give the build another name for it.`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
  }
  return [...own, ...user.map(([k, v]) => `${k}=${v}`)];
}

/**
 * The bind mounts (`host:container[:ro]`): the libraries and the scm read-only, the run directory
 * read-write at its host path, the Docker socket. Nothing secret: an agent container started with
 * `--volumes-from` gets exactly these.
 */
export function containerBinds(plan: ContainerPlan): string[] {
  const binds: string[] = [];
  const seen = new Set<string>();
  for (const lib of plan.libraries) {
    const target = libraryContainerPath(lib.name);
    if (seen.has(target)) throw new Error(`two libraries map to the same container path ${target}: rename one (library ${lib.name})`);
    seen.add(target);
    binds.push(`${lib.repository}:${target}:ro`);
  }
  if (plan.scm !== undefined) binds.push(`${plan.scm}:${SCM_REPOSITORY_DIR}:ro`);
  const runDir = runDirectory(plan.workspace);
  binds.push(`${runDir}:${runDir}`);
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

/** What is copied into the container before it starts. */
export interface CopiedFiles {
  /** The Jenkinsfile's text. */
  readonly jenkinsfile: string | Buffer;
  /** The JCasC YAML (`jenkins.yaml`). */
  readonly jcasc: string;
  /** The `--scm` YAML, when there is an scm. */
  readonly scmYaml?: string;
  /** The secret files JCasC reads. */
  readonly secretFiles: readonly SecretFile[];
}

/**
 * The entries of the copy archive: the empty run home, the JCasC directory, the secrets directory
 * (0700, each file 0400: only the container's root, Jenkins, reads them), the Jenkinsfile.
 */
export function copyEntries(files: CopiedFiles): CopyEntry[] {
  const entries: CopyEntry[] = [
    { type: 'dir', path: '/jslc', mode: 0o755 },
    { type: 'dir', path: JENKINS_HOME, mode: 0o755 },
    { type: 'dir', path: CASC_DIR, mode: 0o755 },
    { type: 'file', path: CASC_FILE, mode: 0o644, content: files.jcasc },
  ];
  if (files.scmYaml !== undefined) entries.push({ type: 'file', path: SCM_FILE, mode: 0o644, content: files.scmYaml });
  entries.push({ type: 'dir', path: SECRETS_DIR, mode: 0o700 });
  for (const f of files.secretFiles) {
    if (!/^[A-Za-z0-9._-]+$/.test(f.fileName)) throw new Error(`not a safe secret file name: ${f.fileName}`);
    entries.push({ type: 'file', path: `${SECRETS_DIR}/${f.fileName}`, mode: 0o400, content: f.content });
  }
  entries.push(
    { type: 'dir', path: dirname(JENKINSFILE_PATH), mode: 0o755 },
    { type: 'file', path: JENKINSFILE_PATH, mode: 0o644, content: files.jenkinsfile },
  );
  return entries;
}
