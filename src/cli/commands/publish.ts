/** `jslc publish <entry.ts>`: build, verify (every check), commit, tag and push a library release. */
import { dirname, resolve } from 'node:path';
import { formatApiDiff } from '../../library/api-diff.js';
import type { LibraryFiles } from '../../library/files.js';
import { DEFAULT_LOAD_TIMEOUT_S } from '../../load/load-entry.js';
import { sourceCommit } from '../../publish/git.js';
import { PublishError, formatPublishStep, publish as publishRelease } from '../../publish/publish.js';
import { VERIFY_CHECKS } from '../../verify/checks.js';
import { JSLC_VERSION } from '../../version.js';
import { type CommandModule, UsageError, flag, stringOption, timeoutSeconds } from '../command.js';
import type { CliFinding } from '../envelope.js';
import { UserError } from '../errors.js';
import { runChecks } from '../verifying.js';

const publish: CommandModule = {
  help: () => `Usage: jslc publish <entry.ts> --repo <path-or-url> --version <semver> [--branch main] [--dry-run]
                    [--timeout SECONDS] [--json]

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
needs a minor one. Exit 2 on a usage error, 4 without Java 17 (verify needs it).`,
  async run(args, ctx) {
    const repo = stringOption(args, 'repo');
    const version = stringOption(args, 'version');
    const entry = args.positionals[0];
    if (args.positionals.length !== 1 || entry === undefined || !repo || !version) throw new UsageError('expected one entry file, --repo and --version');
    const timeoutS = timeoutSeconds(args, DEFAULT_LOAD_TIMEOUT_S);
    const branch = stringOption(args, 'branch');
    const { compile, reportWarnings } = await import('../compile.js');
    const { lib, files, warnings } = await compile(entry, { timeoutS });
    const warned = reportWarnings('publish', warnings, ctx.err);
    const commit = sourceCommit(dirname(resolve(entry)));
    let findings: readonly CliFinding[] = [];
    const verify = async (f: LibraryFiles): Promise<string[]> => {
      const { formatVerifyFinding } = await import('../../verify/verify.js');
      const run = await runChecks(f, VERIFY_CHECKS, ctx);
      findings = run.findings;
      return run.result.findings.map((x) => formatVerifyFinding(x));
    };
    try {
      const result = await publishRelease({
        files,
        library: lib.name,
        repo,
        version,
        ...(branch ? { branch } : {}),
        dryRun: flag(args, 'dry-run'),
        source: entry,
        ...(commit ? { sourceCommit: commit } : {}),
        generator: JSLC_VERSION,
        verify,
        // One progress line per step as it ends, on stderr.
        onStep: (e) => {
          const line = formatPublishStep(e);
          if (line !== undefined) ctx.progress(line);
        },
      });
      if (result.changes.length) ctx.out(`API changes since ${result.previous}:\n${formatApiDiff(result.changes).replace(/^/gm, '  ')}`);
      ctx.out(
        result.pushed
          ? `jslc: published ${lib.name} ${result.tag} to ${repo} (${result.changedFiles.length} file(s) changed${result.previous ? ` since ${result.previous}` : ''})`
          : `jslc: dry run: ${lib.name} ${result.tag} passes every check (${result.changedFiles.length} file(s) would change); nothing was pushed`,
      );
      return { exitCode: 0, findings: warned, fields: { ...result } };
    } catch (e) {
      if (!(e instanceof PublishError)) throw e;
      throw new UserError(
        e.message,
        e.details,
        { details: e.details },
        findings.length ? findings : [{ severity: 'error', code: 'publish', message: e.message }],
      );
    }
  },
};

export default publish;
