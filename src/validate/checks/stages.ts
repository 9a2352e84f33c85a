import type { AgentIR, BuildStageIR, ImageStageIR, OciImageIR, LeafStageIR, PipelineIR, StageIR, TestStageIR, WhenIR } from '../../ir/types.js';
import { isStampValue } from '../../ir/stamp.js';
import { CHANGE_REQUEST_FILTERS, isKnownBaseImage, isKnownPlatform, KNOWN_PLATFORMS, WHEN_COMPARATORS } from '../../ir/closed-sets.js';
import { buildBranchName, buildFansOut, buildOutputPath } from '../../ir/naming.js';
import { imageBinaries } from '../../ir/image-binaries.js';
import { plain } from '../../ir/values.js';
import { stageInfo } from '../../ir/catalogue.js';
import { assertNever } from '../../util/never.js';
import { didYouMean } from '../suggest.js';
import {
  CPS_MAX_LIST,
  type Ctx,
  IMAGE_TAG,
  at,
  checkCredentialsId,
  checkGoDuration,
  checkPositiveInt,
  checkString,
  checkStringValue,
  checkWorkspacePath,
  ENV_NAME,
  isImageRepository,
  isSingleLine,
  report,
} from './values.js';
import { checkAgent } from './agent.js';
import { checkCommand } from './command.js';
import { checkPost } from './post.js';
import { checkScriptStage } from './script.js';
import { checkResultControl } from './result-control.js';

interface StageWalk {
  /** First path of each stage name, for duplicate detection across the whole pipeline. */
  readonly names: Map<string, string>;
  /** Outputs produced by stages that finish before the current one starts. */
  readonly binaries: Set<string>;
  /** Environment variables captured (`stage.sh({ capture })`) by stages that finish before the current one starts. */
  readonly captures: Set<string>;
  imagePushed: boolean;
  /** Whether the last pushed image's Go binaries are known (for sign attestations: see `imageBinaries`). */
  imageBinariesKnown: boolean;
  /** The platform of each binary a build stage writes (shared by parallel branches: outputs only accumulate). */
  readonly builtPlatforms: Map<string, string>;
  readonly pipelineAgentNone: boolean;
}

export function checkStages(ctx: Ctx, p: PipelineIR): void {
  const walk: StageWalk = {
    names: new Map(),
    binaries: new Set(),
    captures: new Set(),
    imagePushed: false,
    imageBinariesKnown: false,
    builtPlatforms: new Map(),
    pipelineAgentNone: p.agent.type === 'none',
  };
  p.stages.forEach((s, i) =>
    checkStage(at(ctx, `stages[${i}]`, s.loc), s, walk, {
      inParallel: false,
      hasAgent: !walk.pipelineAgentNone,
      agent: walk.pipelineAgentNone ? undefined : p.agent,
    }),
  );
}

interface Scope {
  readonly inParallel: boolean;
  readonly hasAgent: boolean;
  /** The agent the stage's steps run on: its own, else the nearest enclosing stage's, else the pipeline's. */
  readonly agent: AgentIR | undefined;
}

/** Path segment for a stage: its index plus its kind, e.g. `stages[3].build`. */
function stageCtx(ctx: Ctx, s: StageIR): Ctx {
  return at(ctx, s.kind);
}

