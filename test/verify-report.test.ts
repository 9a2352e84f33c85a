/**
 * The machine-readable outputs of `jslc verify` (issue 13): SARIF 2.1.0 logs validated against the official OASIS
 * schema (fixtures/sarif/, JSON Schema draft-04, so Ajv's draft-04 validator with ajv-formats), for a clean run, for
 * findings of every severity, and for the findings of a real verify run; and GitHub Actions annotations with
 * GitHub's escaping of hostile messages and paths.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04Import from 'ajv-draft-04';
import addFormatsImport from 'ajv-formats';
import { CHECKS } from '../src/verify/checks.js';
import type { VerifyFinding } from '../src/verify/finding.js';
import { escapeGithubData, escapeGithubProperty, toGithubAnnotations } from '../src/verify/report/github.js';
import { VERIFY_FORMATS, formatVerifyProgress, formatVerifyReport, isVerifyFormat, unknownFormatMessage } from '../src/verify/report/index.js';
import { SARIF_SCHEMA_URI, formatSarif, toSarif } from '../src/verify/report/sarif.js';
import { ensureVerifier, verifyLibrary } from '../src/verify/verify.js';
import { javaHome, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
// Both are CommonJS with `exports.default`; under NodeNext the default import is the module object (see
// src/verify/declarative/schema.ts), under Jest's ESM mode it may be the export itself.
type AjvClass = typeof Ajv04Import.default;
type AddFormats = typeof addFormatsImport.default;
const Ajv04: AjvClass = (Ajv04Import as unknown as { default?: AjvClass }).default ?? (Ajv04Import as unknown as AjvClass);
const addFormats: AddFormats = (addFormatsImport as unknown as { default?: AddFormats }).default ?? (addFormatsImport as unknown as AddFormats);
const ajv = new Ajv04({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's errors for `log`, as readable lines (empty when it validates). */
function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const finding = (f: Partial<VerifyFinding> & Pick<VerifyFinding, 'check' | 'message'>): VerifyFinding => ({
  file: 'vars/goBuild.groovy',
  line: 1,
  column: 1,
  severity: 'error',
  ...f,
});

const findings: VerifyFinding[] = [
  finding({ file: 'vars/z last.groovy', line: 9, column: 3, check: 'secrets', message: 'credential TOKEN interpolated into a GString' }),
  finding({ line: 12, column: 5, check: 'cps', message: 'synchronized is unsupported for CPS transformation' }),
  finding({ line: 2, column: 7, check: 'codenarc', severity: 'warning', message: 'warning UnnecessaryGString: use a plain string' }),
  finding({ file: 'src/org/x/Util#1.groovy', line: 4, column: 1, check: 'codenarc', severity: 'info', message: 'info NoDef: def in a method' }),
];

