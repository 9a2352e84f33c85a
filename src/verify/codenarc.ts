/**
 * `jslc verify`, check 3: CodeNarc over every `vars/**\/*.groovy` and `src/**\/*.groovy` of a
 * library, through npm-groovy-lint (which bundles CodeNarc 3.7.0 and Groovy 4), with the committed
 * configuration `config/codenarc/.groovylintrc.json`: npm-groovy-lint's `recommended-jenkinsfile`
 * preset plus the seven rules of CodeNarc's `jenkins` ruleset.
 *
 * Two traps of those Jenkins rules are handled here and in the configuration:
 *
 * 1. They apply only to files named `Jenkinsfile` unless `applyToFileNames` is overridden (the
 *    configuration does that).
 * 2. Six of them compile the file up to SEMANTIC_ANALYSIS and silently skip it when that fails;
 *    CodeNarc merely logs "Compilation failed for [...]". So this module
 *    - starts CodeNarc with a classpath holding groovy-cps (for `com.cloudbees.groovy.cps.NonCPS`,
 *      which the rules look for by name and which a file must import to compile), the library's
 *      `src/` (Groovy finds a referenced library class by its source file, as Jenkins does) and any
 *      extra entries the caller passes; npm-groovy-lint starts `java -jar CodeNarcServer.jar`, and
 *      `-jar` ignores `-cp`, so a throw-away `java` wrapper swaps `-jar <jar>` for
 *      `-cp <jar>:<extra> com.nvuillam.CodeNarcServer` (the jar's manifest still brings in CodeNarc,
 *      Groovy and the rest);
 *    - reports every file that CodeNarc logs as not compiling as a `CpsRulesSkipped` error, and every
 *      compile error npm-groovy-lint would drop ("unable to resolve class") as `CompileError`.
 *
 * One run is one JVM: no CodeNarc server is started (`noserver`), so nothing is left running.
 *
 * @module
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, delimiter, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { shippedJar } from '../jars/index.js';
import { shellQuote } from '../lang/shell.js';
import { colourAllowed, stripAnsi } from '../util/ansi.js';
import type { Severity, VerifyFinding } from './finding.js';
import { javaExecutable } from './jvm.js';
import { libraryFiles } from './library-files.js';

/**
 * One CodeNarc finding, rated by CodeNarc itself. Its column is npm-groovy-lint's range start or
 * the line's first non-blank column (CodeNarc reports lines only). `jslc verify` prints it as
 * `file:line:col [codenarc] severity message`.
 */
export interface CodeNarcFinding extends VerifyFinding<'codenarc'> {
  /** CodeNarc rule name, `NglParseError` (syntax error), `CpsRulesSkipped` or `CompileError`. */
  readonly rule: string;
}

/** What one CodeNarc run found. */
export interface CodeNarcResult {
  findings: CodeNarcFinding[];
  /** Number of Groovy files CodeNarc examined (every `vars/**\/*.groovy` and `src/**\/*.groovy`). */
  files: number;
  /** Wall time of the run, JVM included. */
  ms: number;
}

/** How to run CodeNarc. */
export interface CodeNarcOptions {
  /** A `.groovylintrc.json` to use instead of the committed `config/codenarc/.groovylintrc.json`. */
  config?: string;
  /** Extra classpath entries (jars, class or source directories), e.g. Jenkins jars that `src/` imports. */
  classpath?: string[];
  /**
   * The groovy-cps jar. Default: `$JSLC_GROOVY_CPS_JAR`, else
   * `~/.m2/repository/com/cloudbees/groovy-cps/1.31/groovy-cps-1.31.jar`. `null` leaves it off the
   * classpath (only useful to demonstrate what happens without it).
   */
  groovyCpsJar?: string | null;
  /** The java executable (CodeNarc 3.6.0 wants Java 17). Default: `$JAVA_HOME/bin/java` when it exists, else `java` from the PATH. */
  java?: string;
}

/** The committed configuration (`src/verify` and `dist/verify` are both two levels below the package root). */
export const CODENARC_CONFIG = fileURLToPath(new URL('../../config/codenarc/.groovylintrc.json', import.meta.url));

/** The seven rules of CodeNarc 3.6.0's `rulesets/jenkins.xml`. */
export const JENKINS_RULES = [
  'ClassNotSerializable',
  'ClosureInGString',
  'CpsCallFromNonCpsMethod',
  'ExpressionInCpsMethodNotSerializable',
  'ForbiddenCallInCpsMethod',
  'ObjectOverrideOnlyNonCpsMethods',
  'ParameterOrReturnTypeNotSerializable',
] as const;

