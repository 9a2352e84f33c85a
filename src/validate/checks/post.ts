import type { ActionIR, PostIR } from '../../ir/types.js';
import { isPostCondition, POST_CONDITIONS } from '../../ir/closed-sets.js';
import { didYouMean } from '../suggest.js';
import { assertNever } from '../../util/never.js';
import { checkCommand } from './command.js';
import { type Ctx, at, checkString, checkWorkspacePath, report } from './values.js';

export function checkPost(ctx: Ctx, post: PostIR): void {
  for (const [cond, actions] of Object.entries(post)) {
    const c = at(ctx, cond);
    if (!isPostCondition(cond)) {
      report(c, 'JSLC010', `"${cond}" is not a post condition`, didYouMean(cond, POST_CONDITIONS) ?? `use one of ${POST_CONDITIONS.join(', ')}`);
      continue;
    }
    (actions ?? []).forEach((a, i) => checkAction(at(c, `[${i}]`, a.loc), a));
  }
}

function checkAction(ctx: Ctx, a: ActionIR): void {
  switch (a.kind) {
    case 'archive':
      if (a.artifacts.length === 0) report(ctx, 'JSLC005', 'archive needs at least one pattern');
      a.artifacts.forEach((x, i) => checkWorkspacePath(at(ctx, `artifacts[${i}]`), x));
      break;
    case 'junit':
      checkWorkspacePath(at(ctx, 'pattern'), a.pattern);
      break;
    case 'echo':
      checkString(at(ctx, 'message'), a.message);
      break;
    case 'run':
      checkCommand(at(ctx, 'command'), a.command);
      break;
    case 'deleteDir':
      break;
    default:
      assertNever(a, 'post action');
  }
}
