/**
 * What can be checked of packaging without the Electron binary (it cannot be downloaded here):
 * electron-builder.yml against electron-builder's own schema, the fuses the afterPack hook flips (on a
 * stand-in executable that carries a real fuse wire), and an unpacked `--dir` build against a stand-in
 * electronDist whose app.asar is listed with @electron/asar.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as AsarModule from '@electron/asar';
import type * as FusesModule from '@electron/fuses';
import { Ajv } from 'ajv';
import type * as BuilderModule from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  [key: string]: unknown;
  files?: string[];
  afterPack?: string;
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig: (projectDir: string, configPath: string | null, fromOptions: null) => Promise<BuilderConfig>;
  validateConfiguration: (config: BuilderConfig, debugLogger: unknown) => Promise<void>;
};
// electron-builder's own helpers, reached through app-builder-lib, which depends on them.
const builderRequire = createRequire(require.resolve('app-builder-lib'));
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new () => unknown };
const yaml = builderRequire('js-yaml') as { load: (text: string) => unknown };
/** electron-builder.yml exactly as written (getConfig normalises some fields, e.g. `files`). */
const rawConfig = () =>
  yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fuses = require('@electron/fuses') as typeof FusesModule;
const asar = require('@electron/asar') as typeof AsarModule;
const afterPack = require(path.join(root, 'build/after-pack.cjs')) as ((
  context: unknown,
) => Promise<void>) & {
  fuseConfigFor: (platform: string) => Record<string, unknown>;
};

const { FuseV1Options, FuseVersion } = fuses;
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 49; // '1'
const DISABLE = 48; // '0'

/**
 * A stand-in Electron executable: some bytes, the fuse sentinel and a V1 wire of 9 fuses set as a stock
 * Electron 45 ships them (RunAsNode, NODE_OPTIONS, inspect and file:// privileges on, then WasmTrapHandlers,
 * added in Electron 35, on; the rest off). @electron/fuses 1.x names the first 8 and must leave the 9th as
 * shipped.
 */
function fakeElectronBinary(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const wire = Buffer.from('101100011', 'ascii');
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('\x7fELF stand-in electron\0'),
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length]),
      wire,
      Buffer.from('\0end'),
    ]),
    { mode: 0o755 },
  );
}

async function wireOf(binary: string): Promise<Record<number, number>> {
  const config = (await fuses.getCurrentFuseWire(binary)) as unknown as Record<number, number>;
  return config;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", async () => {
    const config = rawConfig();
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // And electron-builder's own check, which also normalises and rejects deprecated forms.
    await expect(
      validateConfiguration(await getConfig(root, null, null), new DebugLogger()),
    ).resolves.toBeUndefined();

    // The validator is not vacuous: a misspelt key and a wrong type are caught.
    expect(validate({ ...config, prodcutName: 'x' })).toBe(false);
    expect(validate({ ...config, nsis: { perMachine: 'no' } })).toBe(false);
  });

  it('packages the required targets, per-user NSIS in English and Spanish, and only built output', () => {
    const config = rawConfig();
    expect(config['appId']).toBe('org.ajamconsole.console');
    expect(config['productName']).toBe('AJAM Console');
    expect(config['asar']).toBe(true);
    expect(config['afterPack']).toBe('./build/after-pack.cjs');
    expect(config['nsis']).toMatchObject({
      perMachine: false,
      oneClick: false,
      installerLanguages: ['en_US', 'es_ES'],
    });
    expect(config['win'].target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config['linux'].target).toEqual(['AppImage', 'deb']);
    expect(config['mac'].target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    const files: string[] = config['files'];
    expect(files.filter((f) => !f.startsWith('!'))).toEqual([
      'package.json',
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
    ]);
    expect(files).toContain('!**/*.map');
    for (const icon of [
      'build/icon.ico',
      'build/icon.icns',
      'build/icon.png',
      'build/icons/256x256.png',
      'build/icons/16x16.png',
    ]) {
      expect(existsSync(path.join(root, icon)), icon).toBe(true);
    }
    // The main process sets the same AppUserModelID, or Windows drops its notifications.
    expect(readFileSync(path.join(root, 'electron/main.ts'), 'utf8')).toContain(
      `const APP_ID = '${config['appId']}'`,
    );
  });
});

