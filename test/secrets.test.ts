/**
 * The `secrets` check of `jslc verify` (src/verify/secrets.ts): unit tests
 * of its Groovy and shell scanners, the three known-bad libraries under
 * fixtures/verify/secrets-*, zero findings on the committed vars-out/, and
 * one CLI assertion (no Java needed for `--checks secrets`).
 */
import { spawnSync } from 'node:child_process';
import { checkGroovy, checkSecrets, credentialsOf, scanGroovy, scanShell } from '../src/verify/secrets.js';
import { credentials, defineLibrary, goPipeline, stage } from '../src/index.js';
import { synth } from '../src/driver/driver.js';

const GSTRING = (name: string): string =>
  `secret ${name} is interpolated into a Groovy string; pass it through the environment and read it in a single-quoted sh script`;
const CONCAT = (name: string, step = 'sh'): string =>
  `secret ${name} is concatenated into the script of ${step}; pass it through the environment and read it in a single-quoted sh script`;
const ARGV = (name: string, command: string): string =>
  `secret ${name} is expanded in the arguments of ${command}, where any process listing shows it; pass it on stdin (printf '%s' "$${name}" | ${command} ... --password-stdin), through a file, or with a flag that reads the environment`;

const lines = (fs: readonly { file: string; line: number; column: number; check: string; message: string }[]): string[] =>
  fs.map((f) => `${f.file}:${f.line}:${f.column} [${f.check}] ${f.message}`);

describe('known-bad libraries', () => {
  test('a secret interpolated into a GString passed to sh, and concatenated into its script', () => {
    expect(lines(checkSecrets('fixtures/verify/secrets-gstring').findings)).toEqual([
      `vars/deployApp.groovy:4:49 [secrets] ${GSTRING('DEPLOY_TOKEN')}`,
      `vars/deployApp.groovy:5:53 [secrets] ${GSTRING('DEPLOY_TOKEN')}`,
      `vars/deployApp.groovy:6:32 [secrets] ${CONCAT('DEPLOY_TOKEN')}`,
    ]);
  });

  test('a secret passed as a command argument in a resource script', () => {
    const r = checkSecrets('fixtures/verify/secrets-resource');
    expect(r.credentials).toEqual(
      new Map([
        ['REGISTRY_USER', 'identity'],
        ['REGISTRY_PASSWORD', 'secret'],
      ]),
    );
    expect(lines(r.findings)).toEqual([
      `resources/org/example/publish.sh:4:54 [secrets] ${ARGV('REGISTRY_PASSWORD', 'docker')}`,
      `resources/org/example/publish.sh:6:30 [secrets] ${ARGV('REGISTRY_PASSWORD', 'curl')}`,
    ]);
  });

  test('a credentials() environment variable interpolated, and on a command line in a literal sh script', () => {
    const r = checkSecrets('fixtures/verify/secrets-environment');
    expect(r.credentials).toEqual(
      new Map([
        ['NEXUS', 'secret'],
        ['NEXUS_USR', 'identity'],
        ['NEXUS_PSW', 'secret'],
      ]),
    );
    expect(lines(r.findings)).toEqual([
      `vars/releasePipeline.groovy:11:53 [secrets] ${GSTRING('NEXUS_PSW')}`,
      `vars/releasePipeline.groovy:13:50 [secrets] ${ARGV('NEXUS_PSW', 'curl')}`,
      `vars/releasePipeline.groovy:16:39 [secrets] ${GSTRING('NEXUS_USR')}`,
    ]);
  });

  test('the committed vars-out/ has zero findings, and its bindings are all known', () => {
    const r = checkSecrets('vars-out');
    expect(r.findings).toEqual([]);
    expect(r.credentials).toEqual(
      new Map([
        ['JSLC_REGISTRY_USER', 'identity'],
        ['JSLC_REGISTRY_PASSWORD', 'secret'],
        ['JSLC_REGISTRY_USERNAME', 'identity'],
        ['JSLC_COSIGN_KEY', 'path'],
        ['COSIGN_PASSWORD', 'secret'],
        ['JSLC_COSIGN_PUBLIC_KEY', 'path'],
      ]),
    );
  });
});