function checkStage(base: Ctx, s: StageIR, walk: StageWalk, scope: Scope): void {
  const ctx = stageCtx(base, s);
  // Stage names: Jenkins rejects duplicate names anywhere in one pipeline
  // (ModelValidatorImpl "Duplicate stage name" check over all stages).
  const nameCtx = at(ctx, 'name');
  if (s.name.trim() === '' || !isSingleLine(s.name)) {
    report(
      nameCtx,
      'JSLC007',
      s.name.trim() === '' ? 'the stage name is empty' : `stage name ${JSON.stringify(s.name)} spans lines or has control characters`,
      'give the stage a one-line name',
    );
  } else if (walk.names.has(s.name)) {
    report(nameCtx, 'JSLC006', `duplicate stage name "${s.name}" (first used at ${walk.names.get(s.name)})`, 'give each stage its own name');
  } else {
    walk.names.set(s.name, ctx.path);
  }
  if (s.kind === 'build' && buildFansOut(s, scope.inParallel)) {
    // Each platform becomes a parallel stage of its own, whose name must be unique too.
    // A platform listed twice is reported once, as JSLC013, not also as a duplicate branch.
    const fanned = new Set<string>();
    s.platforms.forEach((pl, i) => {
      if (fanned.has(plain(pl))) return;
      fanned.add(plain(pl));
      const branch = buildBranchName(s, pl);
      const first = walk.names.get(branch);
      if (first !== undefined)
        report(at(ctx, `platforms[${i}]`), 'JSLC006', `duplicate stage name "${branch}" (first used at ${first})`, 'give each stage its own name');
      else walk.names.set(branch, `${ctx.path}.platforms[${i}]`);
    });
  }
  if (s.timeout) checkPositiveInt(at(ctx, 'timeout'), s.timeout.time, 'timeout');
  if (s.retry !== undefined) checkPositiveInt(at(ctx, 'retry'), s.retry, 'retry');
  checkResultControl(ctx, s, scope.inParallel);
  if (s.when) checkWhen(at(ctx, 'when'), s.when);
  if (s.post) checkPost(at(ctx, 'post'), s.post);
  if (s.agent) checkAgent(at(ctx, 'agent'), s.agent);
  const hasAgent = scope.hasAgent || s.agent !== undefined;
  const agent = s.agent ?? scope.agent;

  switch (s.kind) {
    case 'parallel': {
      if (s.agent) report(at(ctx, 'agent'), 'JSLC033', 'a parallel group cannot have an agent; set it on its branches');
      // Declarative: stages inside a parallel branch may not contain parallel
      // (ModelValidatorImpl: "Parallel stages or branches can only be included in a top-level stage").
      if (scope.inParallel) report(ctx, 'JSLC008', `parallel group "${s.name}" is inside a parallel branch`, 'flatten it into the enclosing parallel group');
      if (s.branches.length === 0) report(at(ctx, 'branches'), 'JSLC005', `parallel group "${s.name}" has no branches`);
      if (s.branches.length >= CPS_MAX_LIST)
        report(
          at(ctx, 'branches'),
          'JSLC033',
          `parallel group "${s.name}" has ${s.branches.length} branches; the CPS engine needs fewer than ${CPS_MAX_LIST}`,
          'split the group',
        );
      // Branches run at the same time: each sees only the outputs of stages before the group,
      // and stages after the group see the outputs of all branches.
      const produced = new Set(walk.binaries);
      const captured = new Set(walk.captures);
      let pushed = walk.imagePushed;
      let known = walk.imageBinariesKnown;
      s.branches.forEach((b, i) => {
        const branchWalk: StageWalk = { ...walk, binaries: new Set(walk.binaries), captures: new Set(walk.captures) };
        checkStage(at(ctx, `branches[${i}]`, b.loc), b, branchWalk, { inParallel: true, hasAgent, agent });
        branchWalk.binaries.forEach((x) => produced.add(x));
        branchWalk.captures.forEach((x) => captured.add(x));
        pushed ||= branchWalk.imagePushed;
        known ||= branchWalk.imageBinariesKnown;
      });
      produced.forEach((x) => walk.binaries.add(x));
      captured.forEach((x) => walk.captures.add(x));
      walk.imagePushed = pushed;
      walk.imageBinariesKnown = known;
      return;
    }
    case 'sequence':
      if (s.stages.length === 0) report(at(ctx, 'stages'), 'JSLC005', `sequence "${s.name}" has no stages`);
      s.stages.forEach((b, i) => checkStage(at(ctx, `stages[${i}]`, b.loc), b, walk, { inParallel: scope.inParallel, hasAgent, agent }));
      return;
    default:
      if (!hasAgent)
        report(
          at(ctx, 'agent'),
          'JSLC009',
          `stage "${s.name}" runs steps but neither it nor the pipeline has an agent`,
          'set agent on the stage or the pipeline',
        );
      checkLeaf(ctx, s, walk);
      if (s.kind === 'image') checkImageDaemon(ctx, s, agent);
      // What it writes, for the stages after it (an image's binary).
      for (const file of stageInfo(s).produces(s)) walk.binaries.add(file);
      if (s.kind === 'build') for (const platform of s.platforms) walk.builtPlatforms.set(buildOutputPath(s.output, platform), plain(platform));
  }
}

function checkList(ctx: Ctx, items: readonly string[], what: string, allowEmpty = true): void {
  if (!allowEmpty && items.length === 0) report(ctx, 'JSLC005', `${what} is empty`);
  if (items.length > CPS_MAX_LIST) report(ctx, 'JSLC029', `${items.length} ${what} exceed the CPS engine's ${CPS_MAX_LIST}-element list literal cap`);
  items.forEach((x, i) => {
    const c = at(ctx, `[${i}]`);
    if (x.trim() === '' || x.startsWith('-') || /\s/.test(x))
      report(c, 'JSLC032', `${JSON.stringify(x)} is not a valid ${what.replace(/s$/, '')}`, 'no empty values, spaces or leading dashes');
    else checkString(c, x);
  });
}

