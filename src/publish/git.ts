/**
 * The git commands jslc needs (publish, jslc run's scratch library, the e2e repositories), run synchronously with a
 * fixed locale and an identity when none is set.
 */
import { spawnSync } from 'node:child_process';

/** A failed git command. */
export class GitError extends Error {}

/** Runs git in `cwd`; returns stdout (trimmed). Throws GitError with git's own message on failure. */
export function git(cwd: string, args: readonly string[], options: { allowFail?: boolean; input?: string } = {}): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new GitError(`git ${args[0]}: ${r.error.message}`);
  if (r.status !== 0) {
    if (options.allowFail) return '';
    throw new GitError(`git ${args.join(' ')}: ${(r.stderr || r.stdout).trim()}`);
  }
  return r.stdout.trim();
}

/** Whether git succeeds (exit 0) for these arguments. */
export function gitOk(cwd: string, args: readonly string[]): boolean {
  return spawnSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } }).status === 0;
}

/** `-c user.name=… -c user.email=…` when the repository has no identity configured (CI machines often do not). */
export function identityArgs(cwd: string): string[] {
  const name = git(cwd, ['config', 'user.name'], { allowFail: true });
  const email = git(cwd, ['config', 'user.email'], { allowFail: true });
  return [...(name ? [] : ['-c', 'user.name=jslc publish']), ...(email ? [] : ['-c', 'user.email=jslc@localhost'])];
}

/** The commit a source directory is at (`<sha>` or `<sha>-dirty`), or undefined outside a git work tree. */
export function sourceCommit(dir: string): string | undefined {
  if (!gitOk(dir, ['rev-parse', '--is-inside-work-tree'])) return undefined;
  const sha = git(dir, ['rev-parse', 'HEAD'], { allowFail: true });
  if (!sha) return undefined;
  const dirty = git(dir, ['status', '--porcelain', '--untracked-files=no'], { allowFail: true });
  return dirty ? `${sha}-dirty` : sha;
}

/** The identity of the commits jslc makes in repositories of its own (jslc run's scratch library, test repositories). */
const OWN_REPOSITORY = ['-c', 'user.name=jslc', '-c', 'user.email=jslc@localhost', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];

/**
 * Makes directory `dir` a git repository on `main` with one commit of its files, tagged with `tags` (annotated
 * when `annotated`); returns the commit.
 */
export function commitDirectory(dir: string, message: string, tags: readonly string[] = [], annotated = false): string {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, [...OWN_REPOSITORY, 'commit', '-q', '-m', message]);
  for (const t of tags) git(dir, [...OWN_REPOSITORY, 'tag', ...(annotated ? ['-a', t, '-m', t] : [t])]);
  return git(dir, ['rev-parse', 'HEAD']);
}
