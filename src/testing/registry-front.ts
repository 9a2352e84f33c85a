/**
 * HTTP fronts of the test's own before a real registry, on 127.0.0.1: a network fault on purpose (answers 503 to
 * the first requests, then forwards), or any other behaviour a test hands in. What the image builder and cosign
 * must survive, without touching the registry itself.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from '../runner/net.js';

/** A running front. */
export interface RegistryFront {
  /** `127.0.0.1:<port>`: the registry part of an image reference through the front. */
  readonly host: string;
  /** How many requests it has answered. */
  seen(): number;
  /** Stops it. */
  close(): Promise<void>;
}

/** Forwards a request to the registry at `target` (host:port) with the given headers, streaming both ways. */
export function forwardTo(req: IncomingMessage, res: ServerResponse, target: string, headers: IncomingMessage['headers']): void {
  const [host, port] = target.split(':');
  const up = request({ host, port: Number(port), method: req.method, path: req.url, headers }, (ur) => {
    res.writeHead(ur.statusCode ?? 502, ur.headers);
    ur.pipe(res);
  });
  up.on('error', () => res.writeHead(502).end());
  req.pipe(up);
}

/** A server of the test's own on 127.0.0.1 that calls `handle` for each request, counting them from 1. */
export async function startFront(handle: (req: IncomingMessage, res: ServerResponse, count: number, self: string) => void): Promise<RegistryFront> {
  const port = await freePort();
  const self = `127.0.0.1:${port}`;
  let count = 0;
  const server: Server = createServer((req, res) => handle(req, res, ++count, self));
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return { host: self, seen: () => count, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** A front that answers `503 Service Unavailable` to its first `failures` requests, then forwards to `target`. */
export function flakyRegistryFront(target: string, failures: number): Promise<RegistryFront> {
  return startFront((req, res, count) => {
    if (count <= failures) {
      req.resume();
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('front: unavailable\n');
      return;
    }
    forwardTo(req, res, target, req.headers);
  });
}
