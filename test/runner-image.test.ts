/**
 * The local runner image (src/runner/image/): built without a registry in three cached levels (debootstrap base,
 * tools, executor jar). Pure recipe-hash tests always run; the image tests need the Docker engine (skipped locally
 * without it, a failure in CI) and, for a cold build, root, debootstrap, deb.debian.org, Go, Java 17 and Maven.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { ensureRunnerImage, type EnsureRunnerImageResult } from '../src/runner/image/build.js';
import { buildFromContext } from '../src/runner/image/context.js';
import { connectDocker, dockerAvailable } from '../src/runner/image/docker.js';
import { dockerClientBinary, goToolchain } from '../src/runner/image/inputs.js';
import { acquireLock, withFileLock } from '../src/runner/image/lock.js';
import { BASE_RECIPE, RECIPE_LABEL, TITLE_LABEL, baseHash, imageRef, runnerHash, toolsHash, type ToolsInputs } from '../src/runner/image/recipe.js';
import { whenTool } from './support/tools.js';

describe('recipe hash', () => {
  const tools: ToolsInputs = {
    baseImage: 'jslc-runner-base:0',
    goVersion: 'go version go1.26.8 linux/amd64',
    goroot: '/usr/local/go',
    dockerSha256: 'a',
    cosignSha256: 'b',
    localCas: { 'corp.crt': 'e' },
  };

  test('same inputs, same hash; a 16-hex-digit tag', () => {
    expect(baseHash()).toBe(baseHash({ ...BASE_RECIPE, packages: [...BASE_RECIPE.packages] }));
    expect(toolsHash(tools)).toBe(toolsHash({ ...tools }));
    expect(baseHash()).toMatch(/^[0-9a-f]{16}$/);
    expect(imageRef('runner', 'abc')).toBe('jslc-runner:abc');
  });

  test('changing any input changes the hash', () => {
    const base = baseHash();
    expect(baseHash({ ...BASE_RECIPE, suite: 'trixie' })).not.toBe(base);
    expect(baseHash({ ...BASE_RECIPE, mirror: 'http://example.invalid/debian' })).not.toBe(base);
    expect(baseHash({ ...BASE_RECIPE, packages: [...BASE_RECIPE.packages, 'make'] })).not.toBe(base);
    const t = toolsHash(tools);
    for (const key of Object.keys(tools) as (keyof ToolsInputs)[]) {
      if (key === 'localCas') continue;
      expect(toolsHash({ ...tools, [key]: `${tools[key]}x` })).not.toBe(t);
    }
    // A local CA added, changed or removed.
    expect(toolsHash({ ...tools, localCas: { 'corp.crt': 'e', 'proxy.crt': 'f' } })).not.toBe(t);
    expect(toolsHash({ ...tools, localCas: { 'corp.crt': 'f' } })).not.toBe(t);
    expect(toolsHash({ ...tools, localCas: {} })).not.toBe(t);
    const r = runnerHash({ toolsImage: 'jslc-runner-tools:0', jarSha256: 'c' });
    expect(runnerHash({ toolsImage: 'jslc-runner-tools:1', jarSha256: 'c' })).not.toBe(r);
    expect(runnerHash({ toolsImage: 'jslc-runner-tools:0', jarSha256: 'd' })).not.toBe(r);
  });
});

describe('image lock', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jslc-lock-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a lock left by a dead process is taken over', async () => {
    const dead = spawn('true');
    await new Promise((r) => dead.on('close', r));
    const path = join(dir, 'stale.lock');
    writeFileSync(path, `${dead.pid}\n`);
    await expect(withFileLock(path, async () => 'ran', { timeoutMs: 5000 })).resolves.toBe('ran');
  });

  test('holders run one at a time', async () => {
    const path = join(dir, 'busy.lock');
    const events: string[] = [];
    const job = (n: number) =>
      withFileLock(path, async () => {
        events.push(`start ${n}`);
        await new Promise((r) => setTimeout(r, 100));
        events.push(`end ${n}`);
      });
    await Promise.all([job(1), job(2)]);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    const release = await acquireLock(path);
    await expect(acquireLock(path, { timeoutMs: 200 })).rejects.toThrow(/timed out/);
    await release();
  });
});

const docker = connectDocker();
const available = await dockerAvailable(docker);
const it = whenTool('the Docker engine (to build and run the jslc runner image)', available ? docker : undefined);

/** Runs a shell command in a container of the image; resolves with its exit code and output (stdout + stderr). */
async function runIn(d: Dockerode, image: string, script: string): Promise<{ code: number; out: string }> {
  const c = await d.createContainer({ Image: image, Cmd: ['bash', '-c', script], Tty: true, NetworkDisabled: true });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    const out = (await c.logs({ stdout: true, stderr: true })).toString('utf8').replace(/\r/g, '');
    return { code: StatusCode, out };
  } finally {
    await c.remove({ force: true });
  }
}

