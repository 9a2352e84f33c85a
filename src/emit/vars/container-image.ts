import type { ImageBuilderIR, ImageStageIR } from '../../ir/types.js';
import { buildOutputPath } from '../../ir/naming.js';
import { plain } from '../../ir/values.js';
import { assertNever } from '../../util/never.js';
import { type ArgValue, call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt, req } from './spec.js';

export const containerImage: VarSpec = {
  name: STEP_VAR_BY_KIND.image,
  summary: 'Build a container image with OCI labels, push it and record its digest.',
  description:
    'Without dockerfile, writes a minimal Dockerfile (base image, the binary as /app, non-root user) into ' +
    '.jslc/image, a build context that holds only the binary. Adds the OCI labels org.opencontainers.image.' +
    '{revision,created,source,version} and dev.golang.version. Tags: literal tags, or @gitDescribe, @commit, ' +
    '@branch, @buildNumber. With pushCredentialsId (username/password), logs in with --password-stdin into a ' +
    'private Docker config, pushes every tag and writes <repository>@<digest> to digestFile. ' +
    'phase splits the work in two calls on the same workspace: build as soon as the binary exists, push once ' +
    'every check has passed (how jslc schedules its pipelines). ' +
    'builder oci needs no daemon: the OCI builder (go run of the library resource oci-image/main.go) packs the ' +
    'binaries, one image per linux platform and an OCI index over them, with the created time of the commit ' +
    '(SOURCE_DATE_EPOCH), and pushes them with the pushCredentialsId credentials.',
  params: [
    req('repository', 'string', 'Image repository without tag, e.g. registry.example.com/team/app.'),
    opt('tags', 'list', ['@gitDescribe'], 'Tags: literals or @gitDescribe, @commit, @branch, @buildNumber.'),
    opt('dockerfile', 'string', null, 'Path of an existing Dockerfile; default: generated.'),
    opt('base', 'string', 'scratch', 'Base image of the generated Dockerfile (scratch, distroless or an image), or of oci (scratch or pinned by digest).'),
    opt('binary', 'string', 'bin/app-linux-amd64', 'Binary copied into the generated image.'),
    opt('expose', 'list', [], 'Ports the generated or oci image exposes.'),
    opt('context', 'string', '.', 'Build context with an existing Dockerfile.'),
    opt('builder', 'string', 'docker', 'docker: docker build of a Dockerfile; oci: the daemonless OCI builder (needs pushCredentialsId).'),
    opt('binaries', 'map', {}, 'oci: the binary of each linux platform, e.g. linux/amd64: bin/app-linux-amd64.'),
    opt('user', 'string', '65532', 'oci: the image user, uid or uid:gid.'),
    opt('entrypoint', 'string', '/app', 'oci: path of the binary in the image.'),
    opt('files', 'list', [], 'oci: workspace files or directories to add, each src:dest (dest an absolute path).'),
    opt('tzdata', 'boolean', false, "oci: add Go's time zone database."),
    opt('buildArgs', 'map', {}, 'Build arguments.'),
    opt('ociLabels', 'boolean', true, 'Add the OCI labels.'),
    opt('labels', 'map', {}, 'Extra labels.'),
    opt('pushCredentialsId', 'string', null, 'Username/password credentials to push with; default: no push.'),
    opt('registry', 'string', null, 'Registry host to log in to; default: from the repository.'),
    opt('digestFile', 'string', 'image-digest.txt', 'Where to record the pushed digest reference.'),
    opt(
      'phase',
      'string',
      'all',
      'all: build, then push; build: only build (the references go to .jslc/image-refs.txt; oci: only check the binaries); push: push what a build phase recorded (oci: build and push).',
    ),
  ],
  example: "containerImage(repository: 'registry.example.com/team/app', pushCredentialsId: 'registry')",
  body: (w) =>
    w.code(`
      if (!cfg.repository.matches('[a-z0-9][a-z0-9._:/-]*')) {
          error('containerImage: repository ' + cfg.repository + ' is not an image repository (lower-case host/path, no tag)')
      }
      if (!['all', 'build', 'push'].contains(cfg.phase)) {
          error('containerImage: phase ' + cfg.phase + ' is not all, build or push')
      }
      if (cfg.phase == 'push' && !cfg.pushCredentialsId) {
          error('containerImage: phase push needs pushCredentialsId (username/password credentials for the registry)')
      }
      if (!['docker', 'oci'].contains(cfg.builder)) {
          error('containerImage: builder ' + cfg.builder + ' is not docker or oci')
      }
      jslcSupport.gitExclude(['.jslc/', cfg.digestFile])
      if (cfg.builder == 'oci') {
          if (!cfg.pushCredentialsId) {
              error('containerImage: builder oci needs pushCredentialsId: without a daemon only the registry holds the image')
          }
          if (!cfg.binaries) {
              error('containerImage: builder oci needs binaries (platform: binary path)')
          }
          List platforms = jslcSupport.pairs(cfg.binaries)
          for (def p in platforms) {
              if (!p.matches('linux/[a-z0-9]+(/v[0-9]+)?=[A-Za-z0-9._-][A-Za-z0-9._/-]*') || p.contains('..')) {
                  error('containerImage: binaries entry ' + p + ' is not a linux platform (linux/amd64) with a relative path inside the workspace')
              }
          }
          List oci = [
              'JSLC_REPOSITORY=' + cfg.repository,
              'JSLC_DIGEST_FILE=' + cfg.digestFile,
              'JSLC_BASE=' + cfg.base,
              'JSLC_USER=' + cfg.user,
              'JSLC_ENTRYPOINT=' + cfg.entrypoint,
              'JSLC_TZDATA=' + cfg.tzdata,
              'JSLC_OCI_LABELS=' + cfg.ociLabels,
              'JSLC_CHECK_ONLY=' + (cfg.phase == 'build'),
          ]
          jslcSupport.addListEnv(oci, 'PLATFORMS', platforms)
          jslcSupport.addListEnv(oci, 'TAGS', cfg.tags)
          jslcSupport.addListEnv(oci, 'LABELS', jslcSupport.pairs(cfg.labels))
          jslcSupport.addListEnv(oci, 'EXPOSE', cfg.expose)
          jslcSupport.addListEnv(oci, 'FILES', cfg.files)
          if (cfg.phase == 'build') {
              withEnv(oci) {
                  sh(label: 'image binaries', script: jslcSupport.script('image-oci.sh'))
              }
          } else {
              String tool = '.jslc/oci-image/main.go'
              writeFile(file: tool, text: jslcSupport.resource('oci-image/main.go'))
              oci.add('JSLC_OCI_TOOL=' + tool)
              withCredentials([usernamePassword(credentialsId: cfg.pushCredentialsId, usernameVariable: 'JSLC_REGISTRY_USERNAME', passwordVariable: 'JSLC_REGISTRY_PASSWORD')]) {
                  withEnv(oci) {
                      sh(label: 'oci image', script: jslcSupport.script('image-oci.sh'))
                  }
              }
          }
          return
      }
      List env = [
          'JSLC_REPOSITORY=' + cfg.repository,
          'JSLC_REFS_FILE=.jslc/image-refs.txt',
          'JSLC_DIGEST_FILE=' + cfg.digestFile,
      ]
      if (cfg.phase != 'push') {
          String dockerfile = cfg.dockerfile
          String context = cfg.context
          if (!dockerfile) {
              if (!cfg.binary.matches('[A-Za-z0-9._-][A-Za-z0-9._/-]*') || cfg.binary.contains('..')) {
                  error('containerImage: binary ' + cfg.binary + ' must be a relative path inside the workspace')
              }
              String base = cfg.base == 'distroless' ? 'gcr.io/distroless/static-debian12:nonroot' : cfg.base
              if (!base.matches('[A-Za-z0-9._/:@-]+')) {
                  error('containerImage: base ' + base + ' is not an image reference')
              }
              List lines = ['FROM ' + base, 'COPY app /app']
              for (def port in cfg.expose) {
                  if (!port.matches('[0-9]{1,5}')) {
                      error('containerImage: expose entry ' + port + ' is not a port number')
                  }
                  lines.add('EXPOSE ' + port)
              }
              lines.add('USER 65532:65532')
              lines.add('ENTRYPOINT ["/app"]')
              context = '.jslc/image'
              dockerfile = context + '/Dockerfile'
              withEnv(['JSLC_BINARY=' + cfg.binary]) {
                  sh(label: 'image context', script: 'rm -rf .jslc/image && mkdir -p .jslc/image && cp "$JSLC_BINARY" .jslc/image/app')
              }
              writeFile(file: dockerfile, text: String.join('\\n', lines) + '\\n')
          }
          env.add('JSLC_DOCKERFILE=' + dockerfile)
          env.add('JSLC_CONTEXT=' + context)
          env.add('JSLC_OCI_LABELS=' + cfg.ociLabels)
          jslcSupport.addListEnv(env, 'TAGS', cfg.tags)
          jslcSupport.addListEnv(env, 'LABELS', jslcSupport.pairs(cfg.labels))
          jslcSupport.addListEnv(env, 'BUILD_ARGS', jslcSupport.pairs(cfg.buildArgs))
          withEnv(env) {
              sh(label: 'docker build', script: jslcSupport.script('image-build.sh'))
          }
      }
      if (cfg.phase != 'build' && cfg.pushCredentialsId) {
          env.add('JSLC_REGISTRY=' + (cfg.registry ?: jslcSupport.registryOf(cfg.repository)))
          withCredentials([usernamePassword(credentialsId: cfg.pushCredentialsId, usernameVariable: 'JSLC_REGISTRY_USER', passwordVariable: 'JSLC_REGISTRY_PASSWORD')]) {
              withEnv(env) {
                  sh(label: 'docker push', script: jslcSupport.script('image-push.sh'))
              }
          }
      }
    `),
};

