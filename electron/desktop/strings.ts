/**
 * The main process's own words: tray, app menu, native notifications and dialogs. The renderer has its
 * own catalogue (renderer/src/i18n); these are the texts the OS shows outside the window, so they follow
 * the same language choice (the profile's language, else the OS locale).
 */

export type Language = 'en' | 'es';
export type LanguagePreference = Language | 'system';

/** Spanish for any `es`, `es-ES`, `es_419`…; English for everything else, since those are the two we ship. */
export function resolveLanguage(preference: LanguagePreference | undefined, osLocale: string): Language {
  if (preference === 'en' || preference === 'es') return preference;
  return /^es(?:[-_]|$)/i.test(osLocale.trim()) ? 'es' : 'en';
}

/** The profile's choice wins, then the app setting, then the OS locale. */
export function effectiveLanguage(
  profile: LanguagePreference | undefined,
  app: LanguagePreference | undefined,
  osLocale: string,
): Language {
  if (profile === 'en' || profile === 'es') return profile;
  return resolveLanguage(app, osLocale);
}

export interface Strings {
  appName: string;
  tray: {
    connected: (profile: string) => string;
    reconnecting: (profile: string, seconds: number | undefined) => string;
    offline: (profile: string | undefined) => string;
    connecting: (profile: string) => string;
    uploading: (count: number) => string;
    /** The recordings pipeline's journal: what is waiting, failed and done. */
    recordings: (counts: { waiting: number; failed: number; done: number }) => string;
    showWindow: string;
    hideWindow: string;
    connect: string;
    disconnect: string;
    switchProfile: string;
    noProfiles: string;
    doNotDisturb: string;
    quit: string;
  };
  menu: {
    file: string;
    exportProfiles: string;
    importProfiles: string;
    exportDone: (count: number, file: string) => string;
    importDone: (count: number) => string;
    importFailed: string;
    profileFiles: string;
    edit: string;
    view: string;
    window: string;
    help: string;
    about: string;
    quit: string;
    hide: string;
    hideOthers: string;
    unhide: string;
    undo: string;
    redo: string;
    cut: string;
    copy: string;
    paste: string;
    selectAll: string;
    reload: string;
    devTools: string;
    resetZoom: string;
    zoomIn: string;
    zoomOut: string;
    fullScreen: string;
    minimize: string;
    close: string;
  };
  notify: {
    ringingTitle: (extension: string) => string;
    ringingBody: (caller: string) => string;
    unknownCaller: string;
    ringingGroupTitle: (count: number) => string;
    ringingGroupBody: (extensions: readonly string[], more: number) => string;
    lostTitle: string;
    lostBody: (url: string, seconds: number | undefined, reason: string | undefined) => string;
    backTitle: string;
    backBody: (url: string, downSeconds: number) => string;
    uploadTitle: (uploaded: number, failed: number) => string;
    uploadBody: (uploaded: number, failed: number, failedNames: readonly string[]) => string;
    /** One per batch of watched-folder recordings. */
    recordingsTitle: (done: number, failed: number) => string;
    recordingsBody: (done: number, failed: number, skipped: number) => string;
  };
  startup: {
    /** A packaged build was started with a switch that lets a debugger in from outside. */
    debuggingRefused: (switches: readonly string[]) => string;
  };
  secrets: {
    unavailable: string;
    basicText: string;
  };
}