const GROOVY_CPS_JAR = join('com', 'cloudbees', 'groovy-cps', '1.31', 'groovy-cps-1.31.jar');
const SERVER_MAIN_CLASS = 'com.nvuillam.CodeNarcServer';
/**
 * npm-groovy-lint's heap settings, plus C1-only JIT and the serial collector: a CodeNarc run is a
 * short-lived JVM, for which they cut the wall time by more than half.
 */
const JAVA_OPTIONS = ['-Xms256m', '-Xmx2048m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** The part of npm-groovy-lint's (untyped) `NpmGroovyLint` this module uses. */
interface NpmGroovyLintInstance {
  run(): Promise<NpmGroovyLintInstance>;
  status: number;
  error?: { msg?: string };
  codeNarcStdErr?: string;
  parseErrors?: Record<string, string[]>;
  lintResult?: {
    summary?: { totalFilesLinted?: number };
    files?: Record<string, { errors: NglError[] }>;
  };
}
type NpmGroovyLintClass = new (options: Record<string, unknown>, internalOptions: Record<string, unknown>) => NpmGroovyLintInstance;
interface NglError {
  line: number;
  rule: string;
  severity: string;
  msg: string;
  range?: { start: { line: number; character: number } };
}

// A variable, so that TypeScript does not look for the types npm-groovy-lint does not ship.
const NPM_GROOVY_LINT: string = 'npm-groovy-lint';

/** Lints every `vars/**\/*.groovy` and `src/**\/*.groovy` of `libDir` with CodeNarc. */
export async function runCodeNarc(libDir: string, options: CodeNarcOptions = {}): Promise<CodeNarcResult> {
  const start = performance.now();
  const lib = resolve(libDir);
  const files = libraryFiles(lib, ['vars', 'src'], '.groovy').map((f) => join(lib, f));
  if (files.length === 0) {
    return { findings: [], files: 0, ms: Math.round(performance.now() - start) };
  }
  for (const file of files) {
    // CodeNarc takes the files as one comma-separated list of Ant patterns.
    if (/[,*?]/.test(file)) {
      throw new Error(`jslc verify (codenarc): cannot pass ${file} to CodeNarc: its path contains ',', '*' or '?'`);
    }
  }

  const classpath: string[] = [];
  const cpsJar = options.groovyCpsJar === undefined ? defaultGroovyCpsJar() : options.groovyCpsJar;
  if (cpsJar !== null) {
    if (!existsSync(cpsJar)) {
      throw new Error(
        `jslc verify (codenarc): groovy-cps jar not found at ${cpsJar}; the Jenkins CPS rules need ` +
          'com.cloudbees.groovy.cps.NonCPS to compile the sources. Fetch it with ' +
          '`mvn dependency:get -Dartifact=com.cloudbees:groovy-cps:1.31` or point JSLC_GROOVY_CPS_JAR at it.',
      );
    }
    classpath.push(cpsJar);
  }
  const srcDir = join(lib, 'src');
  if (existsSync(srcDir)) {
    classpath.push(srcDir);
  }
  classpath.push(...(options.classpath ?? []).map((entry) => resolve(entry)));

  let NpmGroovyLint: NpmGroovyLintClass;
  try {
    ({ default: NpmGroovyLint } = (await import(NPM_GROOVY_LINT)) as { default: NpmGroovyLintClass });
  } catch (error) {
    throw new Error(`jslc verify (codenarc): cannot load npm-groovy-lint (${String(error)}); install npm-groovy-lint@15`);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'jslc-codenarc-'));
  let linter: NpmGroovyLintInstance;
  try {
    const lintOptions: Record<string, unknown> = {
      config: resolve(options.config ?? CODENARC_CONFIG),
      _: files,
      output: 'none',
      loglevel: 'info',
      failon: 'none',
      parse: true,
      noserver: true,
      javaexecutable: writeJavaWrapper(workDir, options.java ?? javaExecutable() ?? 'java', classpath),
      javaoptions: JAVA_OPTIONS.join(','),
    };
    linter = await withoutColour(() => new NpmGroovyLint(lintOptions, {}).run());
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  const stderr = linter.codeNarcStdErr ?? '';
  // CodeNarc's log reaches the user only inside the errors below, printed on jslc's stderr.
  const shown = (text: string): string => (colourAllowed(process.stderr) ? text : stripAnsi(text));
  const lintFiles = linter.lintResult?.files;
  if (linter.status > 1 || lintFiles === undefined) {
    throw new Error(shown(`jslc verify (codenarc): CodeNarc did not run: ${linter.error?.msg ?? 'no result'}\n${stderr}`));
  }
  const linted = linter.lintResult?.summary?.totalFilesLinted;
  if (linted !== files.length) {
    throw new Error(shown(`jslc verify (codenarc): CodeNarc linted ${String(linted)} of ${files.length} files\n${stderr}`));
  }

  const findings: CodeNarcFinding[] = [];
  const lines = new Map<string, string[]>();
  const sourceLines = (file: string): string[] => {
    let cached = lines.get(file);
    if (cached === undefined) {
      cached = readFileSync(file, 'utf8').split(/\r?\n/);
      lines.set(file, cached);
    }
    return cached;
  };
  const add = (file: string, line: number, column: number | undefined, severity: Severity, rule: string, text: string): void => {
    const l = Math.max(1, line);
    const c = column ?? firstColumn(sourceLines(file)[l - 1]);
    findings.push({ file: relative(lib, file).split(sep).join('/'), line: l, column: c, check: 'codenarc', severity, rule, message: `${rule}: ${text}` });
  };

  for (const [file, { errors }] of Object.entries(lintFiles)) {
    for (const error of errors) {
      if (error.rule === 'NglParseError') {
        // A Groovy syntax error, found by npm-groovy-lint's own compile of the file.
        const parsed = compileError(error.msg);
        add(resolve(file), parsed.line ?? (Number(error.line) || 1), parsed.column, 'error', error.rule, parsed.message);
        continue;
      }
      const line = Number(error.line) || 1;
      const column =
        error.range !== undefined && error.range.start.line === line && error.range.start.character >= 0 ? error.range.start.character + 1 : undefined;
      add(resolve(file), line, column, toSeverity(error.severity), error.rule, tidy(error.msg, file));
    }
  }

  // Trap 2: files CodeNarc could not compile, so the rules of that phase (and later) never saw them.
  const skipped = new Set<string>();
  // Parsed without colour codes, which would hide the timestamps that start each record.
  for (const failure of compileFailures(stripAnsi(stderr))) {
    const file = resolve(failure.file);
    skipped.add(file);
    add(
      file,
      failure.error.line ?? 1,
      failure.error.column,
      'error',
      'CpsRulesSkipped',
      `CodeNarc could not compile this file to its ${failure.phase} phase, so every rule working on that ` +
        `phase or a later one, the Jenkins CPS rules among them, skipped it: ${failure.error.message}` +
        hint(failure.error.message, cpsJar !== null),
    );
  }
  // Compile errors npm-groovy-lint drops (it ignores "unable to resolve class"), unless reported above.
  for (const [file, messages] of Object.entries(linter.parseErrors ?? {})) {
    const abs = resolve(file);
    if (skipped.has(abs)) {
      continue;
    }
    for (const raw of messages) {
      const error = compileError(raw);
      if (error.message.includes('unable to resolve class ')) {
        add(abs, error.line ?? 1, error.column, 'error', 'CompileError', error.message);
      }
    }
  }

  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)));
  return { findings, files: files.length, ms: Math.round(performance.now() - start) };
}

