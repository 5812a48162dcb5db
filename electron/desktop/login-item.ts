/**
 * Start at login. Windows and macOS have app.setLoginItemSettings; Linux has no such API in Electron,
 * so there the freedesktop way is used: a .desktop file in ~/.config/autostart. Started at login, the
 * app opens hidden in the tray (`--hidden`): the operator did not ask for a window just by logging in.
 */
import type { Settings as LoginItemSettings } from 'electron';

export const HIDDEN_FLAG = '--hidden';
export const AUTOSTART_FILE = 'ajam-console.desktop';

export interface LoginItemDeps {
  readonly platform: NodeJS.Platform;
  readonly setLoginItemSettings: (settings: LoginItemSettings) => void;
  /** The executable to start: process.execPath, or $APPIMAGE when running from an AppImage. */
  readonly executable: string;
  /** ~/.config/autostart (XDG_CONFIG_HOME/autostart). */
  readonly autostartDir: string;
  readonly writeFile: (file: string, text: string) => void;
  readonly removeFile: (file: string) => void;
  readonly mkdir: (dir: string) => void;
}

/** Quotes a path for a .desktop Exec line (the spec's double-quote rules). */
export function desktopExecQuote(value: string): string {
  return `"${value.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=AJAM Console',
    'Comment=Operator console for the Asterisk PBX',
    `Exec=${desktopExecQuote(executable)} ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): void {
  if (deps.platform === 'linux') {
    const file = `${deps.autostartDir.replace(/\/+$/, '')}/${AUTOSTART_FILE}`;
    if (enabled) {
      deps.mkdir(deps.autostartDir);
      deps.writeFile(file, autostartEntry(deps.executable));
    } else {
      deps.removeFile(file);
    }
    return;
  }
  deps.setLoginItemSettings({ openAtLogin: enabled, args: enabled ? [HIDDEN_FLAG] : [] });
}

/** Whether this run was started by the login item (then the window stays hidden in the tray). */
export function startedHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_FLAG) || wasOpenedAtLogin;
}