describe('SARIF 2.1.0', () => {
  const opts = { toolVersion: '0.1.0', checks: CHECKS, informationUri: 'https://example.org/jslc/docs/verification.md' };

  test('the schema is the official one and rejects what it must (the validator is real)', () => {
    expect(schema['id']).toBe(SARIF_SCHEMA_URI);
    expect(schemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toContainEqual(expect.stringContaining("must have required property 'name'"));
    expect(schemaErrors({ version: '2.0.0', runs: [] }).length).toBeGreaterThan(0);
    const log = toSarif({ findings }, opts) as unknown as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const broken = JSON.parse(JSON.stringify(log)) as typeof log;
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(schemaErrors(broken)).toContainEqual(expect.stringContaining('must be >= 1'));
  });

  test('a clean run: one run, jslc with its version and one rule per check, no results; it validates', () => {
    const log = toSarif({ findings: [] }, opts);
    expect(schemaErrors(log)).toEqual([]);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('jslc');
    expect(driver.version).toBe('0.1.0');
    expect(driver.informationUri).toBe('https://example.org/jslc/docs/verification.md');
    expect(driver.rules.map((r) => r.id)).toEqual(['groovy', 'cps', 'codenarc', 'declarative', 'sandbox', 'secrets']);
    expect(driver.rules[0]!.shortDescription.text).toBe('full compilation with Groovy 2.4.21 (the version Jenkins bundles)');
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].originalUriBaseIds).toBeUndefined();
  });

  test('findings: rule ids, levels by severity, messages, relative locations; it validates and is deterministic', () => {
    const log = toSarif({ findings }, { ...opts, srcRoot: '/tmp/lib dir' });
    expect(schemaErrors(log)).toEqual([]);
    const results = log.runs[0].results;
    // jslc verify's order: by file, line, column.
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region])).toEqual([
      ['codenarc', 'note', 'src/org/x/Util%231.groovy', { startLine: 4, startColumn: 1 }],
      ['codenarc', 'warning', 'vars/goBuild.groovy', { startLine: 2, startColumn: 7 }],
      ['cps', 'error', 'vars/goBuild.groovy', { startLine: 12, startColumn: 5 }],
      ['secrets', 'error', 'vars/z%20last.groovy', { startLine: 9, startColumn: 3 }],
    ]);
    expect(results[2]).toEqual({
      ruleId: 'cps',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'synchronized is unsupported for CPS transformation' },
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'vars/goBuild.groovy', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 5 } } },
      ],
    });
    for (const r of results) expect(log.runs[0].tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///tmp/lib%20dir/' } });
    // The same findings in another order give the same bytes.
    expect(formatSarif(toSarif({ findings: [...findings].reverse() }, { ...opts, srcRoot: '/tmp/lib dir' }))).toBe(formatSarif(log));
    expect(formatSarif(log).endsWith('}\n')).toBe(true);
  });

  test('a finding of a check not listed gets a rule of its own; a relative informationUri is refused', () => {
    const log = toSarif({ findings: [finding({ check: 'declarative-tree', message: 'x' })] }, { toolVersion: '1.0.0', checks: [] });
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([
      { id: 'declarative-tree', shortDescription: { text: 'findings of declarative-tree' }, defaultConfiguration: { level: 'error' } },
    ]);
    expect(log.runs[0].results[0]!.ruleIndex).toBe(0);
    expect(() => toSarif({ findings: [] }, { ...opts, informationUri: 'docs/verification.md' })).toThrow(
      'toSarif: informationUri "docs/verification.md" is not an absolute URI; give e.g. https://example.org/docs',
    );
  });

  whenTool('Java 17 (jslc verify sandbox)', javaHome() ? true : undefined)(
    'the findings of a real verify run validate',
    async () => {
      ensureVerifier();
      const r = await verifyLibrary(join(ROOT, 'fixtures', 'verify', 'sandbox'), ['sandbox', 'secrets']);
      expect(r.findings.length).toBeGreaterThan(0);
      const log = toSarif(r, { toolVersion: '0.1.0', checks: CHECKS.filter((c) => c.name === 'sandbox' || c.name === 'secrets') });
      expect(schemaErrors(log)).toEqual([]);
      expect(
        log.runs[0].results.every((x) => x.ruleId === 'sandbox' && x.locations[0]!.physicalLocation.artifactLocation.uri === 'vars/dangerous.groovy'),
      ).toBe(true);
    },
    300_000,
  );
});

