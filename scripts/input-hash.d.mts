// Types for input-hash.mjs (plain JavaScript, run by Node without a compile step).
export declare function hashInputs(root: string, inputs: readonly string[], extra?: string): Promise<string>;
