import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  AUTOSTART_FILE,
  applyStartAtLogin,
  autostartEntry,
  desktopExecQuote,
  startedHidden,
} from '../../electron/desktop/login-item';
import { effectiveLanguage, resolveLanguage } from '../../electron/desktop/strings';
import { tempDirs } from '../setup/temp-dirs';

const makeTempDir = tempDirs();

function deps(platform: NodeJS.Platform, dir: string) {
  return {
    platform,
    setLoginItemSettings: vi.fn(),
    executable: '/opt/AJAM Console/ajam-console',
    autostartDir: dir,
    writeFile: (file: string, text: string) => writeFileSync(file, text),
    removeFile: (file: string) => rmSync(file, { force: true }),
    mkdir: (d: string) => mkdirSync(d, { recursive: true }),
  };
}

describe('start at login', () => {
  it('uses setLoginItemSettings on Windows and macOS, starting hidden', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const d = deps(platform, '/nonexistent');
      applyStartAtLogin(true, d);
      applyStartAtLogin(false, d);
      expect(d.setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true, args: ['--hidden'] }],
        [{ openAtLogin: false, args: [] }],
      ]);
    }
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const dir = path.join(makeTempDir('ajam-autostart-'), 'autostart');
    const d = deps('linux', dir);
    applyStartAtLogin(true, d);
    const text = readFileSync(path.join(dir, AUTOSTART_FILE), 'utf8');
    expect(text).toContain('Exec="/opt/AJAM Console/ajam-console" --hidden');
    expect(text.startsWith('[Desktop Entry]\n')).toBe(true);
    applyStartAtLogin(false, d);
    expect(existsSync(path.join(dir, AUTOSTART_FILE))).toBe(false);
    expect(d.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes Exec paths per the desktop entry spec', () => {
    expect(desktopExecQuote('/a/b "c" $d\\e')).toBe('"/a/b \\"c\\" \\$d\\\\e"');
    expect(autostartEntry('/x')).toContain('Exec="/x" --hidden\n');
  });

  it('knows when it was started at login', () => {
    expect(startedHidden(['ajam', '--hidden'], false)).toBe(true);
    expect(startedHidden(['ajam'], true)).toBe(true);
    expect(startedHidden(['ajam'], false)).toBe(false);
  });
});

describe('language', () => {
  it('follows the profile, then the app setting, then the OS', () => {
    expect(resolveLanguage('system', 'es-ES')).toBe('es');
    expect(resolveLanguage('system', 'es_419')).toBe('es');
    expect(resolveLanguage('system', 'en-GB')).toBe('en');
    expect(resolveLanguage('system', 'fr-FR')).toBe('en');
    expect(resolveLanguage(undefined, 'estonian-ish')).toBe('en');
    expect(resolveLanguage('en', 'es-ES')).toBe('en');
    expect(effectiveLanguage('es', 'en', 'en-US')).toBe('es');
    expect(effectiveLanguage('system', 'es', 'en-US')).toBe('es');
    expect(effectiveLanguage(undefined, 'system', 'es-MX')).toBe('es');
  });
});
