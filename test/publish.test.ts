/**
 * Publishing (issue 6): jslc-api.json, the API diff and its semver classes, and `jslc publish` end to end into real
 * git repositories: two successive releases, a breaking change under a minor bump refused with the diff printed,
 * `--dry-run` and every refusal changing nothing, and, with Docker, a Jenkinsfile pinned to the first release
 * still running the first while another runs the second (local runner, library from the bare repository's tags).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffApi, formatApiDiff, requiredBump } from '../src/library/api-diff.js';
import { parseApi, type LibraryApi } from '../src/library/api.js';
import { bumpBetween, compareSemver, parseSemver } from '../src/library/semver.js';
import { connectDocker, dockerAvailable } from '../src/runner/image/docker.js';
import { ensureRunnerImage } from '../src/runner/image/build.js';
import { LocalRunner } from '../src/runner/local/runner.js';
import { javaHome, onPath, whenTool } from './support/tools.js';

/** stderr without the progress lines of verify (per check) and publish (per step). */
const withoutProgress = (s: string): string =>
  s.replace(/^jslc (verify: [a-z]+: \d+ files?, \d+ finding\(s\) in \d+\.\d s|publish: [a-z-]+ in \d+\.\d s)\n/gm, '');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JSLC = join(ROOT, 'bin', 'jslc.js');

const api = (vars: LibraryApi['vars']): LibraryApi => ({ apiVersion: 1, library: 'l', vars });
const p = (name: string, type: 'string' | 'boolean' | 'list' = 'string', required = false, dflt: unknown = null) => ({ name, type, required, default: dflt });

describe('API diff', () => {
  const base = api([{ name: 'build', kind: 'step', params: [p('os', 'string', true), p('race', 'boolean', false, true)] }]);

  test('classifies every kind of change by the release it needs', () => {
    const after = api([
      { name: 'build', kind: 'step', params: [p('os', 'list', false), p('tags', 'list', true)] },
      { name: 'deploy', kind: 'pipeline', params: [] },
    ]);
    const changes = diffApi(base, after);
    expect(formatApiDiff(changes)).toBe(
      [
        'major  build.os: type changed from string to list',
        'minor  build.os: parameter became optional',
        'major  build.race: parameter removed (callers passing race now fail)',
        'major  build.tags: required parameter added (existing calls lack it)',
        'minor  deploy: pipeline var added',
      ].join('\n'),
    );
    expect(requiredBump(changes)).toBe('major');
    expect(requiredBump(diffApi(base, base))).toBe('patch');
    expect(formatApiDiff(diffApi(base, base))).toBe('no API changes');
    const minor = api([{ name: 'build', kind: 'step', params: [p('os', 'string', true), p('race', 'boolean', false, false), p('v', 'boolean')] }]);
    expect(diffApi(base, minor).map((c) => `${c.bump} ${c.path}`)).toEqual(['minor build.race', 'minor build.v']);
    expect(diffApi(base, api([])).map((c) => c.message)).toEqual(['step var removed (Jenkinsfiles calling build now fail)']);
  });

  test('semantic versions: precedence and the bump between two', () => {
    const v = (s: string) => parseSemver(s)!;
    expect(
      ['1.0.0', '1.0.0-rc.1', '0.9.9', '1.0.0-alpha', '1.0.0-rc.10', '1.0.0-rc.2', '2.0.0']
        .map(v)
        .sort(compareSemver)
        .map((x) => x.text),
    ).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-rc.1', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0', '2.0.0']);
    expect(parseSemver('1.2')).toBeUndefined();
    expect(parseSemver('01.2.3')).toBeUndefined();
    expect(parseSemver('v1.2.3')?.text).toBe('1.2.3');
    expect(bumpBetween(v('1.2.3'), v('2.0.0'))).toBe('major');
    expect(bumpBetween(v('1.2.3'), v('1.3.0'))).toBe('minor');
    expect(bumpBetween(v('1.2.3'), v('1.2.4'))).toBe('patch');
    expect(bumpBetween(v('0.2.3'), v('0.3.0'))).toBe('major');
  });

  test('every generated library carries its API: vars-out/jslc-api.json', () => {
    const a = parseApi(readFileSync(join(ROOT, 'vars-out', 'jslc-api.json'), 'utf8'), 'vars-out');
    expect(a.library).toBe('go-cd');
    const pipeline = a.vars.find((x) => x.name === 'goServicePipeline')!;
    expect(pipeline.kind).toBe('pipeline');
    expect(pipeline.params).toEqual([p('image', 'string', true, null), p('sign', 'boolean', false, true)]);
    expect(a.vars.map((x) => x.name)).not.toContain('jslcSupport');
  });
});

