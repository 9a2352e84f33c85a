/**
 * Image substitutions for `agent { docker }` containers (RunRequest.agentImages). The real
 * Jenkins in the container starts agent containers through the host's Docker engine, by
 * the name the pipeline gives; so the substitute is tagged with that name for the run
 * (Docker then finds it locally and does not pull), and the tag is restored afterwards.
 */
import type Docker from 'dockerode';
import { sortedEntries } from '../../util/sorted.js';

/** An image reference split into repository and tag. */
export interface ImageRef {
  /** The repository (with registry and path). */
  readonly repo: string;
  /** The tag (default `latest`). */
  readonly tag: string;
}

/** Splits `repo[:tag]` (a `:` after the last `/` is the tag). Digests (`@sha256:…`) cannot be tagged. */
export function parseImageRef(ref: string): ImageRef {
  if (ref.includes('@')) throw new Error(`cannot substitute an image named by digest: ${ref}`);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

/** Tags each substitute (value) with the name the pipeline uses (key); returns a function restoring the tags. */
export async function substituteAgentImages(docker: Docker, agentImages: Readonly<Record<string, string>>): Promise<() => Promise<void>> {
  const undo: (() => Promise<unknown>)[] = [];
  const restore = async (): Promise<void> => {
    for (const u of undo.reverse()) await u().catch(() => undefined);
  };
  try {
    for (const [from, to] of sortedEntries(agentImages)) {
      const ref = parseImageRef(from);
      const before = await docker
        .getImage(from)
        .inspect()
        .then((i) => i.Id)
        .catch(() => undefined);
      await docker.getImage(to).tag(ref);
      undo.push(before === undefined ? () => docker.getImage(from).remove({ noprune: true }) : () => docker.getImage(before).tag(ref));
    }
  } catch (err) {
    await restore();
    throw new Error(`jenkinsfile-runner: cannot substitute agent images: ${String((err as Error).message ?? err)}`);
  }
  return restore;
}
