/**
 * The local executor (runner/executor/): runs a Jenkinsfile with a shared library under the real groovy-cps 1.31
 * engine. Conformance tests, each a small Jenkinsfile (and library) under fixtures/executor/:
 *
 * - post conditions run in Jenkins' fixed order whatever the source order;
 * - after a failing stage later stages are skipped, post failure runs, exit code 2;
 * - junit failures make the build UNSTABLE (exit code 1);
 * - parallel branches run at the same time; failFast aborts the other branches;
 * - when conditions (branch, tag, buildingTag, changeRequest, environment, expression, allOf/anyOf/not, nested stages);
 * - withCredentials masks secrets in the log, and the audit file shows them only in processes' environments;
 * - a generated library var (vars-out/) rejects an unknown key with its own jslcSupport.checkArgs message;
 * - @Library('go-cd@v1') _ loads the library as tagged v1, @Library('go-cd@v2') _ as tagged v2;
 * - docker and kubernetes agents run their steps in a container on the host's Docker engine (needs Docker and
 *   Debian's busybox-static, from which the test builds a FROM-scratch image; .ci/run installs both).
 *
 * The jar is built (once, cached by a hash of runner/executor/pom.xml + src/**) by scripts/build-executor.sh, which
 * needs Java 17, Maven and Maven Central.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures', 'executor');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');

const tools = javaHome() && onPath('mvn') && onPath('git') ? { java: javaHome() } : undefined;
const it = whenTool('Java 17, Maven and git (to build and test runner/executor/target/jslc-executor.jar)', tools);

let tmp = '';
let goLib = '';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=jslc-test', '-c', 'user.email=test@jslc.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

beforeAll(() => {
  if (!tools) return;
  // Cached: a no-op unless runner/executor/pom.xml or runner/executor/src/** changed since the last build.
  execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  tmp = mkdtempSync(join(tmpdir(), 'jslc-executor-test-'));
  // The generated library vars-out/ in a git repository, tagged v1, then v2 (which only changes libVersion).
  goLib = join(tmp, 'go-cd');
  cpSync(join(ROOT, 'vars-out'), goLib, { recursive: true });
  const tpl = readFileSync(join(FIXTURES, 'library-version', 'libVersion.groovy.tpl'), 'utf8');
  git(tmp, 'init', '-q', goLib);
  for (const v of ['v1', 'v2']) {
    writeFileSync(join(goLib, 'vars', 'libVersion.groovy'), tpl.replace('VERSION', v));
    git(goLib, 'add', '-A');
    git(goLib, 'commit', '-q', '-m', v);
    git(goLib, 'tag', v);
  }
  // HEAD moves on: a pinned version must not see this.
  writeFileSync(join(goLib, 'vars', 'libVersion.groovy'), tpl.replace('VERSION', 'head'));
  git(goLib, 'commit', '-q', '-am', 'head');
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  log: string;
  ms: number;
  workspace: string;
}

let runCount = 0;

/** Runs the executor on a fixture Jenkinsfile with a fresh workspace. */
function execute(jenkinsfile: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Run {
  const workspace = join(tmp, `ws-${++runCount}`, 'workspace');
  const start = Date.now();
  const r = spawnSync(
    join(tools!.java!, 'bin', 'java'),
    ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', JAR, '--workspace', workspace, ...extra, join(FIXTURES, jenkinsfile)],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } },
  );
  const ms = Date.now() - start;
  const log = r.stdout + r.stderr;
  return { code: r.status, log, ms, workspace };
}

/** The lines of `log` that contain one of `markers`, in log order (each line reduced to the marker it holds). */
function markers(log: string, re: RegExp): string[] {
  return log.split('\n').flatMap((l) => {
    const m = re.exec(l);
    return m ? [m[0]] : [];
  });
}

describe('jslc executor (groovy-cps 1.31)', () => {
  it('runs post conditions in Jenkins order whatever the source order, with library vars as steps and objects', () => {
    const r = execute('post-order/Jenkinsfile', ['--library', `basic=${join(FIXTURES, 'lib-basic')}`]);
    expect(r.code).toBe(0);
    expect(r.log).toContain('Hello, world.');
    expect(r.log).toContain('LOUD!');
    // A first build (no --previous-result) is "inherently changed" (pipeline-model-definition's Changed.groovy).
    expect(markers(r.log, /POST [a-z ]+/)).toEqual([
      'POST stage always',
      'POST stage success',
      'POST stage cleanup',
      'POST always',
      'POST changed',
      'POST success',
      'POST cleanup',
    ]);
    expect(r.log).toContain('[Pipeline] { (Declarative: Post Actions)');
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);

    // With a failed previous build, changed and fixed match too (still in Jenkins' order).
    const fixed = execute('post-order/Jenkinsfile', ['--library', `basic=${join(FIXTURES, 'lib-basic')}`, '--previous-result', 'FAILURE']);
    expect(markers(fixed.log, /POST (?!stage)[a-z]+/)).toEqual(['POST always', 'POST changed', 'POST fixed', 'POST success', 'POST cleanup']);
  });

  it('skips later stages after a failure, runs post failure and exits 2', () => {
    const r = execute('skip-after-failure/Jenkinsfile');
    expect(r.code).toBe(2);
    expect(r.log).toContain('first ran');
    expect(r.log).toContain('+ exit 7');
    expect(r.log).toContain('Stage "Later" skipped due to earlier failure(s)');
    expect(r.log).not.toContain('LATER RAN');
    expect(markers(r.log, /POST [a-z ]+/)).toEqual(['POST stage failure', 'POST always', 'POST failure']);
    expect(r.log).toContain('ERROR: script returned exit code 7');
    expect(r.log).toMatch(/Finished: FAILURE\s*$/);
  });

  it('writes one JSON line per stage to JSLC_STAGES_FILE as each stage ends', () => {
    const file = join(tmp, 'stages-fail-fast.jsonl');
    const r = execute('fail-fast/Jenkinsfile', [], { JSLC_STAGES_FILE: file });
    expect(r.code).toBe(2);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; parents: string[]; status: string; startMs: number; durationMs: number });
    // Inner stages end first; parallel branches are stages (as in Jenkins); failFast stops the others (aborted).
    const byName = Object.fromEntries(lines.map((l) => [l.name, l]));
    // The pipeline's post runs in its synthetic stage, a stage too (as Jenkins shows it).
    expect(Object.keys(byName).sort()).toEqual(['Both', 'Declarative: Post Actions', 'Fails', 'First', 'Never', 'Second', 'Sequence', 'Slow']);
    expect(byName['Declarative: Post Actions']).toMatchObject({ parents: [], status: 'success' });
    expect(byName['Fails']).toMatchObject({ parents: ['Both'], status: 'failed' });
    expect(byName['Slow']).toMatchObject({ parents: ['Both'], status: 'aborted' });
    expect(byName['First']).toMatchObject({ parents: ['Both', 'Sequence'], status: 'aborted' });
    expect(byName['Second']).toMatchObject({ parents: ['Both', 'Sequence'], status: 'skipped-after-failure' });
    expect(byName['Both']).toMatchObject({ parents: [], status: 'failed' });
    expect(byName['Never']).toMatchObject({ parents: [], status: 'skipped-after-failure' });
    for (const l of lines) {
      expect(Number.isInteger(l.startMs) && l.startMs > 1_600_000_000_000).toBe(true);
      expect(Number.isInteger(l.durationMs) && l.durationMs >= 0).toBe(true);
    }
    expect(lines.map((l) => l.name).indexOf('Both')).toBeGreaterThan(lines.map((l) => l.name).indexOf('Fails'));
  });

  it('marks the build UNSTABLE on junit failures and exits 1', () => {
    const r = execute('unstable/Jenkinsfile');
    expect(r.code).toBe(1);
    expect(r.log).toContain('Tests: 3, failures: 1, skipped: 0');
    expect(r.log).toContain('AFTER RAN');
    expect(markers(r.log, /POST [a-z ]+/)).toEqual(['POST unstable']);
    expect(r.log).toMatch(/Finished: UNSTABLE\s*$/);
  });

  it('runs parallel branches at the same time', () => {
    const r = execute('parallel/Jenkinsfile');
    expect(r.code).toBe(0);
    expect(r.log).toContain('[Left] left done');
    expect(r.log).toContain('[Right] right done');
    // Each branch sleeps 2 s; the Jenkinsfile measures the stage between them: well under 2 x 2 s.
    const took = Number(/parallel took (\d+) ms/.exec(r.log)?.[1]);
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(1.8 * 2000);
  });

  it('aborts the other branches with failFast and skips later stages', () => {
    const r = execute('fail-fast/Jenkinsfile');
    expect(r.code).toBe(2);
    expect(r.log).toContain('[Slow] ERROR: Failed in branch Fails');
    expect(r.log).not.toContain('SLOW FINISHED');
    // A sequence of stages in a branch is stopped too, and the build is FAILURE (exit 2), not ABORTED (JENKINS-55459).
    expect(r.log).not.toContain('FIRST FINISHED');
    expect(r.log).toContain('Stage "Second" skipped due to earlier failure(s)');
    expect(r.log).toMatch(/Finished: FAILURE\s*$/);
    expect(r.log).toContain('Stage "Never" skipped due to earlier failure(s)');
    expect(r.log).toContain('POST failure');
    // The slow branch sleeps 20 s; failFast kills it after about 1 s.
    expect(r.ms).toBeLessThan(15_000);
  });

  it('evaluates when conditions', () => {
    const onMain = execute('when/Jenkinsfile', ['--env', 'BRANCH_NAME=main', '--param', 'FLAG=yes']);
    expect(onMain.code).toBe(0);
    expect(markers(onMain.log, /RAN \w+/)).toEqual(['RAN OnMain', 'RAN OnEnv', 'RAN OnExpression', 'RAN AllOf', 'RAN Inner2']);
    expect(onMain.log).toContain('Stage "OnRelease" skipped due to when conditional');

    const onTag = execute('when/Jenkinsfile', ['--env', 'BRANCH_NAME=release/1.x', '--env', 'TAG_NAME=v1.2.0', '--param', 'FLAG=no']);
    expect(onTag.code).toBe(0);
    expect(markers(onTag.log, /RAN \w+/)).toEqual(['RAN OnRelease', 'RAN OnTag', 'RAN OnTagPattern', 'RAN OnEnv', 'RAN Inner', 'RAN Inner2']);

    const onPr = execute('when/Jenkinsfile', ['--env', 'BRANCH_NAME=PR-7', '--env', 'CHANGE_ID=7']);
    expect(markers(onPr.log, /RAN \w+/)).toEqual(['RAN OnPR', 'RAN OnEnv', 'RAN Inner', 'RAN Inner2']);
  });

  it('masks credentials in the log and passes them to processes only through the environment', () => {
    const audit = join(tmp, 'audit.jsonl');
    const r = execute('credentials/Jenkinsfile', ['--credentials', join(FIXTURES, 'credentials', 'credentials.json'), '--audit', audit]);
    expect(r.code).toBe(0);
    const secrets = ['s3cr3t-T0KEN-value', 'pa55-W0RD-value', 'ph-R4SE-value'];
    for (const s of secrets) expect(r.log).not.toContain(s);
    expect(r.log).toContain('token is ****');
    expect(r.log).toContain('user deployer pass ****');
    expect(r.log).toContain('registry psw ****');
    expect(r.log).toContain('ssh git ****');
    expect(r.log).toContain('after: unset');

    const records = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; argv: string[]; env: Record<string, string>; cwd: string });
    expect(records.map((x) => x.step)).toEqual(['sh', 'sh', 'sh', 'sh']);
    for (const rec of records) {
      for (const s of secrets) expect(rec.argv.join('\n')).not.toContain(s);
      // The environment credential is bound for the whole pipeline.
      expect(rec.env['REGISTRY_PSW']).toBe('pa55-W0RD-value');
      expect(rec.env['REGISTRY']).toBe('deployer:pa55-W0RD-value');
    }
    expect(records[0]!.env['TOKEN']).toBe('s3cr3t-T0KEN-value');
    expect(records[0]!.env['P']).toBe('pa55-W0RD-value');
    expect(records[2]!.env['SSH_PASS']).toBe('ph-R4SE-value');
    expect(records[3]!.env['TOKEN']).toBeUndefined();
    expect(records[3]!.env['SSH_PASS']).toBeUndefined();
  });

  it('fails a generated library var called with an unknown key with its own checkArgs message', () => {
    const r = execute('check-args/Jenkinsfile', ['--library', `go-cd=${goLib}`]);
    expect(r.code).toBe(2);
    expect(r.log).toContain('hello from runCommand $NOT_EXPANDED');
    expect(r.log).toContain('ERROR: goVet: unknown parameter(s) bogus; allowed: packages, trimpath');
    expect(r.log).toMatch(/Finished: FAILURE\s*$/);
  });

  it('refuses containerImage phase push without credentials, and in a workspace where no image was built', () => {
    const r = execute('image-phase/Jenkinsfile', ['--library', `go-cd=${goLib}`, '--credentials', join(FIXTURES, 'image-phase', 'credentials.json')]);
    expect(r.code).toBe(2);
    expect(r.log).toContain('caught: containerImage: phase push needs pushCredentialsId (username/password credentials for the registry)');
    expect(r.log).toContain('no image was built in this workspace (.jslc/image-refs.txt is missing): run containerImage with phase build (or all) first');
    expect(r.log).not.toContain('pu5h-S3CRET');
  });

  it("loads the library version that @Library('go-cd@vN') _ names", () => {
    const v1 = execute('library-version/Jenkinsfile.v1', ['--library', `go-cd=${goLib}`]);
    const v2 = execute('library-version/Jenkinsfile.v2', ['--library', `go-cd=${goLib}`]);
    expect(v1.code).toBe(0);
    expect(v2.code).toBe(0);
    expect(v1.log).toContain('library version: v1');
    expect(v2.log).toContain('library version: v2');
    // Without a version, --library-version is the default; without either, the working tree is used.
    const dflt = execute('library-version/Jenkinsfile.default', ['--library', `go-cd=${goLib}`, '--library-version', 'v1']);
    expect(dflt.log).toContain('library version: v1');
    const head = execute('library-version/Jenkinsfile.default', ['--library', `go-cd=${goLib}`]);
    expect(head.log).toContain('library version: head');
  });

  it('runs scripted steps under CPS: sh options, shebang scripts, env, dir, retry, sleep, stash, archiveArtifacts', () => {
    const r = execute('scripted/Jenkinsfile');
    expect(r.code).toBe(0);
    expect(r.log).toContain('+ echo from-sh');
    expect(r.log).toContain('captured=[captured]');
    expect(r.log).toContain('status=3');
    expect(r.log).toContain('bash says hi');
    expect(r.log).toContain('env.FOO=bar in GString');
    expect(r.log).toContain('global=set-by-env');
    expect(r.log).toContain('in sub: sub');
    expect(r.log).toContain('attempts=2');
    expect(r.log).toContain('each-a\n');
    expect(r.log).toContain('each-b\n');
    expect(r.log).toContain('key-k1\n');
    expect(r.log).toContain('unstashed: payload');
    expect(r.log).toContain('noncps=6');
    expect(r.log).toContain('slept=true');
    expect(readFileSync(join(r.workspace, '..', 'artifacts', 'out', 'a.txt'), 'utf8')).toBe('payload');
  });

  it('aborts on an options timeout (exit 4) and runs post aborted', () => {
    const r = execute('timeout/Jenkinsfile');
    expect(r.code).toBe(4);
    expect(r.log).toContain('Timeout has been exceeded');
    expect(markers(r.log, /POST [a-z ]+/)).toEqual(['POST aborted']);
    expect(r.log).toMatch(/Finished: ABORTED\s*$/);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('checks the arguments of a generated pipeline var before its agent', () => {
    const bad = execute('service-pipeline/Jenkinsfile.bad', ['--library', `go-cd=${goLib}`, '--library-version', 'v1']);
    expect(bad.code).toBe(2);
    expect(bad.log).toContain('ERROR: goServicePipeline: parameter image is required (string)');
  });

  it('checks out scm and git repositories from local paths', () => {
    const repo = join(tmp, 'src-repo');
    git(tmp, 'init', '-q', '-b', 'main', repo);
    writeFileSync(join(repo, 'README.txt'), 'readme of src\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'src');
    const r = execute('checkout/Jenkinsfile', ['--scm', `file://${repo}`, '--env', `OTHER_REPO=${repo}`]);
    expect(r.code).toBe(0);
    expect(r.log).toContain('+ cat README.txt\nreadme of src');
    expect(r.log).toContain('other: readme of src');
    // With an SCM, Declarative checks it out first (no skipDefaultCheckout here).
    expect(r.log).toContain('[Pipeline] { (Declarative: Checkout SCM)');
  });

  it('evaluates environment in order (env.X of earlier entries), parameters defaults and options', () => {
    const r = execute('environment/Jenkinsfile', ['--param', 'COLOR=blue']);
    expect(r.code).toBe(0);
    expect(r.log).toContain('A=alpha B=alpha-beta C=alpha-gamma D=alpha-beta-delta');
    expect(r.log).toContain('params: hi true blue env: hi');
    expect(r.log).toContain('LOUD is a boolean true');
  });

  it('fails like Jenkins when a non-serializable local lives across a step, and on unknown steps', () => {
    const r = execute('not-serializable/Jenkinsfile');
    expect(r.code).toBe(2);
    expect(r.log).toContain('nonCPS: hello');
    expect(r.log).toContain('java.io.NotSerializableException: java.util.regex.Matcher');
    expect(r.log).not.toContain('NOT REACHED');
    const u = execute('unknown-step/Jenkinsfile');
    expect(u.code).toBe(2);
    expect(u.log).toContain("java.lang.NoSuchMethodError: No such DSL method 'fooBar' found among steps");
  });
});

const BUSYBOX = '/bin/busybox';
const docker = onPath('docker') && existsSync(BUSYBOX) && dockerRuns() ? 'docker' : undefined;
const itDocker = whenTool('a running Docker engine and /bin/busybox (Debian busybox-static)', docker);

function dockerRuns(): boolean {
  return spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
}

describe('jslc executor container agents', () => {
  itDocker(
    'runs docker and kubernetes agents in containers, with env by name and secrets masked',
    () => {
      // A FROM-scratch image with a static busybox: no registry needed.
      const ctx = join(tmp, 'busybox-image');
      mkdirSync(ctx, { recursive: true });
      cpSync(BUSYBOX, join(ctx, 'busybox'));
      writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n');
      execFileSync('docker', ['build', '-q', '-t', 'jslc-test-busybox:agents', ctx], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      const cache = join(tmp, 'pod-cache');
      const creds = join(tmp, 'agent-creds.json');
      writeFileSync(
        creds,
        JSON.stringify({
          token: { type: 'string', secret: 's3cr3t-t0ken' },
          keyfile: { type: 'file', fileName: 'key.txt', content: 'file-content' },
        }),
      );
      const audit = join(tmp, 'agents-audit.jsonl');
      const r = execute('container-agents/Jenkinsfile', [
        '--agent-image',
        'golang:9.9-test=jslc-test-busybox:agents',
        '--credentials',
        creds,
        '--env',
        `CACHE_DIR=${cache}`,
        '--audit',
        audit,
      ]);
      expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
      expect(r.code).toBe(0);
      expect(r.log).toContain('Image golang:9.9-test substituted by jslc-test-busybox:agents (--agent-image)');
      expect(r.log).toContain(`in container: a b yes ${r.workspace}`);
      expect(r.log).toContain('token length 12: ****');
      expect(r.log).not.toContain('s3cr3t-t0ken');
      // The secret file lies under WORKSPACE@tmp, mounted into the container.
      expect(r.log).toContain('file: file-content');
      // The pod has its own workspace, at the kubernetes plugin's /home/jenkins/agent.
      expect(r.log).toContain('in pod: from pod /home/jenkins/agent/workspace/jslc-local');
      expect(r.log).toContain('pod workspace is its own');
      expect(readFileSync(join(cache, 'entry'), 'utf8')).toBe('cached\n');
      expect(r.log).toContain('post in container: made');
      // Every container the build started is gone: the docker agent's, the pod's jnlp and go containers.
      const ids = [...r.log.matchAll(/^\$ docker (?:stop --time=1|rm -f --volumes) ([0-9a-f]{64})$/gm)].map((m) => m[1]!);
      expect(new Set(ids).size).toBe(3);
      for (const id of ids) {
        expect(spawnSync('docker', ['inspect', id], { encoding: 'utf8' }).status).not.toBe(0);
      }
      // No value crosses a command line: docker exec gets environment names only.
      const lines = readFileSync(audit, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { step: string; argv: string[] });
      const execs = lines.filter((l) => l.step === 'sh');
      expect(execs.length).toBeGreaterThanOrEqual(4);
      for (const l of execs) {
        expect(l.argv.slice(0, 2)).toEqual(['docker', 'exec']);
        expect(l.argv.join(' ')).not.toContain('s3cr3t-t0ken');
      }
      expect(execs.filter((l) => l.argv.includes('TOKEN'))).toHaveLength(1);
    },
    300_000,
  );
});