function listNames(names: readonly string[], max: number, and: string): string {
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} ${and} ${rest}` : shown.join(', ');
}

const en: Strings = {
  appName: 'AJAM Console',
  tray: {
    connected: (p) => `AJAM Console — connected to ${p}`,
    reconnecting: (p, s) =>
      `AJAM Console — connection to ${p} lost, ${s === undefined ? 'retrying' : `retrying in ${s} s`}`,
    offline: (p) => (p ? `AJAM Console — offline (${p})` : 'AJAM Console — offline'),
    connecting: (p) => `AJAM Console — connecting to ${p}…`,
    uploading: (n) => (n === 1 ? 'uploading 1 file' : `uploading ${n} files`),
    recordings: (c) => `recordings: ${c.waiting} waiting, ${c.failed} failed, ${c.done} uploaded`,
    showWindow: 'Show window',
    hideWindow: 'Hide window',
    connect: 'Connect',
    disconnect: 'Disconnect',
    switchProfile: 'Switch profile',
    noProfiles: 'No profiles yet',
    doNotDisturb: 'Do not disturb',
    quit: 'Quit AJAM Console',
  },
  menu: {
    file: 'File',
    exportProfiles: 'Export profiles…',
    importProfiles: 'Import profiles…',
    exportDone: (n, file) =>
      `${n === 1 ? '1 profile' : `${n} profiles`} exported to ${file} (without secrets).`,
    importDone: (n) =>
      `${n === 1 ? '1 profile' : `${n} profiles`} imported. Enter each secret when you first connect.`,
    importFailed: 'The profiles could not be imported',
    profileFiles: 'AJAM Console profiles',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About AJAM Console',
    quit: 'Quit',
    hide: 'Hide AJAM Console',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    reload: 'Reload',
    devTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Toggle Full Screen',
    minimize: 'Minimize',
    close: 'Close Window',
  },
  notify: {
    ringingTitle: (ext) => `Ringing on ${ext}`,
    ringingBody: (caller) => `From ${caller}`,
    unknownCaller: 'unknown caller',
    ringingGroupTitle: (n) => `${n} calls ringing`,
    ringingGroupBody: (exts, more) =>
      `On ${listNames(exts, 5, 'and')}${more > 0 ? ` (+${more} more since the last alert)` : ''}`,
    lostTitle: 'Connection to the PBX lost',
    lostBody: (url, s, reason) =>
      `${url}${reason ? `: ${reason}` : ''}. ${s === undefined ? 'Retrying.' : `Retrying in ${s} s.`}`,
    backTitle: 'Connection to the PBX is back',
    backBody: (url, down) => `${url}, after ${down} s offline. The board has been refreshed.`,
    uploadTitle: (ok, failed) =>
      failed === 0
        ? `${ok === 1 ? '1 recording' : `${ok} recordings`} uploaded`
        : `Upload finished: ${ok} uploaded, ${failed} failed`,
    uploadBody: (ok, failed, names) =>
      failed === 0
        ? 'All files were accepted by the PBX.'
        : `Failed: ${listNames(names, 3, 'and')}. Open the upload panel for the reasons.`,
    recordingsTitle: (done, failed) =>
      failed === 0
        ? `Watched folder: ${done === 1 ? '1 recording' : `${done} recordings`} uploaded`
        : `Watched folder: ${done} uploaded, ${failed} failed`,
    recordingsBody: (done, failed, skipped) =>
      [
        failed > 0 ? 'Open History for the reasons and to retry.' : 'Every recording is on the PBX.',
        skipped > 0 ? `${skipped} not sent (already there).` : '',
      ]
        .filter((part) => part !== '')
        .join(' '),
  },
  startup: {
    debuggingRefused: (switches) =>
      `AJAM Console will not start with ${switches.map((name) => `--${name}`).join(' or ')}: that switch lets any program on this computer control the console and its PBX session. Start it without the switch.`,
  },
  secrets: {
    unavailable:
      'This system offers no protected storage for passwords (no keyring), so the secret is not saved: you will be asked for it at each connect.',
    basicText:
      'Your desktop has no keyring running (Electron would fall back to storing passwords in plain text), so the secret is not saved: you will be asked for it at each connect. Installing and unlocking a keyring (GNOME Keyring or KWallet) fixes this.',
  },
};

const es: Strings = {
  appName: 'AJAM Console',
  tray: {
    connected: (p) => `AJAM Console — conectado a ${p}`,
    reconnecting: (p, s) =>
      `AJAM Console — conexión con ${p} perdida, ${s === undefined ? 'reintentando' : `reintento en ${s} s`}`,
    offline: (p) => (p ? `AJAM Console — sin conexión (${p})` : 'AJAM Console — sin conexión'),
    connecting: (p) => `AJAM Console — conectando con ${p}…`,
    uploading: (n) => (n === 1 ? 'subiendo 1 archivo' : `subiendo ${n} archivos`),
    recordings: (c) => `grabaciones: ${c.waiting} en espera, ${c.failed} fallidas, ${c.done} subidas`,
    showWindow: 'Mostrar ventana',
    hideWindow: 'Ocultar ventana',
    connect: 'Conectar',
    disconnect: 'Desconectar',
    switchProfile: 'Cambiar de perfil',
    noProfiles: 'Todavía no hay perfiles',
    doNotDisturb: 'No molestar',
    quit: 'Salir de AJAM Console',
  },
  menu: {
    file: 'Archivo',
    exportProfiles: 'Exportar perfiles…',
    importProfiles: 'Importar perfiles…',
    exportDone: (n, file) =>
      `${n === 1 ? '1 perfil exportado' : `${n} perfiles exportados`} a ${file} (sin secretos).`,
    importDone: (n) =>
      `${n === 1 ? '1 perfil importado' : `${n} perfiles importados`}. Introduzca cada secreto al conectar por primera vez.`,
    importFailed: 'No se pudieron importar los perfiles',
    profileFiles: 'Perfiles de AJAM Console',
    edit: 'Edición',
    view: 'Ver',
    window: 'Ventana',
    help: 'Ayuda',
    about: 'Acerca de AJAM Console',
    quit: 'Salir',
    hide: 'Ocultar AJAM Console',
    hideOthers: 'Ocultar otros',
    unhide: 'Mostrar todo',
    undo: 'Deshacer',
    redo: 'Rehacer',
    cut: 'Cortar',
    copy: 'Copiar',
    paste: 'Pegar',
    selectAll: 'Seleccionar todo',
    reload: 'Recargar',
    devTools: 'Herramientas de desarrollo',
    resetZoom: 'Tamaño real',
    zoomIn: 'Ampliar',
    zoomOut: 'Reducir',
    fullScreen: 'Pantalla completa',
    minimize: 'Minimizar',
    close: 'Cerrar ventana',
  },
  notify: {
    ringingTitle: (ext) => `Llamada entrante en ${ext}`,
    ringingBody: (caller) => `De ${caller}`,
    unknownCaller: 'número desconocido',
    ringingGroupTitle: (n) => `${n} llamadas sonando`,
    ringingGroupBody: (exts, more) =>
      `En ${listNames(exts, 5, 'y')}${more > 0 ? ` (+${more} más desde el último aviso)` : ''}`,
    lostTitle: 'Conexión con la centralita perdida',
    lostBody: (url, s, reason) =>
      `${url}${reason ? `: ${reason}` : ''}. ${s === undefined ? 'Reintentando.' : `Reintento en ${s} s.`}`,
    backTitle: 'Conexión con la centralita restablecida',
    backBody: (url, down) => `${url}, tras ${down} s sin conexión. El panel se ha actualizado.`,
    uploadTitle: (ok, failed) =>
      failed === 0
        ? `${ok === 1 ? '1 grabación subida' : `${ok} grabaciones subidas`}`
        : `Subida terminada: ${ok} subidas, ${failed} fallidas`,
    uploadBody: (ok, failed, names) =>
      failed === 0
        ? 'La centralita aceptó todos los archivos.'
        : `Fallaron: ${listNames(names, 3, 'y')}. Abra el panel de subidas para ver los motivos.`,
    recordingsTitle: (done, failed) =>
      failed === 0
        ? `Carpeta vigilada: ${done === 1 ? '1 grabación subida' : `${done} grabaciones subidas`}`
        : `Carpeta vigilada: ${done} subidas, ${failed} fallidas`,
    recordingsBody: (done, failed, skipped) =>
      [
        failed > 0
          ? 'Abra el Historial para ver los motivos y reintentar.'
          : 'Todas las grabaciones están en la centralita.',
        skipped > 0 ? `${skipped} sin enviar (ya estaban).` : '',
      ]
        .filter((part) => part !== '')
        .join(' '),
  },
  startup: {
    debuggingRefused: (switches) =>
      `AJAM Console no arranca con ${switches.map((name) => `--${name}`).join(' ni ')}: esa opción permite a cualquier programa de este equipo controlar la consola y su sesión con la centralita. Ábrala sin esa opción.`,
  },
  secrets: {
    unavailable:
      'Este sistema no ofrece almacenamiento protegido para contraseñas (no hay llavero), así que el secreto no se guarda: se le pedirá en cada conexión.',
    basicText:
      'Su escritorio no tiene un llavero en marcha (Electron guardaría las contraseñas en texto plano), así que el secreto no se guarda: se le pedirá en cada conexión. Instalar y desbloquear un llavero (GNOME Keyring o KWallet) lo soluciona.',
  },
};

const catalogue: Readonly<Record<Language, Strings>> = { en, es };

export function stringsFor(language: Language): Strings {
  return catalogue[language];
}