describe('fuses (afterPack)', () => {
  it('configures the hardening fuses for every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin', 'mas']) {
      const config = afterPack.fuseConfigFor(platform);
      expect(config['version']).toBe(FuseVersion.V1);
      expect(config[FuseV1Options.RunAsNode], platform).toBe(false);
      expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable], platform).toBe(false);
      expect(config[FuseV1Options.EnableNodeCliInspectArguments], platform).toBe(false);
      expect(config[FuseV1Options.EnableCookieEncryption], platform).toBe(true);
      expect(config[FuseV1Options.OnlyLoadAppFromAsar], platform).toBe(true);
      expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges], platform).toBe(false);
    }
    // Asar integrity is validated by Electron on macOS and Windows only.
    expect(afterPack.fuseConfigFor('win32')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(afterPack.fuseConfigFor('darwin')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(FuseV1Options.EnableEmbeddedAsarIntegrityValidation in afterPack.fuseConfigFor('linux')).toBe(
      false,
    );
  });

  it.each([
    ['linux', (dir: string) => path.join(dir, 'ajam-console'), true],
    ['win32', (dir: string) => path.join(dir, 'AJAM Console.exe'), false],
    [
      'darwin',
      (dir: string) =>
        path.join(
          dir,
          'AJAM Console.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
        ),
      false,
    ],
  ] as const)('flips them in the packed %s executable', async (platform, binaryIn, integrityUnset) => {
    const appOutDir = makeTempDir(`ajam-fuses-${platform}-`);
    const binary = binaryIn(appOutDir);
    fakeElectronBinary(binary);
    await afterPack({
      appOutDir,
      electronPlatformName: platform,
      arch: 1,
      packager: { appInfo: { productFilename: 'AJAM Console' }, executableName: 'ajam-console' },
    });
    // @electron/fuses finds the framework binary itself when given the .app.
    const wire = await wireOf(platform === 'darwin' ? path.join(appOutDir, 'AJAM Console.app') : binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(integrityUnset ? DISABLE : ENABLE);
    // A fuse newer than @electron/fuses 1.x knows (Electron 45's 9th) is left as shipped.
    expect(wire[8]).toBe(ENABLE);
    // The rest of the file is untouched.
    const bytes = readFileSync(binary);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(bytes.subarray(bytes.length - 4).toString('latin1')).toBe('\0end');
  });
});

