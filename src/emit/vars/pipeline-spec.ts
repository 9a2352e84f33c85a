import type { ParamIR, PipelineIR } from '../../ir/types.js';
import type { VarParam, VarSpec } from './spec.js';

/** A pipeline's parameters as var parameters (the same runtime check as the step vars). */
export function pipelineParams(p: PipelineIR): VarParam[] {
  return p.params.map((x: ParamIR) => ({
    name: x.name,
    type: x.type,
    required: x.required,
    default: x.default === undefined ? null : Array.isArray(x.default) ? [...x.default] : (x.default as string | number | boolean),
    description: x.description,
  }));
}

function placeholder(p: ParamIR): string {
  switch (p.type) {
    case 'string':
      return `'${p.name === 'image' ? 'registry.example.com/team/app' : `<${p.name}>`}'`;
    case 'boolean':
      return 'true';
    case 'integer':
      return '1';
    case 'list':
      return "['<value>']";
  }
}

/** Flat list of stage names, for the help text. */
function stageNames(p: PipelineIR): string[] {
  const out: string[] = [];
  const visit = (s: PipelineIR['stages'][number], depth: number): void => {
    out.push(`${'  '.repeat(depth)}- ${s.name}`);
    if (s.kind === 'parallel') s.branches.forEach((b) => visit(b, depth + 1));
    if (s.kind === 'sequence') s.stages.forEach((b) => visit(b, depth + 1));
  };
  p.stages.forEach((s) => visit(s, 1));
  return out;
}

/** The pipeline var's help, README entry and argument check. */
export function pipelineSpec(p: PipelineIR): VarSpec {
  const required = p.params.filter((x) => x.required);
  return {
    name: p.name,
    summary: p.description.replace(/[\r\n]+/g, ' '),
    description: ['A Declarative pipeline: call it as the only statement of a Jenkinsfile. Stages:', ...stageNames(p)].join('\n'),
    params: pipelineParams(p),
    example: `${p.name}(${required.map((x) => `${x.name}: ${placeholder(x)}`).join(', ')})`,
    body: () => undefined,
  };
}
