/**
 * The pass driver: the one place that names the compiler's passes and runs them in order. `synth`, `jslc build`,
 * `jslc check` and the testing helpers all compile through it, so each pass runs once per build.
 *
 *   load      (async, `cli/compile.ts`: type-check and import the entry; not part of a model's compilation)
 *   validate  (`validate/`: every JSLCnnn rule over the whole model; errors stop the build, warnings go with the result)
 *   schedule  (`schedule/`: run order, build fan-out, image build/push split, the push each signature signs, chunks)
 *   emit      (`emit/`: every file's content from the scheduled IR)
 *   mark      (`library/synth.ts`: markers with the sha256 of each file, and the manifest)
 */
import type { LibraryIR, PipelineIR } from '../ir/types.js';
import { stageGraph } from '../emit/graph.js';
import { emitLibrary } from '../emit/emit.js';
import type { LibraryFiles } from '../library/files.js';
import { markLibrary } from '../library/synth.js';
import { scheduleLibrary, schedulePipeline } from '../schedule/schedule.js';
import type { ScheduledLibrary } from '../schedule/types.js';
import { type Diagnostic, ValidationError, errorsOf, warningsOf } from '../validate/diagnostic.js';
import { validate } from '../validate/validate.js';

/** The passes a model goes through, in order (after loading). */
export const PASSES = ['validate', 'schedule', 'emit', 'mark'] as const;
/** One pass of {@link PASSES}. */
export type PassName = (typeof PASSES)[number];

/** Options of `synth` and `compileModel`. */
export interface SynthOptions {
  /** The source named in each file's marker (a project-relative path). Default: `'jslc synth'`. */
  readonly source?: string;
}

/**
 * What compiling a model gave: its findings (errors, and any warnings), or the scheduled model, every file of the
 * library and the validation warnings (e.g. JSLC047, a Go release past its end of support).
 */
export type CompileResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly scheduled: ScheduledLibrary; readonly files: LibraryFiles; readonly warnings: readonly Diagnostic[] };

/** Run every pass over a model. A validation error ends it before anything is emitted; warnings do not. */
export function compileModel(lib: LibraryIR, options: SynthOptions = {}): CompileResult {
  const diagnostics = validate(lib);
  if (errorsOf(diagnostics).length) return { ok: false, diagnostics };
  const scheduled = scheduleLibrary(lib);
  const emitted = emitLibrary(scheduled);
  const files = markLibrary(lib, emitted, options.source ?? 'jslc synth');
  return { ok: true, scheduled, files, warnings: warningsOf(diagnostics) };
}

/**
 * Validate a library and produce every file of it in memory, exactly as
 * `jslc build` writes them. Throws `ValidationError` (with every finding)
 * when the model is invalid; warnings do not throw (`compileModel` returns them). Deterministic: the same model gives the same files.
 *
 * @example
 * const files = synth(myLibrary);
 * expect(files.get('vars/goServicePipeline.groovy')).toContain("stage('Test')");
 */
export function synth(lib: LibraryIR, options: SynthOptions = {}): LibraryFiles {
  const result = compileModel(lib, options);
  if (!result.ok) throw new ValidationError(result.diagnostics);
  return result.files;
}

/** The stage graph of a (validated) pipeline as a Mermaid flowchart, as the scheduler places its stages. */
export function mermaidGraph(p: PipelineIR): string {
  return stageGraph(schedulePipeline(p));
}
