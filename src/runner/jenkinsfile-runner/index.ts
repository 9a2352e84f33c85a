/**
 * The `jenkinsfile-runner` backend (the real Jenkinsfile Runner image) and its pure parts.
 */
export { JenkinsfileRunner, DEFAULT_TIMEOUT_MS, crashMessage } from './runner.js';
export type { JenkinsfileRunnerOptions } from './runner.js';
export { jcascPlan, jcascLibraries } from './jcasc.js';
export type { JcascPlan, JcascLibrary, SecretFile } from './jcasc.js';
export { containerOptions, containerBinds, containerEnv, launcherArgs, JAVA_PROPERTIES, RESERVED_ENV } from './container.js';
export type { ContainerPlan } from './container.js';
export { scmYaml } from './scm.js';
export { stageOfLine, LineSplitter, secretMasker, secretValues, MIN_MASKED_LENGTH } from '../log.js';
export { imageName, ensureImage, missingImageMessage, DEFAULT_IMAGE, LEGACY_IMAGE } from './image.js';
export { parseImageRef, substituteAgentImages } from './agent-images.js';
export type { ImageRef } from './agent-images.js';
