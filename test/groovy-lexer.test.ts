/**
 * The one Groovy lexer of `jslc verify` (src/verify/groovy/lexer.ts), and its two users reading
 * a text alike: the secrets check (src/verify/secrets.ts, whole files) and the Declarative check
 * (src/verify/declarative/groovy-text.ts, the statement and expression texts of the call tree).
 *
 * Until both used this lexer, the Declarative side had a lexer of its own that knew only `'…'`
 * and `"…"` (with `'''`/`"""`) and no comments: it split `/a,b/` at the comma, read the `'` of
 * `/it's/` as the start of a string running to the end of the text, did not take `/x/` for a
 * string literal, and took `"\\$PASS"` (an escaped backslash, then an interpolation) for a
 * constant. The cases below are those.
 */
import { toJsonAst } from '../src/verify/declarative/check.js';
import { methodCallText, splitTopLevel, stringLiteral } from '../src/verify/declarative/groovy-text.js';
import type { Node } from '../src/verify/declarative/tree.js';
import { PLACEHOLDER, lineStarts, position, scanGroovy } from '../src/verify/groovy/lexer.js';
import { checkGroovy } from '../src/verify/secrets.js';

const GSTRING = (name: string): string =>
  `secret ${name} is interpolated into a Groovy string; pass it through the environment and read it in a single-quoted sh script`;

/** kind:text of each string literal the lexer finds. */
const literals = (src: string): string[] => scanGroovy(src).strings.map((s) => `${s.kind}:${s.text}`);

/** `line:column message` of the secrets findings for `src`, with PASS a secret. */
const secrets = (src: string): string[] => checkGroovy('vars/x.groovy', src, new Map([['PASS', 'secret']])).map((f) => `${f.line}:${f.column} ${f.message}`);

