/**
 * The `--agent-image FROM=TO` warnings of a local run, read from the build log. The executor
 * (runner/executor, `Agents.substitutionWarning`) logs one `WARNING: --agent-image FROM=TO: …` line per substituted
 * image whose substitute provides step tools (go, git, docker, cosign, gcc) the original lacks, or whose original it
 * could not check; `jslc run` repeats them after the build, so a green local run cannot hide them in a long log.
 */

/** The line the executor starts each substitution warning with. */
export const AGENT_IMAGE_WARNING_PREFIX = 'WARNING: --agent-image ';

/** One substitution warning: the images and the executor's whole message. */
export interface AgentImageWarning {
  /** The image the pipeline names. */
  readonly from: string;
  /** The local image that ran instead. */
  readonly to: string;
  /** The warning without its `WARNING: ` prefix. */
  readonly message: string;
}

/** The substitution warnings of a build log, once each, in log order (a parallel branch's `[name] ` prefix allowed). */
export function agentImageWarnings(log: string): AgentImageWarning[] {
  const out = new Map<string, AgentImageWarning>();
  for (const raw of log.split('\n')) {
    const line = raw.replace(/^(?:\[[^\]]*\] )*/, '').trimEnd();
    if (!line.startsWith(AGENT_IMAGE_WARNING_PREFIX)) continue;
    const m = /^WARNING: --agent-image ([^=\s]+)=(\S+?): /.exec(line);
    if (!m || out.has(m[1]!)) continue;
    out.set(m[1]!, { from: m[1]!, to: m[2]!, message: line.slice('WARNING: '.length) });
  }
  return [...out.values()];
}
