/**
 * jslc verify, check 3 (src/verify/codenarc.ts): CodeNarc through npm-groovy-lint with
 * config/codenarc/.groovylintrc.json.
 *
 * - Each of the seven Jenkins CPS rules fires, alone, on its fixture fixtures/codenarc/<Rule>/vars.
 * - vars-out/ is clean: no finding of any severity.
 * - Trap 1 (the rules only look at files named Jenkinsfile): without the config's applyToFileNames
 *   override, none of them fires on the same fixtures.
 * - Trap 2 (six of them silently skip a file that does not compile to SEMANTIC_ANALYSIS): with
 *   groovy-cps on the classpath the NonCPS fixture compiles and its rule fires; without it, or with
 *   an unresolvable import, the file is reported as CpsRulesSkipped instead of passing.
 *
 * Needs Java 17 and the groovy-cps 1.31 jar (`mvn dependency:get -Dartifact=com.cloudbees:groovy-cps:1.31`);
 * skipped without them, failing instead in CI (CI=true or JSLC_E2E=required).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODENARC_CONFIG, JENKINS_RULES, runCodeNarc, type CodeNarcFinding, type CodeNarcOptions } from '../src/verify/codenarc.js';
import { javaHome, whenTool } from './support/tools.js';

const FIXTURES = 'fixtures/codenarc';
const cpsJar = process.env['JSLC_GROOVY_CPS_JAR'] || join(homedir(), '.m2', 'repository', 'com', 'cloudbees', 'groovy-cps', '1.31', 'groovy-cps-1.31.jar');
const home = javaHome();
const tools = home !== undefined && existsSync(cpsJar) ? { java: join(home, 'bin', 'java') } : undefined;
const it = whenTool('Java 17 and the groovy-cps 1.31 jar (for CodeNarc)', tools);
const base: CodeNarcOptions = { java: tools?.java ?? 'java', groovyCpsJar: cpsJar };

/** The parts of a finding the assertions pin down. */
function brief(findings: CodeNarcFinding[]): { file: string; line: number; rule: string; severity: string }[] {
  return findings.map(({ file, line, rule, severity }) => ({ file, line, rule, severity }));
}

/** Where each rule's fixture violates it. */
const EXPECTED: Record<(typeof JENKINS_RULES)[number], { file: string; line: number; message: RegExp }> = {
  ClassNotSerializable: { file: 'vars/buildInfo.groovy', line: 2, message: /Class BuildInfo is not Serializable/ },
  ClosureInGString: { file: 'vars/announce.groovy', line: 2, message: /GString contains a closure/ },
  CpsCallFromNonCpsMethod: {
    file: 'vars/greeting.groovy',
    line: 9,
    message: /greeting\.salutation is CPS transformed and may not be called from non-CPS transformed method greeting\.render/,
  },
  ExpressionInCpsMethodNotSerializable: { file: 'vars/releaseVersion.groovy', line: 4, message: /Variable match is not Serializable/ },
  ForbiddenCallInCpsMethod: { file: 'vars/sortedNames.groovy', line: 2, message: /java\.lang\.Iterable\.sort\(groovy\.lang\.Closure\) is forbidden/ },
  ObjectOverrideOnlyNonCpsMethods: { file: 'vars/describe.groovy', line: 6, message: /Overridden methods from Object should not be CPS transformed/ },
  ParameterOrReturnTypeNotSerializable: {
    file: 'vars/threadName.groovy',
    line: 5,
    message: /Parameter thread of method threadName\.nameOf is not Serializable/,
  },
};

test('the fixtures cover exactly the seven rules of CodeNarc 3.6.0 rulesets/jenkins.xml', () => {
  const dirs = readdirSync(FIXTURES).filter((d) => (JENKINS_RULES as readonly string[]).includes(d));
  expect(dirs.sort()).toEqual([...JENKINS_RULES].sort());
  expect(Object.keys(EXPECTED).sort()).toEqual([...JENKINS_RULES].sort());
});

test('the committed config switches the seven rules on, as errors, for *.groovy files', () => {
  const text = readFileSync(CODENARC_CONFIG, 'utf8');
  expect(text).toMatch(/"extends": "recommended-jenkinsfile"/);
  for (const rule of JENKINS_RULES) {
    expect(text).toContain(`"jenkins.${rule}": { "severity": "error", "applyToFileNames": "*.groovy,Jenkinsfile" }`);
  }
});

describe('each Jenkins rule fires, and nothing else does, on its fixture', () => {
  it.each([...JENKINS_RULES])('fixtures/codenarc/%s', async (rule) => {
    const { findings } = await runCodeNarc(join(FIXTURES, rule), base);
    const expected = EXPECTED[rule];
    expect(brief(findings)).toEqual([{ file: expected.file, line: expected.line, rule, severity: 'error' }]);
    expect(findings[0]!.message).toMatch(expected.message);
    expect(findings[0]!.check).toBe('codenarc');
    expect(findings[0]!.column).toBeGreaterThanOrEqual(1);
  });
});

