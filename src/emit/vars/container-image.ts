import type { ImageStageIR } from '../../ir/types.js';
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
    'every check has passed (how jslc schedules its pipelines).',
  params: [
    req('repository', 'string', 'Image repository without tag, e.g. registry.example.com/team/app.'),
    opt('tags', 'list', ['@gitDescribe'], 'Tags: literals or @gitDescribe, @commit, @branch, @buildNumber.'),
    opt('dockerfile', 'string', null, 'Path of an existing Dockerfile; default: generated.'),
    opt('base', 'string', 'scratch', 'Base image of the generated Dockerfile: scratch, distroless or an image.'),
    opt('binary', 'string', 'bin/app-linux-amd64', 'Binary copied into the generated image.'),
    opt('expose', 'list', [], 'Ports the generated image exposes.'),
    opt('context', 'string', '.', 'Build context with an existing Dockerfile.'),
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
      'all: build, then push; build: only build (the references go to .jslc/image-refs.txt); push: push what a build phase recorded.',
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
      jslcSupport.gitExclude(['.jslc/', cfg.digestFile])
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

/** The `containerImage` calls a image stage turns into, each a full line. */
export function containerImageCalls(s: ImageStageIR): string[] {
  const labels: { [k: string]: ArgValue } = {};
  for (const l of s.labels) labels[l.name] = l.value;
  const buildArgs: { [k: string]: ArgValue } = {};
  for (const b of s.buildArgs) buildArgs[b.name] = b.value;
  const df = s.dockerfile;
  if (s.phase === 'push') {
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
  return [
    call(containerImage.name, {
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
