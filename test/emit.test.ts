import { credentials, defineLibrary, goPipeline, param, stage, step, when, custom, cmd } from '../src/index.js';
import type { GoPipelineSpec, LibraryIR } from '../src/index.js';
import { synth } from '../src/driver/driver.js';
import { groovyString } from '../src/lang/groovy.js';
import { yamlString } from '../src/lang/yaml.js';
import { mermaidLabel } from '../src/lang/mermaid.js';
import { SCRIPT_NAMES } from '../src/emit/resources/assets.js';
import { STEP_VAR_SPECS, STEP_VARS } from '../src/emit/vars/index.js';
import { STEP_VAR_BY_KIND, GENERATED_VAR_NAMES } from '../src/ir/vars.js';

const base: GoPipelineSpec = { description: 'd', go: { version: '1.26.8' }, stages: [stage.checkout()] };

function lib(spec: Partial<GoPipelineSpec>, name = 'app'): LibraryIR {
  return defineLibrary({ name: 'lib', pipelines: { [name]: goPipeline({ ...base, ...spec }) } });
}

function pipelineGroovy(spec: Partial<GoPipelineSpec>): string {
  return synth(lib(spec)).get('vars/app.groovy')!;
}

describe('Groovy escaping', () => {
  test('single-quoted, ASCII-only literals', () => {
    expect(groovyString("it's")).toBe("'it\\'s'");
    expect(groovyString('a\\b')).toBe("'a\\\\b'");
    expect(groovyString('$x ${y}')).toBe("'$x ${y}'");
    expect(groovyString('l1\nl2\r\t')).toBe("'l1\\nl2\\r\\t'");
    expect(groovyString('é\u{1f600}')).toBe("'\\u00e9\\ud83d\\ude00'");
    expect(groovyString('\u0000\u007f')).toBe("'\\u0000\\u007f'");
  });
  test('YAML scalars are ASCII JSON strings', () => {
    expect(yamlString('a"b\n\u00e9')).toBe('"a\\"b\\n\\u00e9"');
    expect(JSON.parse(yamlString('x: "y" # z'))).toBe('x: "y" # z');
  });
  test('Mermaid labels neutralise quotes and markup', () => {
    expect(mermaidLabel('a"b<c>&#')).toBe('"a#34;b#60;c#62;#38;#35;"');
  });
});

