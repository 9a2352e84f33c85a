import { POST_CONDITIONS, type ActionIR, type PostIR } from '../../ir/types.js';
import type { GroovyWriter } from '../groovy/writer.js';
import { assertNever } from '../../util/never.js';
import { call, expr } from '../groovy/expr.js';
import { runCommandCall } from '../vars/run-command.js';

function writeAction(w: GroovyWriter, a: ActionIR): void {
  switch (a.kind) {
    case 'archive':
      w.line(call('archiveArtifacts', { artifacts: a.artifacts.join(','), fingerprint: a.fingerprint, allowEmptyArchive: a.allowEmpty }));
      return;
    case 'junit':
      w.line(call('junit', { testResults: a.pattern, allowEmptyResults: a.allowEmpty }));
      return;
    case 'echo':
      w.line(`echo(${expr(a.message)})`);
      return;
    case 'deleteDir':
      w.line('deleteDir()');
      return;
    case 'run':
      w.line(runCommandCall(a.command));
      return;
    default:
      assertNever(a, 'post action');
  }
}

/** `post { … }` with conditions in Jenkins' evaluation order, so the text reads as it runs. */
export function writePost(w: GroovyWriter, post: PostIR): void {
  const conditions = POST_CONDITIONS.filter((c) => (post[c] ?? []).length > 0);
  if (conditions.length === 0) return;
  w.block('post', (b) => {
    for (const c of conditions) b.block(c, (x) => (post[c] ?? []).forEach((a) => writeAction(x, a)));
  });
}
