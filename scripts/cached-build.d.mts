// Types for cached-build.mjs (plain JavaScript, run by Node without a compile step).
export declare function buildUnlessUnchanged(step: {
  readonly root: string;
  readonly inputs: readonly string[];
  readonly extra?: string;
  readonly output: string;
  readonly stamp: string;
  readonly build: () => Promise<unknown>;
  readonly force?: boolean;
}): Promise<boolean>;