function checkWhen(ctx: Ctx, w: WhenIR): void {
  switch (w.type) {
    case 'branch':
    case 'tag':
      if (w.pattern === '' || !isSingleLine(w.pattern))
        report(
          ctx,
          'JSLC032',
          `${w.type} pattern ${JSON.stringify(w.pattern)} is empty or spans lines`,
          w.type === 'branch' ? 'use a pattern such as main or release/*' : 'use a pattern such as v*',
        );
      else checkPattern(ctx, w.pattern, w.comparator);
      break;
    case 'changeRequest':
      for (const k of Object.keys(w.filters))
        if (!(CHANGE_REQUEST_FILTERS as readonly string[]).includes(k))
          report(at(ctx, k), 'JSLC054', `changeRequest has no attribute ${k}`, `use one of ${CHANGE_REQUEST_FILTERS.join(', ')}`);
      for (const k of CHANGE_REQUEST_FILTERS) {
        const v = w.filters[k];
        if (v !== undefined) checkPattern(at(ctx, k), v, w.comparator);
      }
      if (w.comparator !== undefined && Object.keys(w.filters).length === 0)
        report(at(ctx, 'comparator'), 'JSLC054', 'a comparator without attributes compares nothing', "add an attribute, e.g. { target: 'main' }");
      break;
    case 'environment':
      if (!ENV_NAME.test(w.name)) report(ctx, 'JSLC017', `${JSON.stringify(w.name)} is not a valid environment variable name`, 'use letters, digits and _');
      checkString(ctx, w.value);
      break;
    case 'envMatches':
      if (!ENV_NAME.test(w.name)) report(ctx, 'JSLC017', `${JSON.stringify(w.name)} is not a valid environment variable name`, 'use letters, digits and _');
      checkPattern(ctx, w.regex, 'REGEXP');
      break;
    case 'triggeredBy':
      if (!/^[A-Za-z][A-Za-z0-9_.$]*$/.test(w.cause))
        report(ctx, 'JSLC054', `${JSON.stringify(w.cause)} is not a build cause name`, 'e.g. TimerTrigger, SCMTrigger, UserIdCause, UpstreamCause');
      break;
    case 'changeset':
      if (w.pattern === '' || !isSingleLine(w.pattern))
        report(ctx, 'JSLC054', `changeset pattern ${JSON.stringify(w.pattern)} is empty or spans lines`, "e.g. '**/*.go'");
      else checkPattern(ctx, w.pattern, w.comparator);
      break;
    case 'param':
      checkStringValue(ctx, { kind: 'param', name: w.name });
      if (typeof w.equals === 'string') checkString(ctx, w.equals);
      break;
    case 'expression':
      if (w.groovy.trim() === '') report(ctx, 'JSLC032', 'the expression is empty', 'write a Groovy boolean expression or drop the condition');
      checkString(ctx, w.groovy);
      break;
    case 'allOf':
    case 'anyOf':
      if (w.conditions.length === 0) report(ctx, 'JSLC005', `${w.type}() needs at least one condition`);
      w.conditions.forEach((c, i) => checkWhen(at(ctx, `${w.type}[${i}]`), c));
      break;
    case 'not':
      checkWhen(at(ctx, 'not'), w.condition);
      break;
    case 'buildingTag':
      break;
    default:
      assertNever(w, 'when condition');
  }
}

