/**
 * One bench in a process of its own (started by run.ts with --expose-gc), so its RSS starts from a
 * fresh baseline and no earlier bench's heap or JIT state colours its figures.
 */
import { pathToFileURL } from 'node:url';

type Bench = () => Promise<readonly string[]>;

const file = process.argv[2];
if (!file) throw new Error('usage: child.ts <bench file>');
const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
if (typeof mod.default !== 'function') throw new Error('no default-exported bench function');
const lines = await (mod.default as Bench)();
for (const line of lines) console.log(line);
