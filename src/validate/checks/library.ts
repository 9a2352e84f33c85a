import type { LibraryIR } from '../../ir/types.js';
import { GENERATED_VAR_NAMES } from '../../ir/vars.js';
import { GROOVY_KEYWORDS, RESERVED_VAR_NAMES } from '../jenkins-names.js';
import { type Ctx, at, checkString, report } from './values.js';
import { checkPipeline } from './pipeline.js';

export function checkLibrary(ctx: Ctx, lib: LibraryIR): void {
  const name = at(ctx, 'name');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(lib.name)) {
    report(name, 'JSLC001', `${JSON.stringify(lib.name)} is not a valid library name`, 'use letters, digits, ".", "_" and "-", e.g. go-cd');
  }
  checkString(at(ctx, 'description'), lib.description);
  if (lib.pipelines.length === 0) report(at(ctx, 'pipelines'), 'JSLC004', 'the library has no pipelines', 'add one under pipelines');
  for (const p of lib.pipelines) {
    const pctx = at(ctx, `pipelines.${p.name}`, p.loc);
    if (!/^[a-z][A-Za-z0-9_]*$/.test(p.name)) {
      report(pctx, 'JSLC002', `${JSON.stringify(p.name)} is not a valid var name`, 'use lowerCamelCase, e.g. goServicePipeline');
    } else if (GROOVY_KEYWORDS.has(p.name)) {
      report(pctx, 'JSLC002', `"${p.name}" is a Groovy keyword, not a valid var name`, 'use lowerCamelCase, e.g. goServicePipeline');
    } else if (RESERVED_VAR_NAMES.has(p.name) || GENERATED_VAR_NAMES.includes(p.name)) {
      report(
        pctx,
        'JSLC003',
        `"${p.name}" would shadow ${GENERATED_VAR_NAMES.includes(p.name) ? 'a var jslc generates' : 'a Pipeline step or global'}`,
        'choose another name, e.g. goServicePipeline',
      );
    } else if (p.name.endsWith('Stages') && lib.pipelines.some((o) => `${o.name}Stages` === p.name)) {
      // A large pipeline keeps its split-out stages in the var <name>Stages.
      report(pctx, 'JSLC003', `"${p.name}" would shadow the stage helper var of pipeline "${p.name.slice(0, -'Stages'.length)}"`, 'choose another name');
    }
    checkPipeline({ ...pctx, params: new Set(p.params.map((x) => x.name)) }, p);
  }
}