function checkLeaf(ctx: Ctx, s: LeafStageIR, walk: StageWalk): void {
  switch (s.kind) {
    case 'checkout':
      if (s.source.type === 'git') {
        checkStringValue(at(ctx, 'source.url'), s.source.url);
        if (typeof s.source.url === 'string' && (s.source.url.trim() === '' || /\s/.test(s.source.url)))
          report(at(ctx, 'source.url'), 'JSLC028', `${JSON.stringify(s.source.url)} is not a repository URL`, 'use e.g. https://github.com/example/app.git');
        checkStringValue(at(ctx, 'source.branch'), s.source.branch);
        if (s.source.credentialsId !== undefined) checkCredentialsId(at(ctx, 'source.credentialsId'), s.source.credentialsId);
      }
      return;
    case 'modules':
      return;
    case 'vet':
      checkList(at(ctx, 'packages'), s.packages, 'packages', false);
      s.packages.forEach((p, i) => checkRelativePackage(at(ctx, `packages[${i}]`), p));
      s.linters.forEach((l, i) => checkCommand(at(ctx, `linters[${i}]`), l));
      return;
    case 'test':
      checkList(at(ctx, 'packages'), s.packages, 'packages', false);
      checkList(at(ctx, 'tags'), s.tags, 'tags');
      if (s.coverProfile !== undefined) checkWorkspacePath(at(ctx, 'coverProfile'), s.coverProfile);
      if (s.junit !== undefined) checkWorkspacePath(at(ctx, 'junit'), s.junit);
      if (s.goTimeout !== undefined) checkGoDuration(at(ctx, 'goTimeout'), s.goTimeout);
      // cmd/go: `-covermode must be "atomic", not "set", when -race is enabled`.
      if (s.race && s.coverMode !== undefined && s.coverMode !== 'atomic') {
        report(at(ctx, 'coverMode'), 'JSLC026', `coverMode "${s.coverMode}" cannot be used with race`, 'use atomic or drop coverMode');
      }
      checkTestOptions(ctx, s);
      s.packages.forEach((p, i) => checkRelativePackage(at(ctx, `packages[${i}]`), p));
      return;
    case 'build': {
      if (s.platforms.length === 0) report(at(ctx, 'platforms'), 'JSLC005', 'no platforms to build', "add e.g. 'linux/amd64'");
      const seen = new Set<string>();
      s.platforms.forEach((value, i) => {
        const c = at(ctx, `platforms[${i}]`);
        const pl = plain(value);
        if (!/^[a-z0-9]+\/[a-z0-9]+$/.test(pl))
          report(c, 'JSLC012', `${JSON.stringify(pl)} is not a GOOS/GOARCH pair`, didYouMean(pl, KNOWN_PLATFORMS) ?? 'write e.g. linux/amd64');
        else if (typeof value === 'string' && !isKnownPlatform(pl))
          report(c, 'JSLC012', `"${pl}" is not a known GOOS/GOARCH pair`, didYouMean(pl, KNOWN_PLATFORMS) ?? 'use custom(...) for a port jslc does not know');
        if (seen.has(pl)) report(c, 'JSLC013', `platform "${pl}" is listed twice`, 'list each platform once');
        seen.add(pl);
      });
      s.ldflags.forEach((f, i) => {
        if (f === '' || /[\s'"\\]/.test(f))
          report(
            at(ctx, `ldflags[${i}]`),
            'JSLC021',
            `ldflags element ${JSON.stringify(f)} must be one flag without whitespace, quotes or backslashes`,
            "split it, e.g. ['-X', 'main.commit=abc']",
          );
        else checkString(at(ctx, `ldflags[${i}]`), f);
      });
      if (s.versionVar !== undefined && !isLinkerVariable(s.versionVar)) {
        report(
          at(ctx, 'versionVar'),
          'JSLC022',
          `${JSON.stringify(s.versionVar)} is not a package-qualified variable`,
          'e.g. main.version or example.com/app/internal/build.Version',
        );
      }
      checkStamps(ctx, s);
      checkWorkspacePath(at(ctx, 'output'), s.output);
      if (s.package !== '.' && (s.package === '' || s.package.startsWith('-') || /\s/.test(s.package)))
        report(at(ctx, 'package'), 'JSLC032', `${JSON.stringify(s.package)} is not a package path`, 'use . or a main package such as ./cmd/app');
      else checkRelativePackage(at(ctx, 'package'), s.package);
      checkList(at(ctx, 'tags'), s.tags, 'tags');
      return;
    }
    case 'image': {
      const rc = at(ctx, 'repository');
      checkStringValue(rc, s.repository);
      if (typeof s.repository === 'string' && !isImageRepository(s.repository)) {
        report(
          rc,
          'JSLC019',
          `${JSON.stringify(s.repository)} is not an image repository`,
          'use lower-case host/path without tag, e.g. registry.example.com/team/app',
        );
      }
      if (s.tags.length === 0) report(at(ctx, 'tags'), 'JSLC005', 'the image has no tags');
      s.tags.forEach((t, i) => {
        if (t.type !== 'literal') return;
        const tc = at(ctx, `tags[${i}]`);
        // A literal tag is checked against the tag grammar alone: the grammar admits no NUL or lone surrogate, so
        // JSLC020 is the one finding for such a tag (not JSLC024 as well). The grammar is the OCI distribution
        // spec's (opencontainers/distribution-spec, spec.md, "<reference> as a tag MUST be at most 128 characters in
        // length and MUST match the following regular expression: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}"), which is what
        // registries accept; a NUL could never reach docker's argv anyway.
        if (typeof t.value !== 'string') checkStringValue(tc, t.value);
        else if (!IMAGE_TAG.test(t.value)) {
          if (t.value.length > 128) report(tc, 'JSLC020', `tag is ${t.value.length} characters long; the limit is 128`, 'shorten it');
          else
            report(
              tc,
              'JSLC020',
              `${JSON.stringify(t.value)} is not a valid image tag${t.value.includes('\u0000') ? ': it contains a NUL character' : ''}`,
              'use letters, digits, "_", "." and "-", not starting with "." or "-"',
            );
        }
      });
      checkImageBuilder(ctx, s, walk);
      s.buildArgs.forEach((b) => {
        const bc = at(ctx, `buildArgs.${b.name}`);
        if (!ENV_NAME.test(b.name)) report(bc, 'JSLC017', `${JSON.stringify(b.name)} is not a valid build argument name`, 'use letters, digits and _');
        checkStringValue(bc, b.value);
      });
      s.labels.forEach((l) => {
        const lc = at(ctx, `extraLabels.${l.name}`);
        if (!/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/.test(l.name))
          report(lc, 'JSLC032', `${JSON.stringify(l.name)} is not a label key`, 'use reverse-DNS notation such as com.example.team');
        checkStringValue(lc, l.value);
      });
      if (s.push) {
        checkCredentialsId(at(ctx, 'push.credentialsId'), s.push.credentialsId);
        if (s.push.registry !== undefined && !/^[A-Za-z0-9.-]+(:[0-9]+)?$/.test(s.push.registry))
          report(
            at(ctx, 'push.registry'),
            'JSLC019',
            `${JSON.stringify(s.push.registry)} is not a registry host`,
            'write the host and optional port only, e.g. registry.example.com:5000',
          );
        walk.imagePushed = true;
        walk.imageBinariesKnown = imageBinaries(s, walk.builtPlatforms).length > 0;
      }
      checkWorkspacePath(at(ctx, 'digestFile'), s.digestFile);
      return;
    }
    case 'sign':
      checkCredentialsId(at(ctx, 'cosign.keyCredentialsId'), s.keyCredentialsId);
      checkCredentialsId(at(ctx, 'cosign.passwordCredentialsId'), s.passwordCredentialsId);
      if (s.publicKeyCredentialsId !== undefined) checkCredentialsId(at(ctx, 'cosign.publicKeyCredentialsId'), s.publicKeyCredentialsId);
      checkWorkspacePath(at(ctx, 'digestFile'), s.digestFile);
      if (!walk.imagePushed)
        report(ctx, 'JSLC023', 'signing needs a pushed image from an earlier image stage', 'add stage.image({ push: … }) before stage.sign');
      else if ((s.attest.sbom || s.attest.provenance) && !walk.imageBinariesKnown)
        report(
          at(ctx, 'attest'),
          'JSLC060',
          `stage "${s.name}" attests an image whose Go binaries jslc does not know (a repository Dockerfile, or a binary no earlier build stage writes for a linux platform)`,
          "generate the image from a build stage's linux binary (dockerfile: { base, binary }), or drop attest",
        );
      return;
    case 'archive':
      if (s.artifacts.length === 0) report(at(ctx, 'artifacts'), 'JSLC005', 'nothing to archive');
      s.artifacts.forEach((x, i) => checkWorkspacePath(at(ctx, `artifacts[${i}]`), x));
      return;
    case 'run':
      checkCommand(at(ctx, 'command'), s.command);
      return;
    case 'script':
      checkScriptStage(ctx, s, walk.captures);
      return;
    default:
      // A stage kind added to the IR without its checks is a compile error here.
      assertNever(s, 'stage kind');
  }
}

/** A package-qualified variable `-X` can set: an import path (or `main`), a dot, an identifier. */
function isLinkerVariable(v: string): boolean {
  return /^[A-Za-z0-9_./-]*[A-Za-z0-9_]\.[A-Za-z_][A-Za-z0-9_]*$/.test(v);
}

/** JSLC022: each stamp sets a package-qualified variable, once (versionVar included), to a buildInfo.* or runtime.* value. */
function checkStamps(ctx: Ctx, s: BuildStageIR): void {
  s.stamp.forEach(({ variable, value }) => {
    const c = at(ctx, `stamp[${JSON.stringify(variable)}]`);
    if (!isLinkerVariable(variable))
      report(c, 'JSLC022', `${JSON.stringify(variable)} is not a package-qualified variable`, 'e.g. main.commit or example.com/app/internal/build.Commit');
    else if (variable === s.versionVar)
      report(c, 'JSLC022', `${variable} is also the versionVar`, 'set each variable once: drop it from stamp, or use buildInfo.version() and no versionVar');
    if (!isStampValue(value))
      report(
        c,
        'JSLC022',
        `the value of ${JSON.stringify(variable)} is not a build value`,
        'use buildInfo.* (commit, commitDate, …) or runtime.* (buildNumber, buildUrl, …)',
      );
  });
}

/**
 * JSLC032: a package path without `./` whose first element has no dot (`cmd/app`, `internal/...`) is, to cmd/go, a
 * standard-library import path (`package cmd/app is not in std`), not the directory the user meant. Module paths
 * (`example.com/app/...`), relative and absolute paths and the meta-patterns `all`, `std`, `cmd` are fine.
 */
function checkRelativePackage(ctx: Ctx, p: string): void {
  if (p === '' || p.startsWith('.') || p.startsWith('/') || p.startsWith('-') || ['all', 'std', 'cmd'].includes(p)) return;
  if (!p.split('/')[0]!.includes('.'))
    report(ctx, 'JSLC032', `${JSON.stringify(p)} is a standard-library import path to go, not a directory of the module`, `write ./${p}`);
}

/** Flags jslc's test script sets from typed options; the extra `flags` may not set them again. */
const TYPED_TEST_FLAGS: ReadonlyMap<string, string> = new Map([
  ['-race', 'race'],
  ['-coverprofile', 'coverProfile'],
  ['-covermode', 'coverMode'],
  ['-coverpkg', 'coverPackages'],
  ['-timeout', 'goTimeout'],
  ['-tags', 'tags'],
  ['-json', 'junit'],
  ['-trimpath', 'trimpath'],
  ['-run', 'run'],
  ['-skip', 'skip'],
  ['-short', 'short'],
  ['-count', 'count'],
  ['-shuffle', 'shuffle'],
  ['-parallel', 'parallel'],
]);

/** JSLC053: the test options are ones go test accepts, and coverage options have the profile they need. */
function checkTestOptions(ctx: Ctx, s: TestStageIR): void {
  if (s.coverMode !== undefined && s.coverProfile === undefined)
    report(
      at(ctx, 'coverMode'),
      'JSLC053',
      'coverMode without coverProfile does nothing (go test ignores -covermode without a profile)',
      'set coverProfile, or drop coverMode',
    );
  if (s.coverPackages.length && s.coverProfile === undefined)
    report(at(ctx, 'coverPackages'), 'JSLC053', 'coverPackages without coverProfile does nothing', 'set coverProfile, or drop coverPackages');
  s.coverPackages.forEach((p, i) => {
    if (p === '' || p.startsWith('-') || /[\s,]/.test(p))
      report(at(ctx, `coverPackages[${i}]`), 'JSLC053', `${JSON.stringify(p)} is not a package pattern`, 'one pattern per entry, e.g. ./...');
    else checkRelativePackage(at(ctx, `coverPackages[${i}]`), p);
  });
  for (const key of ['run', 'skip'] as const) {
    const re = s[key];
    if (re !== undefined && (re === '' || !isSingleLine(re)))
      report(at(ctx, key), 'JSLC053', `${key} ${JSON.stringify(re)} is empty or spans lines`, "a one-line regular expression, e.g. '^TestUnit'");
    else if (re !== undefined) checkString(at(ctx, key), re);
  }
  const positive = (key: 'count' | 'parallel', v: number | undefined, hi: number): void => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= hi))
      report(at(ctx, key), 'JSLC053', `${key} ${v} is not a whole number from 1 to ${hi}`, key === 'count' ? 'e.g. 1 to bypass the test cache' : 'e.g. 4');
  };
  positive('count', s.count, 100000);
  positive('parallel', s.parallel, 1024);
  if (s.shuffle !== undefined && s.shuffle !== 'on' && s.shuffle !== 'off' && !(Number.isInteger(s.shuffle) && s.shuffle >= 0))
    report(at(ctx, 'shuffle'), 'JSLC053', `shuffle ${JSON.stringify(s.shuffle)} is not on, off or a seed`, "use 'on', 'off' or a non-negative integer seed");
  s.flags.forEach((f, i) => {
    const c = at(ctx, `flags[${i}]`);
    if (!/^-[A-Za-z]/.test(f) || /\s/.test(f))
      report(c, 'JSLC053', `${JSON.stringify(f)} is not one go test flag`, "one flag per element, e.g. ['-failfast'] or ['-benchtime=2s']");
    else {
      const name = f.replace(/^--?/, '-').split('=')[0]!;
      const typed = TYPED_TEST_FLAGS.get(name);
      if (typed) report(c, 'JSLC053', `${name} is set by the typed option ${typed}`, `use ${typed} instead of flags`);
      else checkString(c, f);
    }
  });
}

