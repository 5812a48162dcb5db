// electron-builder `afterPack` hook: flips Electron's fuses in the packed executable before it is
// signed (as Signal Desktop does). Fuses are bits compiled into the binary that switch whole features
// off, so they hold even if someone edits the app's JavaScript on disk.
'use strict';

const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** builder-util's Arch enum value for arm64. */
const ARCH_ARM64 = 3;

/**
 * The fuse settings for one target platform. Embedded asar integrity is validated by Electron only on
 * macOS and Windows (electron-builder writes the hashes into Info.plist / the exe's resources there);
 * Linux has no such check, so the fuse is left as shipped.
 */
function fuseConfigFor(electronPlatformName) {
  const integritySupported = ['darwin', 'mas', 'win32'].includes(electronPlatformName);
  return {
    version: FuseVersion.V1,
    // `ELECTRON_RUN_AS_NODE=1 "AJAM Console"` would otherwise be a signed Node.js for anyone to script.
    [FuseV1Options.RunAsNode]: false,
    // Cookies (the mansession_id) are encrypted at rest with the OS key.
    [FuseV1Options.EnableCookieEncryption]: true,
    // No NODE_OPTIONS (--require some.js) and no --inspect: no code injection through the environment or a debugger.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // The app runs only from resources/app.asar, never from a loose resources/app folder dropped beside it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The renderer is served from app://, so file:// needs no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    ...(integritySupported ? { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true } : {}),
  };
}

/** The file that holds the fuse wire (fuses resolves the framework inside a .app itself). */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`after-pack: no fuse target for platform "${electronPlatformName}"`);
  }
}

async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(binary, {
    ...fuseConfigFor(context.electronPlatformName),
    // Flipping bits breaks the ad-hoc signature arm64 macOS requires to run at all; re-sign ad hoc.
    resetAdHocDarwinSignature: isMac && context.arch === ARCH_ARM64,
  });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfigFor = fuseConfigFor;
module.exports.electronBinaryPath = electronBinaryPath;
