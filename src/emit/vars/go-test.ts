import type { TestStageIR } from '../../ir/types.js';
import { call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt } from './spec.js';
import { groovyString } from '../../lang/groovy.js';

/**
 * The coverage check: total statement coverage of the profile (the `total:` line of `go tool cover -func`),
 * compared with the minimum in awk; prints `ok <total>` or `below <total>`. A constant script: the profile path and
 * the minimum come from the environment (JSLC_COVER_PROFILE, JSLC_COVER_MIN).
 */
const COVER_SCRIPT = [
  'set -eu',
  'total=$(go tool cover -func="$JSLC_COVER_PROFILE" | awk \'$1 == "total:" { v = $NF; sub(/%$/, "", v); print v }\')',
  '[ -n "$total" ] || { echo "go tool cover printed no total coverage for $JSLC_COVER_PROFILE" >&2; exit 1; }',
  'awk -v t="$total" -v m="$JSLC_COVER_MIN" \'BEGIN { if (t + 0 < m + 0) print "below " t; else print "ok " t }\'',
  '',
].join('\n');

export const goTest: VarSpec = {
  name: STEP_VAR_BY_KIND.test,
  summary: 'Run go test with the race detector, coverage and a JUnit report.',
  description:
    'Runs go test over the packages. With junit, runs go test -json, converts the events into a JUnit XML ' +
    'report with a converter shipped in the library (standard library only), and publishes it with junit. ' +
    'The step fails when go test fails. With coverMin, the total coverage of coverProfile (go tool cover -func) ' +
    'below that percentage marks the build and stage UNSTABLE (unstable step).',
  params: [
    opt('race', 'boolean', true, 'Enable the race detector (-race).'),
    opt('packages', 'list', ['./...'], 'Package patterns to test.'),
    opt('coverProfile', 'string', null, 'Write a coverage profile to this path.'),
    opt('coverMode', 'string', 'atomic', 'Coverage mode: set, count or atomic (atomic with race).'),
    opt('goTimeout', 'string', null, 'go test -timeout, a Go duration such as 10m.'),
    opt('junit', 'string', null, 'Write and publish a JUnit XML report at this path.'),
    opt('coverMin', 'integer', null, 'Least total coverage in percent (needs coverProfile); below it the build is UNSTABLE.'),
    opt('tags', 'list', [], 'Build tags.'),
    opt('flags', 'list', [], 'More go test flags, one per element (-run, -skip, -short, -count=N, -shuffle=on, -parallel=N, -coverpkg=P, ...).'),
    opt('trimpath', 'boolean', true, 'Build with -trimpath, so that build and test results are cached across workspace paths.'),
  ],
  example: "goTest(race: true, coverProfile: 'coverage.out', junit: 'report.xml')",
  body: (w) =>
    w.code(`
      List written = ['.jslc/']
      if (cfg.coverProfile) {
          written.add(cfg.coverProfile)
      }
      if (cfg.junit) {
          written.add(cfg.junit)
          // go-test.sh keeps go test -json's stream next to the report.
          written.add(cfg.junit + '.json')
      }
      jslcSupport.gitExclude(written)
      List env = jslcSupport.listEnv('PACKAGES', cfg.packages)
      jslcSupport.addListEnv(env, 'FLAGS', cfg.flags)
      env.add('JSLC_RACE=' + cfg.race)
      env.add('JSLC_TRIMPATH=' + cfg.trimpath)
      env.add('JSLC_COVER_PROFILE=' + (cfg.coverProfile ?: ''))
      env.add('JSLC_COVER_MODE=' + cfg.coverMode)
      env.add('JSLC_GO_TIMEOUT=' + (cfg.goTimeout ?: ''))
      env.add('JSLC_TAGS=' + String.join(',', cfg.tags))
      env.add('JSLC_JUNIT=' + (cfg.junit ?: ''))
      if (cfg.junit) {
          String tool = '.jslc/go-junit/main.go'
          writeFile(file: tool, text: jslcSupport.resource('go-junit/main.go'))
          env.add('JSLC_JUNIT_TOOL=' + tool)
      }
      int status = 0
      withEnv(env) {
          status = sh(label: 'go test', script: jslcSupport.script('go-test.sh'), returnStatus: true)
      }
      if (cfg.junit) {
          junit(testResults: cfg.junit, allowEmptyResults: false)
      }
      if (status != 0) {
          error('go test failed (exit code ' + status + ')')
      }
      if (cfg.coverMin != null) {
          if (!cfg.coverProfile) {
              error('goTest: coverMin needs coverProfile')
          }
          String cover = ''
          withEnv(['JSLC_COVER_PROFILE=' + cfg.coverProfile, 'JSLC_COVER_MIN=' + cfg.coverMin]) {
              cover = sh(label: 'coverage', script: ${groovyString(COVER_SCRIPT)}, returnStdout: true).trim()
          }
          if (cover.startsWith('below ')) {
              unstable('coverage ' + cover.substring(6) + '% is below the minimum of ' + cfg.coverMin + '%')
          } else {
              echo('coverage ' + cover.substring(3) + '% (minimum ' + cfg.coverMin + '%)')
          }
      }
    `),
};

/** The `goTest` calls a test stage turns into, each a full line. */
export function goTestCalls(s: TestStageIR): string[] {
  return [
    call(goTest.name, {
      race: s.race,
      packages: [...s.packages],
      coverProfile: s.coverProfile,
      coverMode: s.coverMode,
      goTimeout: s.goTimeout,
      junit: s.junit,
      coverMin: s.coverage?.minPercent,
      tags: s.tags.length ? [...s.tags] : undefined,
      trimpath: s.trimpath,
      flags: testFlags(s).length ? testFlags(s) : undefined,
    }),
  ];
}

/** The typed test options as `go test` flags (cmd/go's `go help testflag` spellings), then the extra flags as given. */
export function testFlags(s: TestStageIR): string[] {
  return [
    ...(s.run !== undefined ? ['-run', s.run] : []),
    ...(s.skip !== undefined ? ['-skip', s.skip] : []),
    ...(s.short ? ['-short'] : []),
    ...(s.count !== undefined ? [`-count=${s.count}`] : []),
    ...(s.shuffle !== undefined ? [`-shuffle=${s.shuffle}`] : []),
    ...(s.parallel !== undefined ? [`-parallel=${s.parallel}`] : []),
    ...(s.coverPackages.length ? [`-coverpkg=${s.coverPackages.join(',')}`] : []),
    ...s.flags,
  ];
}