it('vars-out/ has no finding at all (no error, warning or info)', async () => {
  const { findings, ms } = await runCodeNarc('vars-out', base);
  process.stderr.write(`codenarc: vars-out/ (${readdirSync('vars-out/vars').filter((f) => f.endsWith('.groovy')).length} files) in ${ms} ms\n`);
  expect(findings.map((f) => `${f.file}:${f.line}:${f.column} [${f.check}] ${f.severity} ${f.message}`)).toEqual([]);
});

it('src/**/*.groovy is linted too, and vars resolve library classes from src/ as in Jenkins', async () => {
  const { findings } = await runCodeNarc(join(FIXTURES, 'SrcLibrary'), base);
  expect(brief(findings)).toEqual([
    // The Jenkins rules run on src/ files (they compile: groovy-cps is on the classpath).
    { file: 'src/org/example/jslc/Greeter.groovy', line: 6, rule: 'ClassNotSerializable', severity: 'error' },
    // vars/greet.groovy compiles because src/ is on the classpath, so the rule knows Greeter's type.
    { file: 'vars/greet.groovy', line: 4, rule: 'ExpressionInCpsMethodNotSerializable', severity: 'error' },
    // Known gap: Greeter.greetAll (@NonCPS) calls the CPS method greet, which CpsCallFromNonCpsMethod
    // only reports for packages in its List property cpsPackages, unsettable from npm-groovy-lint's
    // JSON ruleset (see the config). Should CodeNarc ever report it, extend this list.
  ]);
});

it('trap 2: a file that does not compile is reported as CpsRulesSkipped, not passed silently', async () => {
  const { findings } = await runCodeNarc(join(FIXTURES, 'CpsRulesSkipped'), base);
  expect(brief(findings)).toEqual([
    // bare @NonCPS (Jenkins imports com.cloudbees.groovy.cps.* implicitly; CodeNarc does not)
    { file: 'vars/implicitNonCps.groovy', line: 5, rule: 'CpsRulesSkipped', severity: 'error' },
    // an import that is not on the classpath; the file's Thread parameter is NOT reported: the
    // ParameterOrReturnTypeNotSerializable rule never saw the file
    { file: 'vars/unresolvedImport.groovy', line: 1, rule: 'CpsRulesSkipped', severity: 'error' },
  ]);
  expect(findings[0]!.message).toMatch(/semantic analysis phase.*unable to resolve class NonCPS for annotation.*import com\.cloudbees\.groovy\.cps\.NonCPS/);
  expect(findings[1]!.message).toMatch(/unable to resolve class org\.example\.missing\.Helper/);
});

it('trap 2: without groovy-cps on the classpath the NonCPS fixture does not compile and is reported', async () => {
  const { findings } = await runCodeNarc(join(FIXTURES, 'CpsCallFromNonCpsMethod'), { ...base, groovyCpsJar: null });
  expect(brief(findings)).toEqual([{ file: 'vars/greeting.groovy', line: 1, rule: 'CpsRulesSkipped', severity: 'error' }]);
  expect(findings[0]!.message).toMatch(/unable to resolve class com\.cloudbees\.groovy\.cps\.NonCPS/);
});

it('a syntax error is reported, along with the rules it made CodeNarc skip', async () => {
  const lib = mkdtempSync(join(tmpdir(), 'jslc-codenarc-test-'));
  try {
    cpSync(join(FIXTURES, 'ClosureInGString'), lib, { recursive: true });
    writeFileSync(join(lib, 'vars', 'broken.groovy'), "def call() {\n    echo('x'\n}\n");
    const { findings } = await runCodeNarc(lib, base);
    expect(brief(findings)).toEqual([
      { file: 'vars/announce.groovy', line: 2, rule: 'ClosureInGString', severity: 'error' },
      { file: 'vars/broken.groovy', line: 2, rule: 'CpsRulesSkipped', severity: 'error' },
      { file: 'vars/broken.groovy', line: 2, rule: 'NglParseError', severity: 'error' },
    ]);
  } finally {
    rmSync(lib, { recursive: true, force: true });
  }
});

it('trap 1: without the applyToFileNames override none of the seven rules looks at vars/*.groovy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jslc-codenarc-test-'));
  try {
    // The seven fixtures in one library, linted with the committed config minus the override.
    for (const rule of JENKINS_RULES) cpSync(join(FIXTURES, rule, 'vars'), join(dir, 'lib', 'vars'), { recursive: true });
    const config = readFileSync(CODENARC_CONFIG, 'utf8').replace(/, "applyToFileNames": "\*\.groovy,Jenkinsfile"/g, '');
    expect(config).not.toContain('"applyToFileNames"');
    writeFileSync(join(dir, 'no-override.groovylintrc.json'), config);
    const without = await runCodeNarc(join(dir, 'lib'), { ...base, config: join(dir, 'no-override.groovylintrc.json') });
    expect(brief(without.findings)).toEqual([]);
    // The same library with the committed config: each rule once.
    const withOverride = await runCodeNarc(join(dir, 'lib'), base);
    expect(withOverride.findings.map((f) => f.rule).sort()).toEqual([...JENKINS_RULES].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a library without vars/ or src/ groovy files needs no JVM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jslc-codenarc-test-'));
  try {
    expect((await runCodeNarc(dir, base)).findings).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