/** The arguments of the image's builder: the Dockerfile's, or the oci form's. */
function builderArgs(b: ImageBuilderIR): { [k: string]: ArgValue | undefined } {
  switch (b.type) {
    case 'existing':
      return { dockerfile: b.path, context: b.context };
    case 'generated':
      return { base: b.base, binary: b.binary, expose: b.expose.length ? b.expose.map(String) : undefined };
    case 'oci': {
      const binaries: { [k: string]: ArgValue } = {};
      for (const p of b.platforms) binaries[plain(p)] = buildOutputPath(b.binary, p);
      return {
        builder: 'oci',
        binaries,
        base: b.base,
        user: b.user,
        entrypoint: b.entrypoint,
        expose: b.expose.length ? b.expose.map(String) : undefined,
        files: b.files.length ? b.files.map((f) => `${f.src}:${f.dest}`) : undefined,
        tzdata: b.tzdata || undefined,
      };
    }
    default:
      return assertNever(b, 'image builder');
  }
}

/** The `containerImage` calls an image stage turns into, each a full line. */
export function containerImageCalls(s: ImageStageIR): string[] {
  const labels: { [k: string]: ArgValue } = {};
  for (const l of s.labels) labels[l.name] = l.value;
  const buildArgs: { [k: string]: ArgValue } = {};
  for (const b of s.buildArgs) buildArgs[b.name] = b.value;
  // The oci form's push phase builds and pushes, so it takes every argument; a Dockerfile's pushes what was built.
  if (s.phase === 'push' && s.builder.type !== 'oci') {
    return [
      call(containerImage.name, {
        repository: s.repository,
        pushCredentialsId: s.push?.credentialsId,
        registry: s.push?.registry,
        digestFile: s.digestFile,
        phase: s.phase,
      }),
    ];
  }
  const oci = s.builder.type === 'oci';
  const pushes = s.phase !== 'build' || oci;
  return [
    call(containerImage.name, {
      repository: s.repository,
      tags: s.tags.map((t) => (t.type === 'literal' ? t.value : `@${t.type}`)),
      ...builderArgs(s.builder),
      buildArgs: s.buildArgs.length ? buildArgs : undefined,
      ociLabels: s.ociLabels,
      labels: s.labels.length ? labels : undefined,
      pushCredentialsId: pushes ? s.push?.credentialsId : undefined,
      registry: pushes && !oci ? s.push?.registry : undefined,
      digestFile: s.digestFile,
      phase: s.phase,
    }),
  ];
}