describe('script text on a command line (bash -c, runCommand, shellScript)', () => {
  test('each secret of a withCredentials binding expanded on a command line inside script text is a finding', () => {
    const r = checkSecrets('fixtures/verify/secrets-script');
    expect(lines(r.findings)).toEqual([
      `vars/pushImage.groovy:4:52 [secrets] ${ARGV('X_PSW', 'docker')}`,
      `vars/pushImage.groovy:5:39 [secrets] ${ARGV('TOKEN', 'deploy')}`,
      `vars/pushImage.groovy:6:31 [secrets] ${ARGV('TOKEN', 'curl')}`,
      `vars/pushImage.groovy:8:39 [secrets] ${ARGV('X_PSW', 'git')}`,
      `vars/pushImage.groovy:11:110 [secrets] ${ARGV('TOKEN', 'helm')}`,
      `vars/pushImage.groovy:12:56 [secrets] ${ARGV('TOKEN', 'npm')}`,
    ]);
  });

  test("a script stage's scoped credentials, as the pipeline var passes them to shellScript, are known and checked", () => {
    const src = `shellScript(script: 'docker login -u "$U" -p "$P" r.example.com\\nssh -i "$K" h true', label: 'x', credentials: [usernamePassword(credentialsId: 'r', usernameVariable: 'U', passwordVariable: 'P'), sshUserPrivateKey(credentialsId: 'k', keyFileVariable: 'K')])`;
    const creds = credentialsOf(src);
    expect(creds.get('P')).toBe('secret');
    expect(creds.get('K')).toBe('path');
    expect(checkGroovy('v.groovy', src, creds).map((f) => f.message.split(',')[0])).toEqual(['secret P is expanded in the arguments of docker']);
  });

  test('the message names the fixes: stdin (--password-stdin), a file, or a flag that reads the environment', () => {
    const [f] = checkGroovy('v.groovy', `withCredentials([string(credentialsId: 'a', variable: 'T')]) { sh 'tool -p "$T"' }`, new Map([['T', 'secret']]));
    expect(f?.message).toContain('pass it on stdin');
    expect(f?.message).toContain('--password-stdin');
    expect(f?.message).toContain('through a file');
    expect(f?.message).toContain('a flag that reads the environment');
  });

  test('runCommand with a shell: only its -c script counts, and only when it is a literal', () => {
    const creds = new Map<string, 'secret'>([['T', 'secret']]);
    const check = (src: string): string[] => checkGroovy('v.groovy', src, creds).map((f) => `${f.line}:${f.column} ${f.message.split(',')[0]}`);
    expect(check(`runCommand(command: 'sh', args: ['-c', 'tool "$T"'])`)).toEqual(['1:47 secret T is expanded in the arguments of tool']);
    expect(check(`runCommand(command: '/bin/bash', args: ['-e', '-c', 'a && tool --t=$T'])`)).toEqual(['1:68 secret T is expanded in the arguments of tool']);
    expect(check(`runCommand(command: 'tool', args: ['-c', 'x $T'])`)).toEqual([]);
    expect(check(`runCommand(command: 'bash', args: ['-c', 'printf %s "$T" | tool --stdin'])`)).toEqual([]);
  });

  test('a stage.sh script that expands a credentials() secret on a command line is a finding in the generated var', () => {
    const pipelineVar = (script: string): string =>
      synth(
        defineLibrary({
          name: 'lib',
          pipelines: {
            app: goPipeline({
              description: 'd',
              go: { version: '1.26.8' },
              environment: { REG: credentials('registry') },
              stages: [stage.sh({ name: 'Push', script })],
            }),
          },
        }),
      ).get('vars/app.groovy')!;
    const check = (src: string): string[] => checkGroovy('vars/app.groovy', src, credentialsOf(src)).map((f) => f.message);
    expect(check(pipelineVar('docker login -u "$REG_USR" -p "$REG_PSW" registry.example.com'))).toEqual([ARGV('REG_PSW', 'docker')]);
    expect(check(pipelineVar(`printf '%s' "$REG_PSW" | docker login -u "$REG_USR" --password-stdin registry.example.com`))).toEqual([]);
  });

  test('a library with script stages has no finding: vars-out and the all-features golden (stage.sh, stage.make)', () => {
    expect(checkSecrets('vars-out').findings).toEqual([]);
    const golden = checkSecrets('test/__golden__/all-features');
    expect(golden.findings).toEqual([]);
    // The golden binds credentials (so the check had secrets to look for) and calls shellScript.
    expect([...golden.credentials.values()]).toContain('secret');
  });
});

