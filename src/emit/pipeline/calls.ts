import type { CommandIR, LeafStageIR, Platform as LeafPlatform, StageIR } from '../../ir/types.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { plain } from '../../ir/values.js';
import { type ArgValue, call } from './expr.js';

/** `runCommand(...)` for a command. */
export function runCommandCall(c: CommandIR): string {
  const env: { [k: string]: ArgValue } = {};
  for (const e of c.env) env[e.name] = e.value;
  return call(STEP_VAR_BY_KIND.run, {
    command: c.command,
    args: [...c.args],
    env: c.env.length ? env : undefined,
    label: c.label,
  });
}

/** Context the calls need from the surrounding pipeline. */
export interface CallContext {
  /** Stages before this one, in execution order (to find the image stage a sign stage follows). */
  readonly previous: readonly StageIR[];
}

function lastImagePush(stages: readonly StageIR[]): { credentialsId: string; registry?: string } | undefined {
  let found: { credentialsId: string; registry?: string } | undefined;
  const visit = (s: StageIR): void => {
    if (s.kind === 'image' && s.push) found = s.push;
    if (s.kind === 'parallel') s.branches.forEach(visit);
    if (s.kind === 'sequence') s.stages.forEach(visit);
  };
  stages.forEach(visit);
  return found;
}

/**
 * The step-var calls a leaf stage turns into, each a full line. `platforms`
 * narrows a build stage to the platforms of one parallel branch.
 */
export function stageCalls(s: LeafStageIR, ctx: CallContext, platforms?: readonly LeafPlatform[]): string[] {
  const v = STEP_VAR_BY_KIND[s.kind];
  switch (s.kind) {
    case 'checkout':
      return s.source.type === 'scm'
        ? [call(v, { fetchTags: s.fetchTags })]
        : [call(v, { url: s.source.url, branch: s.source.branch, credentialsId: s.source.credentialsId, fetchTags: s.fetchTags })];
    case 'modules':
      return [call(v, { verify: s.verify, tidyCheck: s.tidyCheck, forbidLocalReplace: s.forbidLocalReplace })];
    case 'vet':
      return [call(v, { packages: [...s.packages], trimpath: s.trimpath }), ...s.linters.map(runCommandCall)];
    case 'test':
      return [
        call(v, {
          race: s.race,
          packages: [...s.packages],
          coverProfile: s.coverProfile,
          coverMode: s.coverMode,
          goTimeout: s.goTimeout,
          junit: s.junit,
          tags: s.tags.length ? [...s.tags] : undefined,
          trimpath: s.trimpath,
        }),
      ];
    case 'build':
      return [
        call(v, {
          platforms: (platforms ?? s.platforms).map(plain),
          static: s.static,
          trimpath: s.trimpath,
          ldflags: [...s.ldflags],
          versionVar: s.versionVar,
          output: s.output,
          package: s.package,
          tags: s.tags.length ? [...s.tags] : undefined,
        }),
      ];
    case 'image': {
      const labels: { [k: string]: ArgValue } = {};
      for (const l of s.labels) labels[l.name] = l.value;
      const buildArgs: { [k: string]: ArgValue } = {};
      for (const b of s.buildArgs) buildArgs[b.name] = b.value;
      const df = s.dockerfile;
      if (s.phase === 'push') {
        return [call(v, { repository: s.repository, pushCredentialsId: s.push?.credentialsId, registry: s.push?.registry, digestFile: s.digestFile, phase: s.phase })];
      }
      return [
        call(v, {
          repository: s.repository,
          tags: s.tags.map((t) => (t.type === 'literal' ? t.value : `@${t.type}`)),
          ...(df.type === 'existing'
            ? { dockerfile: df.path, context: df.context }
            : { base: df.base, binary: df.binary, expose: df.expose.length ? df.expose.map(String) : undefined }),
          buildArgs: s.buildArgs.length ? buildArgs : undefined,
          ociLabels: s.ociLabels,
          labels: s.labels.length ? labels : undefined,
          pushCredentialsId: s.phase === 'build' ? undefined : s.push?.credentialsId,
          registry: s.phase === 'build' ? undefined : s.push?.registry,
          digestFile: s.digestFile,
          phase: s.phase,
        }),
      ];
    }
    case 'sign': {
      const push = lastImagePush(ctx.previous);
      return [
        call(v, {
          keyCredentialsId: s.keyCredentialsId,
          passwordCredentialsId: s.passwordCredentialsId,
          publicKeyCredentialsId: s.publicKeyCredentialsId,
          verify: s.verify,
          transparencyLog: s.transparencyLog,
          digestFile: s.digestFile,
          registryCredentialsId: push?.credentialsId,
          registry: push?.registry,
        }),
      ];
    }
    case 'archive':
      return [call(v, { artifacts: [...s.artifacts], fingerprint: s.fingerprint })];
    case 'run':
      return [runCommandCall(s.command)];
  }
}
