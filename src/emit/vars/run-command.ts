import type { CommandIR, RunStageIR } from '../../ir/types.js';
import { type ArgValue, call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt, req } from './spec.js';

export const runCommand: VarSpec = {
  name: STEP_VAR_BY_KIND.run,
  summary: 'Run one command with an exact argument vector: no shell parses the arguments.',
  description:
    'Each argument is handed to the process byte for byte (through the environment and a constant script, ' +
    'never through shell text), so quotes, $ and spaces in arguments need no escaping.',
  params: [
    req('command', 'string', 'Executable name or path.'),
    opt('args', 'list', [], 'Arguments.'),
    opt('env', 'map', {}, 'Extra environment variables for this command.'),
    opt('label', 'string', null, 'Label of the sh step; default: the command.'),
  ],
  example: "runCommand(command: 'golangci-lint', args: ['run', './...'])",
  body: (w) =>
    w.code(`
      if (cfg.command.startsWith('-') || cfg.command.trim().isEmpty()) {
          error('runCommand: command ' + cfg.command + ' is not an executable name')
      }
      List env = ['JSLC_COMMAND=' + cfg.command]
      jslcSupport.addListEnv(env, 'ARGS', cfg.args)
      for (def name in cfg.env.keySet()) {
          if (!name.matches('[A-Za-z_][A-Za-z0-9_]*') || name.startsWith('JSLC_')) {
              error('runCommand: ' + name + ' is not a usable environment variable name')
          }
          env.add(name + '=' + cfg.env.get(name))
      }
      withEnv(env) {
          sh(label: cfg.label ?: cfg.command, script: jslcSupport.script('run-command.sh'))
      }
    `),
};

/** The `runCommand` calls a run stage turns into, each a full line. */
export function runCommandCalls(s: RunStageIR): string[] {
  return [runCommandCall(s.command)];
}

/** `runCommand(...)` for a command. */
export function runCommandCall(c: CommandIR): string {
  const env: { [k: string]: ArgValue } = {};
  for (const e of c.env) env[e.name] = e.value;
  return call(runCommand.name, {
    command: c.command,
    args: [...c.args],
    env: c.env.length ? env : undefined,
    label: c.label,
  });
}
