// bench:image — the daemonless image build and push (assets/oci-image/main.go,
// run with `go run`) of a two-platform image (linux/amd64 + linux/arm64 of
// fixtures/oci-builder) against `docker build` + `docker push` of the same
// content for one platform (docker here builds one), both to one local registry
// (Debian's docker-registry on 127.0.0.1). Each contestant pushes into a fresh
// repository; the builder's go build cache is warmed first (as on an agent with
// persistent caches). Reproducible = two builds of the same inputs give the same
// index digest.
// Ends with: bench:image daemonless_s=… docker_s=… ratio=… reproducible=true|false
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRegistry } from '../dist/testing/registry.js';

const ROOT = resolve(import.meta.dirname, '..');
const BUILDER = join(ROOT, 'assets/oci-image/main.go');
const RUNS = Number(process.env['BENCH_IMAGE_RUNS'] ?? 3);
const EPOCH = '1700000000';
const work = mkdtempSync(join(tmpdir(), 'jslc-bench-image-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(fn) {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const bins = {};
for (const arch of ['amd64', 'arm64']) {
  bins[arch] = join(work, `app-linux-${arch}`);
  run('go', ['build', '-trimpath', '-o', bins[arch], './hello'], {
    cwd: join(ROOT, 'fixtures/oci-builder'),
    env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch },
  });
}

const registry = await startRegistry();
try {
  const daemonless = (repo) => {
    const file = join(work, `${repo.replace(/\W/g, '-')}.digest`);
    run(
      'go',
      [
        'run',
        BUILDER,
        '-repository',
        `${registry.host}/${repo}`,
        '-tag',
        '1.0.0',
        '-platform',
        `linux/amd64=${bins.amd64},linux/arm64=${bins.arm64}`,
        '-digest-file',
        file,
      ],
      { cwd: work, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } },
    );
    return readFileSync(file, 'utf8').trim().split('@')[1];
  };
  daemonless('bench/warm'); // warms go run's build cache

  // The same content as the builder's image, for docker: passwd, group, CA bundle, the binary.
  const ctx = join(work, 'docker-context');
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'passwd'), 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n');
  writeFileSync(join(ctx, 'group'), 'root:x:0:\nnonroot:x:65532:\n');
  copyFileSync('/etc/ssl/certs/ca-certificates.crt', join(ctx, 'ca-certificates.crt'));
  copyFileSync(bins.amd64, join(ctx, 'app'));
  writeFileSync(
    join(ctx, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY passwd group /etc/',
      'COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
      'COPY app /app',
      'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
      'USER 65532',
      'ENTRYPOINT ["/app"]',
      '',
    ].join('\n'),
  );

  const daemonlessTimes = [];
  const dockerTimes = [];
  const digests = [];
  for (let i = 0; i < RUNS; i++) {
    daemonlessTimes.push(timed(() => digests.push(daemonless(`bench/daemonless-${i}`))));
    const tag = `${registry.host}/bench/docker-${i}:1.0.0`;
    dockerTimes.push(
      timed(() => {
        run('docker', ['build', '--no-cache', '--platform', 'linux/amd64', '-t', tag, ctx]);
        run('docker', ['push', tag]);
      }),
    );
    spawnSync('docker', ['rmi', '--force', tag], { stdio: 'ignore' });
  }
  const reproducible = digests.every((d) => d === digests[0]);
  const d = median(daemonlessTimes);
  const k = median(dockerTimes);
  console.log('run  daemonless_s  docker_s  index digest');
  for (let i = 0; i < RUNS; i++) console.log(`${i}    ${daemonlessTimes[i].toFixed(2).padStart(12)}  ${dockerTimes[i].toFixed(2).padStart(8)}  ${digests[i]}`);
  console.log(`go: ${execFileSync('go', ['version'], { encoding: 'utf8' }).trim()}`);
  console.log(`bench:image daemonless_s=${d.toFixed(2)} docker_s=${k.toFixed(2)} ratio=${(d / k).toFixed(2)} reproducible=${reproducible}`);
  if (!reproducible) process.exitCode = 1;
} finally {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}
