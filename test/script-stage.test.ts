/**
 * Script stages (`stage.sh`, `stage.make`, var `shellScript`): the DSL's IR with its defaults, `runtime.*` values,
 * the emitted call (script text verbatim as one single-quoted literal, values only in `env`), the step var's
 * argument check, and validation of a correct pipeline. The rules' fixtures are in fixtures/invalid/JSLC034-JSLC040;
 * the run through the executor is in test/executor.test.ts.
 */
import { defineLibrary, goPipeline, param, runtime, stage, validate, RUNTIME_VALUES } from '../src/index.js';
import type { GoPipelineSpec, LibraryIR } from '../src/index.js';
import { synth } from '../src/driver/driver.js';
import { groovyString } from '../src/lang/groovy.js';
import { isRuntimeRef } from '../src/ir/runtime.js';
import { STEP_VARS } from '../src/emit/vars/index.js';
import { STAGE_CATALOGUE } from '../src/ir/catalogue.js';

const base: GoPipelineSpec = {
  description: 'd',
  go: { version: '1.26.8' },
  params: { image: { type: 'string', required: true, description: 'Image' } },
  stages: [stage.checkout()],
};

function lib(stages: GoPipelineSpec['stages']): LibraryIR {
  return defineLibrary({ name: 'lib', pipelines: { app: goPipeline({ ...base, stages: [stage.checkout(), ...stages] }) } });
}

/** The lines of the pipeline var that call shellScript. */
function calls(stages: GoPipelineSpec['stages']): string[] {
  const groovy = synth(lib(stages)).get('vars/app.groovy')!;
  return groovy
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('shellScript('));
}

describe('stage.sh and stage.make: IR', () => {
  test('stage.sh applies every default', () => {
    const { loc: _loc, ...s } = stage.sh({ script: 'make test' });
    expect(s).toEqual({
      name: 'Script',
      kind: 'script',
      script: 'make test',
      source: { type: 'sh' },
      env: [],
      dir: '.',
      label: 'Script',
      allowExitCodes: [0],
      credentials: [],
    });
  });

  test('stage.sh keeps the script as written, sorts env by name, dedupes and sorts exit codes, labels with the name', () => {
    const s = stage.sh({ name: 'Gen', script: ' a\n b ', env: { Z: 'z', A: runtime.tag(), M: param('image') }, dir: 'tools', allowExitCodes: [3, 0, 3] });
    expect(s.script).toBe(' a\n b ');
    expect(s.env.map((e) => e.name)).toEqual(['A', 'M', 'Z']);
    expect(s.env[0]!.value).toEqual({ kind: 'runtime', value: 'tag' });
    expect(s.allowExitCodes).toEqual([0, 3]);
    expect(s.label).toBe('Gen');
    expect(s.dir).toBe('tools');
  });

  test('stage.make writes only target and variable names into its script; values stay in env', () => {
    const s = stage.make({ targets: ['lint', 'test'], vars: { VERSION: runtime.tag(), GOFLAGS_EXTRA: '-v' }, env: { CI: 'true' } });
    expect(s.script).toBe('make GOFLAGS_EXTRA="$GOFLAGS_EXTRA" VERSION="$VERSION" lint test');
    expect(s.source).toEqual({ type: 'make', targets: ['lint', 'test'], vars: ['GOFLAGS_EXTRA', 'VERSION'] });
    expect(s.env).toEqual([
      { name: 'CI', value: 'true' },
      { name: 'GOFLAGS_EXTRA', value: '-v' },
      { name: 'VERSION', value: { kind: 'runtime', value: 'tag' } },
    ]);
    expect(s.label).toBe('make lint test');
    expect(s.name).toBe('Make');
  });

  test('runtime.* values name the Jenkins variables they read', () => {
    expect(Object.entries(runtime).map(([k, f]) => [k, RUNTIME_VALUES[f().value]])).toEqual([
      ['buildNumber', 'BUILD_NUMBER'],
      ['buildUrl', 'BUILD_URL'],
      ['branch', 'BRANCH_NAME'],
      ['tag', 'TAG_NAME'],
      ['commit', 'GIT_COMMIT'],
      ['changeId', 'CHANGE_ID'],
      ['jobName', 'JOB_NAME'],
    ]);
    expect(isRuntimeRef(runtime.commit())).toBe(true);
    expect(isRuntimeRef({ kind: 'runtime', value: 'nope' })).toBe(false);
    expect(isRuntimeRef({ kind: 'runtime', value: 'tag', extra: 1 })).toBe(false);
    expect(isRuntimeRef(param('x'))).toBe(false);
  });

  test('the catalogue runs a script stage in the order written (it may touch any file)', () => {
    const s = stage.sh({ script: 'true' });
    expect(STAGE_CATALOGUE.script.stepVar).toBe('shellScript');
    expect(STAGE_CATALOGUE.script.sideBySide(s)).toBe(false);
  });
});

