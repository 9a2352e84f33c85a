/**
 * `--json` on every command (issue 13, item 4): one JSON document on stdout, the same envelope for every command and
 * every outcome (success, findings, usage, environment and load errors), valid against docs/cli-envelope.schema.json,
 * with the process's exit code in it; and `--debug` accepted by every command.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { COMMAND_SPECS } from '../src/cli/commands/index.js';

const JSLC = join(process.cwd(), 'bin', 'jslc.js');
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync('docs/cli-envelope.schema.json', 'utf8')) as object);

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jslc-json-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Envelope {
  ok: boolean;
  command: string;
  exitCode: number;
  findings: { severity: string; message: string; code?: string; file?: string; line?: number; path?: string; check?: string }[];
  [k: string]: unknown;
}

/** Runs jslc with --json; checks the envelope against the schema and the exit code; returns it. */
function json(args: string[], env: Record<string, string> = {}): Envelope {
  const r = spawnSync(process.execPath, [JSLC, ...args, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, CI: '', NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  let doc: unknown;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new Error(`jslc ${args.join(' ')} --json: stdout is not one JSON document:\n${r.stdout}\n${r.stderr}`);
  }
  if (!validate(doc)) throw new Error(`jslc ${args.join(' ')} --json: ${JSON.stringify(validate.errors)}\n${r.stdout}`);
  const e = doc as Envelope;
  expect(e.exitCode).toBe(r.status);
  return e;
}

/** One successful invocation per command (run: its usage error; it needs Docker to succeed, see runner-local.test.ts). */
const OK: Record<string, () => string[]> = {
  build: () => ['build', 'examples/go-service.pipeline.ts', '--out', join(tmp, 'lib')],
  verify: () => ['verify', 'fixtures/verify/sandbox', '--checks', 'secrets'],
  check: () => ['check', 'examples/go-service.pipeline.ts', '--out', 'vars-out'],
  graph: () => ['graph', 'examples/go-service.pipeline.ts'],
  init: () => ['init', join(tmp, 'init')],
  publish: () => ['publish', 'examples/go-service.pipeline.ts', '--version', '1.0.0'],
  'api-diff': () => ['api-diff', 'vars-out', 'vars-out'],
  jcasc: () => ['jcasc', 'vars-out', '--remote', 'https://git.example.com/go-cd.git'],
  'api-types': () => ['api-types', 'vars-out'],
  jenkinsfile: () => ['jenkinsfile', 'examples/Jenkinsfile.ts'],
  run: () => ['run'],
};

test('every command has a case here', () => {
  expect(Object.keys(OK).sort()).toEqual(COMMAND_SPECS.map((c) => c.name).sort());
});

test.each(Object.keys(OK))('jslc %s --json prints the envelope', (command) => {
  const e = json(OK[command]!());
  expect(e.command).toBe(command);
  if (command === 'publish') {
    // No --repo: a usage error, still the envelope.
    expect(e).toMatchObject({
      ok: false,
      exitCode: 2,
      findings: [{ severity: 'error', code: 'usage', message: 'expected one entry file, --repo and --version' }],
    });
    return;
  }
  if (command === 'run') {
    // No Jenkinsfile: a usage error (a real run needs Docker: test/runner-local.test.ts).
    expect(e).toMatchObject({ ok: false, exitCode: 2, findings: [{ severity: 'error', code: 'usage', message: 'expected exactly one Jenkinsfile' }] });
    return;
  }
  expect(e.ok).toBe(true);
  expect(e.findings).toEqual([]);
});

test('command fields: build lists its files, graph its graphs, jcasc its YAML, api-diff the release needed', () => {
  expect(json(OK['build']!()).files).toContain('vars/goServicePipeline.groovy');
  expect(Object.keys(json(OK['graph']!()).graphs as object)).toEqual(['goServicePipeline']);
  expect(json(OK['jcasc']!()).yaml).toContain('globalLibraries');
  expect(json(OK['api-diff']!())).toMatchObject({ needed: 'patch', changes: [] });
  expect(json(OK['jenkinsfile']!()).text).toContain("@Library('go-cd@v1.0.0') _");
});

test('findings carry severity, code, file, line and the model path', () => {
  const invalid = json(['build', 'fixtures/cli/invalid-model.ts', '--out', join(tmp, 'x')]);
  expect(invalid).toMatchObject({ ok: false, exitCode: 1, command: 'build' });
  expect(invalid.findings).toEqual([
    expect.objectContaining({ severity: 'error', code: 'JSLC015', file: 'fixtures/cli/invalid-model.ts', line: 7, path: 'pipelines.app.options.timeout' }),
    expect.objectContaining({ severity: 'error', code: 'JSLC006', path: 'pipelines.app.stages[1].vet.name' }),
  ]);
  const ts = json(['build', 'fixtures/type-errors/unknown-platform.ts', '--out', join(tmp, 'x')]);
  expect(ts.findings).toEqual([expect.objectContaining({ severity: 'error', code: 'typescript', file: 'fixtures/type-errors/unknown-platform.ts', line: 9 })]);
  const verify = json(['verify', 'fixtures/verify/sandbox', '--checks', 'sandbox']);
  expect(verify.exitCode).toBe(1);
  expect(verify.findings.length).toBeGreaterThan(0);
  for (const f of verify.findings) expect(f).toMatchObject({ severity: expect.stringMatching(/^(error|warning|info)$/), code: 'sandbox', check: 'sandbox' });
  const drift = json(['check', 'examples/go-service.pipeline.ts', '--out', join(tmp, 'empty')]);
  expect(drift.exitCode).toBe(1);
  expect(drift.findings[0]).toMatchObject({ severity: 'error', code: 'drift' });
});

test('usage errors, unknown commands and load errors are envelopes too', () => {
  expect(json(['build', '--bogus'])).toMatchObject({
    ok: false,
    command: 'build',
    exitCode: 2,
    findings: [{ code: 'usage', message: 'unknown option --bogus' }],
  });
  expect(json(['biuld'])).toMatchObject({
    command: 'jslc',
    exitCode: 2,
    findings: [{ code: 'usage', message: 'unknown command "biuld"; did you mean "build"?' }],
  });
  expect(json(['build', 'fixtures/cli/throws.ts', '--out', join(tmp, 'x')])).toMatchObject({
    exitCode: 1,
    error: expect.stringContaining('threw while loading'),
  });
  expect(json(['api-diff', 'nowhere', 'vars-out'])).toMatchObject({
    exitCode: 1,
    findings: [{ message: expect.stringContaining('no jslc-api.json at nowhere') }],
  });
});

test('--version --json', () => {
  expect(json(['--version'])).toMatchObject({ ok: true, command: 'jslc', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
});

test('--debug is accepted by every command', () => {
  for (const spec of COMMAND_SPECS) {
    const r = spawnSync(process.execPath, [JSLC, spec.name, '--debug', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
  }
});
