import type { CommandIR } from '../../ir/types.js';
import { CPS_MAX_LIST, ENV_NAME, type Ctx, at, checkString, checkStringValue, isSingleLine, report } from './values.js';

export function checkCommand(ctx: Ctx, c: CommandIR): void {
  if (c.command.trim() === '' || c.command.startsWith('-') || !isSingleLine(c.command)) {
    report(at(ctx, 'command'), 'JSLC032', `${JSON.stringify(c.command)} is not a command name`, 'name an executable such as golangci-lint');
  } else checkString(at(ctx, 'command'), c.command);
  if (c.args.length > CPS_MAX_LIST)
    report(at(ctx, 'args'), 'JSLC029', `${c.args.length} arguments exceed the CPS engine's ${CPS_MAX_LIST}-element list literal cap`);
  c.args.forEach((a, i) => checkStringValue(at(ctx, `args[${i}]`), a));
  c.env.forEach((e) => {
    const ec = at(ctx, `env.${e.name}`);
    if (!ENV_NAME.test(e.name)) report(ec, 'JSLC017', `${JSON.stringify(e.name)} is not a valid environment variable name`, 'use letters, digits and _');
    else if (e.name.startsWith('JSLC_')) report(ec, 'JSLC017', `${e.name} is reserved: jslc sets JSLC_* variables itself`, 'choose another name');
    checkStringValue(ec, e.value);
  });
  if (c.label !== undefined) checkString(at(ctx, 'label'), c.label);
}
