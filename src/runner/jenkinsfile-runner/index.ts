/**
 * The `jenkinsfile-runner` backend (the real Jenkinsfile Runner image) and its pure parts.
 */
export { JenkinsfileRunner, DEFAULT_TIMEOUT_MS } from './runner.js';
export type { JenkinsfileRunnerOptions } from './runner.js';
export { checkRunDirectory } from './runner.js';
export { jcascPlan, jcascLibraries, LIBRARY_CASC_ROOT } from './jcasc.js';
export type { JcascPlan, JcascLibrary, SecretFile, LibraryTrust } from './jcasc.js';
export {
  containerOptions,
  containerBinds,
  containerEnv,
  launcherArgs,
  copyEntries,
  runDirectory,
  JAVA_PROPERTIES,
  RESERVED_ENV,
  LAUNCHER_ENV,
} from './container.js';
export type { ContainerPlan, CopiedFiles } from './container.js';
export { tarArchive, readTarArchive, copyingInto, pathsUnderVolumes } from './copy-in.js';
export type { CopyEntry } from './copy-in.js';
export {
  interpretRun,
  finishedResult,
  runErrorExitCode,
  JenkinsfileRunnerCrash,
  JFR_CRASH_EXIT_CODE,
  RUN_NOT_POSSIBLE_EXIT_CODE,
  RESULT_ORDINALS,
  CRASH_LOG_TAIL_LINES,
} from './result.js';
export type { JfrOutcome, CrashKind } from './result.js';
export {
  requiredPlugins,
  groovyUses,
  libraryFiles,
  installedPlugins,
  pluginsFromList,
  missingPlugins,
  missingPluginsMessage,
  listImagePlugins,
  STEP_PLUGINS,
  AGENT_PLUGINS,
  GLOBAL_VARIABLE_PLUGINS,
  BACKEND_PLUGINS,
  CREDENTIAL_PLUGINS,
  IMAGE_PLUGINS_DIR,
} from './plugins.js';
export type { PluginNeed, PluginUse, ScannedFile, CredentialKind } from './plugins.js';
export { scmYaml } from './scm.js';
export { stageOfLine, LineSplitter, secretMasker, secretValues, MIN_MASKED_LENGTH } from '../log.js';
export { imageName, ensureImage, missingImageMessage, DEFAULT_IMAGE, LEGACY_IMAGE } from './image.js';
export { parseImageRef, substituteAgentImages } from './agent-images.js';
export type { ImageRef } from './agent-images.js';
