/**
 * `jslc run <Jenkinsfile>`: runs a Jenkinsfile against a library in a container, the way a user tries a library before
 * publishing it: live stage progress on stderr (each stage's start, its end with its duration and status, a summary
 * table), the Jenkins-style log on stdout (or, with `--json`, the envelope at the end), the build result as exit code:
 * SUCCESS 0, UNSTABLE 1, FAILURE 2, NOT_BUILT 3, ABORTED 4; 5 when the run could not happen, 6 when Jenkinsfile Runner
 * crashed.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { libraryNameIn } from '../../library/manifest.js';
import { commitDirectory } from '../../publish/git.js';
import type { Credential, InputAnswer, LibrarySource, Runner, RunnerKind, RunRequest } from '../../runner/types.js';
import { type CommandModule, type CommandOutcome, UsageError, flag, listOption, stringOption, timeoutSeconds } from '../command.js';
import type { CliFinding } from '../envelope.js';
import { forStream } from '../../util/ansi.js';
import { runFields, runFindings, stageEndLine, stageStartLine, summaryTable } from '../run-report.js';

/** `jslc run`'s exit code when the run could not happen (no Docker engine, no image): its 4 is ABORTED. */
export const RUN_NOT_STARTED_EXIT = 5;

/** The help text of `jslc run`. */
export const RUN_HELP = `Usage: jslc run <Jenkinsfile> --library [NAME=]DIR [options]

Runs the Jenkinsfile in a container with the library loaded as @Library loads it,
and exits with the build result: SUCCESS 0, UNSTABLE 1, FAILURE 2, NOT_BUILT 3,
ABORTED 4; 5 when the run could not happen (e.g. no Docker engine); 6 when
Jenkinsfile Runner crashed (no "Finished: RESULT" line matching its exit code).
A usage error exits 2 too, as in every jslc command: it prints this help on stderr.

  --library [NAME=]DIR   a library: a git repository, or a directory jslc built (its
                         jslc-manifest.json names it; it is committed to a scratch
                         repository and tagged with every version the Jenkinsfile asks for)
  --runner KIND          local (default: jslc's runner image, built here without a
                         registry) or jenkinsfile-runner (the real Jenkinsfile Runner
                         image, JSLC_JFR_IMAGE or ghcr.io/jenkinsci/jenkinsfile-runner)
  --workspace DIR        the workspace (kept; default: a temporary one, deleted)
  --scm DIR|URL          the repository "checkout scm" clones
  --param K=V            a build parameter (repeatable)
  --params-as-strings    keep every --param a string, as Jenkinsfile Runner passes them
                         (params.SIGN == 'false'); by default true/false become booleans
  --input ID=ANSWER      answer the input step ID (repeatable; local runner only): ID=proceed,
                         ID=proceed:NAME=value (one parameter value each, repeat for more) or
                         ID=abort; an unanswered input fails the build, naming its ID
  --env K=V              a build environment variable, e.g. BRANCH_NAME=main (repeatable)
  --credentials FILE     credentials by id: {"id": {"type": "string", "secret": "…"},
                         "id2": {"type": "usernamePassword", "username": "…", "password": "…"},
                         "id3": {"type": "file", "fileName": "…", "content": "…"}}
  --agent-image FROM=TO  run agent image FROM as local image TO (repeatable; "TO" may be
                         "runner" for jslc's runner image: Go, git, docker CLI, cosign)
  --timeout SECONDS      abort the build after this long (default 3600)
  --quiet                no log on stdout, only progress and the result
  --library-trust T      trusted (default) or untrusted: the library runs in the script-security
                         sandbox, as a folder-level library (local: the executor's runtime
                         sandbox; jenkinsfile-runner: registered as globalUntrustedLibraries)
  --plugins-dir DIR      jenkinsfile-runner: the image's plugins as a host directory, for the
                         check of the plugins the library needs (default: listed from the image)
  --no-plugin-check      jenkinsfile-runner: skip that check
  --json                 no log on stdout: one JSON document at the end (ok, command,
                         exitCode, findings, result, durationMs, stages with name, parents,
                         startMs, durationMs, status); progress stays on stderr

Progress on stderr: "▶ Build (+3.1 s)" when a stage starts, "✔ Build 12.3 s",
"✘ Test 4.0 s (failed)", "! Test 4.0 s (unstable)" or "- Deploy skipped (when)" /
"(earlier failure)" when it ends, then a table of every stage's status and duration.
Stage statuses: success, failed, unstable, skipped-by-when, skipped-after-failure,
skipped-after-unstable, aborted.`;

