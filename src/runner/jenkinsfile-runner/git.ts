/**
 * The git questions the backend asks of a host repository: is it one, and what is checked out.
 */
import { execFile } from 'node:child_process';

/**
 * The branch checked out in `repository` (its default version / the `--scm` branch),
 * the commit when HEAD is detached, or `undefined` when git cannot tell.
 */
export function checkedOut(repository: string): Promise<string | undefined> {
  const git = (...args: string[]): Promise<string | undefined> =>
    new Promise((resolve) => {
      execFile('git', ['-C', repository, ...args], { encoding: 'utf8' }, (err, stdout) => {
        const out = stdout.trim();
        resolve(err || out === '' ? undefined : out);
      });
    });
  return git('symbolic-ref', '--short', '-q', 'HEAD').then((b) => b ?? git('rev-parse', 'HEAD'));
}

/** Whether `path` is a git repository (work tree or bare). */
export function isGitRepository(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['-C', path, 'rev-parse', '--git-dir'], (err) => resolve(!err));
  });
}