describe('pipeline var', () => {
  test('is a Declarative pipeline inside call, after the argument check', () => {
    const g = pipelineGroovy({ params: { image: { type: 'string', required: true } } });
    // Not `args`: a local named like a Declarative directive shadows it inside pipeline {} (docker { args '…' }).
    expect(g).toMatch(
      /^def call\(Map callArgs = \[:\]\) \{\n {4}Map cfg = jslcSupport\.checkArgs\('app', callArgs, \[\n {8}image: \[type: 'string', required: true, default: null\],\n {4}\]\)\n {4}pipeline \{/m,
    );
  });

  test('agents: any, none, label, docker with the cache volume, kubernetes with the arch selector', () => {
    expect(pipelineGroovy({ agent: 'any' })).toContain('        agent any\n');
    expect(pipelineGroovy({ agent: 'none', stages: [stage.checkout({ agent: { label: 'x' } })] })).toContain('        agent none\n');
    expect(pipelineGroovy({ agent: { label: "a'b" } })).toContain("label 'a\\'b'");
    const docker = pipelineGroovy({ agent: { docker: { image: 'golang:1.26.8', args: '--cpus 2', reuseNode: true } } });
    expect(docker).toContain("image 'golang:1.26.8'");
    expect(docker).toContain("args '-v jslc-go-cache:/var/tmp/jslc-cache --cpus 2'");
    expect(docker).toContain('reuseNode true');
    const k8s = pipelineGroovy({ agent: { kubernetes: { arch: 'arm64' } } });
    expect(k8s).toContain("defaultContainer 'go'");
    expect(k8s).toContain('kubernetes.io/arch: \\"arm64\\"'.replace(/\\"/g, '"'));
    expect(k8s).toContain('image: "golang:1.26.8"');
  });

  test('Go environment: pinned toolchain, proxy list, flags, caches keyed by Go version', () => {
    const g = pipelineGroovy({ go: { version: '1.27.4', proxy: ['https://goproxy.cn', 'direct'], flags: ['-mod=readonly', '-buildvcs=false'] } });
    expect(g).toContain("GOTOOLCHAIN = 'go1.27.4'");
    expect(g).toContain("GOPROXY = 'https://goproxy.cn,direct'");
    expect(g).toContain("GOFLAGS = '-mod=readonly -buildvcs=false'");
    expect(g).toContain("GOCACHE = '/var/tmp/jslc-cache/go1.27.4/build'");
    expect(g).toContain("GOMODCACHE = '/var/tmp/jslc-cache/go1.27.4/mod'");
    expect(g).toContain("GOTMPDIR = '/var/tmp/jslc-cache/go1.27.4/tmp'");
    expect(pipelineGroovy({ go: { version: '1.27.4', cache: false } })).not.toContain('GOCACHE');
  });

  test('credentials only through credentials(), parameters through cfg, no user text in a GString', () => {
    const g = pipelineGroovy({
      params: { image: { type: 'string', required: true } },
      environment: { TOKEN: credentials('tok'), IMG: param('image'), LIT: '${danger}' },
    });
    expect(g).toContain("TOKEN = credentials('tok')");
    expect(g).toContain('IMG = "${cfg.image}"');
    expect(g).toContain("LIT = '${danger}'");
    // The only double-quoted strings are parameter references.
    for (const m of g.matchAll(/"([^"\n]*)"/g)) if (m[0].includes('$')) expect(m[1]).toMatch(/^\$\{cfg\.[A-Za-z_][A-Za-z0-9_]*\}$/);
  });

  test('post conditions come out in Jenkins evaluation order whatever the source order', () => {
    const g = pipelineGroovy({ post: { cleanup: [step.echo('c')], failure: [step.echo('f')], always: [step.echo('a')], success: [step.echo('s')] } });
    const order = ['always', 'success', 'failure', 'cleanup'].map((c) => g.indexOf(`            ${c} {`));
    expect(order.every((x) => x > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('a multi-platform build fans out into parallel stages; inside a parallel branch it does not', () => {
    const top = pipelineGroovy({ stages: [stage.build({ platforms: ['linux/amd64', 'linux/arm64'] })] });
    expect(top).toContain("stage('Build linux/amd64')");
    expect(top).toContain("goBuild(platforms: ['linux/arm64']");
    const nested = pipelineGroovy({ stages: [stage.parallel('P', [stage.vet(), stage.build({ platforms: ['linux/amd64', 'linux/arm64'] })])] });
    expect(nested).not.toContain("stage('Build linux/amd64')");
    expect(nested).toContain("goBuild(platforms: ['linux/amd64', 'linux/arm64']");
  });

  test('stage agents evaluate when before the agent; parallel parents carry no agent', () => {
    const g = pipelineGroovy({ agent: 'none', stages: [stage.test({ agent: { label: 'x' }, when: when.branch('main') })] });
    expect(g).toMatch(/agent \{\n\s+label 'x'\n\s+\}\n\s+when \{\n\s+beforeAgent true\n\s+branch 'main'/);
  });

  test('custom platforms and architectures are emitted as their value', () => {
    const g = pipelineGroovy({ agent: { kubernetes: { arch: custom('loong64') } }, stages: [stage.build({ platforms: [custom('plan9/amd64')] })] });
    expect(g).toContain('kubernetes.io/arch: "loong64"');
    expect(g).toContain("goBuild(platforms: ['plan9/amd64']");
  });

  test('commands keep every argument as one list element', () => {
    const g = pipelineGroovy({ stages: [stage.run('Lint', cmd('tool', ['a b', "c'd", '$(rm -rf /)', '-x']))] });
    expect(g).toContain("runCommand(command: 'tool', args: ['a b', 'c\\'d', '$(rm -rf /)', '-x'])");
  });
});

describe('library layout', () => {
  const files = synth(lib({}));

  test('a var, a help text for every generated var, resources, README, manifest and .gitattributes', () => {
    for (const v of [...GENERATED_VAR_NAMES, 'app']) {
      expect(files.has(`vars/${v}.groovy`)).toBe(true);
      expect(files.has(`vars/${v}.txt`)).toBe(true);
    }
    for (const s of SCRIPT_NAMES) expect(files.has(`resources/jslc/lib/scripts/${s}`)).toBe(true);
    expect(files.has('resources/jslc/lib/go-junit/main.go')).toBe(true);
    expect(files.get('.gitattributes')).toContain('* linguist-generated=true');
    expect(files.get('README.md')).toContain("@Library('lib@<version>') _");
    expect(files.get('README.md')).toContain('```mermaid');
  });

  test("each stage kind is emitted as the var the catalogue names for it, and the library ships each var's file", () => {
    // The names come from the catalogue (STEP_VAR_BY_KIND); this holds STEP_VAR_SPECS to pairing each kind with its own var.
    for (const [kind, entry] of Object.entries(STEP_VAR_SPECS))
      expect([kind, entry.spec.name]).toEqual([kind, STEP_VAR_BY_KIND[kind as keyof typeof STEP_VAR_BY_KIND]]);
    expect(STEP_VARS.map((v) => v.name)).toEqual(Object.values(STEP_VAR_BY_KIND));
    for (const v of STEP_VARS) expect(files.get(`vars/${v.name}.groovy`)).toContain(`def call(`);
  });

  test('every file carries its source and a content hash, and no version or time', () => {
    for (const [path, text] of files) {
      // JSON holds no comment: the manifest and jslc-api.json are recognised by name (the manifest hashes the API).
      if (path.endsWith('.json')) continue;
      expect(text).toMatch(/[Gg]enerated by jslc from jslc synth/);
      expect(text).toMatch(/jslc:sha256=[0-9a-f]{64}/);
      expect(text).not.toMatch(/\b0\.1\.0\b|\b20\d\d-\d\d-\d\d/);
    }
    const manifest = JSON.parse(files.get('jslc-manifest.json')!) as { version: string; files: Record<string, string> };
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(manifest.files).sort()).toEqual([...files.keys()].filter((p) => p !== 'jslc-manifest.json').sort());
  });

  test('generated Groovy is pure ASCII and has no list literal over 250 or map literal over 125 entries', () => {
    for (const [path, text] of files) {
      if (!path.endsWith('.groovy')) continue;
      expect(/^[\x09\x0a\x20-\x7e]*$/.test(text)).toBe(true);
    }
  });

  test('shell scripts are constant: two libraries with different inputs ship identical scripts', () => {
    const other = synth(lib({ stages: [stage.run('X', cmd('evil', ["'; rm -rf / #"]))], environment: { A: '$(id)' } }));
    for (const s of SCRIPT_NAMES) {
      const strip = (t: string) => t.replace(/^# (Generated|jslc).*\n/gm, '');
      expect(strip(other.get(`resources/jslc/lib/scripts/${s}`)!)).toBe(strip(files.get(`resources/jslc/lib/scripts/${s}`)!));
    }
  });
});

describe('determinism', () => {
  test('the same model gives byte-identical files', () => {
    const a = synth(lib({ environment: { A: '1', B: '2' } }));
    const b = synth(lib({ environment: { A: '1', B: '2' } }));
    expect([...a]).toEqual([...b]);
  });

  test('object keys written in another order give byte-identical files', () => {
    const a = synth(
      defineLibrary({
        name: 'lib',
        pipelines: {
          one: goPipeline({
            ...base,
            environment: { A: '1', B: '2' },
            params: { x: { type: 'string' }, y: { type: 'boolean' } },
            post: { always: [step.echo('a')], failure: [step.echo('f')] },
          }),
          two: goPipeline(base),
        },
      }),
    );
    const b = synth(
      defineLibrary({
        name: 'lib',
        pipelines: {
          two: goPipeline(base),
          one: goPipeline({
            ...base,
            post: { failure: [step.echo('f')], always: [step.echo('a')] },
            params: { y: { type: 'boolean' }, x: { type: 'string' } },
            environment: { B: '2', A: '1' },
          }),
        },
      }),
    );
    expect([...a]).toEqual([...b]);
  });
});