function pairs(list: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} needs KEY=VALUE, got "${p}"`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/**
 * `--input` values as answers: `ID=proceed`, `ID=proceed:NAME=value` (values for one id add up) or `ID=abort`.
 * Throws a UsageError naming the bad value, or an id answered both proceed and abort.
 */
export function parseInputAnswers(list: readonly string[]): InputAnswer[] {
  const byId = new Map<string, { action: 'proceed' | 'abort'; values: Record<string, string> }>();
  for (const spec of list) {
    const eq = spec.indexOf('=');
    const id = eq > 0 ? spec.slice(0, eq) : '';
    const answer = eq > 0 ? spec.slice(eq + 1) : '';
    let action: 'proceed' | 'abort';
    let value: [string, string] | undefined;
    if (answer === 'abort' || answer === 'proceed') action = answer;
    else if (answer.startsWith('proceed:') && answer.indexOf('=') > 'proceed:'.length) {
      action = 'proceed';
      const nv = answer.slice('proceed:'.length);
      value = [nv.slice(0, nv.indexOf('=')), nv.slice(nv.indexOf('=') + 1)];
    } else {
      throw new UsageError(`--input needs ID=proceed, ID=proceed:NAME=value or ID=abort, got "${spec}"`);
    }
    const prev = byId.get(id);
    if (prev && prev.action !== action) throw new UsageError(`--input ${id}: answered both proceed and abort; give one answer per input`);
    const entry = prev ?? { action, values: {} };
    if (value) entry.values[value[0]] = value[1];
    byId.set(id, entry);
  }
  return [...byId.entries()].map(([id, e]) => (Object.keys(e.values).length > 0 ? { id, action: e.action, values: e.values } : { id, action: e.action }));
}

/** The versions a Jenkinsfile's `@Library(...)` annotations ask of library `name`. */
export function requestedVersions(jenkinsfile: string, name: string): string[] {
  const out = new Set<string>();
  for (const m of jenkinsfile.matchAll(/@Library\s*\(([^)]*)\)/g)) {
    for (const spec of m[1]!.replace(/[[\]'"]/g, '').split(',')) {
      const [n, v] = spec.trim().split('@');
      if (n === name && v) out.add(v);
    }
  }
  return [...out].sort();
}

function readCredentials(file: string): Record<string, Credential> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--credentials ${file}: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`--credentials ${file}: expected an object of credentials by id`);
  const out: Record<string, Credential> = {};
  for (const [id, c] of Object.entries(data as Record<string, Record<string, unknown>>)) {
    const str = (k: string): boolean => typeof c?.[k] === 'string';
    const optional = (...ks: string[]): boolean => ks.every((k) => c?.[k] === undefined || typeof c[k] === 'string');
    const ok =
      (c?.['type'] === 'string' && str('secret')) ||
      (c?.['type'] === 'usernamePassword' && str('username') && str('password')) ||
      (c?.['type'] === 'file' && str('fileName') && str('content')) ||
      (c?.['type'] === 'sshUserPrivateKey' && str('username') && str('privateKey') && optional('passphrase', 'description')) ||
      (c?.['type'] === 'certificate' && str('keystoreBase64') && str('password') && optional('description'));
    if (!ok)
      throw new UsageError(
        `--credentials ${file}: credential "${id}" must be {type: string, secret} | {type: usernamePassword, username, password} | {type: file, fileName, content} | {type: sshUserPrivateKey, username, privateKey, passphrase?, description?} | {type: certificate, keystoreBase64, password, description?}`,
      );
    out[id] = c as unknown as Credential;
  }
  return out;
}

/** A library argument as a git repository the runner can mount; scratch directories go to `scratch`. */
function library(spec: string, jenkinsfile: string, scratch: string[]): LibrarySource {
  const eq = spec.indexOf('=');
  const dir = resolve(eq > 0 ? spec.slice(eq + 1) : spec);
  if (!existsSync(dir)) throw new UsageError(`--library ${spec}: no such directory`);
  const name = eq > 0 ? spec.slice(0, eq) : libraryNameIn(dir);
  if (!name) throw new UsageError(`--library ${spec}: no jslc-manifest.json names the library; write --library NAME=${spec}`);
  if (existsSync(join(dir, '.git'))) return { name, repository: dir };
  // A built library that is not published yet: commit it to a scratch repository, tagged as the Jenkinsfile asks.
  const repo = join(mkdtempSync(join(tmpdir(), 'jslc-run-lib-')), basename(dir));
  scratch.push(resolve(repo, '..'));
  cpSync(dir, repo, { recursive: true });
  commitDirectory(repo, `${name} (working copy for jslc run)`, requestedVersions(jenkinsfile, name));
  return { name, repository: repo };
}

/** The outcome of a run that could not happen (exit 5) or whose Jenkinsfile Runner crashed (6), with the finding. */
function notStarted(finding: CliFinding, started: number, exitCode = RUN_NOT_STARTED_EXIT): CommandOutcome {
  return { exitCode, findings: [finding], fields: runFields({ durationMs: Date.now() - started }) };
}

const run: CommandModule = {
  help: () => RUN_HELP,
  async run(args, ctx) {
    const scratch: string[] = [];
    const started = Date.now();
    try {
      if (args.positionals.length !== 1) throw new UsageError('expected exactly one Jenkinsfile');
      const jenkinsfile = resolve(args.positionals[0]!);
      if (!existsSync(jenkinsfile)) throw new UsageError(`no such Jenkinsfile: ${args.positionals[0]}`);
      const runnerName = stringOption(args, 'runner');
      const kind = (runnerName ?? 'local') as RunnerKind;
      if (kind !== 'local' && kind !== 'jenkinsfile-runner') throw new UsageError(`--runner must be local or jenkinsfile-runner, got "${runnerName}"`);
      const trust = stringOption(args, 'library-trust') ?? 'trusted';
      if (trust !== 'trusted' && trust !== 'untrusted') throw new UsageError(`--library-trust must be trusted or untrusted, got "${trust}"`);
      if (kind === 'local' && (stringOption(args, 'plugins-dir') !== undefined || flag(args, 'no-plugin-check')))
        throw new UsageError('--plugins-dir and --no-plugin-check are options of --runner jenkinsfile-runner');
      const inputs = parseInputAnswers(listOption(args, 'input'));
      if (inputs.length > 0 && kind === 'jenkinsfile-runner')
        throw new UsageError(
          '--input is an option of --runner local: Jenkinsfile Runner cannot answer an input step (the build would wait for a user); run the Jenkinsfile with the local runner, or remove the input',
        );
      const paramsAsStrings = flag(args, 'params-as-strings');
      const libs = listOption(args, 'library');
      if (!libs.length) throw new UsageError('name at least one --library');
      // Seconds, as every jslc command's --timeout (it was minutes before).
      const timeoutS = timeoutSeconds(args, 3600);
      const text = readFileSync(jenkinsfile, 'utf8');
      const libraries = libs.map((l) => library(l, text, scratch));
      const agentImages = pairs(listOption(args, 'agent-image'), '--agent-image');
      const params = pairs(listOption(args, 'param'), '--param');
      const env = pairs(listOption(args, 'env'), '--env');
      const credentialsFile = stringOption(args, 'credentials');
      const credentials = credentialsFile ? readCredentials(credentialsFile) : undefined;

      const { connectDocker, dockerAvailable } = await import('../../runner/image/docker.js');
      const docker = connectDocker();
      if (!(await dockerAvailable(docker, 5000))) {
        const message = `no Docker engine answers (${process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock'}): jslc run starts the build in containers and needs a Docker engine. Install one (Debian/Ubuntu: apt-get install docker.io; macOS: Docker Desktop or colima), start it (systemctl start docker, or dockerd), and make sure this user may use it (the docker group), or point DOCKER_HOST at a running engine (unix:///path/docker.sock or tcp://host:2375).`;
        // On stderr with --json too: it is what stops the run (progress, as the run's own lines).
        ctx.progress(`jslc run: ${message}`);
        return notStarted({ severity: 'error', message, code: 'docker' }, started);
      }
      let runner: Runner;
      if (kind === 'local') {
        const { ensureRunnerImage } = await import('../../runner/image/build.js');
        const img = await ensureRunnerImage({ docker, onLog: (l) => ctx.progress(`[image] ${forStream(l, process.stderr)}`) });
        for (const [from, to] of Object.entries(agentImages)) if (to === 'runner') agentImages[from] = img.image;
        const { LocalRunner } = await import('../../runner/local/runner.js');
        runner = new LocalRunner({ docker, image: img.image, libraryTrust: trust });
      } else {
        const { JenkinsfileRunner } = await import('../../runner/jenkinsfile-runner/runner.js');
        const pluginsDir = stringOption(args, 'plugins-dir');
        runner = new JenkinsfileRunner({
          docker,
          libraryTrust: trust,
          ...(pluginsDir ? { pluginsDir: resolve(pluginsDir) } : {}),
          checkPlugins: !flag(args, 'no-plugin-check'),
        });
      }
      const workspace = stringOption(args, 'workspace');
      const scm = stringOption(args, 'scm');
      const request: RunRequest = {
        jenkinsfile,
        libraries,
        ...(workspace ? { workspace: resolve(workspace) } : {}),
        ...(scm ? { scm: /^[a-z+]+:\/\//.test(scm) ? scm : resolve(scm) } : {}),
        params,
        ...(paramsAsStrings ? { paramsAsStrings } : {}),
        ...(inputs.length > 0 ? { inputs } : {}),
        env,
        ...(credentials ? { credentials } : {}),
        agentImages,
        timeoutMs: timeoutS * 1000,
        // The log is the command's output on stdout (ctx.out: not with --json).
        ...(flag(args, 'quiet') ? {} : { onLog: (l: string) => ctx.out(l) }),
        onStage: (s) => ctx.progress(stageStartLine(s)),
        onStageEnd: (r) => ctx.progress(stageEndLine(r)),
      };
      const buildStarted = Date.now();
      const r = await runner.run(request);
      // The build's own time, as before: the runner image check (minutes on a first build) is not in it.
      const durationMs = Date.now() - buildStarted;
      const findings = runFindings(r.result, r.errors, r.log);
      for (const f of findings) ctx.progress(`jslc run: error: ${f.message}`);
      // The executor's --agent-image warnings (a substitute with tools the real image lacks), after the build's log.
      const { agentImageWarnings } = await import('../../runner/local/agent-image-warnings.js');
      for (const w of agentImageWarnings(r.log)) ctx.progress(`jslc run: warning: ${w.message}`);
      for (const l of summaryTable(r.stageRecords)) ctx.progress(l);
      ctx.progress(`jslc run: ${r.result} in ${(durationMs / 1000).toFixed(1)} s (exit ${r.exitCode})`);
      return { exitCode: r.exitCode, findings, fields: runFields({ result: r.result, durationMs, stages: r.stageRecords }) };
    } catch (e) {
      if (e instanceof UsageError) throw e;
      // Jenkinsfile Runner that crashed (no Finished line matching its exit code) exits 6; anything else 5.
      const { runErrorExitCode } = await import('../../runner/jenkinsfile-runner/result.js');
      const exitCode = runErrorExitCode(e);
      const message = exitCode === RUN_NOT_STARTED_EXIT ? `the run could not happen: ${(e as Error).message}` : (e as Error).message;
      ctx.progress(`jslc run: ${message}`);
      if (ctx.debug && e instanceof Error && e.stack) ctx.progress(e.stack);
      return notStarted({ severity: 'error', message, code: exitCode === RUN_NOT_STARTED_EXIT ? 'run' : 'crashed' }, started, exitCode);
    } finally {
      for (const d of scratch) rmSync(d, { recursive: true, force: true });
    }
  },
};

export default run;
