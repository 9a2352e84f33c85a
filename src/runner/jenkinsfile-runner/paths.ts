/**
 * Fixed paths inside the Jenkinsfile Runner container. The image's launcher
 * (`/app/bin/jenkinsfile-runner-launcher`, jenkinsci/jenkinsfile-runner
 * `packaging/docker/unix/jenkinsfile-runner-launcher`) always passes `--jenkins-war /app/jenkins
 * --plugins /usr/share/jenkins/ref/plugins --file /workspace/Jenkinsfile` (when that file exists)
 * and `--runWorkspace /build`, so jslc copies the Jenkinsfile there and overrides the workspace
 * with a system property instead of repeating flags (picocli rejects a repeated option).
 *
 * The Jenkinsfile, the JCasC directory, the secrets directory and the run home are copied into
 * the container before it starts (`copy-in.ts`), never bind-mounted: agent containers that
 * docker-workflow starts with `--volumes-from` the JFR container inherit its mounts only.
 */

/** Where the Jenkinsfile is copied (the launcher's default `--file`). */
export const JENKINSFILE_PATH = '/workspace/Jenkinsfile';

/** The directory holding the generated JCasC file (and the `--scm` definition). */
export const CASC_DIR = '/jslc/casc';

/** The JCasC file `CASC_JENKINS_CONFIG` points at. */
export const CASC_FILE = `${CASC_DIR}/jenkins.yaml`;

/** The SCM definition passed with `--scm` (JCasC syntax, read by Jenkinsfile Runner). */
export const SCM_FILE = `${CASC_DIR}/scm.yaml`;

/** The directory of secret files (one credential field a file, mode 0400; the directory 0700), copied in. */
export const SECRETS_DIR = '/run/jslc-secrets';

/** The parent directory of the mounted library repositories (`<LIBRARIES_DIR>/<name>`). */
export const LIBRARIES_DIR = '/jslc/libraries';

/** Where the `checkout scm` repository is mounted. */
export const SCM_REPOSITORY_DIR = '/jslc/scm';

/**
 * The Jenkins home of the run (`--runHome`): an empty directory the copy archive creates in the
 * container's own layer, so fresh for every run (a new container) and never shared with agent
 * containers. Jenkinsfile Runner refuses a run home that is not an existing, empty directory
 * (`setup/src/main/java/io/jenkins/jenkinsfile/runner/JenkinsLauncher.java`: "--runHome is not a
 * directory", "--runHome directory is not empty").
 */
export const JENKINS_HOME = '/jslc/home';

/** The job name and build number Jenkinsfile Runner uses (its defaults, passed explicitly). */
export const JOB_NAME = 'job';

/** The build number of the one build. */
export const BUILD_NUMBER = 1;

/** Where Jenkins keeps the build's archived artifacts. */
export const ARCHIVE_DIR = `${JENKINS_HOME}/jobs/${JOB_NAME}/builds/${BUILD_NUMBER}/archive`;

/** The Docker socket bound into the container, so `docker` steps and `agent { docker }` work. */
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** The container path of a library repository: `/jslc/libraries/<name>`, the name made path-safe. */
export function libraryContainerPath(name: string): string {
  return `${LIBRARIES_DIR}/${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
