/**
 * The CLI's error types, in a module of their own so that commands (and `jslc --version`) can name them without
 * loading the TypeScript compiler, which src/cli/compile.ts loads.
 */

/** A failure the user can fix: printed as is, exit code 1, nothing written. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
    readonly json: unknown = undefined,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