describe('stage.sh and stage.make: emitted Groovy', () => {
  test('the script is one single-quoted literal (groovyString); values are only in env, read from cfg and env', () => {
    const script = `echo "it's $BUILD" > "\${OUT:-x}"\nprintf '%s\\n' "$IMAGE" | tr a b\n`;
    const [line] = calls([stage.sh({ script, env: { BUILD: runtime.buildNumber(), IMAGE: param('image'), OUT: 'o.txt' } })]);
    expect(line).toBe(
      `shellScript(script: ${groovyString(script)}, env: [BUILD: (env.BUILD_NUMBER ?: ''), IMAGE: (cfg.image?.toString() ?: ''), OUT: 'o.txt'], label: 'Script')`,
    );
    // Never a GString: no double quote opens a Groovy string on the line.
    expect(line!.startsWith("shellScript(script: '")).toBe(true);
  });

  test('dir and allowExitCodes are passed when not the defaults; exit codes as strings', () => {
    expect(calls([stage.sh({ script: 'x', dir: 'a/b', label: 'L', allowExitCodes: [0, 2] })])).toEqual([
      "shellScript(script: 'x', dir: 'a/b', label: 'L', allowExitCodes: ['0', '2'])",
    ]);
    expect(calls([stage.make({ targets: ['all'] })])).toEqual(["shellScript(script: 'make all', label: 'make all')"]);
  });

  test('every runtime value is read from its Jenkins variable, empty when unset', () => {
    const env = Object.fromEntries(Object.keys(runtime).map((k) => [`V_${k.toUpperCase()}`, runtime[k as keyof typeof runtime]()]));
    const [line] = calls([stage.sh({ script: 'env', env })]);
    for (const v of Object.values(RUNTIME_VALUES)) expect(line).toContain(`(env.${v} ?: '')`);
  });

  test('shellScript ships in every library, checks its arguments, and runs sh with returnStatus inside withEnv and dir', () => {
    expect(STEP_VARS.map((v) => v.name)).toContain('shellScript');
    const files = synth(lib([]));
    const v = files.get('vars/shellScript.groovy')!;
    expect(v).toContain("Map cfg = jslcSupport.checkArgs('shellScript', callArgs, [");
    expect(v).toContain("script: [type: 'string', required: true, default: null],");
    expect(v).toContain("allowExitCodes: [type: 'list', required: false, default: ['0']],");
    expect(v).toContain('status = sh(label: cfg.label, script: cfg.script, returnStatus: true)');
    expect(v.indexOf('withEnv(env)')).toBeLessThan(v.indexOf('dir(cfg.dir)'));
    expect(files.get('vars/shellScript.txt')).toContain('allowExitCodes');
  });
});

describe('stage.sh and stage.make: validation', () => {
  test('a pipeline with script stages of every option validates clean', () => {
    const l = lib([
      stage.sh({ script: 'echo "$A"', env: { A: runtime.branch(), B: param('image'), C: 'c' }, dir: 'x/y', label: 'l', allowExitCodes: [0, 255] }),
      stage.make({ targets: ['build', 'dist/app.tar.gz', 'test-unit'], vars: { VERSION: runtime.tag() } }),
    ]);
    expect(validate(l)).toEqual([]);
  });
});