describe('runner image', () => {
  let first: EnsureRunnerImageResult;
  const log: string[] = [];

  beforeAll(async () => {
    if (!available) return;
    first = await ensureRunnerImage({ docker, onLog: (l) => log.push(l) });
    process.stderr.write(`runner image ${first.image}: built [${first.builtLevels.join(', ')}] in ${first.seconds.toFixed(1)} s\n`);
  }, 1_800_000);

  it('is tagged by its recipe hash, labelled, and tagged latest', async () => {
    expect(first.image).toMatch(/^jslc-runner:[0-9a-f]{16}$/);
    const info = await docker.getImage(first.image).inspect();
    expect(info.Config.Labels?.[RECIPE_LABEL]).toBe(first.image.split(':')[1]);
    expect(info.Config.Labels?.[TITLE_LABEL]).toBe('jslc-runner');
    expect((await docker.getImage('jslc-runner:latest').inspect()).Id).toBe(info.Id);
    expect(info.Config.Env).toContainEqual(expect.stringMatching(/^PATH=\/usr\/local\/go\/bin:/));
  });

  it('a second call is a cache hit', async () => {
    const again = await ensureRunnerImage({ docker });
    expect(again.image).toBe(first.image);
    expect(again.builtLevels).toEqual([]);
    expect(again.seconds).toBeLessThan(5);
  });

  it('has Java 17', async () => {
    const r = await runIn(docker, first.image, 'java -version');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/openjdk version "17\./);
  });

  it('has the host Go toolchain', async () => {
    const r = await runIn(docker, first.image, 'go version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe((await goToolchain()).version);
  });

  it('has git and gcc', async () => {
    const r = await runIn(docker, first.image, 'git --version && gcc --version');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^git version 2\.\d+/m);
    expect(r.out).toMatch(/^gcc \(Debian 12\.[^)]*\) 12\./m);
  });

  it('has the host docker CLI', async () => {
    const expected = execFileSync(await dockerClientBinary(), ['version', '--format', '{{.Client.Version}}'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')[0];
    const r = await runIn(docker, first.image, "docker version --format '{{.Client.Version}}' 2>/dev/null; true");
    expect(r.out.trim().split('\n')[0]).toBe(expected);
  });

  it('has cosign v2.6.5', async () => {
    const r = await runIn(docker, first.image, 'cosign version');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^GitVersion:\s+v2\.6\.5$/m);
  });

  it('has the executor jar and its launcher (usage, exit 255)', async () => {
    for (const cmd of ['java -jar /opt/jslc/jslc-executor.jar', 'jslc-executor']) {
      const r = await runIn(docker, first.image, cmd);
      expect(r.code).toBe(255);
      expect(r.out).toMatch(/usage/i);
    }
  });

  it('runs go test -race offline', async () => {
    const script = [
      'set -e; mkdir -p /tmp/m && cd /tmp/m',
      'go mod init example.invalid/m >/dev/null 2>&1',
      'printf \'package m\\n\\nimport "testing"\\n\\nfunc TestRace(t *testing.T) {}\\n\' > m_test.go',
      'go test -race -count=1 ./...',
    ].join('\n');
    const r = await runIn(docker, first.image, script);
    expect(r.out).toMatch(/^ok\s+example\.invalid\/m/m);
    expect(r.code).toBe(0);
  }, 600_000);

  it("a failing build rejects with the builder's message", async () => {
    const build = buildFromContext(
      docker,
      { ref: 'jslc-runner-failing-test:x', labels: {}, dockerfile: `FROM ${first.image}\nRUN echo going down; exit 3\n` },
      () => undefined,
    );
    await expect(build).rejects.toThrow(/returned a non-zero code: 3/);
  });
});
