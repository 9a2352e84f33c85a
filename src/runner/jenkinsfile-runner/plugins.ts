/**
 * The Jenkins plugins a run needs, computed from the library's files and the Jenkinsfile, and
 * checked against the plugins the Jenkinsfile Runner image has, before any build starts.
 *
 * A missing plugin otherwise shows up late and obscurely: `No such DSL method 'junit'`, or
 * Declarative's `Invalid agent type "kubernetes" specified`, or a JCasC error at start-up. The
 * table below maps each step / agent kind / global variable to the plugin that registers it;
 * each entry cites the upstream class whose `getFunctionName()` or `@Symbol` gives that name.
 * Commits given are the snapshots read (`git show`); the other step-class paths were checked to
 * exist on the plugin's default branch (the search index's stored copy); the `@Symbol`s of core's
 * `ArtifactArchiver` and of plain-credentials' credential types are from their documentation.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { scanGroovy } from '../../verify/groovy/lexer.js';
import type { Credential } from '../types.js';

/** Where the Jenkinsfile Runner image keeps its plugins (the launcher's `--plugins`, `packaging/docker/unix/jenkinsfile-runner-launcher`). */
export const IMAGE_PLUGINS_DIR = '/usr/share/jenkins/ref/plugins';

/** What the library or Jenkinsfile uses that a plugin provides. */
export interface PluginUse {
  /** The plugin ids (artifact ids, as in `plugins.txt`), all needed. */
  readonly plugins: readonly string[];
  /** The upstream source of the name (repository and class). */
  readonly source: string;
}

const BASIC = 'jenkinsci/workflow-basic-steps-plugin a789b07';
const DURABLE = 'jenkinsci/workflow-durable-task-step-plugin';
const BINDING = 'jenkinsci/credentials-binding-plugin 0331934';
const DOCKER = 'jenkinsci/docker-workflow-plugin 3e04e4f';
const K8S = 'jenkinsci/kubernetes-plugin';
const PMD = 'jenkinsci/pipeline-model-definition-plugin';
const UTIL = 'jenkinsci/pipeline-utility-steps-plugin';

const basic = (cls: string): PluginUse => ({
  plugins: ['workflow-basic-steps'],
  source: `${BASIC} src/main/java/org/jenkinsci/plugins/workflow/steps/${cls}.java`,
});
const durable = (cls: string): PluginUse => ({
  plugins: ['workflow-durable-task-step'],
  source: `${DURABLE} src/main/java/org/jenkinsci/plugins/workflow/${cls}.java`,
});
const binding = (cls: string): PluginUse => ({
  plugins: ['credentials-binding'],
  source: `${BINDING} src/main/java/org/jenkinsci/plugins/credentialsbinding/impl/${cls}.java`,
});
const util = (cls: string): PluginUse => ({
  plugins: ['pipeline-utility-steps'],
  source: `${UTIL} src/main/java/org/jenkinsci/plugins/pipeline/utility/steps/${cls}.java`,
});

/**
 * Steps (and Declarative directives called like steps) by name → the plugins that register them.
 * Steps Jenkins core or the Pipeline engine itself provides through an always-present plugin
 * (`parallel`: workflow-cps) are listed too, so the check names them when a stripped image lacks them.
 */