describe('credential variables', () => {
  test('every binding kind, inline or in a list, and credentials() with _USR/_PSW', () => {
    const src = `
      List creds = [
        string(credentialsId: 'a', variable: 'TOKEN'),
        file(credentialsId: 'b', variable: 'KUBECONFIG_FILE'),
        sshUserPrivateKey(credentialsId: 'c', keyFileVariable: 'SSH_KEY', passphraseVariable: 'SSH_PASS', usernameVariable: 'SSH_USER'),
        certificate(credentialsId: 'd', keystoreVariable: 'KS', passwordVariable: 'KS_PASS', aliasVariable: 'KS_ALIAS'),
        usernameColonPassword(credentialsId: 'e', variable: 'USERPASS'),
        [$class: 'AmazonWebServicesCredentialsBinding', credentialsId: 'f', accessKeyVariable: 'AWS_ACCESS_KEY_ID', secretKeyVariable: 'AWS_SECRET_ACCESS_KEY'],
      ]
      withCredentials([gitUsernamePassword(credentialsId: 'g')]) { }
      environment { DB = credentials('db') }
      foo(variable: 'NOT_A_BINDING')
    `;
    expect(Object.fromEntries(credentialsOf(src))).toEqual({
      TOKEN: 'secret',
      KUBECONFIG_FILE: 'path',
      SSH_KEY: 'path',
      SSH_PASS: 'secret',
      SSH_USER: 'identity',
      KS: 'path',
      KS_PASS: 'secret',
      KS_ALIAS: 'identity',
      USERPASS: 'secret',
      AWS_ACCESS_KEY_ID: 'identity',
      AWS_SECRET_ACCESS_KEY: 'secret',
      GIT_USERNAME: 'identity',
      GIT_PASSWORD: 'secret',
      DB: 'secret',
      DB_USR: 'identity',
      DB_PSW: 'secret',
    });
  });
});

describe('Groovy', () => {
  const creds = new Map([
    ['PASS', 'secret'],
    ['USER', 'identity'],
    ['KEY', 'path'],
  ] as const);
  const check = (src: string): string[] => checkGroovy('v.groovy', src, creds).map((f) => `${f.line}:${f.column} ${f.message}`);

  test('every interpolation form, in every GString form', () => {
    expect(check('echo "a ${PASS}"')).toEqual([`1:9 ${GSTRING('PASS')}`]);
    expect(check('echo "a $PASS"')).toEqual([`1:9 ${GSTRING('PASS')}`]);
    expect(check('echo "a ${env.PASS} ${env[\'USER\']}"')).toEqual([`1:9 ${GSTRING('PASS')}`, `1:21 ${GSTRING('USER')}`]);
    expect(check('echo "a $env.KEY"')).toEqual([`1:9 ${GSTRING('KEY')}`]);
    expect(check('sh """\n  x ${PASS}\n"""')).toEqual([`2:5 ${GSTRING('PASS')}`]);
    expect(check('def r = /x ${PASS}/')).toEqual([`1:12 ${GSTRING('PASS')}`]);
    expect(check('def r = $/x $PASS/$')).toEqual([`1:13 ${GSTRING('PASS')}`]);
    expect(check('echo "${ "nested ${PASS}" }"')).toEqual([`1:18 ${GSTRING('PASS')}`]);
  });

  test('no finding for single quotes, escapes, comments, other names, or properties of other objects', () => {
    expect(check('sh \'printf "%s" "$PASS" | login --password-stdin\'')).toEqual([]);
    expect(check('sh "printf \'%s\' \\"\\$PASS\\" | login --password-stdin"')).toEqual([]);
    expect(check('// echo "${PASS}"\n/* "$PASS" */')).toEqual([]);
    expect(check('echo "${cfg.PASS} ${PASSWORD} $OTHER ${[PASS: 1]}"')).toEqual([]);
    expect(check('def x = 6 / 2 / 3; echo "ok"')).toEqual([]);
  });

  test('concatenation into the script of a shell step', () => {
    expect(check("sh('login -p ' + env.PASS)")).toEqual([`1:18 ${CONCAT('PASS')}`]);
    expect(check("sh script: 'login -p ' + PASS, label: 'x'")).toEqual([`1:26 ${CONCAT('PASS')}`]);
    expect(check('steps.bat("x" + env[\'PASS\'])')).toEqual([`1:17 ${CONCAT('PASS', 'bat')}`]);
    expect(check("sh('login -u ' + env.USER + ' -p x')")).toEqual([`1:18 ${CONCAT('USER')}`]);
    expect(check("sh(label: cfg.label, script: jslcSupport.script('push.sh'))")).toEqual([]);
  });

  test('literal sh scripts are scanned as shell: secrets only, usernames and key files may be arguments', () => {
    expect(check('sh \'docker login -u "$USER" -p "$PASS" r\'')).toEqual([`1:33 ${ARGV('PASS', 'docker')}`]);
    expect(check("sh(script: '''\n  cosign sign --key \"$KEY\" x\n''')")).toEqual([]);
    expect(check("sh label: 'x', script: 'curl -u \"$USER:$PASS\" u'")).toEqual([`1:40 ${ARGV('PASS', 'curl')}`]);
  });
});

