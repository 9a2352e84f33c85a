/**
 * `jslc run --input ID=…` and `--params-as-strings`: the answers as `jslc run` parses them, the executor options the
 * local runner passes for them (src/runner/local/plan.ts), a run of the executor jar with exactly those options (an
 * input answered proceed with a parameter value, one answered abort, one left unanswered, string parameters), and
 * the usage error for `--input` with the jenkinsfile-runner backend, which cannot answer an input.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandArgs, CommandContext } from '../src/cli/command.js';
import run, { parseInputAnswers } from '../src/cli/commands/run.js';
import { executorArgs, inputArgs, type RunPaths } from '../src/runner/local/plan.js';
import type { RunRequest } from '../src/runner/types.js';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');
const tools = javaHome() && onPath('mvn') ? { java: javaHome()! } : undefined;
const itJava = whenTool('Java 17 and Maven (to build and run runner/executor/target/jslc-executor.jar)', tools);

describe('jslc run --input answers', () => {
  it('parses proceed, proceed with values (added up per id) and abort', () => {
    expect(parseInputAnswers(['Deploy=proceed:TARGET=staging', 'Deploy=proceed:DRY=false', 'Other=abort', 'Plain=proceed'])).toEqual([
      { id: 'Deploy', action: 'proceed', values: { TARGET: 'staging', DRY: 'false' } },
      { id: 'Other', action: 'abort' },
      { id: 'Plain', action: 'proceed' },
    ]);
  });

  it('keeps = and : in a value', () => {
    expect(parseInputAnswers(['X=proceed:URL=http://h:1/a=b'])).toEqual([{ id: 'X', action: 'proceed', values: { URL: 'http://h:1/a=b' } }]);
  });

  it.each([['Deploy'], ['=proceed'], ['Deploy=yes'], ['Deploy=proceed:'], ['Deploy=proceed:=v'], ['Deploy=abort:X=1']])(
    'rejects %s with the forms it takes',
    (spec) => {
      expect(() => parseInputAnswers([spec])).toThrow(`--input needs ID=proceed, ID=proceed:NAME=value or ID=abort, got "${spec}"`);
    },
  );

  it('rejects an id answered both proceed and abort', () => {
    expect(() => parseInputAnswers(['A=proceed', 'A=abort'])).toThrow('--input A: answered both proceed and abort; give one answer per input');
  });
});

describe('the local runner passes answers and string parameters to the executor', () => {
  const paths: RunPaths = { runDir: '/r', workspace: '/r/ws', artifacts: '/r/artifacts', jenkinsfile: '/r/Jenkinsfile' };

  it('as --input (one per parameter value, sorted) and --params-as-strings', () => {
    expect(inputArgs({ id: 'D', action: 'proceed', values: { B: '2', A: '1' } })).toEqual(['--input', 'D=proceed:A=1', '--input', 'D=proceed:B=2']);
    expect(inputArgs({ id: 'D', action: 'proceed' })).toEqual(['--input', 'D=proceed']);
    expect(inputArgs({ id: 'D', action: 'abort' })).toEqual(['--input', 'D=abort']);
    const request: RunRequest = {
      jenkinsfile: '/in/Jenkinsfile',
      libraries: [],
      params: { SIGN: 'false' },
      paramsAsStrings: true,
      inputs: [{ id: 'Go', action: 'proceed', values: { WHERE: 'prod' } }],
    };
    expect(executorArgs(request, paths)).toEqual([
      'jslc-executor',
      '--workspace',
      '/r/ws',
      '--artifacts',
      '/r/artifacts',
      '--param',
      'SIGN=false',
      '--params-as-strings',
      '--input',
      'Go=proceed:WHERE=prod',
      '/r/Jenkinsfile',
    ]);
    expect(executorArgs({ jenkinsfile: '/in/Jenkinsfile', libraries: [], params: { SIGN: 'false' } }, paths)).not.toContain('--params-as-strings');
  });
});

describe('the executor run with those options', () => {
  let tmp = '';
  beforeAll(() => {
    if (!tools) return;
    execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
    tmp = mkdtempSync(join(tmpdir(), 'jslc-run-inputs-'));
  }, 900_000);
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs the jar with the local runner's executor arguments for `request` (minus the image's launcher name). */
  function execute(name: string, jenkinsfile: string, request: Omit<RunRequest, 'jenkinsfile' | 'libraries'>): { status: number | null; log: string } {
    const dir = join(tmp, name);
    const paths: RunPaths = { runDir: dir, workspace: join(dir, 'ws'), artifacts: join(dir, 'artifacts'), jenkinsfile: join(dir, 'Jenkinsfile') };
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(paths.jenkinsfile, jenkinsfile);
    const args = executorArgs({ ...request, jenkinsfile: paths.jenkinsfile, libraries: [] }, paths).slice(1);
    const r = spawnSync(join(tools!.java, 'bin', 'java'), ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', JAR, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: r.status, log: r.stdout + r.stderr };
  }

  const deploy = `pipeline {
    agent none
    stages {
        stage('Deploy') {
            input {
                message 'Deploy?'
                id 'go'
                parameters { string(name: 'WHERE', defaultValue: 'staging') }
            }
            steps { echo "deploying to \${WHERE}" }
        }
    }
}
`;

  itJava('proceeds with the parameter value given', () => {
    const r = execute('proceed', deploy, { inputs: [{ id: 'Go', action: 'proceed', values: { WHERE: 'prod' } }] });
    expect(r.log).toContain('deploying to prod');
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
    expect(r.status).toBe(0);
  });

  itJava('aborts: the build is ABORTED and the stage does not run', () => {
    const r = execute('abort', deploy, { inputs: [{ id: 'Go', action: 'abort' }] });
    expect(r.log).toContain('Rejected');
    expect(r.log).not.toContain('deploying to');
    expect(r.log).toMatch(/Finished: ABORTED\s*$/);
    expect(r.status).toBe(4);
  });

  itJava('fails an unanswered input at once, saying how to answer it', () => {
    const r = execute('unanswered', deploy, {});
    expect(r.log).toContain(
      'input Go ("Deploy?") is waiting for an answer, which a local run cannot give interactively: run again with --input Go=proceed [--input Go=proceed:WHERE=VALUE] or --input Go=abort',
    );
    expect(r.log).toMatch(/Finished: FAILURE\s*$/);
    expect(r.status).toBe(2);
  });

  const sign = `if (params.SIGN) { echo "signing (SIGN is a \${params.SIGN.getClass().simpleName})" } else { echo 'not signing' }\n`;

  itJava('keeps --param values strings with paramsAsStrings (a non-empty "false" is truthy), booleans without', () => {
    expect(execute('strings', sign, { params: { SIGN: 'false' }, paramsAsStrings: true }).log).toContain('signing (SIGN is a String)');
    expect(execute('booleans', sign, { params: { SIGN: 'false' } }).log).toContain('not signing');
  });
});

describe('jslc run --input with --runner jenkinsfile-runner', () => {
  it('is a usage error saying Jenkinsfile Runner cannot answer an input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jslc-run-inputs-jfr-'));
    try {
      const jenkinsfile = join(dir, 'Jenkinsfile');
      writeFileSync(jenkinsfile, "input 'OK?'\n");
      const args: CommandArgs = { values: { runner: 'jenkinsfile-runner', input: ['X=proceed'], library: [dir] }, positionals: [jenkinsfile] };
      const ctx: CommandContext = { json: false, debug: false, out: () => undefined, err: () => undefined, progress: () => undefined };
      await expect(run.run(args, ctx)).rejects.toThrow(
        '--input is an option of --runner local: Jenkinsfile Runner cannot answer an input step (the build would wait for a user); run the Jenkinsfile with the local runner, or remove the input',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
