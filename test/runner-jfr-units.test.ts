/**
 * The Jenkinsfile Runner backend's pure parts added for issue 14: the exit code read with the
 * `Finished:` line (result.ts), the plugins a library needs and the check against an image's plugin
 * directory (plugins.ts), the copy-in archive (copy-in.ts, container.ts#copyEntries), trusted and
 * untrusted library registration (jcasc.ts), parameters as strings, and the run directory.
 * No Docker needed; test/runner-jfr-docker.test.ts proves the copy-in against a real engine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import {
  CREDENTIAL_PLUGINS,
  JenkinsfileRunner,
  JenkinsfileRunnerCrash,
  LIBRARY_CASC_ROOT,
  runErrorExitCode,
  checkRunDirectory,
  containerOptions,
  copyEntries,
  finishedResult,
  groovyUses,
  installedPlugins,
  interpretRun,
  jcascPlan,
  launcherArgs,
  libraryFiles,
  missingPlugins,
  missingPluginsMessage,
  pathsUnderVolumes,
  pluginsFromList,
  readTarArchive,
  requiredPlugins,
  tarArchive,
} from '../src/runner/jenkinsfile-runner/index.js';

const FIXTURES = join(process.cwd(), 'fixtures', 'jfr');

describe('result.ts: exit code with the Finished line', () => {
  test('a finished build: the Finished line agrees with the exit code (hudson.model.Result ordinals)', () => {
    const ordinals = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED'] as const;
    ordinals.forEach((r, code) => {
      expect(interpretRun(code, ['[Pipeline] End of Pipeline', `Finished: ${r}`])).toEqual({ kind: 'finished', result: r, exitCode: code });
    });
  });

  test('1 and 2 without a Finished line are picocli crashes (exception, usage), not UNSTABLE / FAILURE', () => {
    const exc = interpretRun(1, ['java.lang.IllegalArgumentException: --runHome is not a directory: /jslc/home']);
    expect(exc).toMatchObject({ kind: 'crashed', crash: 'exception', exitCode: 1 });
    expect(exc.kind === 'crashed' && exc.reason).toBe(
      `Jenkinsfile Runner exited with 1 and its log has no "Finished: <RESULT>" line (no build ran to its end): picocli's 1, an exception (look for the stack trace in the log)`,
    );
    expect(interpretRun(2, ['Unknown option: --bogus'])).toMatchObject({ kind: 'crashed', crash: 'usage', exitCode: 2 });
    expect(interpretRun(255, ['invalid plugins file.'])).toMatchObject({ kind: 'crashed', crash: 'exit-minus-one' });
    expect(interpretRun(137, [])).toMatchObject({ kind: 'crashed', crash: 'other', reason: expect.stringMatching(/SIGKILL/) });
    expect(interpretRun(0, [])).toMatchObject({ kind: 'crashed', crash: 'other', exitCode: 0 });
  });

  test('a Finished line that disagrees with the exit code is a crash; the last Finished line decides; the timeout is ABORTED', () => {
    // A build that echoes "Finished: SUCCESS" and then a JVM that dies with 1.
    expect(interpretRun(1, ['Finished: SUCCESS', 'Exception in thread "main"'])).toMatchObject({ kind: 'crashed', crash: 'mismatch', finishedLine: 'SUCCESS' });
    expect(finishedResult(['Finished: SUCCESS', 'x', 'Finished: FAILURE', 'Jenkins stopped'])).toBe('FAILURE');
    expect(finishedResult(['  Finished: SUCCESS', 'Finished: GREAT', '[x] Finished: SUCCESS'])).toBeUndefined();
    expect(interpretRun(137, ['Finished: SUCCESS'], true)).toEqual({ kind: 'timed-out', result: 'ABORTED', exitCode: 137 });
  });
});

describe('result.ts: jslc exit codes of a rejected run', () => {
  test('a crash is 6, distinct from results 0-4 and from a run that could not happen (5)', () => {
    const crash = interpretRun(2, ['Unknown option: --x']);
    if (crash.kind !== 'crashed') throw new Error('expected a crash');
    expect(runErrorExitCode(new JenkinsfileRunnerCrash('i', crash, ['Unknown option: --x']))).toBe(6);
    expect(runErrorExitCode(new Error('no Docker'))).toBe(5);
    expect(runErrorExitCode('odd')).toBe(5);
  });
});

describe('plugins.ts: the plugins a library needs', () => {
  test('steps, agent kinds and global variables in code only (not in comments, strings, methods, definitions)', () => {
    const lib = readFileSync(join(FIXTURES, 'library', 'vars', 'deployApp.groovy'), 'utf8');
    expect(groovyUses(lib)).toEqual({
      steps: ['echo', 'junit', 'sh', 'stash', 'timestamps', 'usernamePassword', 'withCredentials'],
      agents: [],
      globals: ['docker'],
    });
    expect(groovyUses(readFileSync(join(FIXTURES, 'Jenkinsfile'), 'utf8'))).toEqual({
      steps: ['archiveArtifacts', 'pipeline', 'stage'],
      agents: ['kubernetes'],
      globals: [],
    });
    expect(groovyUses('for (file in files) { echo file }\nString string = x as String\n').steps).toEqual(['echo']);
    expect(groovyUses("pipeline { agent { docker { image 'golang' } } stages { stage('a') { steps { sh 'x' } } } }")).toEqual({
      steps: ['pipeline', 'sh', 'stage'],
      agents: ['docker'],
      globals: [],
    });
  });

  test('the fixture library + Jenkinsfile need these plugins, each with its first reason', () => {
    const files = [
      { label: 'Jenkinsfile', text: readFileSync(join(FIXTURES, 'Jenkinsfile'), 'utf8') },
      ...libraryFiles('jfr-fixture', join(FIXTURES, 'library')),
    ];
    expect(files.map((f) => f.label)).toEqual(['Jenkinsfile', 'jfr-fixture:vars/deployApp.groovy']);
    expect(requiredPlugins(files, ['usernamePassword'])).toEqual([
      { plugin: 'configuration-as-code', why: 'the jenkinsfile-runner backend (JCasC, library retrieval, Pipeline jobs)' },
      { plugin: 'credentials', why: 'a usernamePassword credential of the run (JCasC)' },
      { plugin: 'credentials-binding', why: 'step usernamePassword in jfr-fixture:vars/deployApp.groovy' },
      { plugin: 'docker-workflow', why: 'global variable docker in jfr-fixture:vars/deployApp.groovy' },
      { plugin: 'git', why: 'the jenkinsfile-runner backend (JCasC, library retrieval, Pipeline jobs)' },
      { plugin: 'junit', why: 'step junit in jfr-fixture:vars/deployApp.groovy' },
      { plugin: 'kubernetes', why: 'agent kubernetes in Jenkinsfile' },
      { plugin: 'pipeline-groovy-lib', why: 'the jenkinsfile-runner backend (JCasC, library retrieval, Pipeline jobs)' },
      { plugin: 'pipeline-model-definition', why: 'agent kubernetes in Jenkinsfile' },
      { plugin: 'pipeline-stage-step', why: 'step stage in Jenkinsfile' },
      { plugin: 'timestamper', why: 'step timestamps in jfr-fixture:vars/deployApp.groovy' },
      { plugin: 'workflow-basic-steps', why: 'step archiveArtifacts in Jenkinsfile' },
      { plugin: 'workflow-cps', why: 'the jenkinsfile-runner backend (JCasC, library retrieval, Pipeline jobs)' },
      { plugin: 'workflow-durable-task-step', why: 'step sh in jfr-fixture:vars/deployApp.groovy' },
      { plugin: 'workflow-job', why: 'the jenkinsfile-runner backend (JCasC, library retrieval, Pipeline jobs)' },
    ]);
    expect(CREDENTIAL_PLUGINS.string).toEqual(['credentials', 'plain-credentials']);
  });

  test('the example library (vars-out/) needs the kubernetes plugin for its agent, and credentials-binding, junit, timestamper', () => {
    const needs = requiredPlugins(libraryFiles('go-cd', join(process.cwd(), 'vars-out'))).map((n) => n.plugin);
    for (const p of [
      'kubernetes',
      'pipeline-model-definition',
      'credentials-binding',
      'junit',
      'timestamper',
      'workflow-durable-task-step',
      'workflow-basic-steps',
      'pipeline-groovy-lib',
    ]) {
      expect(needs).toContain(p);
    }
  });

  test('a bare library repository is read with git at HEAD', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'jslc-jfr-bare-'));
    try {
      const work = join(tmp, 'work');
      mkdirSync(join(work, 'vars'), { recursive: true });
      writeFileSync(join(work, 'vars', 'x.groovy'), "def call() { junit 'r.xml' }\n");
      const git = (cwd: string, ...args: string[]): void => {
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
      };
      git(work, 'init', '-q', '-b', 'main');
      git(work, 'add', '.');
      git(work, 'commit', '-q', '-m', 'x');
      git(tmp, 'clone', '-q', '--bare', work, join(tmp, 'bare.git'));
      expect(libraryFiles('b', join(tmp, 'bare.git'))).toEqual([{ label: 'b:vars/x.groovy', text: "def call() { junit 'r.xml' }\n" }]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('installed plugins from an image listing (.jpi/.hpi; .disabled is not installed; markers ignored) or JSLC_JFR_PLUGINS', () => {
    const listing = readFileSync(join(FIXTURES, 'plugins-ls.txt'), 'utf8').split('\n');
    const installed = installedPlugins(listing);
    expect(installed.has('junit')).toBe(true);
    expect(installed.has('timestamper')).toBe(true);
    expect(installed.has('docker-workflow')).toBe(false);
    expect(installed.has('timestamper.jpi')).toBe(false);
    expect([...pluginsFromList('git, junit.jpi\nkubernetes:4306.vc91e951ea_eb_d ')].sort()).toEqual(['git', 'junit', 'kubernetes']);
  });

  test('the check names the missing plugins, why each is needed, and how to add them', () => {
    const files = [
      { label: 'Jenkinsfile', text: readFileSync(join(FIXTURES, 'Jenkinsfile'), 'utf8') },
      ...libraryFiles('jfr-fixture', join(FIXTURES, 'library')),
    ];
    const installed = installedPlugins(readFileSync(join(FIXTURES, 'plugins-ls.txt'), 'utf8').split('\n'));
    const missing = missingPlugins(requiredPlugins(files), installed);
    expect(missing.map((m) => m.plugin)).toEqual(['docker-workflow', 'kubernetes']);
    expect(missingPluginsMessage(missing, 'jslc/jfr:local', 'jslc/jfr:local:/usr/share/jenkins/ref/plugins')).toBe(
      [
        'jenkinsfile-runner: the image jslc/jfr:local lacks 2 plugins the run needs (plugins read from jslc/jfr:local:/usr/share/jenkins/ref/plugins):',
        '  - docker-workflow (global variable docker in jfr-fixture:vars/deployApp.groovy)',
        '  - kubernetes (agent kubernetes in Jenkinsfile)',
        'Add them to the image\'s plugins.txt and rebuild it (docs/e2e.md, "Jenkinsfile Runner backend"):',
        "  printf '%s\\n' docker-workflow kubernetes >> plugins.txt && docker build -t jslc/jfr:local .",
        'The kubernetes plugin also needs a Kubernetes cloud (JCasC jenkins.clouds) and a cluster; this backend configures neither.',
      ].join('\n'),
    );
  });

  test('the runner refuses a run whose image lacks a plugin, before any build container (JSLC_JFR_PLUGINS, then a --plugins-dir)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'jslc-jfr-plugins-'));
    try {
      const calls: string[] = [];
      const docker = {
        getImage: (name: string) => ({ inspect: async () => (calls.push(`inspect ${name}`), { Id: 'sha256:1', Config: {} }) }),
        createContainer: async () => {
          calls.push('create');
          throw new Error('no container expected');
        },
      } as unknown as Docker;
      const request = { jenkinsfile: join(FIXTURES, 'Jenkinsfile'), libraries: [] };
      const runner = new JenkinsfileRunner({ docker, image: 'jfr:x', env: { JSLC_JFR_PLUGINS: 'git,workflow-job' } });
      await expect(runner.run(request)).rejects.toThrow(
        /^jenkinsfile-runner: the image jfr:x lacks 7 plugins the run needs \(plugins read from JSLC_JFR_PLUGINS\):\n  - configuration-as-code/,
      );
      expect(calls).toEqual(['inspect jfr:x']);
      const dir = join(tmp, 'plugins');
      mkdirSync(dir);
      for (const p of [
        'configuration-as-code',
        'git',
        'pipeline-groovy-lib',
        'workflow-cps',
        'workflow-job',
        'pipeline-model-definition',
        'pipeline-stage-step',
        'workflow-basic-steps',
      ])
        writeFileSync(join(dir, `${p}.jpi`), '');
      const fromDir = await new JenkinsfileRunner({ docker, image: 'jfr:x', pluginsDir: dir, env: {} }).pluginCheck(request);
      expect(fromDir).toEqual({ missing: [{ plugin: 'kubernetes', why: 'agent kubernetes in Jenkinsfile' }], source: dir });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('copy-in.ts and container.ts#copyEntries', () => {
  const entries = copyEntries({
    jenkinsfile: 'pipeline {}\n',
    jcasc: 'jenkins: {}\n',
    scmYaml: 'scm: {}\n',
    secretFiles: [{ fileName: '0-secret', content: 's3cr3t' }],
  });

  test('the archive: an empty run home, JCasC, scm, secrets 0700/0400, the Jenkinsfile; round-trips through a ustar reader', () => {
    const tar = tarArchive(entries);
    expect(tar.length % 512).toBe(0);
    expect(readTarArchive(tar).map((e) => [e.path, e.type, e.mode.toString(8), e.content.toString()])).toEqual([
      ['/jslc', 'dir', '755', ''],
      ['/jslc/home', 'dir', '755', ''],
      ['/jslc/casc', 'dir', '755', ''],
      ['/jslc/casc/jenkins.yaml', 'file', '644', 'jenkins: {}\n'],
      ['/jslc/casc/scm.yaml', 'file', '644', 'scm: {}\n'],
      ['/run/jslc-secrets', 'dir', '700', ''],
      ['/run/jslc-secrets/0-secret', 'file', '400', 's3cr3t'],
      ['/workspace', 'dir', '755', ''],
      ['/workspace/Jenkinsfile', 'file', '644', 'pipeline {}\n'],
    ]);
    // Deterministic: the same entries give the same bytes (mtime 0, uid/gid 0).
    expect(tarArchive(entries).equals(tar)).toBe(true);
  });

  test('a long path uses the ustar prefix; bad paths and secret file names are refused', () => {
    const long = `/${'d'.repeat(120)}/${'f'.repeat(90)}`;
    expect(readTarArchive(tarArchive([{ type: 'file', path: long, mode: 0o644, content: 'x' }]))[0]!.path).toBe(long);
    expect(() => tarArchive([{ type: 'file', path: 'rel/x', mode: 0o644, content: '' }])).toThrow(/absolute normalised/);
    expect(() => tarArchive([{ type: 'file', path: '/a/../x', mode: 0o644, content: '' }])).toThrow(/absolute normalised/);
    expect(() => copyEntries({ jenkinsfile: '', jcasc: '', secretFiles: [{ fileName: '../x', content: '' }] })).toThrow(/not a safe secret file name/);
  });

  test("paths under an image VOLUME are found (they would be shared by --volumes-from); the JFR image's own VOLUMEs hold none", () => {
    // jenkinsci/jenkinsfile-runner packaging/docker/unix/*/Dockerfile: VOLUME /build, VOLUME /usr/share/jenkins/ref/casc.
    expect(pathsUnderVolumes(entries, ['/build', '/usr/share/jenkins/ref/casc'])).toEqual([]);
    expect(pathsUnderVolumes(entries, ['/run/', '/workspace'])).toEqual([
      '/run/jslc-secrets',
      '/run/jslc-secrets/0-secret',
      '/workspace',
      '/workspace/Jenkinsfile',
    ]);
  });
});