describe('shell', () => {
  const scan = (text: string): string[] => scanShell(text, new Set(['PASS'])).map((f) => `${f.command}@${f.offset}`);

  test('secrets in the arguments of external commands', () => {
    expect(scan('docker login -p "$PASS" r')).toEqual(['docker@17']);
    expect(scan('curl -u "u:${PASS}" x')).toEqual(['curl@11']);
    expect(scan('/usr/bin/curl -u u:$PASS x')).toEqual(['curl@19']);
    expect(scan('tool --p=${PASS:-none}')).toEqual(['tool@9']);
    expect(scan('tool ${X:-$PASS}')).toEqual(['tool@10']);
    expect(scan('if true; then tool "$PASS"; fi')).toEqual(['tool@20']);
    expect(scan('X=1 tool \\\n  "$PASS"')).toEqual(['tool@14']);
    expect(scan('out=$(curl -H "t: $PASS" u)')).toEqual(['curl@18']);
    expect(scan('sh -c "login $PASS"')).toEqual(['sh@13']);
    expect(scan('env PASS="$PASS" tool')).toEqual(['env@10']);
  });

  test("the -c script of a shell is scanned as a script of its own, at the secret's offset in the outer text", () => {
    expect(scan(`bash -c 'docker login -p "$PASS" r'`)).toEqual(['docker@26']);
    expect(scan(`/bin/sh -ec 'tool --password=$PASS'`)).toEqual(['tool@29']);
    expect(scan(`bash -xc 'git clone "https://u:$PASS@git.example.com/a.git"'`)).toEqual(['git@31']);
    // Nested twice: sh -c 'bash -c "…"' is a double-quoted expansion of the middle shell.
    expect(scan(`sh -c 'bash -c "tool $PASS"'`)).toEqual(['bash@21']);
    // Not a shell's script: an option that takes a value, a builtin inside, stdin inside, or no shell at all.
    expect(scan(`bash -o pipefail 'x $PASS'`)).toEqual([]);
    expect(scan(`bash -c 'printf "%s" "$PASS" | docker login --password-stdin r'`)).toEqual([]);
    expect(scan(`tool -c 'other $PASS'`)).toEqual([]);
    expect(scan(`bash --command 'tool $PASS'`)).toEqual([]);
  });

  test('builtins, pipes from builtins, assignments, quoting, redirections and here-documents are fine', () => {
    expect(
      scan(
        [
          `printf '%s' "$PASS" | docker login --password-stdin r`,
          `echo "$PASS" | tool --stdin`,
          `token=$PASS; export T="$PASS"; local L=$PASS`,
          `[ -n "$PASS" ] && test -z "\${PASS:-}"`,
          `tool '$PASS' \\$PASS`,
          `tool > "$PASS.log"`,
          `tool <<< "$PASS"`,
          `tool <<EOF\nsecret: $PASS\nEOF`,
          `tool <<-'EOF'\n\tsecret: $PASS\n\tEOF`,
          `case "$PASS" in\n  "$PASS") true ;;\n  *) echo x ;;\nesac`,
          `for p in "$PASS"; do echo "$p"; done`,
          `# tool "$PASS"`,
          `n=\${#PASS}; tool $((1 + 2))`,
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});

test('jslc verify --checks secrets runs without Java and reports file:line:col [secrets] message', () => {
  const r = spawnSync(process.execPath, ['bin/jslc.js', 'verify', 'fixtures/verify/secrets-resource', '--checks', 'secrets'], {
    encoding: 'utf8',
    env: { ...process.env, CI: '', JAVA_HOME: '/nonexistent', PATH: '/nonexistent' },
  });
  expect(r.status).toBe(1);
  // First the progress line of the check (as it ends), then the findings.
  expect(r.stderr.split('\n')[0]).toMatch(/^jslc verify: secrets: 1 file, 2 finding\(s\) in \d+\.\d s$/);
  expect(r.stderr.split('\n').slice(1, 3)).toEqual([
    `resources/org/example/publish.sh:4:54 [secrets] ${ARGV('REGISTRY_PASSWORD', 'docker')}`,
    `resources/org/example/publish.sh:6:30 [secrets] ${ARGV('REGISTRY_PASSWORD', 'curl')}`,
  ]);
  expect(r.stderr).toMatch(/^jslc verify: fixtures\/verify\/secrets-resource: 1 files, secrets: 2 finding\(s\) in [\d.]+ s$/m);
  const clean = spawnSync(process.execPath, ['bin/jslc.js', 'verify', 'vars-out', '--checks', 'secrets'], {
    encoding: 'utf8',
    env: { ...process.env, CI: '' },
  });
  expect(clean.status).toBe(0);
  expect(clean.stdout).toMatch(/^jslc verify: vars-out: 12 files, secrets: 0 finding\(s\)/);
});
