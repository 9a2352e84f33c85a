/** `jslc graph <entry.ts>`: each pipeline's scheduled stage graph as a Mermaid flowchart. */
import { stageGraph } from '../../emit/graph.js';
import { DEFAULT_LOAD_TIMEOUT_S } from '../../load/load-entry.js';
import { type CommandModule, UsageError, stringOption, timeoutSeconds } from '../command.js';
import { UserError } from '../errors.js';

const graph: CommandModule = {
  help: () => `Usage: jslc graph <entry.ts> [--pipeline NAME] [--timeout SECONDS] [--json]

Prints the stage graph of each pipeline (or of NAME) as a Mermaid flowchart.
With --json: the envelope with "graphs": {pipeline: mermaid text}.`,
  async run(args, ctx) {
    const entry = args.positionals[0];
    if (entry === undefined || args.positionals.length > 1) throw new UsageError('expected exactly one entry file');
    const timeoutS = timeoutSeconds(args, DEFAULT_LOAD_TIMEOUT_S);
    const name = stringOption(args, 'pipeline');
    // The graph of what the driver scheduled: the same stages the pipeline var, its help and the README show.
    const { compile, reportWarnings } = await import('../compile.js');
    const { scheduled, warnings } = await compile(entry, { timeoutS });
    const warned = reportWarnings('graph', warnings, ctx.err);
    const all = scheduled.pipelines;
    const pipelines = all.filter((p) => name === undefined || p.name === name);
    if (pipelines.length === 0) throw new UserError(`no pipeline named "${name}"; pipelines: ${all.map((p) => p.name).join(', ')}`);
    ctx.out(
      pipelines
        .map((p) => `%% ${p.name}\n${stageGraph(p)}`)
        .join('\n')
        .trimEnd(),
    );
    return { exitCode: 0, findings: warned, fields: { graphs: Object.fromEntries(pipelines.map((p) => [p.name, stageGraph(p)])) } };
  },
};

export default graph;
