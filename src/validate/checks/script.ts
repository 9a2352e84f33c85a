import type { CapturedRef, CredentialBindingIR, ScriptStageIR } from '../../ir/types.js';
import { bindingVariables } from '../../ir/bindings.js';
import { scanShell } from '../../lang/shell-scan.js';
import { RUNTIME_VALUES, isRuntimeRef } from '../../ir/runtime.js';
import { isParamRef } from '../../ir/values.js';
import { RESERVED_ENV_NAMES } from '../jenkins-names.js';
import { CPS_MAX_LIST, ENV_NAME, type Ctx, at, checkCredentialsId, checkString, checkStringValue, isSingleLine, report } from './values.js';

/**
 * Names a script's environment may not set: what Jenkins sets for every build (jenkinsci/jenkins,
 * core/src/main/resources/jenkins/model/CoreEnvironmentContributor/buildEnv.groovy), the run-time values jslc reads,
 * jslc's own (`JSLC_*`, checked apart), and variables that change how the shell itself runs.
 */
const RESERVED_SCRIPT_ENV: ReadonlySet<string> = new Set([
  ...RESERVED_ENV_NAMES,
  ...Object.values(RUNTIME_VALUES),
  'BUILD_TAG',
  'BUILD_DISPLAY_NAME',
  'EXECUTOR_NUMBER',
  'JENKINS_HOME',
  'JENKINS_URL',
  'JOB_URL',
  'JOB_BASE_NAME',
  'NODE_LABELS',
  'CHANGE_URL',
  'CHANGE_TARGET',
  'CHANGE_BRANCH',
  'GIT_BRANCH',
  'GIT_URL',
  'IFS',
  'PWD',
  'OLDPWD',
  'SHELL',
  'ENV',
  'BASH_ENV',
  'CDPATH',
  'PS4',
  'SHELLOPTS',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
]);

/** A make target jslc writes into the generated make command: a plain file or target name. */
const MAKE_TARGET = /^[A-Za-z0-9_.\/+][A-Za-z0-9_.\/+-]*$/;

/**
 * The checks of a script stage (`stage.sh`, `stage.make`); `ctx` is the stage's own context, `captures` the
 * variables earlier stages captured (this stage's own capture is added to it).
 */
export function checkScriptStage(ctx: Ctx, s: ScriptStageIR, captures: Set<string>): void {
  if (s.source.type === 'make') {
    if (s.source.targets.length === 0) report(at(ctx, 'targets'), 'JSLC037', 'no make targets', "list at least one target, e.g. ['test']");
    s.source.targets.forEach((t, i) => {
      if (!MAKE_TARGET.test(t))
        report(
          at(ctx, `targets[${i}]`),
          'JSLC037',
          `${JSON.stringify(t)} is not a make target jslc can pass`,
          'use letters, digits and _ . / + - (not first); pass values as vars: { NAME: … }',
        );
    });
  } else if (s.script.trim() === '') {
    report(at(ctx, 'script'), 'JSLC034', 'the script is empty', 'write the shell commands to run, or drop the stage');
  } else checkString(at(ctx, 'script'), s.script);

  if (s.env.length > CPS_MAX_LIST)
    report(at(ctx, 'env'), 'JSLC029', `${s.env.length} environment entries exceed the CPS engine's ${CPS_MAX_LIST}-entry literal cap`);
  for (const e of s.env) {
    const field = s.source.type === 'make' && s.source.vars.includes(e.name) ? 'vars' : 'env';
    const ec = at(ctx, `${field}.${e.name}`);
    checkScriptEnvName(ec, e.name);
    const v: unknown = e.value;
    if (typeof v === 'string' || isParamRef(v)) checkStringValue(ec, v);
    else if (isCapturedRef(v)) {
      if (!captures.has(v.name))
        report(
          ec,
          'JSLC052',
          `captured(${JSON.stringify(v.name)}) names no capture of an earlier stage`,
          captures.size ? `captured so far: ${[...captures].join(', ')}` : "add capture: 'NAME' to an earlier stage.sh",
        );
    } else if (!isRuntimeRef(v))
      report(
        ec,
        'JSLC039',
        'the value is not a string, a param(...), a runtime.* value or captured(...)',
        `use one of runtime.${Object.keys(RUNTIME_VALUES).join(', runtime.')}`,
      );
  }

  checkBindings(ctx, s);
  if (s.capture !== undefined) checkCapture(ctx, s, captures);

  const d = s.dir;
  if (d === '' || d.startsWith('/') || d.split('/').includes('..') || !isSingleLine(d) || d.startsWith('-') || d.includes('\\'))
    report(at(ctx, 'dir'), 'JSLC036', `${JSON.stringify(d)} is not a directory inside the workspace`, "use a relative path such as 'tools/gen', or '.'");
  else checkString(at(ctx, 'dir'), d);

  if (s.label.trim() === '' || !isSingleLine(s.label))
    report(at(ctx, 'label'), 'JSLC038', `label ${JSON.stringify(s.label)} is empty or spans lines`, 'give the sh step a one-line label');
  else checkString(at(ctx, 'label'), s.label);

  if (s.allowExitCodes.length === 0) report(at(ctx, 'allowExitCodes'), 'JSLC040', 'no exit code counts as success', 'list at least one, e.g. [0]');
  s.allowExitCodes.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c > 255)
      report(at(ctx, `allowExitCodes[${i}]`), 'JSLC040', `${c} is not an exit status (0 to 255)`, 'list exit statuses such as 0 or 3');
  });
}

