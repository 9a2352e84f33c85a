import type { CapturedRef, CredentialBindingIR, ParamRef, RuntimeRef, ScriptStageIR } from '../../ir/types.js';
import { groovyKey, groovyLiteral, groovyString, type GroovyValue } from '../../lang/groovy.js';
import { bindingVariables } from '../../ir/bindings.js';
import { isParamRef } from '../../ir/values.js';
import { RUNTIME_VALUES, isRuntimeRef } from '../../ir/runtime.js';
import { CFG } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt, req } from './spec.js';

/**
 * `shellScript`: the step var of script stages (`stage.sh`, `stage.make`). The script text is the caller's trusted
 * code; every value reaches it through `withEnv`, never through its text. Upstream facts: `sh(returnStatus: true)`
 * returns the exit status instead of failing (jenkinsci/workflow-durable-task-step-plugin,
 * src/main/resources/org/jenkinsci/plugins/workflow/steps/durable_task/ShellStep/help-returnStatus.html), and
 * `dir(path)` resolves a relative path against the current directory, the workspace (jenkinsci/workflow-basic-steps-plugin,
 * PushdStep).
 */
export const shellScript: VarSpec = {
  name: STEP_VAR_BY_KIND.script,
  summary: 'Run a shell script with values passed only through its environment.',
  description:
    'The script runs with sh in dir (relative to the workspace), with env set by withEnv: values are never ' +
    'spliced into the script text, so read them as "$NAME"; credentials bindings are bound around the script only. ' +
    'The exit status is checked against allowExitCodes ' +
    '(strings, default 0); any other status fails the step with the status in the message.',
  params: [
    req('script', 'string', 'The shell script (trusted code).'),
    opt('env', 'map', {}, 'Environment variables of the script (POSIX names, not JSLC_*).'),
    opt('dir', 'string', '.', 'Directory relative to the workspace.'),
    opt('label', 'string', 'script', 'Label of the sh step.'),
    opt('allowExitCodes', 'list', ['0'], 'Exit codes that count as success, as strings.'),
    opt('capture', 'boolean', false, "Return the script's standard output, trimmed (the script must exit 0)."),
    opt(
      'credentials',
      'bindings',
      [],
      "Credentials bindings bound around the script only, e.g. [usernamePassword(credentialsId: 'registry', usernameVariable: 'U', passwordVariable: 'P')].",
    ),
  ],
  example: "shellScript(script: 'make test VERSION=\"$VERSION\"', env: [VERSION: env.TAG_NAME ?: ''])",
  body: (w) =>
    w.code(`
      if (cfg.script.trim().isEmpty()) {
          error('shellScript: script is empty')
      }
      if (cfg.dir.startsWith('/') || cfg.dir.split('/').contains('..')) {
          error('shellScript: dir ' + cfg.dir + ' is not a relative path inside the workspace')
      }
      List env = []
      for (def name in cfg.env.keySet()) {
          if (!name.matches('[A-Za-z_][A-Za-z0-9_]*') || name.startsWith('JSLC_')) {
              error('shellScript: ' + name + ' is not a usable environment variable name')
          }
          env.add(name + '=' + cfg.env.get(name))
      }
      if (cfg.capture && cfg.allowExitCodes != ['0']) {
          error('shellScript: capture needs the script to exit 0; allowExitCodes must stay [0]')
      }
      int status = 0
      String out = ''
      withCredentials(cfg.credentials) {
          withEnv(env) {
              dir(cfg.dir) {
                  if (cfg.capture) {
                      out = sh(label: cfg.label, script: cfg.script, returnStdout: true)
                  } else {
                      status = sh(label: cfg.label, script: cfg.script, returnStatus: true)
                  }
              }
          }
      }
      if (!cfg.allowExitCodes.contains(String.valueOf(status))) {
          error('shellScript: ' + cfg.label + ' exited with status ' + status + '; allowed: ' + String.join(', ', cfg.allowExitCodes))
      }
      return out.trim()
    `),
};

/** A run-time value as the Groovy the pipeline var reads it with: the Jenkins variable, empty when unset. */
function runtimeExpr(r: RuntimeRef): string {
  return `(env.${RUNTIME_VALUES[r.value]} ?: '')`;
}

/** The `shellScript` calls a script stage turns into, each a full line. */
export function shellScriptCalls(s: ScriptStageIR): string[] {
  const args: { [k: string]: GroovyValue<ParamRef | RuntimeRef | CapturedRef> } = { script: s.script };
  if (s.env.length) {
    const env: { [k: string]: GroovyValue<ParamRef | RuntimeRef | CapturedRef> } = {};
    for (const e of s.env) env[e.name] = e.value;
    args.env = env;
  }
  if (s.dir !== '.') args.dir = s.dir;
  args.label = s.label;
  if (s.allowExitCodes.length !== 1 || s.allowExitCodes[0] !== 0) args.allowExitCodes = s.allowExitCodes.map(String);
  const head = Object.entries(args).map(([k, v]) => `${groovyKey(k)}: ${groovyLiteral<ParamRef | RuntimeRef | CapturedRef>(v, own)}`);
  if (s.credentials.length) head.push(`credentials: [${s.credentials.map(bindingCall).join(', ')}]`);
  if (s.capture === undefined) return [`${shellScript.name}(${head.join(', ')})`];
  // A capture sets a build environment variable, which Declarative only allows inside script {} (the name is a
  // validated POSIX name, JSLC052).
  head.push('capture: true');
  return ['script {', `    env.${s.capture} = ${shellScript.name}(${head.join(', ')})`, '}'];
}

/** A binding as the pipeline var writes it: credentials-binding's own step, e.g. `string(credentialsId: 'x', variable: 'T')`. */
function bindingCall(b: CredentialBindingIR): string {
  const named = [['credentialsId', b.credentialsId], ...bindingVariables(b).map((v) => [v.field, v.name])];
  return `${b.kind}(${named.map(([k, v]) => `${k}: ${groovyString(v!)}`).join(', ')})`;
}

/** A `captured('NAME')` reference: an object of exactly `kind: 'captured'` and a name. */
function isCapturedRef(x: object): x is CapturedRef {
  return (x as { kind?: unknown }).kind === 'captured' && typeof (x as { name?: unknown }).name === 'string' && Object.keys(x).length === 2;
}

const own = (x: object): string | undefined =>
  isParamRef(x) ? `(${CFG}.${x.name}?.toString() ?: '')` : isRuntimeRef(x) ? runtimeExpr(x) : isCapturedRef(x) ? `(env.${x.name} ?: '')` : undefined;
