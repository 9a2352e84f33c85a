/**
 * Configuration as Code (issue 6, item 4): `jslc jcasc` and the jenkinsfile-runner backend share one generator of the
 * `unclassified.globalLibraries` entry. Loaded as YAML (the `yaml` package, a YAML 1.2 parser like JCasC's
 * SnakeYAML), it has exactly the fields and types Jenkins' LibraryConfiguration and the git plugin's GitSCMSource
 * read, and user text is quoted and JCasC-escaped (`${` as `^${`, which JCasC reads back as a literal `${`).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { globalLibrariesYaml } from '../src/jcasc/global-libraries.js';
import { jcascPlan } from '../src/runner/jenkinsfile-runner/jcasc.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Lib {
  name: string;
  defaultVersion?: string;
  implicit: boolean;
  allowVersionOverride: boolean;
  includeInChangesets: boolean;
  retriever: { modernSCM: { scm: { git: { remote: string; credentialsId?: string; traits: string[] } } } };
}

function libraries(text: string): Lib[] {
  const doc = parse(text) as { unclassified: { globalLibraries: { libraries: Lib[] } } };
  expect(Object.keys(doc)).toEqual(['unclassified']);
  expect(Object.keys(doc.unclassified)).toEqual(['globalLibraries']);
  return doc.unclassified.globalLibraries.libraries;
}

/** The fields JCasC binds for a globalLibraries entry, with their types. */
function expectLibraryShape(l: Lib): void {
  const allowed = ['name', 'defaultVersion', 'implicit', 'allowVersionOverride', 'includeInChangesets', 'retriever'];
  for (const k of Object.keys(l)) expect(allowed).toContain(k);
  expect(typeof l.name).toBe('string');
  for (const k of ['implicit', 'allowVersionOverride', 'includeInChangesets'] as const) expect(typeof l[k]).toBe('boolean');
  expect(Object.keys(l.retriever)).toEqual(['modernSCM']);
  expect(Object.keys(l.retriever.modernSCM)).toEqual(['scm']);
  expect(Object.keys(l.retriever.modernSCM.scm)).toEqual(['git']);
  const git = l.retriever.modernSCM.scm.git;
  expect(typeof git.remote).toBe('string');
  expect(git.traits).toEqual(['gitBranchDiscovery', 'gitTagDiscovery']);
}

describe('JCasC globalLibraries', () => {
  test('jslc jcasc prints the entry for a published library', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'jslc.js'),
        'jcasc',
        'vars-out',
        '--remote',
        'https://git.example.com/team/go-cd.git',
        '--default-version',
        'v1.2.0',
        '--credentials-id',
        'git-ro',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const [lib, ...rest] = libraries(r.stdout);
    expect(rest).toEqual([]);
    expectLibraryShape(lib!);
    expect(lib).toEqual({
      name: 'go-cd',
      defaultVersion: 'v1.2.0',
      implicit: false,
      allowVersionOverride: true,
      includeInChangesets: false,
      retriever: {
        modernSCM: {
          scm: { git: { remote: 'https://git.example.com/team/go-cd.git', credentialsId: 'git-ro', traits: ['gitBranchDiscovery', 'gitTagDiscovery'] } },
        },
      },
    });
    const flags = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'jslc.js'), 'jcasc', '--name', 'x', '--remote', 'r', '--implicit', '--no-version-override', '--changesets'],
      { encoding: 'utf8' },
    );
    expect(libraries(flags.stdout)[0]).toMatchObject({ implicit: true, allowVersionOverride: false, includeInChangesets: true });
    const usage = spawnSync(process.execPath, [join(ROOT, 'bin', 'jslc.js'), 'jcasc', 'vars-out'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });

  test('user text stays text: quoted, JCasC-escaped, parsed back exactly', () => {
    const odd = 'lib "quoted" \\ ${env.SECRET} #not-a-comment\nsecond line';
    const [lib] = libraries(globalLibrariesYaml([{ name: odd, remote: 'file:///x ${y}', defaultVersion: "v1'" }]));
    expectLibraryShape(lib!);
    // JCasC turns ^${ back into a literal ${ instead of resolving a variable.
    expect(lib!.name).toBe(odd.replace('${', '^${'));
    expect(lib!.retriever.modernSCM.scm.git.remote).toBe('file:///x ^${y}');
    expect(lib!.defaultVersion).toBe("v1'");
  });

  test('the jenkinsfile-runner backend registers its libraries with the same generator', () => {
    const plan = jcascPlan([{ name: 'go-cd', defaultVersion: 'v1.0.0' }, { name: 'other' }], { tok: { type: 'string', secret: 's3cret' } });
    const libs = libraries(plan.yaml.replace(/^credentials:[\s\S]*$/m, ''));
    expect(libs.map((l) => l.name)).toEqual(['go-cd', 'other']);
    libs.forEach(expectLibraryShape);
    expect(libs[0]!.retriever.modernSCM.scm.git.remote).toBe('file:///jslc/libraries/go-cd');
    expect(plan.yaml).not.toContain('s3cret');
    const doc = parse(plan.yaml) as { credentials: { system: { domainCredentials: { credentials: Record<string, { id: string; secret: string }>[] }[] } } };
    expect(doc.credentials.system.domainCredentials[0]!.credentials[0]!['string']).toMatchObject({
      id: 'tok',
      secret: '${readFile:/run/jslc-secrets/0-secret}',
    });
  });
});
