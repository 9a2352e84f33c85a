import type { ParamIR, PipelineIR } from '../../ir/types.js';
import { childrenOf } from '../../ir/tree.js';
import type { ScheduledPipeline, ScheduledStage } from '../../schedule/types.js';
import type { VarParam, VarSpec } from './spec.js';

/** A pipeline's parameters as var parameters (the same runtime check as the step vars). */
export function pipelineParams(p: Pick<PipelineIR, 'params'>): VarParam[] {
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

/**
 * The stage names as they will run, indented by nesting, for the help and the README. A chunk of a large pipeline
 * lists its stages; a multi-platform build opened up into one branch per platform is listed once, by its name.
 */
function stageNames(p: ScheduledPipeline): string[] {
  const out: string[] = [];
  const visit = (s: ScheduledStage, depth: number): void => {
    out.push(`${'  '.repeat(depth)}- ${s.name}`);
    if (s.kind === 'parallel' && s.fannedOutBuild) return;
    childrenOf(s).forEach((c) => visit(c, depth + 1));
  };
  for (const s of p.stages) {
    if (s.kind === 'chunk') s.stages.forEach((x) => visit(x, 1));
    else visit(s, 1);
  }
  return out;
}

/** The pipeline var's help, README entry and argument check. */
export function pipelineSpec(p: ScheduledPipeline): VarSpec {
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
