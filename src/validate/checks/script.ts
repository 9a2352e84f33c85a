import type { ScriptStageIR } from '../../ir/types.js';
import { RUNTIME_VALUES, isRuntimeRef } from '../../ir/runtime.js';
import { isParamRef } from '../../ir/values.js';
import { RESERVED_ENV_NAMES } from '../jenkins-names.js';
import { CPS_MAX_LIST, ENV_NAME, type Ctx, at, checkString, checkStringValue, isSingleLine, report } from './values.js';

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

/** The checks of a script stage (`stage.sh`, `stage.make`); `ctx` is the stage's own context. */
export function checkScriptStage(ctx: Ctx, s: ScriptStageIR): void {
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
    if (!ENV_NAME.test(e.name))
      report(ec, 'JSLC035', `${JSON.stringify(e.name)} is not a POSIX environment variable name`, 'use letters, digits and _, not starting with a digit');
    else if (e.name.startsWith('JSLC_')) report(ec, 'JSLC035', `${e.name} is reserved: jslc sets JSLC_* variables itself`, 'choose another name');
    else if (RESERVED_SCRIPT_ENV.has(e.name))
      report(
        ec,
        'JSLC035',
        `${e.name} is set by Jenkins or the shell and cannot be overridden here`,
        Object.values(RUNTIME_VALUES).includes(e.name) ? 'the script already sees it; or pass runtime.* under another name' : 'choose another name',
      );
    const v: unknown = e.value;
    if (typeof v === 'string' || isParamRef(v)) checkStringValue(ec, v);
    else if (!isRuntimeRef(v))
      report(
        ec,
        'JSLC039',
        'the value is not a string, a param(...) or a runtime.* value',
        `use one of runtime.${Object.keys(RUNTIME_VALUES).join(', runtime.')}`,
      );
  }

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
