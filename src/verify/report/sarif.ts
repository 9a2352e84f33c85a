/**
 * `jslc verify --format sarif`: the findings of a verify run as a SARIF 2.1.0 log (OASIS Static Analysis Results
 * Interchange Format, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the format code-scanning
 * services read (GitHub code scanning, GitLab, Azure DevOps, the VS Code SARIF viewer).
 *
 * One run, whose tool is jslc (`tool.driver`: name, version, informationUri) with one rule per check (`id` the
 * check's name, `shortDescription` its one-line description); one result per finding, whose `ruleId` is its check,
 * `level` its severity (error, warning, or note for info), `message.text` its message, and whose one location is the
 * file relative to the library directory (`uriBaseId` `%SRCROOT%`, which `originalUriBaseIds` resolves when the
 * caller gives the library's absolute location) with the 1-based line and column. Output is deterministic: no
 * timestamps, no absolute paths unless given, results in `jslc verify`'s order.
 *
 * The shape is proven against the official schema (`fixtures/sarif/sarif-schema-2.1.0.json`) by
 * `test/verify-report.test.ts`.
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import { assertNever } from '../../util/never.js';
import { type Severity, type VerifyFinding, compareFindings } from '../finding.js';

/** The `$schema` of every log: the OASIS standard's schema (2.1.0, Errata 01). */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The `uriBaseId` of every location: the library directory. */
export const SARIF_SRCROOT = '%SRCROOT%';

/** A SARIF `message` with plain text. */
export interface SarifMessage {
  readonly text: string;
}

/** A SARIF `reportingDescriptor`: one check of `jslc verify`. */
export interface SarifRule {
  /** The check's name (`groovy`, `cps`, `codenarc`, `declarative`, `sandbox`, `secrets`). */
  readonly id: string;
  /** The check's one-line description. */
  readonly shortDescription: SarifMessage;
  /** Every check fails `jslc verify` on any finding, so its default level is `error`. */
  readonly defaultConfiguration: { readonly level: SarifLevel };
}

/** A SARIF result level. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** A SARIF `location` with one physical location (file and start position). */
export interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: { readonly uri: string; readonly uriBaseId: string };
    readonly region: { readonly startLine: number; readonly startColumn: number };
  };
}

/** A SARIF `result`: one finding. */
export interface SarifResult {
  /** The check that found it. */
  readonly ruleId: string;
  /** Its index in `tool.driver.rules`. */
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
}

/** A SARIF `run`: jslc verify over one library. */
export interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: 'jslc';
      readonly version: string;
      readonly informationUri?: string;
      readonly rules: readonly SarifRule[];
    };
  };
  /** Where `%SRCROOT%` is, when the caller gave it. */
  readonly originalUriBaseIds?: { readonly [SARIF_SRCROOT]: { readonly uri: string } };
  readonly results: readonly SarifResult[];
}

/** A SARIF 2.1.0 log with one run. */
export interface SarifLog {
  readonly $schema: typeof SARIF_SCHEMA_URI;
  readonly version: '2.1.0';
  readonly runs: readonly [SarifRun];
}

/** What {@link toSarif} needs besides the findings. */
export interface SarifOptions {
  /** jslc's version (`tool.driver.version`). */
  readonly toolVersion: string;
  /**
   * The checks that ran, in order (`tool.driver.rules`): `CHECKS` of `../checks.ts`, or the selected ones. A
   * finding of a check not listed gets a rule of its own after them.
   */
  readonly checks: readonly { readonly name: string; readonly description: string }[];
  /** An absolute URI of jslc's documentation (`tool.driver.informationUri`); left out when not given. */
  readonly informationUri?: string;
  /**
   * The library directory, absolute: `%SRCROOT%` is then resolved by `originalUriBaseIds` (a `file:` URI). Left out
   * by default, so that the log does not depend on where the library was checked.
   */
  readonly srcRoot?: string;
}

/** The SARIF level of a severity: SARIF calls `info` a `note`. */
export function sarifLevel(severity: Severity): SarifLevel {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
      return 'note';
    default:
      return assertNever(severity, 'severity');
  }
}

/** A library-relative POSIX path as a relative URI reference: each segment percent-encoded (spaces, `#`, `?`, `%` …). */
export function relativeUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** The findings of a verify run (`VerifyResult`, or any object with its `findings`) as a SARIF 2.1.0 log. */
export function toSarif(result: { readonly findings: readonly VerifyFinding[] }, opts: SarifOptions): SarifLog {
  if (opts.informationUri !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(opts.informationUri)) {
    throw new Error(`toSarif: informationUri ${JSON.stringify(opts.informationUri)} is not an absolute URI; give e.g. https://example.org/docs`);
  }
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const addRule = (id: string, description: string): void => {
    if (index.has(id)) return;
    index.set(id, rules.length);
    rules.push({ id, shortDescription: { text: description }, defaultConfiguration: { level: 'error' } });
  };
  for (const c of opts.checks) addRule(c.name, c.description);
  const findings = [...result.findings].sort(compareFindings);
  for (const check of [...new Set(findings.map((f) => f.check))].filter((c) => !index.has(c)).sort()) {
    addRule(check, `findings of ${check}`);
  }
  const results: SarifResult[] = findings.map((f) => ({
    ruleId: f.check,
    ruleIndex: index.get(f.check)!,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(f.file), uriBaseId: SARIF_SRCROOT },
          region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
        },
      },
    ],
  }));
  const root = opts.srcRoot === undefined ? undefined : pathToFileURL(opts.srcRoot.endsWith('/') ? opts.srcRoot : `${opts.srcRoot}/`).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'jslc',
            version: opts.toolVersion,
            ...(opts.informationUri === undefined ? {} : { informationUri: opts.informationUri }),
            rules,
          },
        },
        ...(root === undefined ? {} : { originalUriBaseIds: { [SARIF_SRCROOT]: { uri: root } } }),
        results,
      },
    ],
  };
}

/** The log as `jslc verify --format sarif` prints it: JSON with two-space indentation and a final newline. */
export function formatSarif(log: SarifLog): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}