/**
 * JSLC054: a `when` pattern its comparator can use: a known comparator, and for `REGEXP` an expression that compiles
 * (JavaScript's syntax stands in for Java's: the common subset, character classes, groups, quantifiers, alternation).
 */
function checkPattern(ctx: Ctx, pattern: string, comparator: string | undefined): void {
  if (comparator !== undefined && !(WHEN_COMPARATORS as readonly string[]).includes(comparator)) {
    report(at(ctx, 'comparator'), 'JSLC054', `${JSON.stringify(comparator)} is not a comparator`, `use ${WHEN_COMPARATORS.join(', ')}`);
    return;
  }
  checkString(ctx, pattern);
  if (comparator !== 'REGEXP') return;
  // Java-only syntax JavaScript lacks: inline flags ((?i)), possessive quantifiers (a++); \p{…} needs the u flag.
  const js = pattern.replace(/\(\?[idmsux-]+\)/g, '').replace(/([*+?}])\+/g, '$1');
  const compiles = (flags: string): string | undefined => {
    try {
      new RegExp(js, flags);
      return undefined;
    } catch (e) {
      return (e as Error).message.replace(/^Invalid regular expression: /, '');
    }
  };
  const error = compiles('');
  if (error !== undefined && compiles('u') !== undefined)
    report(ctx, 'JSLC054', `${JSON.stringify(pattern)} is not a regular expression: ${error}`, 'fix the expression, or compare with GLOB');
}

