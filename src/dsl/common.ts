import { sortedEntries } from '../util/sorted.js';
import type { ActionIR, AgentIR, Custom, OnFailureIR, PostCondition, PostIR, ResultName, RetryDelayIR, TimeoutIR, TimeUnit, WhenIR } from '../ir/types.js';
import type { KnownKubernetesArch } from '../ir/closed-sets.js';

/** CPU architectures known for Kubernetes node selection (`kubernetes.io/arch`). */
export type KubernetesArch = KnownKubernetesArch | Custom;

/**
 * Where a pipeline or stage runs.
 *
 * - `'any'`: any agent. `'none'`: no global agent (each stage then sets its own).
 * - `{ label }`: an agent matching a label expression.
 * - `{ docker }`: a container on an agent (needs the Docker Pipeline plugin).
 * - `{ kubernetes }`: a pod from the Kubernetes plugin, scheduled with `kubernetes.io/arch`.
 */
export type Agent =
  | 'any'
  | 'none'
  | { readonly label: string }
  | {
      readonly docker: {
        /** Image to run the steps in, e.g. `golang:1.27.4`. */
        readonly image: string;
        /** Extra `docker run` arguments. Default: none (the Go cache volume is added when `go.cache` is on). */
        readonly args?: string;
        /** Label of the agent that runs the container. */
        readonly label?: string;
        /** Reuse the node of the enclosing agent (stage agents only). Default: `false`. */
        readonly reuseNode?: boolean;
        /** Pull the image before every run. Default: `false`. */
        readonly alwaysPull?: boolean;
        /**
         * The container can reach a Docker daemon, e.g. `DOCKER_HOST` set in the image or a socket the node provides:
         * an image stage that builds a repository Dockerfile with `docker build` needs one (JSLC057). Default: `true`
         * when `args` mounts `/var/run/docker.sock` or sets `DOCKER_HOST`, else `false`.
         */
        readonly dockerDaemon?: boolean;
      };
    }
  | {
      readonly kubernetes: {
        /** Node architecture, written as the `kubernetes.io/arch` node selector. Default: `'amd64'`. */
        readonly arch?: KubernetesArch;
        /** Image of the `go` container. Default: `golang:<go.version>`. */
        readonly image?: string;
        /** Kubernetes cloud name in Jenkins. Default: the plugin's default cloud. */
        readonly cloud?: string;
        readonly serviceAccount?: string;
        /** Pod template to inherit from. */
        readonly inheritFrom?: string;
        /** CPU request of the `go` container, e.g. `'2'`. */
        readonly cpu?: string;
        /** Memory request of the `go` container, e.g. `'4Gi'`. */
        readonly memory?: string;
        /**
         * Mount the node's Docker socket into the pod, for an image stage that builds a repository Dockerfile with
         * `docker build` (JSLC057). Default: `false`: the socket is root on the node, absent on containerd nodes and
         * rejected by Pod Security "baseline"; the generated image form needs no daemon.
         */
        readonly dockerSocket?: boolean;
      };
    };

/** A timeout: minutes as a number, or an explicit unit. Must be a positive integer. */
export type Timeout = number | { readonly time: number; readonly unit: TimeUnit };

export function toTimeout(t: Timeout): TimeoutIR {
  return typeof t === 'number' ? { time: t, unit: 'MINUTES' } : { time: t.time, unit: t.unit };
}

/** Whether `docker run` arguments give the container a daemon: the host's socket mounted, or `DOCKER_HOST` set. */
function argsReachDaemon(args: string): boolean {
  return /(^|[\s:=])\/var\/run\/docker\.sock([\s:]|$)/.test(args) || /(^|\s)(-e|--env)[\s=]DOCKER_HOST=/.test(args);
}

export function toAgent(a: Agent): AgentIR {
  if (a === 'any') return { type: 'any' };
  if (a === 'none') return { type: 'none' };
  if ('label' in a) return { type: 'label', label: a.label };
  if ('docker' in a) {
    const d = a.docker;
    return {
      type: 'docker',
      image: d.image,
      args: d.args ?? '',
      ...(d.label !== undefined ? { label: d.label } : {}),
      reuseNode: d.reuseNode ?? false,
      alwaysPull: d.alwaysPull ?? false,
      dockerDaemon: d.dockerDaemon ?? argsReachDaemon(d.args ?? ''),
    };
  }
  const k = a.kubernetes;
  return {
    type: 'kubernetes',
    arch: k.arch ?? 'amd64',
    image: k.image ?? null,
    ...(k.cloud !== undefined ? { cloud: k.cloud } : {}),
    ...(k.serviceAccount !== undefined ? { serviceAccount: k.serviceAccount } : {}),
    ...(k.inheritFrom !== undefined ? { inheritFrom: k.inheritFrom } : {}),
    ...(k.cpu !== undefined ? { cpu: k.cpu } : {}),
    ...(k.memory !== undefined ? { memory: k.memory } : {}),
    dockerSocket: k.dockerSocket ?? false,
  };
}

