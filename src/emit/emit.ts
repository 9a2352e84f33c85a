import type { ScheduledLibrary } from '../schedule/types.js';
import { SUPPORT_VAR } from '../ir/vars.js';
import { API_FILE, libraryApi, renderApi } from '../library/api.js';
import { stageGraph } from './graph.js';
import { helpText } from './help.js';
import { pipelineVar } from './pipeline/pipeline-var.js';
import { chunkVar, chunkVarName } from './pipeline/chunks.js';
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
export function librarySpecs(lib: ScheduledLibrary): VarSpec[] {
  return [...lib.pipelines.map(pipelineSpec), ...STEP_VARS];
}

/** Emit every file of a validated, scheduled library. Pure: the same model gives the same map. */
export function emitLibrary(scheduled: ScheduledLibrary): FileMap {
  const lib = scheduled.library;
  const files: FileMap = new Map();
  const graphs = new Map<string, string>();
  for (const p of scheduled.pipelines) {
    files.set(`vars/${p.name}.groovy`, pipelineVar(p));
    files.set(`vars/${p.name}.txt`, helpText(pipelineSpec(p)));
    const chunks = chunkVar(p);
    if (chunks !== undefined) {
      files.set(`vars/${chunkVarName(p.name)}.groovy`, chunks);
      files.set(
        `vars/${chunkVarName(p.name)}.txt`,
        `${chunkVarName(p.name)}: internal part of the large pipeline ${p.name} (its simple stages, split into methods). Not meant to be called from Jenkinsfiles.\n`,
      );
    }
    graphs.set(p.name, stageGraph(p));
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
  files.set(`${prefix}go-sbom/main.go`, asset('go-sbom/main.go'));
  files.set(`${prefix}oci-image/main.go`, asset('oci-image/main.go'));
  // The README, the help and the graph all show the stages as scheduled.
  files.set('README.md', libraryReadme(lib, librarySpecs(scheduled), graphs));
  // The public API, for jslc publish's compatibility check and for tools (JSON: no marker).
  const pipelines = new Set(lib.pipelines.map((p) => p.name));
  const api = librarySpecs(scheduled).map((v) => ({ name: v.name, kind: pipelines.has(v.name) ? ('pipeline' as const) : ('step' as const), params: v.params }));
  files.set(API_FILE, renderApi(libraryApi(lib.name, api)));
  files.set('.gitattributes', '* linguist-generated=true\n*.groovy text eol=lf\n*.sh text eol=lf\n');
  return files;
}
