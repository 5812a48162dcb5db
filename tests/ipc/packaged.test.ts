/**
 * The WebSocket bridge is a development tool: the packaged app must not even contain it. Bundles
 * electron/main.ts the way scripts/build.mjs does and reads what went in.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('the packaged main process', () => {
  it('does not include the WebSocket bridge, the preview or ws', async () => {
    const result = await build({
      entryPoints: [join(root, 'electron/main.ts')],
      absWorkingDir: root,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    // The router and the console service are in; the bridge and the preview are not.
    expect(inputs).toContain('electron/ipc/router.ts');
    expect(inputs).toContain('electron/console/service.ts');
    expect(inputs).not.toContain('electron/ipc/bridge.ts');
    expect(inputs).not.toContain('electron/preview.ts');
    const imported = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.map((i) => i.path),
    );
    expect(imported).not.toContain('ws');
  });
});
