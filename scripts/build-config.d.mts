// Types for build-config.mjs (plain JavaScript, run by Node without a compile step).
import type { BuildOptions } from 'esbuild';

export declare const root: string;
export declare function bundleOptions(out: string): {
  readonly main: BuildOptions;
  readonly preload: BuildOptions;
  readonly preview: BuildOptions;
  readonly cli: BuildOptions;
};
export declare const buildInputs: {
  readonly renderer: readonly string[];
  readonly preview: readonly string[];
};