/** A binary an image reads must be written by an earlier build stage (JSLC023). */
function checkImageBinary(ctx: Ctx, binary: string, walk: StageWalk): void {
  if (walk.binaries.has(binary)) return;
  report(
    ctx,
    'JSLC023',
    `no earlier build stage produces "${binary}"`,
    walk.binaries.size ? `built so far: ${[...walk.binaries].join(', ')}` : 'add stage.build() before the image stage',
  );
}

/** The OCI builder's architectures (the ELF machines assets/oci-image/main.go knows). */
const OCI_ARCHITECTURES = ['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64'];
/** A clean absolute path other than `/`, as the OCI builder requires of the entrypoint and of file destinations. */
const CLEAN_ABSOLUTE = /^(\/[A-Za-z0-9._@+-]+)+$/;

/** The image's builder: a Dockerfile (existing or generated) or the daemonless OCI builder (JSLC058–JSLC062). */
function checkImageBuilder(ctx: Ctx, s: ImageStageIR, walk: StageWalk): void {
  const b = s.builder;
  switch (b.type) {
    case 'existing':
      checkWorkspacePath(at(ctx, 'dockerfile.path'), b.path);
      if (b.context !== '.') checkWorkspacePath(at(ctx, 'dockerfile.context'), b.context);
      return;
    case 'generated':
      checkWorkspacePath(at(ctx, 'dockerfile.binary'), b.binary);
      if (!isKnownBaseImage(b.base) && (b.base.trim() === '' || /\s/.test(b.base)))
        report(at(ctx, 'dockerfile.base'), 'JSLC019', `${JSON.stringify(b.base)} is not an image reference`, 'use e.g. gcr.io/distroless/base-debian12');
      b.expose.forEach((port, i) => {
        if (!Number.isInteger(port) || port < 1 || port > 65535)
          report(at(ctx, `dockerfile.expose[${i}]`), 'JSLC031', `port ${port} is not a TCP port`, 'use an integer between 1 and 65535');
      });
      checkImageBinary(at(ctx, 'dockerfile.binary'), b.binary, walk);
      return;
    case 'oci':
      checkOciImage(ctx, s, b, walk);
      return;
    default:
      assertNever(b, 'image builder');
  }
}