export const STEP_PLUGINS: Readonly<Record<string, PluginUse>> = {
  // workflow-basic-steps (getFunctionName of each *Step.java, read at a789b07)
  echo: basic('EchoStep'),
  error: basic('ErrorStep'),
  retry: basic('RetryStep'),
  timeout: basic('TimeoutStep'),
  sleep: basic('SleepStep'),
  withEnv: basic('EnvStep'),
  catchError: basic('CatchErrorStep'),
  warnError: basic('WarnErrorStep'),
  unstable: basic('UnstableStep'),
  writeFile: basic('WriteFileStep'),
  readFile: basic('ReadFileStep'),
  fileExists: basic('FileExistsStep'),
  deleteDir: basic('DeleteDirStep'),
  isUnix: basic('IsUnixStep'),
  pwd: basic('PwdStep'),
  tool: basic('ToolStep'),
  waitUntil: basic('WaitForConditionStep'),
  mail: basic('MailStep'),
  step: basic('CoreStep'),
  wrap: basic('CoreWrapperStep'),
  stash: { plugins: ['workflow-basic-steps'], source: `${BASIC} src/main/java/org/jenkinsci/plugins/workflow/support/steps/stash/StashStep.java` },
  unstash: { plugins: ['workflow-basic-steps'], source: `${BASIC} src/main/java/org/jenkinsci/plugins/workflow/support/steps/stash/UnstashStep.java` },
  // Core's ArtifactArchiver (@Symbol("archiveArtifacts"), jenkinsci/jenkins core/src/main/java/hudson/tasks/ArtifactArchiver.java), run through CoreStep.
  archiveArtifacts: {
    plugins: ['workflow-basic-steps'],
    source: 'jenkinsci/jenkins core/src/main/java/hudson/tasks/ArtifactArchiver.java (@Symbol, run by workflow-basic-steps CoreStep)',
  },
  // workflow-durable-task-step
  sh: durable('steps/durable_task/ShellStep'),
  bat: durable('steps/durable_task/BatchScriptStep'),
  powershell: durable('steps/durable_task/PowershellScriptStep'),
  node: durable('support/steps/ExecutorStep'),
  ws: durable('support/steps/WorkspaceStep'),
  dir: durable('support/steps/PushdStep'),
  // credentials-binding (BindingStep#getFunctionName, the bindings' @Symbol, read at 0331934)
  withCredentials: binding('BindingStep'),
  usernamePassword: binding('UsernamePasswordMultiBinding'),
  usernameColonPassword: binding('UsernamePasswordBinding'),
  string: binding('StringBinding'),
  file: binding('FileBinding'),
  sshUserPrivateKey: binding('SSHUserPrivateKeyBinding'),
  certificate: binding('CertificateMultiBinding'),
  zip: binding('ZipFileBinding'),
  // junit: JUnitResultsStep#getFunctionName
  junit: { plugins: ['junit'], source: 'jenkinsci/junit-plugin src/main/java/hudson/tasks/junit/pipeline/JUnitResultsStep.java' },
  // SCM
  checkout: {
    plugins: ['workflow-scm-step'],
    source: 'jenkinsci/workflow-scm-step-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/scm/GenericSCMStep.java',
  },
  git: { plugins: ['git'], source: 'jenkinsci/git-plugin src/main/java/jenkins/plugins/git/GitStep.java' },
  // Shared libraries: ResourceStep#getFunctionName "libraryResource", LibraryStep "library"
  libraryResource: {
    plugins: ['pipeline-groovy-lib'],
    source: 'jenkinsci/pipeline-groovy-lib-plugin 5cc6888 src/main/java/org/jenkinsci/plugins/workflow/libs/ResourceStep.java',
  },
  library: {
    plugins: ['pipeline-groovy-lib'],
    source: 'jenkinsci/pipeline-groovy-lib-plugin 5cc6888 src/main/java/org/jenkinsci/plugins/workflow/libs/LibraryStep.java',
  },
  // Pipeline structure
  stage: {
    plugins: ['pipeline-stage-step'],
    source: 'jenkinsci/pipeline-stage-step-plugin src/main/java/org/jenkinsci/plugins/workflow/support/steps/StageStep.java',
  },
  parallel: {
    plugins: ['workflow-cps'],
    source: 'jenkinsci/workflow-cps-plugin plugin/src/main/java/org/jenkinsci/plugins/workflow/cps/steps/ParallelStep.java',
  },
  pipeline: {
    plugins: ['pipeline-model-definition'],
    source: `${PMD} pipeline-model-definition/src/main/resources/org/jenkinsci/plugins/pipeline/modeldefinition/ModelInterpreter.groovy`,
  },
  script: {
    plugins: ['pipeline-model-definition'],
    source: `${PMD} pipeline-model-definition/src/main/java/org/jenkinsci/plugins/pipeline/modeldefinition/steps/ScriptStep.java`,
  },
  skipDefaultCheckout: {
    plugins: ['pipeline-model-definition'],
    source: `${PMD} pipeline-model-definition/src/main/java/org/jenkinsci/plugins/pipeline/modeldefinition/options/impl/SkipDefaultCheckout.java`,
  },
  // Options (job properties and wrappers)
  timestamps: { plugins: ['timestamper'], source: 'jenkinsci/timestamper-plugin src/main/java/hudson/plugins/timestamper/pipeline/TimestamperStep.java' },
  disableConcurrentBuilds: {
    plugins: ['workflow-job'],
    source: 'jenkinsci/workflow-job-plugin src/main/java/org/jenkinsci/plugins/workflow/job/properties/DisableConcurrentBuildsJobProperty.java',
  },
  properties: {
    plugins: ['workflow-multibranch'],
    source: 'jenkinsci/workflow-multibranch-plugin src/main/java/org/jenkinsci/plugins/workflow/multibranch/JobPropertyStep.java',
  },
  ansiColor: { plugins: ['ansicolor'], source: 'jenkinsci/ansicolor-plugin src/main/java/hudson/plugins/ansicolor/AnsiColorBuildWrapper.java' },
  // Docker (docker-workflow, read at 3e04e4f)
  withDockerRegistry: { plugins: ['docker-workflow'], source: `${DOCKER} src/main/java/org/jenkinsci/plugins/docker/workflow/RegistryEndpointStep.java` },
  withDockerServer: { plugins: ['docker-workflow'], source: `${DOCKER} src/main/java/org/jenkinsci/plugins/docker/workflow/ServerEndpointStep.java` },
  withDockerContainer: { plugins: ['docker-workflow'], source: `${DOCKER} src/main/java/org/jenkinsci/plugins/docker/workflow/WithContainerStep.java` },
  // Kubernetes
  podTemplate: { plugins: ['kubernetes'], source: `${K8S} src/main/java/org/csanchez/jenkins/plugins/kubernetes/pipeline/PodTemplateStep.java` },
  container: { plugins: ['kubernetes'], source: `${K8S} src/main/java/org/csanchez/jenkins/plugins/kubernetes/pipeline/ContainerStep.java` },
  // Others a library commonly calls
  input: {
    plugins: ['pipeline-input-step'],
    source: 'jenkinsci/pipeline-input-step-plugin src/main/java/org/jenkinsci/plugins/workflow/support/steps/input/InputStep.java',
  },
  milestone: {
    plugins: ['pipeline-milestone-step'],
    source: 'jenkinsci/pipeline-milestone-step-plugin src/main/java/org/jenkinsci/plugins/pipeline/milestone/MilestoneStep.java',
  },
  lock: { plugins: ['lockable-resources'], source: 'jenkinsci/lockable-resources-plugin src/main/java/org/jenkins/plugins/lockableresources/LockStep.java' },
  build: {
    plugins: ['pipeline-build-step'],
    source: 'jenkinsci/pipeline-build-step-plugin src/main/java/org/jenkinsci/plugins/workflow/support/steps/build/BuildTriggerStep.java',
  },
  cleanWs: { plugins: ['ws-cleanup'], source: 'jenkinsci/ws-cleanup-plugin src/main/java/hudson/plugins/ws_cleanup/WsCleanup.java' },
  sshagent: { plugins: ['ssh-agent'], source: 'jenkinsci/ssh-agent-plugin src/main/java/com/cloudbees/jenkins/plugins/sshagent/SSHAgentStep.java' },
  readJSON: util('json/ReadJSONStep'),
  writeJSON: util('json/WriteJSONStep'),
  readYaml: util('conf/ReadYamlStep'),
  writeYaml: util('conf/WriteYamlStep'),
  readProperties: util('conf/ReadPropertiesStep'),
  findFiles: util('fs/FindFilesStep'),
  sha256: util('fs/FileSha256Step'),
};

