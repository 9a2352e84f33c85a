import type { PipelineIR } from '../../ir/types.js';
import { checkJobOptions, checkTriggers } from './job.js';
import { RESERVED_ENV_NAMES, RESERVED_VAR_NAMES } from '../jenkins-names.js';
import { checkAgent } from './agent.js';
import { checkPost } from './post.js';
import { goMinor, isGoVersion, isLanguageOnlyGoVersion } from '../../ir/go-version.js';
import { endOfSupport, supportedGoMinors } from '../go-releases.js';
import {
  type Ctx,
  at,
  checkCredentialsId,
  checkPositiveInt,
  checkString,
  checkStringValue,
  ENV_NAME,
  GROOVY_IDENTIFIER,
  isGroovyIdentifier,
  isSingleLine,
  report,
} from './values.js';
import { checkStages } from './stages.js';

export function checkPipeline(ctx: Ctx, p: PipelineIR): void {
  checkString(at(ctx, 'description'), p.description);
  checkAgent(at(ctx, 'agent'), p.agent);
  checkGo(at(ctx, 'go'), p);
  p.environment.forEach((e) => {
    const c = at(ctx, `environment.${e.name}`);
    checkEnvName(c, e.name);
    if (e.value.type === 'credentials') checkCredentialsId(c, e.value.credentialsId);
    else checkStringValue(c, e.value.value);
  });
  const o = p.options;
  if (o.timeout) checkPositiveInt(at(ctx, 'options.timeout'), o.timeout.time, 'timeout');
  if (o.retry !== undefined) checkPositiveInt(at(ctx, 'options.retry'), o.retry, 'retry');
  if (o.buildDiscarder?.numToKeep !== undefined) checkPositiveInt(at(ctx, 'options.buildDiscarder.numToKeep'), o.buildDiscarder.numToKeep, 'numToKeep');
  if (o.buildDiscarder?.daysToKeep !== undefined) checkPositiveInt(at(ctx, 'options.buildDiscarder.daysToKeep'), o.buildDiscarder.daysToKeep, 'daysToKeep');
  checkJobOptions(at(ctx, 'options'), p);
  checkTriggers(at(ctx, 'triggers'), p);
  checkParams(ctx, p);
  if (p.stages.length === 0) report(at(ctx, 'stages'), 'JSLC005', 'the pipeline has no stages', 'add at least one stage');
  checkStages(ctx, p);
  checkPost(at(ctx, 'post'), p.post);
}

/** JSLC047 (a warning): a Go minor past its end of support, per the release table (validate/go-releases.ts). */
function checkGoSupport(ctx: Ctx, version: string): void {
  const minor = goMinor(version);
  const ended = minor === undefined ? undefined : endOfSupport(minor);
  if (!ended) return;
  const since = ended.date ? `since ${ended.date}, when Go ${ended.endedBy} was released` : `since Go ${ended.endedBy} was released`;
  report(
    at(ctx, 'version'),
    'JSLC047',
    `Go 1.${minor} is past its end of support (${since}): it gets no more security fixes`,
    `move to a supported release, Go ${supportedGoMinors().join(' or ')} (jslc's table of Go releases)`,
  );
}

function checkGo(ctx: Ctx, p: PipelineIR): void {
  const g = p.go;
  if (!isGoVersion(g.version)) report(at(ctx, 'version'), 'JSLC016', `${JSON.stringify(g.version)} is not a Go version`, 'write e.g. 1.27.4');
  else if (isLanguageOnlyGoVersion(g.version) && g.toolchain !== 'local') {
    report(
      at(ctx, 'version'),
      'JSLC016',
      `"${g.version}" is a language version, not a Go release, so GOTOOLCHAIN=go${g.version} fails`,
      `write a release such as ${g.version}.0`,
    );
  } else checkGoSupport(ctx, g.version);
  g.proxy.forEach((x, i) => {
    if (x === '' || /[\s,|]/.test(x))
      report(at(ctx, `proxy[${i}]`), 'JSLC028', `GOPROXY entry ${JSON.stringify(x)} is empty or contains a separator`, 'one URL, "direct" or "off" per entry');
    else checkString(at(ctx, `proxy[${i}]`), x);
  });
  g.private.forEach((x, i) => {
    if (x === '' || /[\s,]/.test(x))
      report(
        at(ctx, `private[${i}]`),
        'JSLC028',
        `GOPRIVATE entry ${JSON.stringify(x)} is empty or contains a separator`,
        'one module path pattern per entry, e.g. example.com/team/*',
      );
    else checkString(at(ctx, `private[${i}]`), x);
  });
  g.flags.forEach((x, i) => {
    if (!x.startsWith('-'))
      report(at(ctx, `flags[${i}]`), 'JSLC021', `GOFLAGS entry ${JSON.stringify(x)} does not start with "-"`, 'write one flag per entry, e.g. -mod=readonly');
    else if (/\s/.test(x))
      report(at(ctx, `flags[${i}]`), 'JSLC021', `GOFLAGS entry ${JSON.stringify(x)} contains whitespace`, 'write one flag per entry, e.g. -mod=readonly');
    else checkString(at(ctx, `flags[${i}]`), x);
  });
  if (g.cache) {
    if (!g.cache.root.startsWith('/') || g.cache.root.split('/').includes('..') || !isSingleLine(g.cache.root) || /\s/.test(g.cache.root)) {
      report(
        at(ctx, 'cache.root'),
        'JSLC028',
        `cache root ${JSON.stringify(g.cache.root)} must be an absolute path without spaces`,
        'use e.g. /var/tmp/jslc-cache',
      );
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(g.cache.volume))
      report(
        at(ctx, 'cache.volume'),
        'JSLC030',
        `${JSON.stringify(g.cache.volume)} is not a Docker volume name`,
        'use letters, digits, "_", "." and "-", e.g. jslc-go-cache',
      );
  }
}

