import type { LibraryIR } from '../../src/ir/types.js';

/** The bundled example's library model (loaded through jest, with 'jslc' mapped to src/). */
export async function exampleLibrary(): Promise<LibraryIR> {
  return ((await import('../../examples/go-service.pipeline.js')) as { default: LibraryIR }).default;
}

/** The kitchen-sink fixture that uses every DSL construct. */
export async function allFeaturesLibrary(): Promise<LibraryIR> {
  return ((await import('../../fixtures/valid/all-features.js')) as { default: LibraryIR }).default;
}

export const EXAMPLE_SOURCE = 'examples/go-service.pipeline.ts';