describe('GitHub Actions annotations', () => {
  test('one workflow command per finding, by severity, with file, line, col and title', () => {
    expect(toGithubAnnotations(findings)).toEqual([
      '::notice file=src/org/x/Util#1.groovy,line=4,col=1,title=jslc verify [codenarc]::info NoDef: def in a method',
      '::warning file=vars/goBuild.groovy,line=2,col=7,title=jslc verify [codenarc]::warning UnnecessaryGString: use a plain string',
      '::error file=vars/goBuild.groovy,line=12,col=5,title=jslc verify [cps]::synchronized is unsupported for CPS transformation',
      '::error file=vars/z last.groovy,line=9,col=3,title=jslc verify [secrets]::credential TOKEN interpolated into a GString',
    ]);
    expect(toGithubAnnotations([findings[1]!], { pathPrefix: './vars-out/', title: 'lint' })).toEqual([
      '::error file=vars-out/vars/goBuild.groovy,line=12,col=5,title=lint [cps]::synchronized is unsupported for CPS transformation',
    ]);
    expect(toGithubAnnotations([])).toEqual([]);
  });

  test("hostile messages and paths are escaped by GitHub's rules: one line, no early end of a property or the command", () => {
    const hostile = finding({
      file: 'vars/a,b:c%d.groovy',
      line: 3,
      column: 2,
      check: 'secrets',
      message: '100% bad\r\n::error file=evil.groovy::injected\nline three: a, b',
    });
    const [line] = toGithubAnnotations([hostile], { title: 'x,y: z' });
    expect(line).toBe(
      '::error file=vars/a%2Cb%3Ac%25d.groovy,line=3,col=2,title=x%2Cy%3A z [secrets]::100%25 bad%0D%0A::error file=evil.groovy::injected%0Aline three: a, b',
    );
    expect(line).not.toMatch(/[\r\n]/);
    // The properties are exactly the four written: the file's ',' and ':' did not make new ones.
    const props = /^::error ([^:]*)::/.exec(line!)![1]!.split(',');
    expect(props.map((p) => p.split('=')[0])).toEqual(['file', 'line', 'col', 'title']);
    // Unescaping as the runner does gives back the originals.
    const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    expect(unescape(props[0]!.slice('file='.length))).toBe('vars/a,b:c%d.groovy');
    expect(unescape(line!.slice(line!.indexOf('::', 2) + 2))).toBe(hostile.message);
    // '%' first, so an escape already in the text is not read back as one.
    expect(escapeGithubData('%0A')).toBe('%250A');
    expect(escapeGithubProperty('%3A:')).toBe('%253A%3A');
  });
});

describe('--format and progress lines', () => {
  const opts = { toolVersion: '0.1.0', checks: CHECKS };

  test('formatVerifyReport prints each format as the CLI writes it to stdout', () => {
    expect(formatVerifyReport({ findings }, 'text', opts)).toBe(
      [
        'src/org/x/Util#1.groovy:4:1 [codenarc] info NoDef: def in a method',
        'vars/goBuild.groovy:2:7 [codenarc] warning UnnecessaryGString: use a plain string',
        'vars/goBuild.groovy:12:5 [cps] synchronized is unsupported for CPS transformation',
        'vars/z last.groovy:9:3 [secrets] credential TOKEN interpolated into a GString',
        '',
      ].join('\n'),
    );
    expect(formatVerifyReport({ findings: [] }, 'text', opts)).toBe('');
    expect(formatVerifyReport({ findings: [] }, 'github', opts)).toBe('');
    const sarif = formatVerifyReport({ findings }, 'sarif', opts);
    expect(schemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(sarif).toBe(formatSarif(toSarif({ findings }, opts)));
    expect(formatVerifyReport({ findings: [findings[1]!] }, 'github', { ...opts, pathPrefix: 'lib' })).toBe(
      '::error file=lib/vars/goBuild.groovy,line=12,col=5,title=jslc verify [cps]::synchronized is unsupported for CPS transformation\n',
    );
  });

  test('format names: the three, and a usage error naming them for any other', () => {
    expect(VERIFY_FORMATS).toEqual(['text', 'sarif', 'github']);
    expect(['text', 'sarif', 'github', 'json', 'SARIF'].map(isVerifyFormat)).toEqual([true, true, true, false, false]);
    expect(unknownFormatMessage('xml')).toBe('jslc verify: unknown --format "xml"; formats: text, sarif, github');
  });

  test('a progress line per ended check; none for a start', () => {
    expect(formatVerifyProgress({ check: 'codenarc', phase: 'start' })).toBeUndefined();
    expect(formatVerifyProgress({ check: 'codenarc', phase: 'end', files: 11, findings: 0, ms: 6234 })).toBe(
      'jslc verify: codenarc: 11 files, 0 finding(s) in 6.2 s',
    );
    expect(formatVerifyProgress({ check: 'sandbox', phase: 'end', files: 1, findings: 2, ms: 50 })).toBe('jslc verify: sandbox: 1 file, 2 finding(s) in 0.1 s');
    expect(formatVerifyProgress({ check: 'groovy', phase: 'end', findings: 0, ms: 1000, error: 'no Java found\nsecond line' })).toBe(
      'jslc verify: groovy: failed after 1.0 s: no Java found',
    );
  });
});
