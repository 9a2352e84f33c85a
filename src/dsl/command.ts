import type { CommandIR, StringValue } from '../ir/types.js';
import { sortedEntries } from '../util/sorted.js';

/** A command run with an exact argument vector: no shell parses the arguments. */
export interface CommandSpec {
  /** Executable name or path, e.g. `'golangci-lint'`. */
  readonly command: string;
  /** Arguments, each passed as one argv entry, byte for byte. */
  readonly args?: readonly StringValue[];
  /** Extra environment variables for this command only. */
  readonly env?: { readonly [name: string]: StringValue };
  /** Label shown for the `sh` step in Jenkins. Default: the command name. */
  readonly label?: string;
}

/**
 * Build a command for the escape hatch (`stage.run`, `step.run`, vet linters).
 *
 * @example cmd('golangci-lint', ['run', '--timeout', '5m', './...'])
 */
export function cmd(command: string, args: readonly StringValue[] = [], options: Omit<CommandSpec, 'command' | 'args'> = {}): CommandIR {
  return toCommand({ command, args, ...options });
}

export function toCommand(spec: CommandSpec): CommandIR {
  return {
    command: spec.command,
    args: [...(spec.args ?? [])],
    env: sortedEntries(spec.env ?? {}).map(([name, value]) => ({ name, value })),
    ...(spec.label !== undefined ? { label: spec.label } : {}),
  };
}
