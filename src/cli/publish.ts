/**
 * `jslc publish` (build, verify, commit, tag and push a library release) and `jslc api-diff` (the classified API
 * changes between two libraries).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { API_FILE, parseApi } from '../library/api.js';
import { diffApi, formatApiDiff, requiredBump } from '../library/api-diff.js';
import { DEFAULT_LOAD_TIMEOUT_S, EntryError } from '../load/load-entry.js';
import { sourceCommit } from '../publish/git.js';
import { PublishError, publish } from '../publish/publish.js';
import type { LibraryFiles } from '../library/files.js';
import { JSLC_VERSION } from '../version.js';
import { parseCommand, type CliIo } from './args.js';
import { UserError, compile } from './compile.js';

/** `jslc publish --help`. */
export const PUBLISH_HELP = `Usage: jslc publish <entry.ts> --repo <path-or-url> --version <semver> [--branch main] [--dry-run] [--json]

Builds the library, verifies it (jslc verify, all checks), and publishes it as a
release of its own git repository: one commit on the branch (message: version,
source file and commit, API changes), an annotated tag v<semver>, pushed to the
repository (a local path, bare or not, or a URL). Nothing reaches the
repository unless every check passes; --dry-run runs them all and pushes nothing.

Refused (exit 1, nothing changed): verification findings; a tag that exists; a
version not greater than the last v* tag; a branch edited since the last release;
a local repository with uncommitted changes; an API change (jslc-api.json) that
needs a bigger bump than the version makes: removing a var or parameter, adding
a required one, making one required or changing its type needs a major release;
adding a var or an optional parameter, making one optional or changing a default
needs a minor one. Exit 2 on a usage error.`;

/** `jslc api-diff --help`. */
export const API_DIFF_HELP = `Usage: jslc api-diff <old> <new> [--json]

Prints the API changes between two libraries (directories holding jslc-api.json,
or the files themselves), one per line with the release they need (major, minor
or patch), then the release the whole change needs.`;

function apiOf(path: string): ReturnType<typeof parseApi> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, API_FILE) : path;
  if (!existsSync(file)) throw new UserError(`no ${API_FILE} at ${path}; build the library with this jslc first`);
  return parseApi(readFileSync(file, 'utf8'), file);
}

/** Runs `jslc api-diff`. */
export function apiDiffCommand(argv: string[], io: CliIo): number {
  const parsed = parseCommand('api-diff', API_DIFF_HELP, argv, { json: { type: 'boolean' } }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 2) {
    io.err(`jslc api-diff: expected <old> and <new>\n\n${API_DIFF_HELP}`);
    return 2;
  }
  try {
    const changes = diffApi(apiOf(positionals[0]!), apiOf(positionals[1]!));
    const needed = requiredBump(changes);
    if (values.json) io.out(JSON.stringify({ needed, changes }));
    else io.out(`${formatApiDiff(changes)}\nneeds a ${needed} release`);
    return 0;
  } catch (e) {
    io.err(`jslc api-diff: ${(e as Error).message}`);
    return 1;
  }
}

/** Verifies exactly what will be published (every jslc verify check); resolves with the findings as lines. */
async function verifyFiles(files: LibraryFiles): Promise<string[]> {
  const { ensureVerifier, formatVerifyFinding, verifyFiles } = await import('../verify/verify.js');
  ensureVerifier();
  const r = await verifyFiles(files);
  return r.findings.map((f) => formatVerifyFinding(f));
}

/** Runs `jslc publish`. */
export async function publishCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(
    'publish',
    PUBLISH_HELP,
    argv,
    {
      repo: { type: 'string' },
      version: { type: 'string' },
      branch: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !values.repo || !values.version) {
    io.err(`jslc publish: expected one entry file, --repo and --version\n\n${PUBLISH_HELP}`);
    return 2;
  }
  const entry = positionals[0]!;
  const json = values.json === true;
  const timeoutS = values.timeout === undefined ? DEFAULT_LOAD_TIMEOUT_S : Number(values.timeout);
  try {
    const { lib, files } = await compile(entry, { timeoutS });
    const commit = sourceCommit(dirname(resolve(entry)));
    const result = await publish({
      files,
      library: lib.name,
      repo: values.repo,
      version: values.version,
      ...(values.branch ? { branch: values.branch } : {}),
      dryRun: values['dry-run'] === true,
      source: entry,
      ...(commit ? { sourceCommit: commit } : {}),
      generator: JSLC_VERSION,
      verify: verifyFiles,
    });
    if (json) io.out(JSON.stringify({ ok: true, ...result }));
    else {
      if (result.changes.length) io.out(`API changes since ${result.previous}:\n${formatApiDiff(result.changes).replace(/^/gm, '  ')}`);
      io.out(
        result.pushed
          ? `jslc: published ${lib.name} ${result.tag} to ${values.repo} (${result.changedFiles.length} file(s) changed${result.previous ? ` since ${result.previous}` : ''})`
          : `jslc: dry run: ${lib.name} ${result.tag} passes every check (${result.changedFiles.length} file(s) would change); nothing was pushed`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof PublishError || e instanceof UserError || e instanceof EntryError) {
      const details = e instanceof PublishError ? e.details : e instanceof UserError ? e.details : [];
      if (json) io.out(JSON.stringify({ ok: false, error: e.message, details }));
      else {
        for (const line of details) io.err(line);
        io.err(`jslc publish: ${e.message}`);
      }
      return 1;
    }
    io.err(`jslc publish: ${(e as Error).message}`);
    return 1;
  }
}