/** Declarative agent kinds (`agent { <kind> { … } }`) → plugins (the `DeclarativeAgentDescriptor`'s `@Symbol`). */
export const AGENT_PLUGINS: Readonly<Record<string, PluginUse>> = {
  docker: {
    plugins: ['docker-workflow', 'pipeline-model-definition'],
    source: `${DOCKER} src/main/java/org/jenkinsci/plugins/docker/workflow/declarative/DockerPipeline.java (@Symbol("docker"))`,
  },
  dockerfile: {
    plugins: ['docker-workflow', 'pipeline-model-definition'],
    source: `${DOCKER} src/main/java/org/jenkinsci/plugins/docker/workflow/declarative/DockerPipelineFromDockerfile.java (@Symbol("dockerfile"))`,
  },
  kubernetes: {
    plugins: ['kubernetes', 'pipeline-model-definition'],
    source: `${K8S} src/main/java/org/csanchez/jenkins/plugins/kubernetes/pipeline/KubernetesDeclarativeAgent.java (@Symbol("kubernetes"))`,
  },
};

/** Global variables (`name.method(…)`) → plugins. */
export const GLOBAL_VARIABLE_PLUGINS: Readonly<Record<string, PluginUse>> = {
  docker: { plugins: ['docker-workflow'], source: `${DOCKER} src/main/java/org/jenkinsci/plugins/docker/workflow/DockerDSL.java (getName "docker")` },
};

