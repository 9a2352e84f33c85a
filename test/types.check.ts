/**
 * Misuse that must not type-check. `npm run typecheck` (part of `npm test`)
 * fails with "Unused '@ts-expect-error' directive" if any of these compiles.
 */
import { defineLibrary, goPipeline, stage, tag, when, param, custom, step, jenkinsfile, runtime } from '../src/index.js';
import { goServicePipeline } from '../examples/go-cd.api.js';
import { STAGE_CATALOGUE, type StageCatalogue } from '../src/ir/catalogue.js';
import type { LeafStageIR, StageCommon } from '../src/ir/types.js';
import { STEP_VAR_SPECS } from '../src/emit/vars/index.js';
import type { VarSpec } from '../src/emit/vars/spec.js';

const go = { version: '1.26.8' };

// @ts-expect-error an unknown platform is a type error (custom(...) is the escape hatch)
stage.build({ platforms: ['linux/arm65'] });
stage.build({ platforms: ['linux/arm64', custom('linux/arm65')] });

// Script stages: the script is required, run-time values are a closed set, exit codes are numbers.
// @ts-expect-error stage.sh needs its script
stage.sh({ name: 'S' });
// @ts-expect-error a run-time value jslc does not know
stage.sh({ script: 'true', env: { X: { kind: 'runtime', value: 'buildName' } } });
// @ts-expect-error an environment value is a string, param(...) or runtime.*, not a number
stage.sh({ script: 'true', env: { N: 3 } });
// @ts-expect-error exit codes are numbers
stage.sh({ script: 'true', allowExitCodes: ['0'] });
// @ts-expect-error stage.make runs targets; its script is generated
stage.make({ targets: ['test'], script: 'make test' });
// @ts-expect-error make targets are a list
stage.make({ targets: 'test' });
stage.sh({ script: 'echo "$N"', env: { N: runtime.buildNumber(), P: param('image'), C: 'x' }, dir: 'sub', allowExitCodes: [0, 1] });

// @ts-expect-error an unknown Kubernetes architecture
goPipeline({ description: 'd', go, agent: { kubernetes: { arch: 'x86' } }, stages: [] });

// @ts-expect-error description is required
goPipeline({ go, stages: [] });

// @ts-expect-error go.version is required
goPipeline({ description: 'd', go: {}, stages: [] });

// @ts-expect-error an unknown post condition
goPipeline({ description: 'd', go, stages: [], post: { sometimes: [step.echo('x')] } });

// @ts-expect-error a stage option that does not exist
stage.test({ raceDetector: true });

// @ts-expect-error the image stage needs a repository
stage.image({});

// @ts-expect-error the repository must be a string or a param(...) reference
stage.image({ repository: 42 });

// @ts-expect-error tags are built with tag.*, not plain strings
stage.image({ repository: 'r/a', tags: ['latest'] });
stage.image({ repository: param('image'), tags: [tag.literal('latest')] });

// @ts-expect-error a parameter type that does not exist
goPipeline({ description: 'd', go, stages: [], params: { x: { type: 'float' } } });

// @ts-expect-error a time unit that does not exist
goPipeline({ description: 'd', go, stages: [], options: { timeout: { time: 1, unit: 'DAYS' } } });

// @ts-expect-error when conditions come from when.*
stage.vet({ when: 'branch main' });
stage.vet({ when: when.branch('main') });

// @ts-expect-error the cosign key credentials are required
stage.sign({ cosign: { passwordCredentialsId: 'p' } });

// @ts-expect-error pipelines must be goPipeline(...) results
defineLibrary({ name: 'x', pipelines: { app: { description: 'd' } } });

// @ts-expect-error a parallel group has no agent (Jenkins forbids it)
stage.parallel('P', [], { agent: 'any' });

// @ts-expect-error onFailure belongs to stages that run steps, not to a parallel group
stage.parallel('P', [], { onFailure: 'unstable' });
// @ts-expect-error onFailure belongs to stages that run steps, not to a sequence
stage.sequence('S', [], { onFailure: 'unstable' });
// @ts-expect-error catchError results are SUCCESS, UNSTABLE or FAILURE
stage.vet({ onFailure: { buildResult: 'BROKEN', stageResult: 'FAILURE' } });
// @ts-expect-error onFailure is one of the named behaviours
stage.vet({ onFailure: 'ignore' });
// @ts-expect-error a retry policy needs its number of attempts
stage.vet({ retry: { delaySeconds: 5 } });
// @ts-expect-error the coverage threshold is a minimum percentage
stage.test({ coverProfile: 'c.out', coverage: 80 });
stage.vet({ onFailure: { warn: 'lint is not clean' }, retry: { times: 3, delaySeconds: 5, backoff: 2 } });
stage.test({ coverProfile: 'c.out', coverage: { minPercent: 80 }, onFailure: { buildResult: 'UNSTABLE', stageResult: 'FAILURE' } });

// Typed Jenkinsfiles: the generated functions carry the library's own parameter types.
// @ts-expect-error sign is a boolean parameter
goServicePipeline({ image: 'registry.example.com/app', sign: 'yes' });
// @ts-expect-error image is required
goServicePipeline({ sign: true });
// @ts-expect-error no parameter named imag
goServicePipeline({ image: 'registry.example.com/app', imag: 'x' });
// @ts-expect-error the call belongs to go-cd, not to another library
jenkinsfile({ library: 'other-lib@v1.0.0', call: goServicePipeline({ image: 'registry.example.com/app' }) });
// @ts-expect-error a dynamic library of another name
jenkinsfile({ library: { dynamic: { name: 'x', version: 'v1', remote: 'r' } }, call: goServicePipeline({ image: 'i' }) });
jenkinsfile({ library: 'go-cd@v1.0.0', call: goServicePipeline({ image: 'registry.example.com/app' }) });
jenkinsfile({ library: { implicit: 'go-cd' }, call: goServicePipeline({ image: 'i', sign: false }) });

// A stage kind added to the IR union without its entries does not compile: the stage catalogue and every
// per-kind table of the passes map each kind of the union (see CONTRIBUTING.md, "Add a stage kind").
interface LintStageIR extends StageCommon {
  readonly kind: 'lint';
  readonly config: string;
}
type WithLint = LeafStageIR | LintStageIR;
// @ts-expect-error the catalogue has no entry for the new kind 'lint'
export const catalogueWithLint: StageCatalogue<WithLint> = STAGE_CATALOGUE;
// @ts-expect-error the emitter has no step var for the new kind 'lint'
export const stepVarsWithLint: { readonly [K in WithLint['kind']]: { readonly spec: VarSpec } } = STEP_VAR_SPECS;
export const catalogueAsIs: StageCatalogue<LeafStageIR> = STAGE_CATALOGUE;