/**
 * Post actions by condition. Jenkins runs the conditions in its own fixed
 * order (always, changed, fixed, regression, aborted, success, unsuccessful,
 * unstable, failure, notBuilt, cleanup), whatever the order written here.
 */
export type Post = { readonly [C in PostCondition]?: readonly ActionIR[] };

export function toPost(p: Post | undefined): PostIR {
  const out: { [C in PostCondition]?: readonly ActionIR[] } = {};
  if (!p) return out;
  for (const [k, v] of sortedEntries(p)) (out as Record<string, readonly ActionIR[] | undefined>)[k] = v;
  return out;
}

/** A stage retry with a wait between attempts. */
export interface RetryPolicy {
  /** Attempts in all (1 or more). */
  readonly times: number;
  /** Seconds to wait before the second attempt (whole seconds, 0 to 3600). Default: `0`. */
  readonly delaySeconds?: number;
  /** Factor applied to the wait after each attempt (1 to 10; 1 = a fixed wait). Default: `1`. */
  readonly backoff?: number;
}

/** What a failure of a stage does to the build (see `StageOptions.onFailure`). */
export type OnFailure = 'fail' | 'unstable' | 'continue' | { readonly buildResult: ResultName; readonly stageResult: ResultName } | { readonly warn: string };

/** The IR of `onFailure`; `undefined` for `'fail'`, Jenkins' default. */
export function toOnFailure(f: OnFailure | undefined): OnFailureIR | undefined {
  if (f === undefined || f === 'fail') return undefined;
  if (f === 'unstable') return { type: 'catchError', buildResult: 'UNSTABLE', stageResult: 'UNSTABLE' };
  if (f === 'continue') return { type: 'catchError', buildResult: 'SUCCESS', stageResult: 'FAILURE' };
  if ('warn' in f) return { type: 'warnError', message: f.warn };
  return { type: 'catchError', buildResult: f.buildResult, stageResult: f.stageResult };
}

/** The IR of `retry`: the attempts, and the wait between them when one is set. */
export function toRetry(r: number | RetryPolicy | undefined): { retry?: number; retryDelay?: RetryDelayIR } {
  if (r === undefined) return {};
  if (typeof r === 'number') return { retry: r };
  if (r.delaySeconds === undefined && r.backoff === undefined) return { retry: r.times };
  return { retry: r.times, retryDelay: { delaySeconds: r.delaySeconds ?? 0, backoff: r.backoff ?? 1 } };
}

/** Options every stage accepts. */
export interface StageOptions {
  /** Stage name shown in Jenkins. Each kind has a default (`Checkout`, `Test`, …). */
  readonly name?: string;
  /** Run the stage only when this condition holds (see `when.*`). */
  readonly when?: WhenIR;
  /** Run the stage on its own agent. */
  readonly agent?: Agent;
  /** Stage timeout (minutes, or `{ time, unit }`). */
  readonly timeout?: Timeout;
  /**
   * Retry the stage: this many attempts in all, or `{ times, delaySeconds, backoff }` to wait `delaySeconds` before
   * the second attempt and `backoff` times longer before each further one (Jenkins' `retry` with `sleep`).
   */
  readonly retry?: number | RetryPolicy;
  /**
   * What a failure of the stage does (leaf stages only). `'fail'` (default): the build fails and later stages are
   * skipped. `'unstable'`: build and stage UNSTABLE, later stages run. `'continue'`: the stage is marked failed, the
   * build result stays, later stages run. `{ buildResult, stageResult }`: those results (Jenkins' `catchError`).
   * `{ warn: 'message' }`: build and stage UNSTABLE with the message in the log (Jenkins' `warnError`).
   */
  readonly onFailure?: OnFailure;
  /** Post actions of the stage. */
  readonly post?: Post;
}
