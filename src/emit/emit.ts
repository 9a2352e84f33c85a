import type { LibraryIR } from '../ir/types.js';
import { schedulePipeline } from '../schedule/schedule.js';
import { SUPPORT_VAR } from '../ir/vars.js';
import { stageGraph } from './graph.js';
import { helpText } from './help.js';
import { pipelineVar } from './pipeline/pipeline-var.js';
import { chunkVar, chunkVarName, planStages } from './pipeline/chunks.js';
import { libraryReadme } from './readme.js';
import { SCRIPT_NAMES, asset, script } from './resources/assets.js';
import { STEP_VARS } from './vars/index.js';
import { pipelineSpec } from './vars/pipeline-spec.js';
import { stepVar } from './vars/step-var.js';
import { resourcePrefix, supportVar } from './vars/support.js';
import type { VarSpec } from './vars/spec.js';

/** Generated file contents by library-relative path (no markers yet). */
export type FileMap = Map<string, string>;

/** Every var of the library, pipelines first (in declaration order), then the step vars. */
export function librarySpecs(lib: LibraryIR): VarSpec[] {
  return [...lib.pipelines.map(pipelineSpec), ...STEP_VARS];
}

/** Emit every file of a (validated) library. Pure: the same model gives the same map. */
export function emitLibrary(lib: LibraryIR): FileMap {
  const files: FileMap = new Map();
  const graphs = new Map<string, string>();
  for (const written of lib.pipelines) {
    const p = schedulePipeline(written);
    files.set(`vars/${p.name}.groovy`, pipelineVar(p));
    files.set(`vars/${p.name}.txt`, helpText(pipelineSpec(p)));
    const chunks = chunkVar(p, planStages(p));
    if (chunks !== undefined) {
      files.set(`vars/${chunkVarName(p.name)}.groovy`, chunks);
      files.set(`vars/${chunkVarName(p.name)}.txt`, `${chunkVarName(p.name)}: internal part of the large pipeline ${p.name} (its simple stages, split into methods). Not meant to be called from Jenkinsfiles.\n`);
    }
    graphs.set(p.name, stageGraph(p.stages));
  }
  for (const v of STEP_VARS) {
    files.set(`vars/${v.name}.groovy`, stepVar(v));
    files.set(`vars/${v.name}.txt`, helpText(v));
  }
  files.set(`vars/${SUPPORT_VAR}.groovy`, supportVar(lib.name));
  files.set(
    `vars/${SUPPORT_VAR}.txt`,
    `${SUPPORT_VAR}: internal helpers of the generated vars (argument checks, resources). Not meant to be called from Jenkinsfiles.\n`,
  );
  const prefix = `resources/${resourcePrefix(lib.name)}`;
  for (const name of SCRIPT_NAMES) files.set(`${prefix}scripts/${name}`, script(name));
  files.set(`${prefix}go-junit/main.go`, asset('go-junit/main.go'));
  files.set('README.md', libraryReadme(lib, librarySpecs(lib), graphs));
  files.set('.gitattributes', '* linguist-generated=true\n*.groovy text eol=lf\n*.sh text eol=lf\n');
  return files;
}