describe('the Groovy lexer', () => {
  test('finds string literals of every kind, escapes decoded', () => {
    expect(literals(`a('x\\ty', "d\\"q", '''t'r''', """t"r""", /s\\/l/, $/d$/s$$/$)`)).toEqual([
      'single:x\ty',
      'double:d"q',
      "triple-single:t'r",
      'triple-double:t"r',
      'slashy:s/l',
      'dollar-slashy:d/s$',
    ]);
  });

  test('a slash after a value is a division, not a slashy string', () => {
    expect(literals('def x = 6 / 2 / 3; def y = (x) / 2; def r = /6 \\/ 2/')).toEqual(['slashy:6 / 2']);
  });

  test('GString interpolations, with nested braces and nested strings', () => {
    const [s] = scanGroovy('"a ${ [k: "}"].k } b $c.d e"').strings;
    expect(s?.interpolations.map((i) => i.expr)).toEqual([' [k: "}"].k ', 'c.d']);
    expect(s?.text).toBe(`a ${PLACEHOLDER} b ${PLACEHOLDER} e`);
    expect(s?.end).toBe(28);
  });

  test('the code view blanks comments and string contents and keeps offsets', () => {
    const src = "f('a,b', /c,d/) // e, f\n/* g, h */ x";
    const { code } = scanGroovy(src);
    expect(code).toHaveLength(src.length);
    expect(code).toBe(`f('   ', /   /)${' '.repeat(8)}\n${' '.repeat(11)}x`);
  });

  test('offsets become 1-based lines and columns', () => {
    const src = 'a\n  "${PASS}"\n';
    const starts = lineStarts(src);
    const [s] = scanGroovy(src).strings;
    expect(position(starts, s!.interpolations[0]!.start)).toEqual({ line: 2, column: 4 });
    expect(position(starts, 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('the secrets check and the Declarative check read a text alike', () => {
  test('a comma, a plus or a quote inside a slashy string is part of the string', () => {
    expect(literals("/a,b/, 'c'")).toEqual(['slashy:a,b', 'single:c']);
    expect(splitTopLevel("/a,b/, 'c'", ',')).toEqual(['/a,b/', " 'c'"]);
    expect(literals("/it's/, 'c'")).toEqual(["slashy:it's", 'single:c']);
    expect(splitTopLevel("/it's/, 'c'", ',')).toEqual(["/it's/", " 'c'"]);
    expect(literals('$/a,b/$, "c"')).toEqual(['dollar-slashy:a,b', 'double:c']);
    expect(splitTopLevel('$/a,b/$, "c"', ',')).toEqual(['$/a,b/$', ' "c"']);
    expect(splitTopLevel("'a' + /b+c/", '+')).toEqual(["'a' ", ' /b+c/']);
    expect(methodCallText("foo(/a,b/, /)/, 'c')")).toEqual({ name: 'foo', args: ['/a,b/', '/)/', "'c'"] });
  });

  test('a slashy string is a string literal, a GString when it interpolates', () => {
    expect(stringLiteral('/a, b/')).toEqual({ quote: '/', value: 'a, b', interpolated: false });
    expect(stringLiteral('$/a $$ b/$')).toEqual({ quote: '$/', value: 'a $ b', interpolated: false });
    expect(stringLiteral('/x ${PASS}/')?.interpolated).toBe(true);
    expect(secrets('echo(/x ${PASS}/)')).toEqual([`1:9 ${GSTRING('PASS')}`]);
    expect(stringLiteral('$/x $PASS/$')?.interpolated).toBe(true);
    expect(secrets('echo($/x $PASS/$)')).toEqual([`1:10 ${GSTRING('PASS')}`]);
  });

  test('an escaped backslash before $ leaves the interpolation', () => {
    expect(stringLiteral('"\\\\$PASS"')?.interpolated).toBe(true);
    expect(secrets('echo("\\\\$PASS")')).toEqual([`1:9 ${GSTRING('PASS')}`]);
    // An escaped $ is no interpolation, for both.
    expect(stringLiteral('"\\$PASS"')).toEqual({ quote: '"', value: '$PASS', interpolated: false });
    expect(secrets('echo("\\$PASS")')).toEqual([]);
  });

  test('a string inside ${} may hold a closing brace', () => {
    expect(stringLiteral('"${ "}" }"')?.interpolated).toBe(true);
    expect(secrets('echo("${ "}" + PASS }")')).toEqual([`1:7 ${GSTRING('PASS')}`]);
  });

  test('commas and quotes in comments are not code', () => {
    expect(splitTopLevel("'a' /* b, c */, 'd'", ',')).toEqual(["'a' /* b, c */", " 'd'"]);
    expect(splitTopLevel("'a', // it's\n'b'", ',')).toEqual(["'a'", " // it's\n'b'"]);
    expect(secrets('// echo("${PASS}")\n/* it\'s "$PASS" */')).toEqual([]);
  });

  test('a Declarative environment {} with slashy values: the same strings for both checks', () => {
    const statements = ["GREETING = /hello, it's ${PASS}/", 'PLAIN = $/a, b/$', "JOINED = 'x' + /y+z/"];
    const tree: Node = {
      name: 'pipeline',
      line: 1,
      column: 1,
      args: [],
      body: [
        { name: 'agent', line: 2, column: 3, args: [{ kind: 'expr', text: 'any' }], body: null },
        { name: 'environment', line: 3, column: 3, args: [], body: statements.map((text, i) => ({ name: '<statement>', line: 4 + i, column: 5, text })) },
        {
          name: 'stages',
          line: 7,
          column: 3,
          args: [],
          body: [
            {
              name: 'stage',
              line: 8,
              column: 5,
              args: [{ kind: 'literal', value: 's' }],
              body: [
                {
                  name: 'steps',
                  line: 9,
                  column: 7,
                  args: [],
                  body: [{ name: 'echo', line: 9, column: 15, args: [{ kind: 'literal', value: 'x' }], body: null }],
                },
              ],
            },
          ],
        },
      ],
    };
    const { ast, problems } = toJsonAst(tree);
    expect(problems).toEqual([]);
    expect(ast.pipeline.environment).toEqual([
      { key: 'GREETING', value: { isLiteral: false, value: "/hello, it's ${PASS}/" } },
      { key: 'PLAIN', value: { isLiteral: true, value: 'a, b' } },
      { key: 'JOINED', value: { isLiteral: true, value: 'xy+z' } },
    ]);
    // The secrets check reads the same three lines: one GString, interpolating PASS.
    const src = statements.join('\n');
    expect(literals(src)).toEqual(["slashy:hello, it's GROOVY_VALUE", 'dollar-slashy:a, b', 'single:x', 'slashy:y+z']);
    expect(secrets(src)).toEqual([`1:25 ${GSTRING('PASS')}`]);
  });
});