/** JSLC035: a name a script's environment may set (from `env`, `vars` or a credentials binding). */
function checkScriptEnvName(ec: Ctx, name: string): void {
  if (!ENV_NAME.test(name))
    report(ec, 'JSLC035', `${JSON.stringify(name)} is not a POSIX environment variable name`, 'use letters, digits and _, not starting with a digit');
  else if (name.startsWith('JSLC_')) report(ec, 'JSLC035', `${name} is reserved: jslc sets JSLC_* variables itself`, 'choose another name');
  else if (RESERVED_SCRIPT_ENV.has(name))
    report(
      ec,
      'JSLC035',
      `${name} is set by Jenkins or the shell and cannot be overridden here`,
      Object.values(RUNTIME_VALUES).includes(name) ? 'the script already sees it; or pass runtime.* under another name' : 'choose another name',
    );
}

const BINDING_KINDS: ReadonlySet<string> = new Set<CredentialBindingIR['kind']>(['string', 'file', 'usernamePassword', 'sshUserPrivateKey', 'certificate']);

/**
 * A script stage's `credentials`: JSLC049 for a binding that is no `bind.*` or sets a variable twice (among its
 * bindings and `env`), JSLC018 for the id, JSLC035 for each variable name, and JSLC048 for a secret (a password,
 * secret text or passphrase: not a key file's path or a user name) expanded on a command line of the script, where
 * every process listing shows it: the scanner `jslc verify`'s secrets check uses (lang/shell-scan.ts).
 */
function checkBindings(ctx: Ctx, s: ScriptStageIR): void {
  const seen = new Set(s.env.map((e) => e.name));
  const secrets = new Set<string>();
  s.credentials.forEach((b, i) => {
    const bc = at(ctx, `credentials[${i}]`);
    if (typeof b !== 'object' || b === null || !BINDING_KINDS.has((b as { kind?: unknown }).kind as string)) {
      report(
        bc,
        'JSLC049',
        'the binding is not a credentials binding',
        'build it with bind.string, bind.file, bind.usernamePassword, bind.sshUserPrivateKey or bind.certificate',
      );
      return;
    }
    checkCredentialsId(at(bc, 'credentialsId'), b.credentialsId);
    for (const v of bindingVariables(b)) {
      const vc = at(bc, v.field);
      checkScriptEnvName(vc, v.name);
      if (seen.has(v.name)) report(vc, 'JSLC049', `${v.name} is set twice (by env or another binding)`, 'give each binding variable its own name');
      seen.add(v.name);
      if (v.role === 'secret') secrets.add(v.name);
    }
  });
  if (s.source.type !== 'sh' || secrets.size === 0) return;
  for (const f of scanShell(s.script, secrets))
    report(
      at(ctx, 'script'),
      'JSLC048',
      `the secret $${f.name} is expanded on ${f.command}'s command line, which every process listing shows`,
      `pass it on stdin (e.g. printf '%s' "$${f.name}" | docker login --password-stdin …), in a file, or by a variable the tool reads itself`,
    );
}

/** A `captured('NAME')` reference: an object of exactly `kind: 'captured'` and a string name. */
function isCapturedRef(v: unknown): v is CapturedRef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'captured' && typeof (v as { name?: unknown }).name === 'string';
}

/** JSLC052: a capture is a usable name, set once in the pipeline, by an sh script that exits 0. */
function checkCapture(ctx: Ctx, s: ScriptStageIR, captures: Set<string>): void {
  const c = at(ctx, 'capture');
  const name = s.capture!;
  checkScriptEnvName(c, name);
  if (captures.has(name)) report(c, 'JSLC052', `${name} is captured by an earlier stage too`, 'capture each value once, under its own name');
  if (s.env.some((e) => e.name === name)) report(c, 'JSLC052', `${name} is also in the script's env`, 'capture under another name');
  if (s.allowExitCodes.length !== 1 || s.allowExitCodes[0] !== 0)
    report(
      c,
      'JSLC052',
      'a capture needs the script to exit 0, but allowExitCodes allows others',
      "drop allowExitCodes, or capture in a script that ends with 'exit 0'",
    );
  captures.add(name);
}
