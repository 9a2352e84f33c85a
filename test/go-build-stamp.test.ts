/**
 * Honest build info (issue 15, item 5), with the real `go` and `git`: the generated git-exclude.sh lists what jslc
 * writes into the work tree (reports, .jslc/, binaries) in .git/info/exclude, so Go stamps vcs.modified=false and
 * the checked-out revision into every binary; go-build.sh sets the -X stamps from the commit (hash, time in UTC)
 * and the build's Jenkins variables, and refuses a value -ldflags cannot carry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { script } from '../src/emit/resources/assets.js';
import { RUNTIME_VALUES } from '../src/ir/runtime.js';
import { onPath, whenTool } from './support/tools.js';

const go = onPath('go');
const itGo = whenTool('go and git', go && onPath('git') ? go : undefined);

let dir = '';
let service = '';
let env: NodeJS.ProcessEnv = {};

const git = (...args: string[]) => execFileSync('git', ['-C', service, ...args], { encoding: 'utf8', env }).trim();

/** The environment list a step var builds for one list (jslcSupport.addListEnv). */
function listEnv(name: string, values: readonly string[]): Record<string, string> {
  return Object.fromEntries([[`JSLC_${name}_COUNT`, String(values.length)], ...values.map((v, i) => [`JSLC_${name}_${i}`, v])]);
}

function run(name: 'git-exclude.sh' | 'go-build.sh', extra: Record<string, string>, cwd = service) {
  const file = join(dir, name);
  writeFileSync(file, script(name));
  return spawnSync('sh', [file], { cwd, env: { ...env, ...extra }, encoding: 'utf8' });
}

function build(output: string, stamps: readonly string[], extra: Record<string, string> = {}) {
  return run('go-build.sh', {
    ...listEnv('LDFLAGS', ['-s', '-w']),
    ...listEnv('STAMP', stamps),
    JSLC_VERSION_VAR: 'main.version',
    JSLC_GOOS: 'linux',
    JSLC_GOARCH: 'amd64',
    JSLC_OUTPUT: output,
    JSLC_PACKAGE: '.',
    JSLC_STATIC: 'true',
    JSLC_TRIMPATH: 'true',
    JSLC_TAGS: '',
    ...extra,
  });
}

