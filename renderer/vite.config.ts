import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

declare global {
  interface ImportMeta {
    /** Node's; Vite's config loader also defines it when it bundles this file. */
    dirname: string;
  }
}

// No node:path here: the renderer folder may not import Node built-ins (eslint), and this is enough.
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  // Relative asset URLs: the packaged app loads index.html from file://, the preview from http://.
  base: './',
  plugins: [svelte({ compilerOptions: { runes: true } })],
  build: {
    outDir: `${here}/../out/renderer`,
    emptyOutDir: true,
    target: 'chrome130',
    // Inline nothing: the CSP allows scripts and styles only from 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Quiet builds inside tests and benchmarks: the plugin timing report is noise there.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
