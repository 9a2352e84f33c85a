/**
 * Running one build container to its end through dockerode: logs streamed line by line, stage starts picked out of
 * them, a deadline, and the container removed whatever happens. Both backends use it.
 */
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { LineSplitter, stageOfLine, stageSpans } from './log.js';
import { StageTracker } from './stages.js';
import type { StageEvent, StageRecord, StageSpan } from './types.js';

/** What a finished container left. */
export interface ContainerOutcome {
  /** The container's exit code (137 when it was killed at the deadline). */
  readonly exitCode: number;
  /** True when the deadline killed it. */
  readonly timedOut: boolean;
  /** The whole log. */
  readonly log: string;
  /** Stage starts, in order. */
  readonly stages: readonly StageEvent[];
  /** From create to exit. */
  readonly durationMs: number;
  /** From start to the first stage. */
  readonly firstStageMs?: number;
  /** The log's lines (already masked). */
  readonly lines: readonly string[];
  /** Every stage's span (parallel branches too), from the time each log line arrived. */
  readonly spans: readonly StageSpan[];
  /** The log's stages and errors, read as the lines arrived: `finish(result)` gives the final stage records. */
  readonly tracker: StageTracker;
}

/** Callbacks and limits of one container run. */
export interface ContainerHooks {
  /** Every log line, as it arrives. */
  readonly onLog?: (line: string) => void;
  /** Every start of a stage that runs, once the log shows it is not skipped. */
  readonly onStage?: (event: StageEvent) => void;
  /** Every stage end, with its status as far as the log shows it then. */
  readonly onStageEnd?: (record: StageRecord) => void;
  /** Kill the container after this many milliseconds. */
  readonly timeoutMs: number;
  /** Rewrites each line before anything sees it (secret masking). */
  readonly mapLine?: (line: string) => string;
  /** Runs after the exit, before the container is removed (e.g. copying files out of it). */
  readonly beforeRemove?: (container: Dockerode.Container) => Promise<void>;
}

/** Creates, starts and waits for a container; always removes it. */
export async function runContainer(docker: Dockerode, options: Dockerode.ContainerCreateOptions, hooks: ContainerHooks): Promise<ContainerOutcome> {
  const created = Date.now();
  const container = await docker.createContainer({ ...options, Tty: false, AttachStdout: true, AttachStderr: true });
  const lines: string[] = [];
  const times: number[] = [];
  const stages: StageEvent[] = [];
  let startedAt = Date.now();
  const mapLine = hooks.mapLine ?? ((l: string): string => l);
  const tracker = new StageTracker({
    ...(hooks.onStage ? { onStart: hooks.onStage } : {}),
    ...(hooks.onStageEnd ? { onEnd: hooks.onStageEnd } : {}),
  });
  const onLine = (raw: string): void => {
    const line = mapLine(raw);
    const at = Date.now() - startedAt;
    lines.push(line);
    times.push(at);
    hooks.onLog?.(line);
    const name = stageOfLine(line);
    if (name !== undefined) stages.push({ name, atMs: at });
    tracker.line(line, at);
  };
  const pipe = (): { stream: PassThrough; done: Promise<void> } => {
    const stream = new PassThrough();
    const split = new LineSplitter(onLine);
    stream.setEncoding('utf8');
    const done = new Promise<void>((resolve) => {
      stream.on('data', (chunk: string) => split.push(chunk));
      stream.on('end', () => {
        split.end();
        resolve();
      });
    });
    return { stream, done };
  };
  try {
    const attached = await container.attach({ stream: true, stdout: true, stderr: true });
    const out = pipe();
    const err = pipe();
    docker.modem.demuxStream(attached, out.stream, err.stream);
    const ended = new Promise<void>((resolve) => attached.on('end', resolve));
    await container.start();
    startedAt = Date.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      container.kill().catch(() => undefined);
    }, hooks.timeoutMs);
    let status: { StatusCode: number };
    try {
      status = (await container.wait()) as { StatusCode: number };
    } finally {
      clearTimeout(timer);
    }
    // The attach stream ends after the process; give the last lines a moment to arrive.
    await Promise.race([ended, new Promise((r) => setTimeout(r, 5000))]);
    out.stream.end();
    err.stream.end();
    await Promise.all([out.done, err.done]);
    const exitedAt = Date.now();
    if (hooks.beforeRemove) await hooks.beforeRemove(container);
    return {
      lines,
      spans: stageSpans(lines, times),
      exitCode: status.StatusCode,
      timedOut,
      log: lines.join('\n') + (lines.length ? '\n' : ''),
      stages,
      tracker,
      durationMs: exitedAt - created,
      ...(stages.length ? { firstStageMs: stages[0]!.atMs } : {}),
    };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