/**
 * What every run of this backend needs, whatever the library: JCasC (the generated jenkins.yaml),
 * the library retriever (pipeline-groovy-lib's `globalLibraries` / `globalUntrustedLibraries`, git's
 * `modernSCM` git source), the Pipeline job and engine.
 */
export const BACKEND_PLUGINS: readonly string[] = ['configuration-as-code', 'git', 'pipeline-groovy-lib', 'workflow-cps', 'workflow-job'];

/**
 * The plugins the JCasC credential kinds need: `usernamePassword` and `certificate` (credentials), `string` / `file`
 * (plain-credentials), `sshUserPrivateKey` (ssh-credentials' `basicSSHUserPrivateKey`).
 */
export const CREDENTIAL_PLUGINS: Readonly<Record<Credential['type'], readonly string[]>> = {
  // credentials: com/cloudbees/plugins/credentials/impl/UsernamePasswordCredentialsImpl.java @Symbol("usernamePassword"),
  // CertificateCredentialsImpl @Symbol("certificate");
  // plain-credentials: org/jenkinsci/plugins/plaincredentials/impl/StringCredentialsImpl.java @Symbol("string"), FileCredentialsImpl @Symbol("file");
  // ssh-credentials: com/cloudbees/jenkins/plugins/sshcredentials/impl/BasicSSHUserPrivateKey.java @Symbol("basicSSHUserPrivateKey").
  usernamePassword: ['credentials'],
  string: ['credentials', 'plain-credentials'],
  file: ['credentials', 'plain-credentials'],
  sshUserPrivateKey: ['credentials', 'ssh-credentials'],
  certificate: ['credentials'],
};

/** One reason a plugin is needed. */
export interface PluginNeed {
  /** The plugin id. */
  readonly plugin: string;
  /** Why: `step sh in vars/goTest.groovy`, `agent kubernetes in Jenkinsfile`, `the backend (JCasC)`. */
  readonly why: string;
}