beforeAll(() => {
  if (!go) return;
  dir = mkdtempSync(join(tmpdir(), 'jslc-stamp-'));
  service = join(dir, 'service');
  cpSync('fixtures/go-service', service, { recursive: true });
  env = {
    PATH: process.env['PATH'],
    HOME: dir,
    GOCACHE: join(dir, 'cache', 'build'),
    GOMODCACHE: join(dir, 'cache', 'mod'),
    GOTMPDIR: join(dir, 'cache', 'tmp'),
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=readonly',
    GOPROXY: 'https://proxy.golang.org,direct',
    GIT_AUTHOR_NAME: 'jslc',
    GIT_AUTHOR_EMAIL: 'jslc@example.com',
    GIT_COMMITTER_NAME: 'jslc',
    GIT_COMMITTER_EMAIL: 'jslc@example.com',
    // A commit time in another zone: the stamp is its UTC form.
    GIT_COMMITTER_DATE: '2026-11-30T10:15:02+01:00',
    GIT_AUTHOR_DATE: '2026-11-30T10:15:02+01:00',
  };
  for (const d of ['build', 'mod', 'tmp']) mkdirSync(join(dir, 'cache', d), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  git('tag', 'v1.2.3');
}, 120_000);

afterAll(() => {
  if (!dir) return;
  spawnSync('chmod', ['-R', 'u+w', dir]);
  rmSync(dir, { recursive: true, force: true });
});

itGo(
  'files jslc wrote are excluded: the binary is stamped with HEAD, unmodified, and the commit stamps',
  () => {
    // What the steps before a build leave in the work tree: a report, a coverage profile, .jslc/, a sibling binary.
    const written = ['report.xml', 'coverage.out', '.jslc/', 'bin/app-linux-arm64', 'bin/app-linux-amd64'];
    for (const f of ['report.xml', 'coverage.out', '.jslc/go-junit/main.go', 'bin/app-linux-arm64']) {
      mkdirSync(join(service, f, '..'), { recursive: true });
      writeFileSync(join(service, f), 'x');
    }
    expect(git('status', '--porcelain')).not.toBe('');
    const ex = run('git-exclude.sh', listEnv('EXCLUDE', written));
    expect(ex.stderr).toBe('');
    expect(ex.status).toBe(0);
    expect(git('status', '--porcelain')).toBe('');
    // Anchored, one line per path, and a second run adds nothing.
    expect(run('git-exclude.sh', listEnv('EXCLUDE', written)).status).toBe(0);
    const lines = readFileSync(join(service, '.git', 'info', 'exclude'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('/'));
    expect(lines).toEqual(written.map((w) => `/${w}`));

    const r = build('bin/app-linux-amd64', ['main.commit=commit', 'main.commitDate=commitDate', 'main.build=env:BUILD_NUMBER'], { BUILD_NUMBER: '42' });
    expect(r.stderr + r.stdout).toContain('built bin/app-linux-amd64 for linux/amd64, version v1.2.3');
    expect(r.status).toBe(0);
    const bin = join(service, 'bin', 'app-linux-amd64');
    const info = execFileSync('go', ['version', '-m', bin], { encoding: 'utf8', env });
    expect(info).toMatch(new RegExp(`\\bvcs\\.revision=${git('rev-parse', 'HEAD')}\\b`));
    expect(info).toMatch(/\bvcs\.modified=false\b/);
    expect(execFileSync(bin, ['-commit'], { encoding: 'utf8' }).trim()).toBe(`${git('rev-parse', 'HEAD')} 2026-11-30T09:15:02Z`);
    expect(execFileSync(bin, ['-version'], { encoding: 'utf8' }).trim()).toBe('go-service v1.2.3');
    // go version -m omits -ldflags under -trimpath; the -commit output above is the stamps' proof (main.build, which
    // the fixture does not declare, is ignored by the linker, as -X does).
  },
  300_000,
);

itGo('a path with gitignore wildcards is excluded literally, relative to the current directory', () => {
  mkdirSync(join(service, 'sub'), { recursive: true });
  writeFileSync(join(service, 'sub', 'a*b.txt'), 'x');
  writeFileSync(join(service, 'sub', 'aXb.txt'), 'x');
  expect(run('git-exclude.sh', listEnv('EXCLUDE', ['a*b.txt']), join(service, 'sub')).status).toBe(0);
  // The literal file is ignored; the one the wildcard would also match is not.
  expect(git('status', '--porcelain', '--untracked-files=all')).toBe('?? sub/aXb.txt');
  rmSync(join(service, 'sub'), { recursive: true, force: true });
});

itGo('outside a git work tree there is nothing to exclude', () => {
  const plain = mkdtempSync(join(dir, 'plain-'));
  const r = run('git-exclude.sh', { ...listEnv('EXCLUDE', ['x']), GIT_CEILING_DIRECTORIES: dir }, plain);
  expect(r.status).toBe(0);
});

itGo('a stamp value -ldflags cannot carry, or an unknown one, fails the build with the reason', () => {
  const spaced = build('bin/spaced', ['main.job=env:JOB_NAME'], { JOB_NAME: 'team folder/app' });
  expect(spaced.status).toBe(2);
  expect(spaced.stderr).toContain('goBuild: stamp main.job: the value contains a space, quote or backslash, which -ldflags cannot carry');
  const unknown = build('bin/unknown', ['main.secret=env:REGISTRY_PASSWORD'], { REGISTRY_PASSWORD: 'hunter22' });
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('goBuild: stamp main.secret=env:REGISTRY_PASSWORD: unknown value env:REGISTRY_PASSWORD');
  expect(unknown.stderr + unknown.stdout).not.toContain('hunter22');
});

test('go-build.sh reads exactly the Jenkins variables of runtime.* (RUNTIME_VALUES)', () => {
  const read = [...script('go-build.sh').matchAll(/^\s+env:([A-Z_]+)\) value=\$\{\1:-\} ;;$/gm)].map((m) => m[1]).sort();
  expect(read).toEqual(Object.values(RUNTIME_VALUES).sort());
});
