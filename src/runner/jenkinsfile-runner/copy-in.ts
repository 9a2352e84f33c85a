/**
 * Files copied into the Jenkinsfile Runner container before it starts (the Docker API's
 * `PUT /containers/{id}/archive`, dockerode's `putArchive`, what `docker cp` does), instead of
 * bind mounts.
 *
 * Why: docker-workflow runs an `agent { docker }` / `docker.image().inside` container with
 * `--volumes-from <the JFR container>` whenever the workspace lies in one of its mounts
 * (jenkinsci/docker-workflow-plugin 3e04e4f, `WithContainerStep.java`, the
 * `getContainerIdIfContainerized` branch; `client/DockerClient.java#run` adds `--volumes-from`).
 * Every bind mount of the JFR container is then mounted in the agent container too. A file copied
 * into the container's own layer is no mount, so the secrets, the JCasC file and the run home
 * (`credentials.xml`, `secrets/master.key`) stay inside the JFR container.
 *
 * The archive is built in memory (POSIX ustar), so the secrets never touch the host's disk.
 */
import type Docker from 'dockerode';

/** One entry of the archive: a directory or a regular file, at an absolute container path. */
export type CopyEntry =
  | { readonly type: 'dir'; readonly path: string; readonly mode: number }
  | { readonly type: 'file'; readonly path: string; readonly mode: number; readonly content: string | Buffer };

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** The ustar header of one entry (`name` relative to `/`, ≤ 100 bytes; longer names use the 155-byte prefix). */
function header(name: string, mode: number, size: number, typeflag: '0' | '5'): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for the copy archive: /${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(mode & 0o7777, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii'); // uid: root, the image's user
  h.write(octal(0, 8), 116, 8, 'ascii'); // gid
  h.write(octal(size, 12), 124, 12, 'ascii');
  h.write(octal(0, 12), 136, 12, 'ascii'); // mtime: fixed, so the archive is deterministic
  h.write('        ', 148, 8, 'ascii'); // checksum placeholder (spaces)
  h.write(typeflag, 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return h;
}

/**
 * A tar archive (POSIX ustar, extracted at `/`) of the entries, in order. Paths must be absolute and
 * normalised; a directory entry ends with `/` in the archive.
 */
export function tarArchive(entries: readonly CopyEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (!e.path.startsWith('/') || e.path.split('/').some((s, i) => i > 0 && (s === '' || s === '.' || s === '..'))) {
      throw new Error(`not an absolute normalised container path: ${JSON.stringify(e.path)}`);
    }
    const name = e.path.slice(1);
    if (e.type === 'dir') {
      parts.push(header(`${name}/`, e.mode, 0, '5'));
    } else {
      const data = typeof e.content === 'string' ? Buffer.from(e.content, 'utf8') : e.content;
      parts.push(header(name, e.mode, data.length, '0'), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK, 0));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

/** The names and contents of a ustar archive (for tests and checks: the inverse of {@link tarArchive}). */
export function readTarArchive(tar: Buffer): { path: string; type: 'dir' | 'file'; mode: number; content: Buffer }[] {
  const out: { path: string; type: 'dir' | 'file'; mode: number; content: Buffer }[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const str = (from: number, len: number): string => h.toString('utf8', from, from + len).replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12), 8);
    const prefix = str(345, 155);
    const name = (prefix === '' ? '' : `${prefix}/`) + str(0, 100);
    const type = str(156, 1) === '5' ? 'dir' : 'file';
    out.push({ path: `/${name.replace(/\/$/, '')}`, type, mode: parseInt(str(100, 8), 8), content: Buffer.from(tar.subarray(at + BLOCK, at + BLOCK + size)) });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/**
 * The container paths of the entries that lie under one of the image's `VOLUME`s: a file copied
 * there lands in an anonymous volume, which `--volumes-from` would share. The run refuses them.
 */
export function pathsUnderVolumes(entries: readonly CopyEntry[], volumes: readonly string[]): string[] {
  const under = (p: string, v: string): boolean => {
    const vol = v.replace(/\/+$/, '');
    return vol === '' || p === vol || p.startsWith(`${vol}/`);
  };
  return entries.filter((e) => volumes.some((v) => under(e.path, v))).map((e) => e.path);
}

/**
 * A Docker client whose `createContainer` copies `archive` into each container it creates, before
 * anything starts it (so the runner's create → attach → start sequence is unchanged). A failed copy
 * removes the container and rejects.
 */
export function copyingInto(docker: Docker, archive: Buffer): Docker {
  const proxy = Object.create(docker) as Docker;
  const create = async (options: Docker.ContainerCreateOptions): Promise<Docker.Container> => {
    const container = await docker.createContainer(options);
    try {
      await container.putArchive(archive, { path: '/' });
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      throw new Error(`jenkinsfile-runner: cannot copy the run's files into the container: ${String((err as Error).message ?? err)}`);
    }
    return container;
  };
  Object.defineProperty(proxy, 'createContainer', { value: create });
  return proxy;
}