function checkEnvName(ctx: Ctx, name: string): void {
  if (!ENV_NAME.test(name)) report(ctx, 'JSLC017', `${JSON.stringify(name)} is not a valid environment variable name`, 'use letters, digits and _');
  else if (RESERVED_ENV_NAMES.has(name) || name.startsWith('JSLC_'))
    report(ctx, 'JSLC017', `${name} is set by Jenkins or jslc and cannot be overridden here`, name.startsWith('GO') ? 'use the go options instead' : undefined);
}

function checkParams(ctx: Ctx, p: PipelineIR): void {
  if (p.params.length > 100)
    report(at(ctx, 'params'), 'JSLC029', `${p.params.length} parameters exceed the 100 jslc allows (the CPS engine caps map literals at 125 entries)`);
  for (const prm of p.params) {
    const c = at(ctx, `params.${prm.name}`, prm.loc);
    if (!GROOVY_IDENTIFIER.test(prm.name))
      report(c, 'JSLC011', `${JSON.stringify(prm.name)} is not a Groovy identifier`, 'use lowerCamelCase letters and digits');
    else if (!isGroovyIdentifier(prm.name)) report(c, 'JSLC011', `"${prm.name}" is a Groovy keyword`, 'choose another name');
    else if (RESERVED_VAR_NAMES.has(prm.name)) report(c, 'JSLC011', `"${prm.name}" is reserved in Pipeline scripts`, 'choose another name');
    checkString(at(c, 'description'), prm.description);
    if (prm.buildParameter) checkBuildParameter(at(c, 'buildParameter'), prm);
    if (prm.default !== undefined) {
      const d = prm.default;
      const ok =
        (prm.type === 'string' && typeof d === 'string') ||
        (prm.type === 'boolean' && typeof d === 'boolean') ||
        (prm.type === 'integer' && typeof d === 'number' && Number.isSafeInteger(d)) ||
        (prm.type === 'list' && Array.isArray(d));
      const aType = `${prm.type === 'integer' ? 'an' : 'a'} ${prm.type}`;
      if (!ok) report(at(c, 'default'), 'JSLC025', `default ${JSON.stringify(d)} is not ${aType}`, `give ${aType} default or change the type`);
      if (prm.required) report(at(c, 'default'), 'JSLC025', 'a required parameter cannot have a default', 'drop required or the default');
      if (typeof d === 'string') checkString(at(c, 'default'), d);
      if (Array.isArray(d)) d.forEach((x, i) => checkString(at(c, `default[${i}]`), x));
    }
  }
}

/** JSLC055: a build parameter (`parameters {}`) is a string, boolean, integer or choice parameter Jenkins can offer. */
function checkBuildParameter(ctx: Ctx, prm: PipelineIR['params'][number]): void {
  if (prm.type === 'list') {
    report(ctx, 'JSLC055', 'a list cannot be a build parameter (Jenkins has no list parameter)', 'drop buildParameter, or use a string parameter');
    return;
  }
  const choices = prm.buildParameter?.choices;
  if (choices === undefined) return;
  if (prm.type !== 'string')
    report(ctx, 'JSLC055', `choices need a string parameter, but ${prm.name} is ${prm.type === 'integer' ? 'an' : 'a'} ${prm.type}`, "make it type: 'string'");
  if (choices.length === 0) report(at(ctx, 'choices'), 'JSLC055', 'no choices', 'list at least one');
  const seen = new Set<string>();
  choices.forEach((x, i) => {
    const cc = at(ctx, `choices[${i}]`);
    if (x === '' || !isSingleLine(x)) report(cc, 'JSLC055', `choice ${JSON.stringify(x)} is empty or spans lines`, 'one line per choice');
    else if (seen.has(x)) report(cc, 'JSLC055', `choice ${JSON.stringify(x)} is listed twice`, 'list each choice once');
    else checkString(cc, x);
    seen.add(x);
  });
  if (typeof prm.default === 'string' && choices.length && !choices.includes(prm.default))
    report(at(ctx, 'choices'), 'JSLC055', `the default ${JSON.stringify(prm.default)} is not one of the choices`, 'add it, or change the default');
}