describe('unpacked app (electron-builder --dir against a stand-in electronDist)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'ajam-pack-'));
  const stage = path.join(work, 'stage');
  const electronDist = path.join(work, 'electron-dist');
  const output = path.join(work, 'dist');
  let files: string[] = [];
  let appOutDir = '';

  beforeAll(async () => {
    // A project copy holding only what a fresh `npm ci && node scripts/build.mjs` would: package.json,
    // the lockfile, node_modules (hard links: same bytes, no copy) and the build output.
    mkdirSync(stage);
    cpSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));
    cpSync(path.join(root, 'package-lock.json'), path.join(stage, 'package-lock.json'));
    try {
      execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(stage, 'node_modules')]);
    } catch {
      cpSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), {
        recursive: true,
        verbatimSymlinks: true,
      });
    }
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--out', path.join(stage, 'out')], {
      cwd: root,
      stdio: 'pipe',
    });

    // The stand-in Electron: an executable with a fuse wire, locales, a license; no real binary.
    fakeElectronBinary(path.join(electronDist, 'electron'));
    mkdirSync(path.join(electronDist, 'resources'));
    mkdirSync(path.join(electronDist, 'locales'));
    for (const locale of ['en-US', 'es', 'es-419', 'fr', 'de', 'zh-CN'])
      writeFileSync(path.join(electronDist, 'locales', `${locale}.pak`), 'pak');
    writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');

    const { build, Platform } = require('electron-builder') as typeof BuilderModule;
    const config = await getConfig(root, null, null);
    await build({
      projectDir: stage,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      config: {
        ...config,
        electronDist,
        electronVersion: (require('electron/package.json') as { version: string }).version,
        directories: { ...(config['directories'] as object), output },
        // Absolute, so the hook is this repository's file (a relative hook path resolves from the cwd).
        afterPack: path.join(root, 'build/after-pack.cjs'),
      },
    });
    appOutDir = path.join(output, 'linux-unpacked');
    files = asar
      .listPackage(path.join(appOutDir, 'resources/app.asar'), { isPack: false })
      .map((f) => f.replaceAll('\\', '/'));
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const packages = () =>
    new Set(
      files
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) => f.split('/'))
        .map((parts) => (parts[2]?.startsWith('@') ? `${parts[2]}/${parts[3]}` : (parts[2] ?? '')))
        .filter((name) => name !== '' && !/^@[^/]+\/undefined$/.test(name)),
    );

  /** The production dependency closure, computed independently from node_modules' package.json files. */
  function productionClosure(): Set<string> {
    const seen = new Set<string>();
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const queue = Object.keys(pkg.dependencies);
    while (queue.length > 0) {
      const name = queue.pop() as string;
      if (seen.has(name)) continue;
      const manifest = path.join(root, 'node_modules', name, 'package.json');
      if (!existsSync(manifest)) continue; // optional dependency not installed on this platform
      seen.add(name);
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as {
        dependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
      };
      queue.push(...Object.keys(json.dependencies ?? {}), ...Object.keys(json.optionalDependencies ?? {}));
    }
    return seen;
  }

  it('holds main, the one-file preload, the renderer bundle and package.json', () => {
    for (const required of [
      '/package.json',
      '/out/main/main.js',
      '/out/preload/preload.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(files, required).toContain(required);
    }
    expect(files.some((f) => /^\/out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => /^\/out\/renderer\/assets\/.+\.css$/.test(f))).toBe(true);
    expect(
      files.filter(
        (f) =>
          (f.startsWith('/out/preload/') && f.endsWith('.cjs')) ||
          (f.endsWith('.js') && f.startsWith('/out/preload/')),
      ),
    ).toEqual(['/out/preload/preload.cjs']);
    const main = asar
      .extractFile(path.join(appOutDir, 'resources/app.asar'), 'out/main/main.js')
      .toString('utf8');
    expect(main).toBe(readFileSync(path.join(stage, 'out/main/main.js'), 'utf8'));
  });

  it('holds no sources, tests, maps, CLI or dev tooling', () => {
    const own = files.filter((f) => !f.startsWith('/node_modules/'));
    for (const file of own) {
      expect(file, file).toMatch(/^\/(package\.json|node_modules|out(\/(main|preload|renderer)(\/.*)?)?)$/);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /\.(ts|mts|cts|svelte)$/.test(f))).toEqual([]);
    expect(
      files.filter((f) => /^\/(electron|renderer|shared|tests|scripts|benchmarks|build|bin)\//.test(f)),
    ).toEqual([]);
  });

  it('holds the production dependencies and nothing else', () => {
    const inAsar = packages();
    const closure = productionClosure();
    expect([...inAsar].sort()).toEqual([...closure].sort());
    const dev = Object.keys(
      (
        JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
          devDependencies: Record<string, string>;
        }
      ).devDependencies,
    );
    for (const name of dev) if (!closure.has(name)) expect(inAsar.has(name), name).toBe(false);
  });

  it('flipped the fuses in the packed executable and kept only our locales', async () => {
    const wire = await wireOf(path.join(appOutDir, 'ajam-console'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLE);
    const locales = require('node:fs').readdirSync(path.join(appOutDir, 'locales')) as string[];
    expect(locales.sort()).toEqual(['en-US.pak', 'es-419.pak', 'es.pak']);
  });
});
