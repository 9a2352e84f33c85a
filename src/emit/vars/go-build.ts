import type { BuildStageIR } from '../../ir/types.js';
import { plain } from '../../ir/values.js';
import { call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { stampToken } from '../../ir/stamp.js';
import { opt } from './spec.js';

export const goBuild: VarSpec = {
  name: STEP_VAR_BY_KIND.build,
  summary: 'Build static, reproducible Go binaries for one or more platforms.',
  description:
    'For each GOOS/GOARCH platform, runs go build with -trimpath, the linker flags, -X <versionVar>=<git describe> and ' +
    'the -X stamps, with CGO_ENABLED=0 when static. Each binary is written to <output>-<goos>-<goarch> (.exe on Windows).',
  params: [
    opt('platforms', 'list', ['linux/amd64'], 'GOOS/GOARCH pairs.'),
    opt('static', 'boolean', true, 'CGO_ENABLED=0.'),
    opt('trimpath', 'boolean', true, 'go build -trimpath.'),
    opt('ldflags', 'list', ['-s', '-w'], 'Linker flags, one per element.'),
    opt('versionVar', 'string', null, 'Variable set to the git describe version, e.g. main.version.'),
    opt(
      'stamp',
      'list',
      [],
      'More -X stamps, VARIABLE=VALUE: VALUE is version, commit, shortCommit or commitDate (from git), or env:NAME (a Jenkins variable such as BUILD_NUMBER).',
    ),
    opt('output', 'string', 'bin/app', 'Output path prefix.'),
    opt('package', 'string', '.', 'Main package.'),
    opt('tags', 'list', [], 'Build tags.'),
  ],
  example: "goBuild(platforms: ['linux/amd64', 'linux/arm64'], versionVar: 'main.version', output: 'bin/app')",
  body: (w) =>
    w.code(`
      List outputs = []
      for (def platform in cfg.platforms) {
          if (!platform.matches('[a-z0-9]+/[a-z0-9]+')) {
              error('goBuild: platform ' + platform + ' is not a GOOS/GOARCH pair such as linux/amd64')
          }
          String goos = platform.substring(0, platform.indexOf('/'))
          outputs.add(cfg.output + '-' + platform.replace('/', '-') + (goos == 'windows' ? '.exe' : ''))
      }
      jslcSupport.gitExclude(outputs)
      for (int i = 0; i < cfg.platforms.size(); i++) {
          String platform = cfg.platforms.get(i)
          int slash = platform.indexOf('/')
          String goos = platform.substring(0, slash)
          String goarch = platform.substring(slash + 1)
          String output = outputs.get(i)
          List env = jslcSupport.listEnv('LDFLAGS', cfg.ldflags)
          env.add('JSLC_GOOS=' + goos)
          env.add('JSLC_GOARCH=' + goarch)
          env.add('JSLC_OUTPUT=' + output)
          env.add('JSLC_PACKAGE=' + cfg.package)
          env.add('JSLC_STATIC=' + cfg.static)
          env.add('JSLC_TRIMPATH=' + cfg.trimpath)
          env.add('JSLC_VERSION_VAR=' + (cfg.versionVar ?: ''))
          jslcSupport.addListEnv(env, 'STAMP', cfg.stamp)
          env.add('JSLC_TAGS=' + String.join(',', cfg.tags))
          withEnv(env) {
              sh(label: 'go build ' + platform, script: jslcSupport.script('go-build.sh'))
          }
      }
    `),
};

/** The `goBuild` calls a build stage turns into, each a full line. */
export function goBuildCalls(s: BuildStageIR): string[] {
  return [
    call(goBuild.name, {
      platforms: s.platforms.map(plain),
      static: s.static,
      trimpath: s.trimpath,
      ldflags: [...s.ldflags],
      versionVar: s.versionVar,
      stamp: s.stamp.length ? s.stamp.map((x) => `${x.variable}=${stampToken(x.value)}`) : undefined,
      output: s.output,
      package: s.package,
      tags: s.tags.length ? [...s.tags] : undefined,
    }),
  ];
}