/**
 * Runs `run` with npm-groovy-lint's own console output (its error paths print through `console.*`, coloured with
 * chalk, which looks at the TTY but not at `NO_COLOR`) stripped of ANSI escapes when jslc's stderr may not show colour.
 * The console is restored afterwards.
 */
async function withoutColour<T>(run: () => Promise<T>): Promise<T> {
  if (colourAllowed(process.stderr)) return run();
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => [m, console[m]] as const);
  for (const [m, original] of saved) {
    console[m] = (...args: unknown[]): void =>
      original.apply(
        console,
        args.map((a) => (typeof a === 'string' ? stripAnsi(a) : a)),
      );
  }
  try {
    return await run();
  } finally {
    for (const [m, original] of saved) console[m] = original;
  }
}

function defaultGroovyCpsJar(): string {
  const fromEnv = process.env.JSLC_GROOVY_CPS_JAR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return shippedJar('groovy-cps-1.31.jar') ?? join(homedir(), '.m2', 'repository', GROOVY_CPS_JAR);
}

/**
 * Writes the `java` that npm-groovy-lint is told to use: it replaces `-jar <CodeNarcServer.jar>` with
 * `-cp <CodeNarcServer.jar><extra classpath> com.nvuillam.CodeNarcServer` and runs the real java.
 * Giving npm-groovy-lint an explicit executable also stops java-caller from downloading a JRE when
 * the java on the PATH is not version 17.
 */
