/**
 * The Go delivery pipeline of the seed article, written in the jslc DSL:
 * pinned Go toolchain, GOPROXY with a fallback (the article's goproxy.cn is a mirror for mainland China;
 * proxy.golang.org is the one reachable everywhere else, and from jslc's CI), persistent Go caches, module
 * download and verification with a ban on local replace directives, vet and
 * race tests with coverage in parallel, static multi-platform builds with the
 * version from `git describe`, a minimal image with OCI labels, and a cosign
 * signature. `npm run example` compiles it into `vars-out/`.
 */
import { buildInfo, defineLibrary, goPipeline, param, stage, step, tag, when } from 'jslc';

export default defineLibrary({
  name: 'go-cd',
  description: 'Continuous delivery for Go services: modules, vet, race tests, static builds, images and signatures.',
  pipelines: {
    goServicePipeline: goPipeline({
      description: 'Build, test, package and sign a Go service',
      agent: { kubernetes: { arch: 'amd64', cpu: '2', memory: '4Gi' } },
      go: { version: '1.27.4', proxy: ['https://proxy.golang.org', 'direct'], flags: ['-mod=readonly'], cache: true },
      params: {
        image: { type: 'string', required: true, description: 'Image repository, e.g. registry.example.com/team/app' },
        sign: { type: 'boolean', default: true, description: 'Sign the image with cosign' },
      },
      options: { timeout: 45, timestamps: true, buildDiscarder: { numToKeep: 30 }, disableConcurrentBuilds: 'abortPrevious' },
      stages: [
        stage.checkout({ fetchTags: true }),
        stage.modules({ verify: true, forbidLocalReplace: true, tidyCheck: true }),
        stage.parallel('Quality', [
          stage.vet(),
          stage.test({ race: true, coverProfile: 'coverage.out', junit: true, goTimeout: '10m' }),
        ]),
        stage.build({
          static: true,
          ldflags: ['-s', '-w'],
          versionVar: 'main.version',
          // The commit and its time (not the build time: a rebuild of the commit gives the same binary).
          stamp: { 'main.commit': buildInfo.commit(), 'main.commitDate': buildInfo.commitDate() },
          platforms: ['linux/amd64', 'linux/arm64'],
          output: 'bin/app',
        }),
        stage.image({
          repository: param('image'),
          tags: [tag.gitDescribe(), tag.commit()],
          labels: 'oci',
          // Daemonless: both platforms' binaries in one OCI image index, pushed straight to the registry, no Docker.
          oci: { binary: 'bin/app', expose: [8080] },
          push: { credentialsId: 'registry' },
        }),
        stage.sign({
          cosign: { keyCredentialsId: 'cosign-key', passwordCredentialsId: 'cosign-pass' },
          verify: true,
          // An SPDX SBOM and SLSA provenance of the binaries, signed with the same key and verified with the signature.
          attest: { sbom: true, provenance: true },
          // Key-based signatures for a private registry, kept out of the public Rekor log.
          transparencyLog: false,
          when: when.param('sign', true),
        }),
      ],
      post: {
        always: [step.archive(['bin/**', 'coverage.out', 'report.xml', 'image-digest.txt'])],
        failure: [step.echo('Build failed: see the stage log above.')],
        cleanup: [step.deleteDir()],
      },
    }),
  },
});
