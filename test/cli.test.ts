import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listFiles } from '../src/library/writer.js';

const JSLC = join(process.cwd(), 'bin', 'jslc.js');

function jslc(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [JSLC, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** sha256 over every path and content of a tree. */
function treeHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of listFiles(dir))
    h.update(f)
      .update('\0')
      .update(readFileSync(join(dir, f)))
      .update('\0');
  return h.digest('hex');
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jslc-cli-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('build writes exactly the committed vars-out/ and check agrees', () => {
  const out = join(tmp, 'lib');
  const r = jslc(['build', 'examples/go-service.pipeline.ts', '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^jslc: wrote \d+ files to /);
  expect(treeHash(out)).toBe(treeHash('vars-out'));
  expect(jslc(['check', 'examples/go-service.pipeline.ts', '--out', 'vars-out']).status).toBe(0);
});

test('build from another working directory, time zone and locale gives a byte-identical tree', () => {
  const out = join(tmp, 'lib');
  const r = jslc(['build', join(process.cwd(), 'examples/go-service.pipeline.ts'), '--out', out], tmpdir(), {
    TZ: 'Pacific/Chatham',
    LANG: 'tr_TR.UTF-8',
    LC_ALL: 'tr_TR.UTF-8',
  });
  expect(r.status).toBe(0);
  expect(treeHash(out)).toBe(treeHash('vars-out'));
});

test('check reports changed, missing and stale files with exit 1', () => {
  const out = join(tmp, 'lib');
  cpSync('vars-out', out, { recursive: true });
  writeFileSync(join(out, 'vars/goVet.groovy'), readFileSync(join(out, 'vars/goVet.groovy'), 'utf8').replace('go vet', 'go vet -x'));
  rmSync(join(out, 'vars/goTest.txt'));
  const manifest = JSON.parse(readFileSync(join(out, 'jslc-manifest.json'), 'utf8')) as { files: Record<string, string> };
  manifest.files['vars/oldVar.groovy'] = 'x';
  writeFileSync(join(out, 'jslc-manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(out, 'vars/oldVar.groovy'), 'old');
  const r = jslc(['check', 'examples/go-service.pipeline.ts', '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('missing  vars/goTest.txt');
  expect(r.stderr).toContain('changed  vars/goVet.groovy');
  expect(r.stderr).toContain('stale    vars/oldVar.groovy (no longer generated)');
  const json = JSON.parse(jslc(['check', 'examples/go-service.pipeline.ts', '--out', out, '--json']).stdout) as { ok: boolean; stale: string[] };
  expect(json.ok).toBe(false);
  expect(json.stale).toEqual(['vars/oldVar.groovy']);
});

test('a rebuild deletes files it no longer produces and keeps foreign files', () => {
  const out = join(tmp, 'lib');
  cpSync('vars-out', out, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(out, 'jslc-manifest.json'), 'utf8')) as { files: Record<string, string> };
  manifest.files['vars/oldVar.groovy'] = 'x';
  writeFileSync(join(out, 'jslc-manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(out, 'vars/oldVar.groovy'), 'old');
  writeFileSync(join(out, 'NOTES.md'), 'mine');
  const r = jslc(['build', 'examples/go-service.pipeline.ts', '--out', out]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('deleted 1 stale');
  expect(existsSync(join(out, 'vars/oldVar.groovy'))).toBe(false);
  expect(readFileSync(join(out, 'NOTES.md'), 'utf8')).toBe('mine');
  expect(listFiles(out).filter((f) => f !== 'NOTES.md')).toEqual(listFiles('vars-out'));
});

test('a TypeScript error in the entry prints file:line:col, exits 1 and writes nothing', () => {
  const out = join(tmp, 'lib');
  cpSync('vars-out', out, { recursive: true });
  const before = treeHash(out);
  const r = jslc(['build', 'fixtures/type-errors/unknown-platform.ts', '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    /^fixtures\/type-errors\/unknown-platform\.ts:9:75 Type '"linux\/arm65"' is not assignable to type 'Platform'\. Did you mean '"linux\/arm64"'\?$/m,
  );
  expect(r.stderr).toContain('jslc build: 1 TypeScript error(s) in fixtures/type-errors/unknown-platform.ts; nothing was written.');
  expect(treeHash(out)).toBe(before);
  expect(readdirSync(tmp)).toEqual(['lib']);
});

test('an invalid model prints every finding with its source location and leaves the output untouched', () => {
  const out = join(tmp, 'lib');
  cpSync('vars-out', out, { recursive: true });
  const before = treeHash(out);
  const r = jslc(['build', 'fixtures/cli/invalid-model.ts', '--out', out]);
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toEqual([
    'fixtures/cli/invalid-model.ts:7:10 JSLC015 pipelines.app.options.timeout: timeout must be a positive integer, got 0',
    'fixtures/cli/invalid-model.ts:11:40 JSLC006 pipelines.app.stages[1].vet.name: duplicate stage name "Checkout" (first used at pipelines.app.stages[0].checkout) (give each stage its own name)',
    'jslc build: 2 validation error(s) in fixtures/cli/invalid-model.ts; nothing was written.',
  ]);
  expect(treeHash(out)).toBe(before);
  const json = JSON.parse(jslc(['build', 'fixtures/cli/invalid-model.ts', '--out', out, '--json']).stdout) as { ok: boolean; diagnostics: { code: string }[] };
  expect(json.ok).toBe(false);
  expect(json.diagnostics.map((d) => d.code)).toEqual(['JSLC015', 'JSLC006']);
});

test('jslc build rejects docker build on an agent without a Docker daemon, writes nothing, and accepts it once the pod declares one', () => {
  const out = join(tmp, 'daemon');
  const entry = 'fixtures/invalid/JSLC057-docker-build-in-pod-without-daemon.ts';
  const r = jslc(['build', entry, '--out', out, '--no-verify']);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    /^fixtures\/invalid\/JSLC057-docker-build-in-pod-without-daemon\.ts:\d+:\d+ JSLC057 pipelines\.app\.stages\[2\]\.image\.dockerfile: stage "Image" runs docker build in a kubernetes pod without a Docker daemon \(use oci: \{ binary \} to build without a daemon, set dockerSocket: true/m,
  );
  expect(existsSync(out)).toBe(false);
  // The same pipeline with the socket asked for explicitly builds, and its pod mounts the socket.
  const fixed = join(tmp, 'daemon-ok.ts');
  writeFileSync(fixed, readFileSync(entry, 'utf8').replace("kubernetes: { arch: 'amd64' }", "kubernetes: { arch: 'amd64', dockerSocket: true }"));
  const ok = jslc(['build', fixed, '--out', out, '--no-verify']);
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(readFileSync(join(out, 'vars/app.groovy'), 'utf8')).toContain('path: "/var/run/docker.sock"');
});

test('an entry that throws or exports no library gets one paragraph, no stack trace, exit 1', () => {
  const out = join(tmp, 'lib');
  const thrown = jslc(['build', 'fixtures/cli/throws.ts', '--out', out]);
  expect(thrown.status).toBe(1);
  expect(thrown.stderr).toBe('jslc build: fixtures/cli/throws.ts threw while loading: pipeline settings could not be read\n');
  const debug = jslc(['build', 'fixtures/cli/throws.ts', '--out', out, '--debug']);
  expect(debug.stderr).toMatch(/at load \(.*fixtures\/cli\/throws\.ts:4:9\)/);
  const none = jslc(['build', 'fixtures/cli/no-default.ts', '--out', out]);
  expect(none.status).toBe(1);
  expect(none.stderr).toBe('jslc build: fixtures/cli/no-default.ts has no default export; end it with: export default defineLibrary({ ... })\n');
  expect(existsSync(out)).toBe(false);
  expect(jslc(['build', 'fixtures/cli/missing.ts', '--out', out]).stderr).toBe('jslc build: fixtures/cli/missing.ts: no such file\n');
});

test('graph prints the stage graph as Mermaid', () => {
  const r = jslc(['graph', 'examples/go-service.pipeline.ts']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('%% goServicePipeline\nflowchart LR\n  s0["Checkout"]\n  s1["Modules"]\n  s0 --> s1');
  // As scheduled: the image (s6) after both builds (s4, s5) and the checks, the push (s7) after every check.
  expect(r.stdout).toContain('  s5["Build linux/arm64"]\n  s1 --> s2');
  expect(r.stdout).toContain('  s6["Image"]\n  s2 --> s6\n  s3 --> s6\n  s4 --> s6\n  s5 --> s6');
  expect(r.stdout).toContain('s6 --> s7');
  expect(r.stdout).toContain('s7["Push"]');
});

test('init scaffolds a project that builds, and never overwrites', () => {
  const dir = join(tmp, 'proj');
  const r = jslc(['init', dir]);
  expect(r.status).toBe(0);
  expect(listFiles(dir)).toEqual(['.gitignore', 'Jenkinsfile.example', 'package.json', 'pipeline.ts', 'tsconfig.json']);
  const again = jslc(['init', dir]);
  expect(again.status).toBe(1);
  expect(again.stderr).toContain('never overwrites');
  // The scaffolded pipeline compiles ('jslc' resolves to the running jslc).
  const built = jslc(['build', 'pipeline.ts', '--out', 'library'], dir);
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  expect(existsSync(join(dir, 'library/vars/goServicePipeline.groovy'))).toBe(true);
  expect(relative(dir, join(dir, 'library'))).toBe('library');
});

test('help, version and usage errors', () => {
  const main = jslc(['--help']);
  expect(main.status).toBe(0);
  for (const c of ['build', 'check', 'graph', 'init']) {
    expect(main.stdout).toContain(`  ${c} `);
    const h = jslc([c, '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(new RegExp(`^Usage: jslc ${c}`));
  }
  expect(jslc(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const unknown = jslc(['frobnicate']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('unknown command "frobnicate"');
  expect(jslc(['build']).status).toBe(2);
  expect(jslc([]).status).toBe(2);
  expect(jslc(['build', 'x.ts', '--bogus']).status).toBe(2);
  // The commands with their own options: listed, --help, and a usage error (exit 2, run's too).
  for (const c of ['publish', 'api-diff', 'jcasc', 'api-types', 'jenkinsfile', 'run']) {
    expect(main.stdout).toContain(`  ${c} `);
    const h = jslc([c, '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(new RegExp(`^Usage: jslc ${c}`));
    const bad = jslc([c, '--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`jslc ${c}: `);
    expect(bad.stderr).toContain(`Usage: jslc ${c}`);
  }
});