describe('jcasc.ts: trusted and untrusted registration', () => {
  test('trusted → unclassified.globalLibraries, untrusted → unclassified.globalUntrustedLibraries (pipeline-groovy-lib class names)', () => {
    expect(LIBRARY_CASC_ROOT).toEqual({ trusted: 'globalLibraries', untrusted: 'globalUntrustedLibraries' });
    const trusted = jcascPlan([{ name: 'go-cd', defaultVersion: 'v1' }]).yaml;
    const untrusted = jcascPlan([{ name: 'go-cd', defaultVersion: 'v1' }], {}, 'untrusted').yaml;
    expect(trusted).toContain('unclassified:\n  globalLibraries:\n    libraries:\n      - name: "go-cd"\n');
    expect(untrusted).toContain('unclassified:\n  globalUntrustedLibraries:\n    libraries:\n      - name: "go-cd"\n');
    // The library entry itself (LibraryConfiguration + modernSCM git) is the same either way.
    expect(untrusted.replace('globalUntrustedLibraries', 'globalLibraries')).toBe(trusted);
    expect(() => jcascPlan([{ name: 'x' }], {}, 'sandboxed' as 'trusted')).toThrow(/library trust must be trusted or untrusted, got "sandboxed"/);
  });

  test('the runner refuses a trust that is neither', () => {
    expect(() => new JenkinsfileRunner({ libraryTrust: 'half' as 'trusted', env: {} })).toThrow(/libraryTrust must be trusted or untrusted/);
  });
});

