/**
 * The Jenkinsfile Runner image: its name and making sure the Docker engine has it.
 */
import type Docker from 'dockerode';

/** The image used when neither the constructor nor `JSLC_JFR_IMAGE` names one. */
export const DEFAULT_IMAGE = 'ghcr.io/jenkinsci/jenkinsfile-runner:latest';

/** The image's older name on Docker Hub (same layout: `/app/bin/jenkinsfile-runner-launcher`). */
export const LEGACY_IMAGE = 'jenkins/jenkinsfile-runner';

/** The image to use: the explicit one, else `JSLC_JFR_IMAGE`, else {@link DEFAULT_IMAGE}. */
export function imageName(explicit?: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = env['JSLC_JFR_IMAGE'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_IMAGE;
}

/** The error for an image that is neither local nor pullable. */
export function missingImageMessage(image: string, cause: string): string {
  return (
    `jenkinsfile-runner: image ${image} is not available locally and could not be pulled (${cause}). ` +
    'Build it with the plugins jslc needs as docs/e2e.md ("Jenkinsfile Runner backend") shows, ' +
    'then set JSLC_JFR_IMAGE to its name.'
  );
}

/** Resolves when the engine has `image`: already local, or pulled now. Rejects naming the image and docs/e2e.md. */
export async function ensureImage(docker: Docker, image: string, pull = true): Promise<void> {
  try {
    await docker.getImage(image).inspect();
    return;
  } catch (err) {
    if (!pull) throw new Error(missingImageMessage(image, `not found locally: ${String((err as Error).message ?? err)}`));
  }
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve()));
    });
    await docker.getImage(image).inspect();
  } catch (err) {
    throw new Error(missingImageMessage(image, String((err as Error).message ?? err)));
  }
}
