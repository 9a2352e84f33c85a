import type { AgentIR } from '../../ir/types.js';
import { isKnownK8sArch, KNOWN_K8S_ARCHES } from '../../ir/closed-sets.js';
import { didYouMean } from '../suggest.js';
import { plain } from '../../ir/values.js';
import { assertNever } from '../../util/never.js';
import { type Ctx, at, isSingleLine, report } from './values.js';

export function checkAgent(ctx: Ctx, a: AgentIR): void {
  switch (a.type) {
    case 'label':
      if (a.label.trim() === '' || !isSingleLine(a.label))
        report(ctx, 'JSLC030', 'the agent label is empty or spans lines', 'use a label expression such as linux && docker');
      break;
    case 'docker':
      if (a.image.trim() === '' || /\s/.test(a.image))
        report(ctx, 'JSLC030', `docker image ${JSON.stringify(a.image)} is not an image reference`, 'use e.g. golang:1.27.4');
      if (!isSingleLine(a.args)) report(ctx, 'JSLC030', 'docker args must be one line');
      if (a.label !== undefined && (a.label.trim() === '' || !isSingleLine(a.label)))
        report(at(ctx, 'label'), 'JSLC030', 'the docker agent label is empty or spans lines', 'use a label expression such as linux && docker, or drop label');
      break;
    case 'kubernetes':
      if (!/^[a-z0-9]+$/.test(plain(a.arch))) report(ctx, 'JSLC030', `${JSON.stringify(plain(a.arch))} is not a CPU architecture`, 'use amd64 or arm64');
      else if (typeof a.arch === 'string' && !isKnownK8sArch(a.arch))
        report(
          ctx,
          'JSLC030',
          `"${a.arch}" is not a known kubernetes.io/arch value`,
          didYouMean(a.arch, KNOWN_K8S_ARCHES) ?? `use one of ${KNOWN_K8S_ARCHES.join(', ')} or custom(...)`,
        );
      if (a.image !== null && (a.image.trim() === '' || /\s/.test(a.image)))
        report(ctx, 'JSLC030', `image ${JSON.stringify(a.image)} is not an image reference`);
      for (const [k, v] of [
        ['cpu', a.cpu],
        ['memory', a.memory],
        ['cloud', a.cloud],
        ['serviceAccount', a.serviceAccount],
        ['inheritFrom', a.inheritFrom],
      ] as const) {
        if (v !== undefined && (v.trim() === '' || !isSingleLine(v))) report(at(ctx, k), 'JSLC030', `${k} is empty or spans lines`);
      }
      break;
    case 'any':
    case 'none':
      break;
    default:
      assertNever(a, 'agent type');
  }
}
