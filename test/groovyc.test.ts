import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { groovyString } from '../src/lang/groovy.js';
import { groovyc, whenTool } from './support/tools.js';

const tool = groovyc();
const it = whenTool('groovyc (Debian package groovy, Groovy 2.4.21)', tool);

/** Compile every .groovy file of a library directory to class files with groovyc. */
function compileLibrary(dir: string): string[] {
  const out = mkdtempSync(join(tmpdir(), 'jslc-groovyc-'));
  try {
    const sources = readdirSync(join(dir, 'vars'))
      .filter((f) => f.endsWith('.groovy'))
      .map((f) => join(dir, 'vars', f));
    execFileSync(tool!.path, ['-d', out, ...sources], { env: tool!.env, encoding: 'utf8', stdio: 'pipe' });
    return readdirSync(out).filter((f) => f.endsWith('.class'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

it('groovyc is Groovy 2.4.21, the version Jenkins core bundles', () => {
  expect(tool!.version).toContain('Groovy compiler version 2.4.21');
});

it('every .groovy file of vars-out/ compiles to class files with groovyc 2.4.21', () => {
  const classes = compileLibrary('vars-out');
  const vars = readdirSync('vars-out/vars')
    .filter((f) => f.endsWith('.groovy'))
    .map((f) => f.replace(/\.groovy$/, '.class'));
  for (const v of vars) expect(classes).toContain(v);
});

it('every .groovy file of the all-features library compiles with groovyc 2.4.21', () => {
  const classes = compileLibrary('test/__golden__/all-features');
  expect(classes).toContain('labelPipeline.class');
  expect(classes).toContain('dockerPipeline.class');
  expect(classes).toContain('nonePipeline.class');
});

/** UTF-16 code units in hex, the way Java strings hold text. */
function units(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

const NASTY = ["'", '"', '\\', '$', '${x}', "'''", '"""', '\n', '\r', '\t', '\u0000', '\u202e', '\u{1f600}', '`', ';|&$()<>*?[]~#!', '-', '\\u0041', '\ud800'];

it('groovyString round-trips adversarial strings byte-exact through the real Groovy parser', () => {
  const samples = fc.sample(
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
    ),
    { seed: 20261125, numRuns: 600 },
  );
  const values = [...NASTY, ...samples];
  const dir = mkdtempSync(join(tmpdir(), 'jslc-escape-'));
  try {
    const script = join(dir, 'roundtrip.groovy');
    // One literal per line; the script prints the UTF-16 code units of each value.
    writeFileSync(
      script,
      [
        'def values = [',
        ...values.map((v) => `    ${groovyString(v)},`),
        ']',
        "for (v in values) { println(v.toCharArray().collect { String.format('%04x', (int) it) }.join('')) }",
        '',
      ].join('\n'),
    );
    const groovy = tool!.path.replace(/groovyc$/, 'groovy');
    const out = execFileSync(groovy, [script], { env: tool!.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n');
    values.forEach((v, i) => expect(out[i]).toBe(units(v)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
