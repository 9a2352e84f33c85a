/**
 * The default of a switch over a closed set: with every case handled, `value` has type `never`, so a case added
 * to the set and forgotten in the switch is a compile error here (and, should untyped data reach it, a run-time
 * error naming the value).
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