function checkOciImage(ctx: Ctx, s: ImageStageIR, b: OciImageIR, walk: StageWalk): void {
  if (s.dockerfileAndOci)
    report(
      at(ctx, 'oci'),
      'JSLC058',
      `stage "${s.name}" gives both dockerfile and oci`,
      'keep oci to build without a daemon, or dockerfile to run docker build',
    );
  if (s.buildArgs.length > 0)
    report(
      at(ctx, 'buildArgs'),
      'JSLC058',
      `stage "${s.name}" builds with oci, which runs no Dockerfile: buildArgs apply to none`,
      'drop buildArgs (stamp values into the binary with stage.build stamp instead)',
    );
  if (!s.push)
    report(
      at(ctx, 'oci'),
      'JSLC059',
      `stage "${s.name}" builds with oci but does not push: without a daemon, only the registry holds the image`,
      "add push: { credentialsId: '…' }",
    );
  checkWorkspacePath(at(ctx, 'oci.binary'), b.binary);
  if (b.platforms.length === 0)
    report(
      at(ctx, 'oci.platforms'),
      'JSLC023',
      `no earlier build stage builds a linux platform of "${b.binary}"`,
      `add stage.build({ output: '${b.binary}', platforms: ['linux/amd64'] }) before the image stage`,
    );
  b.platforms.forEach((p, i) => {
    const name = plain(p);
    const pc = at(ctx, `oci.platforms[${i}]`);
    const [goos, goarch] = name.split('/');
    if (goos !== 'linux' || !OCI_ARCHITECTURES.includes(goarch ?? ''))
      report(
        pc,
        'JSLC061',
        `${JSON.stringify(name)} is not a platform the OCI builder packs`,
        `use linux with one of ${OCI_ARCHITECTURES.join(', ')}, e.g. linux/amd64`,
      );
    else checkImageBinary(pc, buildOutputPath(b.binary, p), walk);
  });
  if (b.base !== 'scratch' && !/^[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}$/.test(b.base))
    report(
      at(ctx, 'oci.base'),
      'JSLC062',
      `${JSON.stringify(b.base)} is neither scratch nor an image pinned by digest`,
      'use scratch, or host/path@sha256:<64 hex digits> (a tag could change under the same build)',
    );
  if (!/^[0-9]{1,10}(:[0-9]{1,10})?$/.test(b.user))
    report(at(ctx, 'oci.user'), 'JSLC062', `${JSON.stringify(b.user)} is not a uid or uid:gid`, "use numbers, e.g. '65532' or '1000:1000'");
  if (!CLEAN_ABSOLUTE.test(b.entrypoint) || b.entrypoint.split('/').some((x) => x === '.' || x === '..'))
    report(at(ctx, 'oci.entrypoint'), 'JSLC062', `${JSON.stringify(b.entrypoint)} is not a clean absolute path`, "use e.g. '/app'");
  b.expose.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      report(at(ctx, `oci.expose[${i}]`), 'JSLC031', `port ${port} is not a TCP port`, 'use an integer between 1 and 65535');
  });
  b.files.forEach((f, i) => {
    checkWorkspacePath(at(ctx, `oci.files[${i}].src`), f.src);
    if (!CLEAN_ABSOLUTE.test(f.dest) || f.dest.split('/').some((x) => x === '.' || x === '..'))
      report(at(ctx, `oci.files[${i}].dest`), 'JSLC062', `${JSON.stringify(f.dest)} is not a clean absolute path`, "use e.g. '/srv/ui'");
    else if (f.dest === b.entrypoint)
      report(at(ctx, `oci.files[${i}].dest`), 'JSLC062', `${JSON.stringify(f.dest)} is the entrypoint's path`, 'add the file at another path');
  });
}