const tools = javaHome() && onPath('mvn') && onPath('git') ? true : undefined;
const it = whenTool('Java 17, Maven and git (jslc publish verifies, then commits and tags)', tools);

describe('jslc publish', () => {
  let tmp = '';
  let bare = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'jslc-publish-test-'));
    bare = join(tmp, 'hello-lib.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function jslc(...args: string[]): { code: number | null; out: string; err: string } {
    const r = spawnSync(process.execPath, [JSLC, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '' }, timeout: 300_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  /** Every ref of the repository with its object: equal before and after means nothing was changed. */
  const refs = (repo: string): string => execFileSync('git', ['-C', repo, 'for-each-ref', '--format=%(refname) %(objectname)'], { encoding: 'utf8' });
  const fixture = (n: string) => join('fixtures', 'publish', n);

  it('publishes two releases; refuses a breaking change under a minor bump with the diff; dry runs and refusals change nothing', () => {
    const first = jslc('publish', fixture('v1.ts'), '--repo', bare, '--version', '1.0.0');
    expect(withoutProgress(first.err)).toBe('');
    expect(first.out).toContain('jslc: published hello-lib v1.0.0 to');
    expect(first.code).toBe(0);
    const afterFirst = refs(bare);
    expect(afterFirst).toMatch(/refs\/heads\/main [0-9a-f]{40}\nrefs\/tags\/v1.0.0 [0-9a-f]{40}\n/);
    expect(execFileSync('git', ['-C', bare, 'cat-file', '-t', 'v1.0.0'], { encoding: 'utf8' }).trim()).toBe('tag');
    expect(execFileSync('git', ['-C', bare, 'log', '-1', '--format=%B', 'v1.0.0'], { encoding: 'utf8' })).toContain(
      'Generated by jslc 0.1.0 from fixtures/publish/v1.ts',
    );

    const breaking = jslc('publish', fixture('v2-breaking.ts'), '--repo', bare, '--version', '1.1.0');
    expect(breaking.code).toBe(1);
    expect(breaking.err).toContain('API changes since v1.0.0:\n  major  hello.loud: parameter removed (callers passing loud now fail)');
    expect(breaking.err).toContain('major  hello.who: parameter removed');
    expect(breaking.err).toContain('jslc publish: v1.1.0 is a minor release after v1.0.0, but the API changes need a major release: publish 2.0.0');
    expect(refs(bare)).toBe(afterFirst);

    const dry = jslc('publish', fixture('v2-minor.ts'), '--repo', bare, '--version', '1.1.0', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('minor  hello.greeting: optional parameter added (default "hello")');
    expect(dry.out).toContain('jslc: dry run: hello-lib v1.1.0 passes every check');
    expect(refs(bare)).toBe(afterFirst);

    for (const [version, message] of [
      ['1.0.0', 'v1.0.0 is already published'],
      ['0.9.0', 'v0.9.0 is not greater than the last release v1.0.0'],
      ['1.1', '--version "1.1" is not a semantic version'],
    ] as const) {
      const r = jslc('publish', fixture('v2-minor.ts'), '--repo', bare, '--version', version);
      expect(r.err).toContain(message);
      expect(r.code).toBe(1);
    }
    expect(refs(bare)).toBe(afterFirst);

    const second = jslc('publish', fixture('v2-minor.ts'), '--repo', bare, '--version', '1.1.0');
    expect(second.code).toBe(0);
    expect(second.out).toContain('jslc: published hello-lib v1.1.0');
    expect(refs(bare)).toMatch(/refs\/tags\/v1.0.0 .*\nrefs\/tags\/v1.1.0 /);
    // One commit per release, on main.
    expect(execFileSync('git', ['-C', bare, 'log', '--format=%s', 'main'], { encoding: 'utf8' })).toBe('hello-lib v1.1.0\nhello-lib v1.0.0\n');
    // The breaking change is fine as a major release.
    const major = jslc('publish', fixture('v2-breaking.ts'), '--repo', bare, '--version', '2.0.0', '--dry-run');
    expect(major.code).toBe(0);
  }, 600_000);

  it('refuses a branch edited by hand since the last release, and updates a non-bare repository in place', () => {
    const work = join(tmp, 'work-lib');
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    expect(jslc('publish', fixture('v1.ts'), '--repo', work, '--version', '0.1.0').code).toBe(0);
    // The pushed release is checked out in the non-bare repository's work tree.
    expect(readFileSync(join(work, 'vars', 'hello.groovy'), 'utf8')).toContain('hello-lib v1 greets');
    writeFileSync(join(work, 'vars', 'hello.groovy'), 'hand edit\n');
    const dirty = jslc('publish', fixture('v2-minor.ts'), '--repo', work, '--version', '0.2.0');
    expect(dirty.code).toBe(1);
    expect(dirty.err).toContain('has uncommitted changes');
    execFileSync('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'hand edit']);
    const edited = jslc('publish', fixture('v2-minor.ts'), '--repo', work, '--version', '0.2.0');
    expect(edited.code).toBe(1);
    expect(edited.err).toContain('branch main of');
    expect(edited.err).toContain('has changes since v0.1.0 that jslc did not publish (vars/hello.groovy)');
  }, 600_000);
});

const docker = connectDocker();
const dockerUp = (await dockerAvailable(docker, 3000)) && tools ? true : undefined;
const itDocker = whenTool('a running Docker engine, Java 17 and git (published releases run in the local runner)', dockerUp);

describe('published releases in Jenkinsfiles', () => {
  itDocker(
    'a Jenkinsfile pinned to @v1.0.0 still runs the first release while one pinned to @v1.1.0 runs the second',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'jslc-publish-run-'));
      try {
        const bare = join(tmp, 'hello-lib.git');
        execFileSync('git', ['init', '-q', '--bare', bare]);
        for (const [f, v] of [
          ['v1.ts', '1.0.0'],
          ['v2-minor.ts', '1.1.0'],
        ]) {
          const r = spawnSync(process.execPath, [JSLC, 'publish', join('fixtures', 'publish', f!), '--repo', bare, '--version', v!], {
            cwd: ROOT,
            encoding: 'utf8',
            env: { ...process.env, CI: '' },
          });
          expect(withoutProgress(r.stderr)).toBe('');
          expect(r.status).toBe(0);
        }
        const { image } = await ensureRunnerImage({ docker });
        const runner = new LocalRunner({ docker, image });
        const logs: Record<string, string> = {};
        for (const v of ['v1.0.0', 'v1.1.0']) {
          const jf = join(tmp, `Jenkinsfile.${v}`);
          writeFileSync(jf, `@Library('hello-lib@${v}') _\n\nhello(who: 'world')\n`);
          const r = await runner.run({ jenkinsfile: jf, libraries: [{ name: 'hello-lib', repository: bare }], timeoutMs: 300_000 });
          expect(r.result).toBe('SUCCESS');
          logs[v] = r.log;
        }
        expect(logs['v1.0.0']).toContain('hello-lib v1 greets world');
        expect(logs['v1.0.0']).not.toContain('hello-lib v2');
        expect(logs['v1.1.0']).toContain('hello-lib v2 hello world');
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
