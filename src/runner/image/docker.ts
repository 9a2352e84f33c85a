/** The Docker engine connection, and the stream plumbing the image build needs. */
import Dockerode from 'dockerode';
import { LineSplitter } from '../log.js';

/** A Docker client for DOCKER_HOST (a unix:// socket or tcp://), else /var/run/docker.sock. */
export function connectDocker(): Dockerode {
  const host = process.env['DOCKER_HOST'];
  if (!host) return new Dockerode({ socketPath: '/var/run/docker.sock' });
  if (host.startsWith('unix://')) return new Dockerode({ socketPath: host.slice('unix://'.length) });
  return new Dockerode(); // docker-modem reads DOCKER_HOST (tcp://, with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH).
}

/** Whether the engine answers a ping within `timeoutMs`. */
export async function dockerAvailable(docker: Dockerode, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      docker.ping().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether an image (name:tag or id) exists in the engine. */
export async function imageExists(docker: Dockerode, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}

/** One JSON message of a build / import progress stream. */
interface ProgressEvent {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Follows a build or import progress stream to its end, its text sent to onLog line by line.
 * Rejects with the engine's error message when the stream carries one (a failed RUN, a missing base image).
 */
export function followStream(docker: Dockerode, stream: NodeJS.ReadableStream, onLog: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let error: string | undefined;
    const lines = new LineSplitter(onLog);
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        lines.end();
        if (err) reject(err);
        else if (error !== undefined) reject(new Error(error));
        else resolve();
      },
      (event: ProgressEvent) => {
        if (event.error !== undefined || event.errorDetail?.message !== undefined) {
          error = (event.errorDetail?.message ?? event.error ?? '').trim();
          onLog(`ERROR: ${error}`);
        } else if (event.stream !== undefined) {
          lines.push(event.stream);
        } else if (event.status !== undefined && event.progressDetail?.current === undefined) {
          onLog(event.id ? `${event.id}: ${event.status}` : event.status);
        }
      },
    );
  });
}
