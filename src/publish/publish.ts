/**
 * Publishing a generated library as a release of its own git repository: one commit per release on a branch, an
 * annotated tag `v<semver>`, pushed to the repository (a local path or a URL). Everything happens in a temporary
 * clone; nothing reaches the repository until every check passed, and `dryRun` stops before the push.
 *
 * Refused, with the reason: a version that is no semantic version, a tag that exists, a version not greater than the
 * last release, a branch whose tree differs from the last release (hand edits jslc would overwrite), a local
 * repository with uncommitted changes, and an API change that needs a bigger bump than the version makes.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { API_FILE, parseApi, type LibraryApi } from '../library/api.js';
import { bumpAllows, diffApi, formatApiDiff, requiredBump, type ApiChange, type Bump } from '../library/api-diff.js';
import { compareSemver, bumpBetween, parseSemver, type SemVer } from '../library/semver.js';
import type { LibraryFiles } from '../library/files.js';
import { git, gitOk, identityArgs } from './git.js';

/** What to publish where. */
export interface PublishOptions {
  /** The library's files (from `synth`/`compile`), including `jslc-api.json`. */
  readonly files: LibraryFiles;
  /** The library's name (commit and tag messages). */
  readonly library: string;
  /** The library repository: a local path (bare or not) or a git URL. */
  readonly repo: string;
  /** The version, `1.2.0` (the tag is `v1.2.0`). */
  readonly version: string;
  /** The release branch. Default `main`. */
  readonly branch?: string;
  /** Check and prepare everything, push nothing. */
  readonly dryRun?: boolean;
  /** The entry file (for the commit message). */
  readonly source: string;
  /** The source repository's commit (for the commit message). */
  readonly sourceCommit?: string;
  /** The jslc version (for the commit message). */
  readonly generator: string;
  /**
   * Proves the library before it is committed (jslc verify); resolves with the problems found (none: publish).
   * Runs after the cheap checks, so a refusal for a tag or a version comes at once.
   */
  readonly verify?: (files: LibraryFiles) => Promise<readonly string[]>;
  /**
   * Called as each step starts and ends (see {@link PublishStep}), e.g. for progress lines on stderr. An exception it
   * throws stops the publish (before the push, nothing has reached the repository).
   */
  readonly onStep?: (step: PublishStep) => void;
}

/**
 * The steps of a publish, in the order they run. Each is reported only when it runs: `verify` only with
 * {@link PublishOptions.verify}, `push` not in a dry run; a refusal ends the step that refused, and no later one starts.
 *
 * - `clone`: the temporary clone of the library repository (all branches and tags);
 * - `check`: the tag is new, the version is greater than the last release, the branch has no edits since it;
 * - `api-diff`: `jslc-api.json` against the last release's, and the bump it needs against the version's;
 * - `verify`: {@link PublishOptions.verify} over the library's files;
 * - `commit`: the library's files as the branch's tree, one commit;
 * - `tag`: the annotated tag `v<version>`;
 * - `push`: the branch and the tag, atomically.
 */
export type PublishStepName = 'clone' | 'check' | 'api-diff' | 'verify' | 'commit' | 'tag' | 'push';

/** Every step name, in the order the steps run. */
export const PUBLISH_STEPS: readonly PublishStepName[] = ['clone', 'check', 'api-diff', 'verify', 'commit', 'tag', 'push'];

/** One event of {@link PublishOptions.onStep}: a step started, or ended. */
export type PublishStep = PublishStepStart | PublishStepEnd;

/** A step has started. */
export interface PublishStepStart {
  readonly step: PublishStepName;
  readonly phase: 'start';
}

/** A step has ended: done, or with the refusal or failure that stops the publish. */
export interface PublishStepEnd {
  readonly step: PublishStepName;
  readonly phase: 'end';
  /** Its wall time, in ms. */
  readonly ms: number;
  /** The error's message when the step refused or failed (the publish then rejects with that error). */
  readonly error?: string;
}

/** What a publish did (or, with dryRun, would do). */
export interface PublishResult {
  /** The tag, `v1.2.0`. */
  readonly tag: string;
  /** The previous release's tag, if any. */
  readonly previous?: string;
  /** API changes since the previous release. */
  readonly changes: readonly ApiChange[];
  /** The bump those changes need. */
  readonly needed: Bump;
  /** The release commit (in the temporary clone when dryRun). */
  readonly commit: string;
  /** Whether the repository was changed. */
  readonly pushed: boolean;
  /** Files added, changed or removed relative to the previous release. */
  readonly changedFiles: readonly string[];
}