/**
 * JSLC057: both Dockerfile forms (a repository Dockerfile, and the generated one around a binary) run `docker build`,
 * which needs a Docker daemon, and only some agents declare one. A kubernetes pod has one only with
 * `dockerSocket: true`; a docker agent when `dockerDaemon` says so (or its args mount the socket or set
 * `DOCKER_HOST`). A label or `any` agent is a node Jenkins picks: jslc cannot know what it runs, so it is not
 * reported. The `oci` form builds without a daemon and needs none.
 */
function checkImageDaemon(ctx: Ctx, s: ImageStageIR, agent: AgentIR | undefined): void {
  if (s.builder.type === 'oci' || agent === undefined) return;
  switch (agent.type) {
    case 'any':
    case 'label':
    case 'none':
      return;
    case 'docker':
      if (!agent.dockerDaemon)
        report(
          at(ctx, 'dockerfile'),
          'JSLC057',
          `stage "${s.name}" runs docker build on the docker agent ${agent.image}, which reaches no Docker daemon`,
          'use oci: { binary } to build without a daemon, or declare one on the agent (dockerDaemon: true when DOCKER_HOST is set, or args mounting /var/run/docker.sock)',
        );
      return;
    case 'kubernetes':
      if (!agent.dockerSocket)
        report(
          at(ctx, 'dockerfile'),
          'JSLC057',
          `stage "${s.name}" runs docker build in a kubernetes pod without a Docker daemon`,
          "use oci: { binary } to build without a daemon, set dockerSocket: true on the agent (it mounts the node's socket: root on the node), or run the stage on a docker-capable agent",
        );
      return;
    default:
      assertNever(agent, 'agent type');
  }
}