function writeJavaWrapper(dir: string, java: string, classpath: string[]): string {
  if (process.platform === 'win32') {
    throw new Error('jslc verify (codenarc): needs a POSIX shell to put groovy-cps on the CodeNarc classpath; Windows is not supported');
  }
  const extra = classpath.map((entry) => delimiter + entry).join('');
  const script = [
    '#!/bin/sh',
    '# Written by jslc verify (src/verify/codenarc.ts) for one CodeNarc run; deleted after it.',
    `java=${shellQuote(java)}`,
    `extra=${shellQuote(extra)}`,
    'jar=',
    'next=',
    'for a in "$@"; do',
    '  shift',
    '  if [ "$next" = jar ]; then next=; jar=$a; set -- "$@" -cp "$a$extra" ' + SERVER_MAIN_CLASS + '; continue; fi',
    '  if [ "$a" = -jar ]; then next=jar; continue; fi',
    '  set -- "$@" "$a"',
    'done',
    'if [ -z "$jar" ]; then echo "jslc codenarc java wrapper: no -jar argument in: $*" >&2; exit 3; fi',
    'exec "$java" "$@"',
    '',
  ].join('\n');
  const path = join(dir, 'java');
  if (/\s/.test(path)) {
    // java-caller runs an executable whose path has a space through a shell, unquoted.
    throw new Error(`jslc verify (codenarc): the temporary directory ${dir} has whitespace in its path; set TMPDIR to one without`);
  }
  writeFileSync(path, script, { mode: 0o755 });
  return path;
}

/** What to do about a compile error that made CodeNarc skip a file, when jslc knows. */
function hint(message: string, cpsOnClasspath: boolean): string {
  if (/unable to resolve class NonCPS\b/.test(message)) {
    return '. Jenkins imports com.cloudbees.groovy.cps.* implicitly; import com.cloudbees.groovy.cps.NonCPS explicitly so the file also compiles outside Jenkins';
  }
  if (/unable to resolve class com\.cloudbees\.groovy\.cps\./.test(message) && !cpsOnClasspath) {
    return '. groovy-cps is not on the classpath';
  }
  if (/unable to resolve class /.test(message)) {
    return '. Put the jar that holds it on the classpath (CodeNarcOptions.classpath)';
  }
  return '';
}

interface CompileErrorInfo {
  message: string;
  line?: number;
  column?: number;
}

/** Parses a Groovy compiler message (`<name>: <line>: <message>\n @ line L, column C.\n ...`). */
function compileError(text: string): CompileErrorInfo {
  const first = /^(?:.*?: (\d+): )?(.*)$/m.exec(text.trim());
  const at = /@ line (\d+), column (\d+)\./.exec(text);
  const message = (first?.[2] ?? text).replace(/\s*@ line \d+, column \d+\.\s*$/, '').trim();
  const line = at?.[1] ?? first?.[1];
  return {
    message,
    ...(line === undefined ? {} : { line: Number(line) }),
    ...(at?.[2] === undefined ? {} : { column: Number(at[2]) }),
  };
}

/**
 * CodeNarc's log of files it could not compile, e.g.
 * `WARN  o.codenarc.source.AbstractSourceCode -- Compilation failed for
 * [CustomCompilerPhaseSourceDecorator[SourceFile[/lib/vars/x.groovy]]; phase=4 (semantic analysis)];
 * org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:\nNone: 1: unable to resolve class ...`
 */
function compileFailures(stderr: string): { file: string; phase: string; error: CompileErrorInfo }[] {
  // Per file, the earliest phase that failed (a file that does not parse fails at every phase).
  const failures = new Map<string, { file: string; phase: string; phaseNumber: number; error: CompileErrorInfo }>();
  // One logback record per timestamped line; an exception message continues on the following lines.
  for (const record of stderr.split(/^(?=\d\d:\d\d:\d\d\.\d{3} \[)/m)) {
    const match = /Compilation failed for \[(?:CustomCompilerPhaseSourceDecorator\[)?SourceFile\[(.+?)\]\]?(?:; phase=(\d+) \(([^)]*)\)\])?/.exec(record);
    if (match?.[1] === undefined) {
      continue;
    }
    const file = match[1];
    // Without "phase=", it is CodeNarc's default phase, CONVERSION (3).
    const phaseNumber = match[2] === undefined ? 3 : Number(match[2]);
    const previous = failures.get(file);
    if (previous !== undefined && previous.phaseNumber <= phaseNumber) {
      continue;
    }
    const rest = record.slice(match.index + match[0].length);
    const body = /startup failed:\s*\n([\s\S]*)/.exec(rest)?.[1] ?? rest.replace(/^[\];.\s]+/, '');
    failures.set(file, { file, phase: match[3] ?? 'conversion', phaseNumber, error: compileError(body) });
  }
  return [...failures.values()];
}

function toSeverity(severity: string): Severity {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'info';
}

/** CodeNarc names every script class `None`; say which script instead. */
function tidy(message: string, file: string): string {
  const script = basename(file, '.groovy');
  return message
    .replace(/^Violation in class None\. /, '')
    .replace(/\bclass None\b/g, `script ${script}`)
    .replace(/\bNone\.(?=\w)/g, `${script}.`)
    .trim();
}

function firstColumn(line: string | undefined): number {
  const index = line === undefined ? -1 : line.search(/\S/);
  return index < 0 ? 1 : index + 1;
}
