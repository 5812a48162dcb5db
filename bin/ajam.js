#!/usr/bin/env node
// The `ajam` command: the bundled CLI when the project has been built, otherwise the TypeScript
// sources through tsx, so `npm run ajam` and an installed `ajam` run the same code.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../out/cli/ajam.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../electron/cli/main.ts', import.meta.url).href);
}
