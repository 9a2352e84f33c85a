import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSLC_VERSION } from '../version.js';
import { UserError } from './errors.js';

const PIPELINE = `import { defineLibrary, goPipeline, stage, step, tag, param, when } from 'jslc';

export default defineLibrary({
  name: 'go-cd',
  pipelines: {
    goServicePipeline: goPipeline({
      description: 'Build, test and package a Go service',
      agent: { docker: { image: 'golang:1.26.8' } },
      go: { version: '1.26.8' },
      params: {
        image: { type: 'string', required: true, description: 'Image repository' },
        publish: { type: 'boolean', default: true, description: 'Build and push the image' },
      },
      stages: [
        stage.checkout(),
        stage.modules({ tidyCheck: true }),
        stage.parallel('Quality', [stage.vet(), stage.test({ coverProfile: 'coverage.out', junit: true })]),
        stage.build({ versionVar: 'main.version', platforms: ['linux/amd64', 'linux/arm64'] }),
        stage.image({
          repository: param('image'),
          tags: [tag.gitDescribe()],
          // Daemonless: both platforms in one OCI image index, pushed without Docker (the agent needs only Go).
          oci: { binary: 'bin/app' },
          push: { credentialsId: 'registry' },
          when: when.param('publish', true),
        }),
      ],
      post: { always: [step.archive(['bin/**', 'coverage.out'])] },
    }),
  },
});
`;

const JENKINSFILE = `@Library('go-cd@v0.1.0') _

goServicePipeline(image: 'registry.example.com/team/app')
// A first try without a registry: goServicePipeline(image: 'registry.example.com/team/app', publish: false)
`;

/** Scaffold a pipeline project in `dir`; refuses to overwrite any existing file. */
export function init(dir: string): string[] {
  const files: [string, string][] = [
    [
      'package.json',
      JSON.stringify(
        {
          name: 'go-cd-library',
          private: true,
          type: 'module',
          scripts: { build: 'jslc build pipeline.ts --out library', check: 'jslc check pipeline.ts --out library' },
          devDependencies: { jslc: `^${JSLC_VERSION}`, typescript: '~6.0.2' },
        },
        null,
        2,
      ) + '\n',
    ],
    [
      'tsconfig.json',
      JSON.stringify(
        {
          compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true },
          include: ['*.ts'],
        },
        null,
        2,
      ) + '\n',
    ],
    ['pipeline.ts', PIPELINE],
    ['Jenkinsfile.example', JENKINSFILE],
    ['.gitignore', 'node_modules/\n'],
  ];
  const existing = files.filter(([f]) => existsSync(join(dir, f))).map(([f]) => f);
  if (existing.length) throw new UserError(`${dir} already has ${existing.join(', ')}; nothing was written (jslc init never overwrites).`);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of files) writeFileSync(join(dir, f), text);
  return files.map(([f]) => f);
}