/** The steps, agent kinds and global variables a Groovy text uses, by the table's names. */
export function groovyUses(text: string): { steps: string[]; agents: string[]; globals: string[] } {
  const { code } = scanGroovy(text);
  const steps = new Set<string>();
  const agents = new Set<string>();
  const globals = new Set<string>();
  // A step call: `name(`, `name {`, `name 'x'` / `name "x"` / `name value` (command expressions), `name key: …`;
  // not `.name(` (a method), `def name(` (a definition) nor `name in xs` / `name as T` / `name instanceof T`.
  const call = /(^|[^.\w$])(\w+)(?:\s*(\(|\{|['"]|\w+\s*:(?!:))|[ \t]+(?!(?:in|as|instanceof)\b)[\w$])/g;
  for (const m of code.matchAll(call)) {
    const name = m[2]!;
    const before = code.slice(0, m.index + m[1]!.length);
    if (/\b(?:def|void|String|boolean|int|Object|Map|List)\s+$/.test(before)) continue;
    if (Object.hasOwn(STEP_PLUGINS, name)) steps.add(name);
  }
  for (const m of code.matchAll(/\bagent\s*\{\s*(\w+)/g)) if (Object.hasOwn(AGENT_PLUGINS, m[1]!)) agents.add(m[1]!);
  for (const m of code.matchAll(/(^|[^.\w$])(\w+)\s*\.\s*\w/g)) if (Object.hasOwn(GLOBAL_VARIABLE_PLUGINS, m[2]!)) globals.add(m[2]!);
  // `agent { docker … }` is no use of the `docker` global variable.
  if (agents.has('docker') && !/(^|[^.\w$])docker\s*\.\s*(image|build|withRegistry|withServer|withTool|port|script)\b/.test(code)) globals.delete('docker');
  return { steps: [...steps].sort(), agents: [...agents].sort(), globals: [...globals].sort() };
}

/** The `.groovy` files under `dir` (recursively), sorted; none when `dir` does not exist. */
function groovyFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...groovyFiles(p));
    else if (e.endsWith('.groovy')) out.push(p);
  }
  return out;
}

/** A file to scan: its label (for messages) and its text. */
export interface ScannedFile {
  /** How messages name it (`vars/goTest.groovy`, `Jenkinsfile`). */
  readonly label: string;
  /** Its Groovy text. */
  readonly text: string;
}

/**
 * The files of a library that run in Jenkins: `vars/**\/*.groovy` and `src/**\/*.groovy`, labelled
 * `<library>:vars/x.groovy`. Read from the work tree; a repository without one (bare) is read at
 * `rev` (default `HEAD`) with git.
 */
export function libraryFiles(name: string, root: string, rev = 'HEAD'): ScannedFile[] {
  const fromTree = ['vars', 'src'].flatMap((sub) =>
    groovyFiles(join(root, sub)).map((p) => ({ label: `${name}:${p.slice(root.length + 1)}`, text: readFileSync(p, 'utf8') })),
  );
  if (fromTree.length > 0 || existsSync(join(root, 'vars')) || !existsSync(root)) return fromTree;
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    } catch {
      return undefined;
    }
  };
  const listed = git('ls-tree', '-r', '--name-only', rev, '--', 'vars', 'src') ?? '';
  return listed
    .split('\n')
    .filter((f) => f.endsWith('.groovy'))
    .sort()
    .map((f) => ({ label: `${name}:${f}`, text: git('show', `${rev}:${f}`) ?? '' }));
}

/** Credential kinds a run stores in Jenkins. */
export type CredentialKind = keyof typeof CREDENTIAL_PLUGINS;

/** Every plugin the files, the stored credentials and the backend itself need, with the first reason for each (sorted by plugin). */
export function requiredPlugins(files: readonly ScannedFile[], credentialKinds: readonly CredentialKind[] = []): PluginNeed[] {
  const needs = new Map<string, string>();
  const need = (plugins: readonly string[], why: string): void => {
    for (const p of plugins) if (!needs.has(p)) needs.set(p, why);
  };
  need(BACKEND_PLUGINS, 'the jenkinsfile-runner backend (JCasC, library retrieval, Pipeline jobs)');
  for (const f of files) {
    const uses = groovyUses(f.text);
    for (const a of uses.agents) need(AGENT_PLUGINS[a]!.plugins, `agent ${a} in ${f.label}`);
    for (const s of uses.steps) need(STEP_PLUGINS[s]!.plugins, `step ${s} in ${f.label}`);
    for (const g of uses.globals) need(GLOBAL_VARIABLE_PLUGINS[g]!.plugins, `global variable ${g} in ${f.label}`);
  }
  for (const k of [...new Set(credentialKinds)].sort()) need(CREDENTIAL_PLUGINS[k], `a ${k} credential of the run (JCasC)`);
  return [...needs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([plugin, why]) => ({ plugin, why }));
}

/**
 * The installed plugin ids of a plugins directory listing (`ls` of `/usr/share/jenkins/ref/plugins`):
 * `x.jpi` / `x.hpi` are plugin `x`; a plugin with `x.jpi.disabled` beside it is disabled, so not
 * installed; other files (`*.pinned`, `*.bak`, exploded directories) are ignored.
 */
export function installedPlugins(names: readonly string[]): Set<string> {
  const installed = new Set<string>();
  const disabled = new Set<string>();
  for (const n of names.map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^(.+)\.[hj]pi(\.disabled)?$/.exec(n);
    if (!m) continue;
    (m[2] === undefined ? installed : disabled).add(m[1]!);
  }
  for (const d of disabled) installed.delete(d);
  return installed;
}

/** The plugin ids of `JSLC_JFR_PLUGINS` (comma- or whitespace-separated ids; `x.jpi` names accepted). */
export function pluginsFromList(list: string): Set<string> {
  return new Set(
    list
      .split(/[\s,]+/)
      .filter((s) => s !== '')
      .map((s) => s.replace(/\.[hj]pi$/, '').replace(/:.*$/, '')),
  );
}

/** The needs `installed` lacks. */
export function missingPlugins(needs: readonly PluginNeed[], installed: ReadonlySet<string>): PluginNeed[] {
  return needs.filter((n) => !installed.has(n.plugin));
}

/** The error text for missing plugins: each one with why it is needed, then how to add them. */
export function missingPluginsMessage(missing: readonly PluginNeed[], image: string, source: string): string {
  const ids = missing.map((m) => m.plugin);
  const lines = [
    `jenkinsfile-runner: the image ${image} lacks ${missing.length === 1 ? 'a plugin' : `${missing.length} plugins`} the run needs (plugins read from ${source}):`,
    ...missing.map((m) => `  - ${m.plugin} (${m.why})`),
    `Add ${ids.length === 1 ? 'it' : 'them'} to the image's plugins.txt and rebuild it (docs/e2e.md, "Jenkinsfile Runner backend"):`,
    `  printf '%s\\n' ${ids.join(' ')} >> plugins.txt && docker build -t ${image} .`,
  ];
  if (ids.includes('kubernetes'))
    lines.push('The kubernetes plugin also needs a Kubernetes cloud (JCasC jenkins.clouds) and a cluster; this backend configures neither.');
  return lines.join('\n');
}

/** Lists an image's plugins directory with a short-lived container (`ls -1`, never started with the run's mounts). */
export async function listImagePlugins(docker: Docker, image: string, dir: string = IMAGE_PLUGINS_DIR): Promise<string[]> {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: ['ls', '-1', dir],
    Cmd: [],
    Tty: true,
    Labels: { 'io.jslc.runner': 'jenkinsfile-runner-plugins' },
    HostConfig: { NetworkMode: 'none', AutoRemove: false },
  });
  try {
    await container.start();
    const status = (await container.wait()) as { StatusCode: number };
    const out = (await container.logs({ stdout: true, stderr: true, follow: false })).toString('utf8');
    if (status.StatusCode !== 0) throw new Error(`ls ${dir} in ${image} exited with ${status.StatusCode}: ${out.trim()}`);
    return out.split(/\r?\n/).filter((l) => l.trim() !== '');
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
