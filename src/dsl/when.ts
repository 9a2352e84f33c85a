import type { WhenIR } from '../ir/types.js';

/**
 * Conditions for `when:` on a stage. They become Declarative `when { }`
 * conditions; a stage with its own agent evaluates them before the agent
 * starts (`beforeAgent true`).
 */
export const when = {
  /** The branch being built matches an Ant-style pattern, e.g. `'main'` or `'release/*'`. */
  branch: (pattern: string): WhenIR => ({ type: 'branch', pattern }),
  /** A tag is being built whose name matches the pattern, e.g. `'v*'`. */
  tag: (pattern: string): WhenIR => ({ type: 'tag', pattern }),
  /** Any tag is being built. */
  buildingTag: (): WhenIR => ({ type: 'buildingTag' }),
  /** A change request (pull/merge request) is being built. */
  changeRequest: (): WhenIR => ({ type: 'changeRequest' }),
  /** An environment variable has exactly this value. */
  environment: (name: string, value: string): WhenIR => ({ type: 'environment', name, value }),
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