/** A refusal: `message` says why and what to do; `details` holds e.g. the API diff. */
export class PublishError extends Error {
  constructor(
    message: string,
    /** Extra lines to print before the message. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

function isLocalPath(repo: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) && !/^[^/]+@[^/]+:/.test(repo);
}

function lastRelease(clone: string): SemVer | undefined {
  const tags = git(clone, ['tag', '--list', 'v*']).split('\n').filter(Boolean);
  const versions = tags.flatMap((t) => {
    const v = parseSemver(t);
    return v && `v${v.text}` === t ? [v] : [];
  });
  return versions.sort(compareSemver).pop();
}

function previousApi(clone: string, tag: string): LibraryApi | undefined {
  if (!gitOk(clone, ['cat-file', '-e', `${tag}:${API_FILE}`])) return undefined;
  return parseApi(git(clone, ['show', `${tag}:${API_FILE}`]), `${tag}:${API_FILE}`);
}

/** Replaces the clone's work tree (all but .git) with the library's files. */
function writeTree(clone: string, files: LibraryFiles): void {
  for (const name of readdirSync(clone)) if (name !== '.git') rmSync(join(clone, name), { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(clone, path)), { recursive: true });
    writeFileSync(join(clone, path), text);
  }
}

/**
 * A progress line for stderr, for the end of a step (undefined for a start, which prints nothing):
 * `jslc publish: clone in 0.1 s`, or `jslc publish: verify failed after 12.3 s: <first line of the error>`.
 */
export function formatPublishStep(e: PublishStep): string | undefined {
  if (e.phase === 'start') return undefined;
  const seconds = `${(e.ms / 1000).toFixed(1)} s`;
  return e.error === undefined ? `jslc publish: ${e.step} in ${seconds}` : `jslc publish: ${e.step} failed after ${seconds}: ${e.error.split('\n')[0]}`;
}

/** Runs one step of a publish, reporting its start and end to `onStep`. */
async function runStep<T>(onStep: PublishOptions['onStep'], step: PublishStepName, run: () => T | Promise<T>): Promise<T> {
  if (onStep === undefined) return run();
  const started = performance.now();
  onStep({ step, phase: 'start' });
  let value: T;
  try {
    value = await run();
  } catch (e) {
    onStep({ step, phase: 'end', ms: Math.round(performance.now() - started), error: (e as Error).message });
    throw e;
  }
  onStep({ step, phase: 'end', ms: Math.round(performance.now() - started) });
  return value;
}

/** Publishes one release. */
export async function publish(o: PublishOptions): Promise<PublishResult> {
  const step = <T>(name: PublishStepName, run: () => T | Promise<T>): Promise<T> => runStep(o.onStep, name, run);
  const branch = o.branch ?? 'main';
  const v = parseSemver(o.version);
  if (!v) throw new PublishError(`--version ${JSON.stringify(o.version)} is not a semantic version; write e.g. 1.2.0 (the tag becomes v1.2.0)`);
  const tag = `v${v.text}`;
  const local = isLocalPath(o.repo);
  const repo = local ? resolve(o.repo) : o.repo;
  if (local) {
    if (!existsSync(repo) || !statSync(repo).isDirectory()) {
      throw new PublishError(`the library repository ${repo} does not exist; create it first (git init --bare ${repo})`);
    }
    if (!gitOk(repo, ['rev-parse', '--git-dir'])) throw new PublishError(`${repo} is not a git repository; create one (git init --bare ${repo})`);
    const bare = git(repo, ['rev-parse', '--is-bare-repository']) === 'true';
    if (!bare) {
      const dirty = git(repo, ['status', '--porcelain']);
      if (dirty) throw new PublishError(`the library repository ${repo} has uncommitted changes; commit or remove them first:\n${dirty}`);
    }
  }
  const tmp = mkdtempSync(join(tmpdir(), 'jslc-publish-'));
  try {
    const clone = join(tmp, 'repo');
    await step('clone', () => git(tmp, ['clone', '-q', '--no-checkout', repo, clone]));
    const { last, previous, hasBranch } = await step('check', () => {
      if (gitOk(clone, ['rev-parse', '-q', '--verify', `refs/tags/${tag}`])) {
        throw new PublishError(`${tag} is already published in ${o.repo}; choose the next version`);
      }
      const last = lastRelease(clone);
      const previous = last ? `v${last.text}` : undefined;
      if (last && compareSemver(v, last) <= 0) {
        throw new PublishError(`${tag} is not greater than the last release ${previous}; choose a version after ${last.text}`);
      }
      const hasBranch = gitOk(clone, ['rev-parse', '-q', '--verify', `refs/remotes/origin/${branch}`]);
      if (hasBranch) git(clone, ['checkout', '-q', '-B', branch, `origin/${branch}`]);
      else git(clone, ['checkout', '-q', '--orphan', branch]);
      if (hasBranch && previous) {
        const edited = git(clone, ['diff', '--name-only', previous, 'HEAD']);
        if (edited) {
          throw new PublishError(
            `branch ${branch} of ${o.repo} has changes since ${previous} that jslc did not publish (${edited.split('\n').join(', ')}); ` +
              'jslc would overwrite them: change the TypeScript source instead, or revert them',
          );
        }
      }
      return { last, previous, hasBranch };
    });
    // The API check against the previous release.
    const { changes, needed } = await step('api-diff', () => {
      const apiText = o.files.get(API_FILE);
      if (apiText === undefined) throw new PublishError(`the library has no ${API_FILE}; rebuild it with this jslc`);
      const before = previous ? previousApi(clone, previous) : undefined;
      const changes = before ? diffApi(before, parseApi(apiText, API_FILE)) : [];
      const needed = requiredBump(changes);
      if (last && before) {
        const actual = bumpBetween(last, v);
        if (!bumpAllows(actual, needed)) {
          const next = needed === 'major' ? `${last.major + 1}.0.0` : `${last.major}.${last.minor + 1}.0`;
          throw new PublishError(
            `${tag} is a ${actual} release after ${previous}, but the API changes need a ${needed} release: publish ${next} (or undo the change)`,
            [
              `API changes since ${previous}:`,
              ...formatApiDiff(changes)
                .split('\n')
                .map((l) => `  ${l}`),
            ],
          );
        }
      }
      return { changes, needed };
    });
    const verify = o.verify;
    if (verify) {
      await step('verify', async () => {
        const problems = await verify(o.files);
        if (problems.length) throw new PublishError(`verification found ${problems.length} problem(s); nothing was published`, problems);
      });
    }
    const who = identityArgs(clone);
    const changedFiles = await step('commit', () => {
      writeTree(clone, o.files);
      git(clone, ['add', '-A']);
      const changedFiles = git(clone, ['diff', '--cached', '--name-only', ...(hasBranch ? ['HEAD'] : [])])
        .split('\n')
        .filter(Boolean);
      const message = [
        `${o.library} ${tag}`,
        '',
        `Generated by jslc ${o.generator} from ${o.source}${o.sourceCommit ? ` at ${o.sourceCommit}` : ''}.`,
        previous
          ? `API since ${previous}: ${changes.length ? `${needed} (${changes.length} change${changes.length === 1 ? '' : 's'})` : 'unchanged'}.`
          : 'First release.',
        ...(changes.length ? ['', ...formatApiDiff(changes).split('\n')] : []),
      ].join('\n');
      git(clone, [...who, 'commit', '-q', '--allow-empty', '-F', '-'], { input: message + '\n' });
      return changedFiles;
    });
    await step('tag', () => git(clone, [...who, '-c', 'tag.gpgsign=false', 'tag', '-a', tag, '-F', '-'], { input: `${o.library} ${tag}\n` }));
    const commit = git(clone, ['rev-parse', 'HEAD']);
    if (!o.dryRun) {
      // A local non-bare repository with the branch checked out takes the push into its (clean) work tree.
      const receive = local ? ['--receive-pack=git -c receive.denyCurrentBranch=updateInstead receive-pack'] : [];
      await step('push', () =>
        git(clone, ['push', '-q', '--atomic', ...receive, 'origin', `refs/heads/${branch}:refs/heads/${branch}`, `refs/tags/${tag}:refs/tags/${tag}`]),
      );
    }
    return { tag, ...(previous ? { previous } : {}), changes, needed, commit, pushed: !o.dryRun, changedFiles };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
