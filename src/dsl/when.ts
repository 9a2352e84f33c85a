import type { ChangeRequestFilters, WhenComparator, WhenIR } from '../ir/types.js';

/** How a pattern is compared: `'GLOB'` (Ant-style, `*`, `**`, `?`), `'REGEXP'` (Java regular expression) or `'EQUALS'`. */
export interface Compared {
  readonly comparator?: WhenComparator;
}

/**
 * Conditions for `when:` on a stage. They become Declarative `when { }`
 * conditions; a stage with its own agent evaluates them before the agent
 * starts (`beforeAgent true`).
 */
export const when = {
  /**
   * The branch being built matches an Ant-style pattern, e.g. `'main'` or `'release/*'`, or with `comparator` a
   * regular expression (`'REGEXP'`) or an exact name (`'EQUALS'`).
   */
  branch: (pattern: string, o: Compared = {}): WhenIR => ({ type: 'branch', pattern, ...(o.comparator ? { comparator: o.comparator } : {}) }),
  /** A tag is being built whose name matches the pattern, e.g. `'v*'` (or a `'REGEXP'`, `'EQUALS'`). */
  tag: (pattern: string, o: Compared = {}): WhenIR => ({ type: 'tag', pattern, ...(o.comparator ? { comparator: o.comparator } : {}) }),
  /** Any tag is being built. */
  buildingTag: (): WhenIR => ({ type: 'buildingTag' }),
  /**
   * A change request (pull/merge request) is being built; with filters, one whose target, author, title, … match
   * (e.g. `{ target: 'main' }`), compared as `comparator` says (default: exact, as Jenkins).
   */
  changeRequest: (filters: ChangeRequestFilters & Compared = {}): WhenIR => {
    const { comparator, ...f } = filters;
    return { type: 'changeRequest', filters: { ...f }, ...(comparator ? { comparator } : {}) };
  },
  /** An environment variable (a captured value too) has exactly this value; `ignoreCase` compares without case. */
  environment: (name: string, value: string, o: { readonly ignoreCase?: boolean } = {}): WhenIR => ({
    type: 'environment',
    name,
    value,
    ignoreCase: o.ignoreCase ?? false,
  }),
  /** An environment variable (a captured value too) matches a Java regular expression as a whole, e.g. `'v\\d+\\..*'`. */
  envMatches: (name: string, regex: string): WhenIR => ({ type: 'envMatches', name, regex }),
  /** The build was started by this cause, e.g. `'TimerTrigger'`, `'SCMTrigger'`, `'UserIdCause'`, `'UpstreamCause'`. */
  triggeredBy: (cause: string): WhenIR => ({ type: 'triggeredBy', cause }),
  /** The build's changes touch a file matching the pattern, e.g. `'**\/*.go'` (`changeset`). */
  changeset: (pattern: string, o: Compared & { readonly caseSensitive?: boolean } = {}): WhenIR => ({
    type: 'changeset',
    pattern,
    ...(o.comparator ? { comparator: o.comparator } : {}),
    caseSensitive: o.caseSensitive ?? false,
  }),
  /** A parameter of the pipeline var equals this value. */
  param: (name: string, equals: string | boolean | number): WhenIR => ({ type: 'param', name, equals }),
  /**
   * A raw Groovy boolean expression. This is trusted code, written into the
   * library as is: prefer the typed conditions above.
   */
  expression: (groovy: string): WhenIR => ({ type: 'expression', groovy }),
  /** All conditions hold. */
  allOf: (...conditions: WhenIR[]): WhenIR => ({ type: 'allOf', conditions }),
  /** At least one condition holds. */
  anyOf: (...conditions: WhenIR[]): WhenIR => ({ type: 'anyOf', conditions }),
  /** The condition does not hold. */
  not: (condition: WhenIR): WhenIR => ({ type: 'not', condition }),
} as const;
