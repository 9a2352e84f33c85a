/** Types of synthetic-module.js (the synthetic Go module of `bench:pipeline --packages N`). */
export declare const MODULE_PATH: string;

export interface SyntheticOptions {
  /** Packages under internal/ (default 200). */
  packages?: number;
  /** PRNG seed (default 1): the same packages and seed give the same bytes. */
  seed?: number;
}
export interface SyntheticPackage {
  index: number;
  name: string;
  layer: number;
  /** Indices of the packages it imports (all lower). */
  deps: number[];
  salt: string;
  rot: number;
  rounds: number;
  words: string[];
  order: number[];
  uses: 'uuid' | 'chi' | undefined;
}
export interface SyntheticPlan {
  module: string;
  seed: number;
  width: number;
  layers: number;
  packages: SyntheticPackage[];
  /** Packages no other package imports (main imports them). */
  roots: number[];
}
export interface WrittenModule {
  module: string;
  packages: number;
  layers: number;
  roots: number;
  /** Relative paths written, in order. */
  files: string[];
}

export declare function syntheticPlan(options?: SyntheticOptions): SyntheticPlan;
export declare function syntheticFiles(options?: SyntheticOptions): { plan: SyntheticPlan; files: Map<string, string> };
export declare function writeSyntheticModule(dir: string, options?: SyntheticOptions): WrittenModule;