describe('parameters and the run directory', () => {
  test('parameters are passed as JFR passes them: -a/--arg key=value, every value a string (params.SIGN == "false" is truthy)', () => {
    const args = launcherArgs({ params: { SIGN: 'false', VERSION: '1.2.3', EXPR: 'a=b=c', EMPTY: '' } });
    expect(args).toEqual([
      '--runHome',
      '/jslc/home',
      '--job-name',
      'job',
      '--build-number',
      '1',
      '--keep-undefined-parameters',
      '--arg',
      'EMPTY=',
      '--arg',
      'EXPR=a=b=c',
      '--arg',
      'SIGN=false',
      '--arg',
      'VERSION=1.2.3',
    ]);
  });

  test("variables the image's launcher reads are refused in the build environment, with the reason", () => {
    const plan = { image: 'i', workspace: '/srv/b/ws', libraries: [], dockerSocket: null };
    expect(() => containerOptions({ ...plan, env: { DEBUG: '1' } })).toThrow(
      'environment variable DEBUG cannot be set with the jenkinsfile-runner backend: the launcher then starts the JVM with -agentlib:jdwp=…,suspend=y: the build waits for a debugger until the timeout. Give the build another name for it.',
    );
    expect(() => containerOptions({ ...plan, env: { JENKINSFILE_PATH: '/x' } })).toThrow(/runs that file instead of the Jenkinsfile/);
    expect(() => containerOptions({ ...plan, env: { FORCE_JENKINS_CLI: '1' } })).toThrow(/interactive CLI/);
    expect(containerOptions({ ...plan, env: { DEBUG_BUILD: '1' } }).Env).toContain('DEBUG_BUILD=1');
  });

  test('the run directory (the workspace parent) is mounted; shared parents are refused with the fix', () => {
    const o = containerOptions({ image: 'i', workspace: '/srv/build-7/ws', libraries: [], dockerSocket: null });
    expect(o.HostConfig?.Binds).toEqual(['/srv/build-7:/srv/build-7']);
    expect(o.Env).toContain(
      'JAVA_OPTS=-Dhudson.plugins.git.GitSCM.ALLOW_LOCAL_CHECKOUT=true -Dorg.jenkinsci.plugins.workflow.cps.DSL.UNSAFE_GROOVY_INTERPOLATION=fail -Djenkins.model.Jenkins.workspacesDir=/srv/build-7/ws',
    );
    const env = { home: '/home/me', tmp: '/tmp' };
    expect(() => checkRunDirectory('/srv/build-7/ws', env)).not.toThrow();
    expect(() => checkRunDirectory('/tmp/ws', env)).toThrow(
      "jenkinsfile-runner: the workspace's parent directory /tmp is mounted into the container (so Jenkins' /tmp/ws@tmp and /tmp/ws@2 workspaces are shared with agent containers), and it is a shared directory. Give a workspace inside a directory of its own, e.g. /tmp/jslc-run/workspace.",
    );
    expect(() => checkRunDirectory('/home/me/ws', env)).toThrow(/parent directory \/home\/me is mounted/);
    expect(() => checkRunDirectory('/ws', env)).toThrow(/parent directory \/ is mounted/);
  });
});
