/**
 * The Electron main process: thin glue. Policies, state and decisions live in electron/desktop,
 * electron/settings, electron/notify and electron/console; this file creates the Electron objects and
 * connects them.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Menu,
  Notification,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import {
  fail,
  type EventChannel,
  type EventPayloads,
  type SessionStatus,
  type UploadItem,
} from '../shared/ipc';
import { notice } from '../shared/notices';
import type { DemoPbx } from './demo/api';
import { demoSoftphoneAccount } from './features/softphone/account';
import { watchedWithSoftphone } from './features/softphone/notify';
import { certificateVerdict } from './desktop/pinned-tls';
import type { BoardSnapshot } from '../shared/model';
import type { PipelineFileState } from '../shared/pipeline';
import { createClient } from './ajam/client';
import { createConsole } from './console/service';
import { createUploads } from './console/uploads';
import { openPipeline } from './features/pipeline/setup';
import { TaskbarProgressBar } from './features/pipeline/taskbar';
import { createEmbeddedDemo } from './demo/embedded';
import { appMenuTemplate } from './desktop/app-menu';
import { applyStartAtLogin, startedHidden } from './desktop/login-item';
import { debuggingSwitches } from './desktop/debug-switches';
import { createMainWindow } from './desktop/main-window';
import { exportProfilesToFile, importProfilesFromFile, type ProfileFileDeps } from './desktop/profile-files';
import { Notifier } from './desktop/notifier';
import { effectiveLanguage, stringsFor, type Language } from './desktop/strings';
import type { TrayCommand } from './desktop/tray-state';
import { lockDownContents, registerAppScheme, secureSession } from './desktop/web-security';
import { wireElectronIpc } from './ipc/electron';
import { NotificationRules, type NotificationClick } from './notify/rules';
import { SecretVault, SIP_SECRETS_KEY, TURN_SECRETS_KEY } from './settings/secrets';
import { ProfilesService } from './settings/service';
import { Settings } from './settings/settings';
import { openSettingsStore } from './settings/store';
import { AppTray } from './tray';

/** Same as electron-builder.yml appId: Windows shows notifications only for a known AppUserModelID. */
const APP_ID = 'org.ajamconsole.console';
const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(here, '../preload/preload.cjs');
const RENDERER = path.join(here, '../renderer');
const log = (message: string) => console.log(`[ajam] ${message}`);
const ACTIVE_UPLOAD: ReadonlySet<UploadItem['state']> = new Set(['queued', 'sending', 'waiting-reply']);

type AnyEvent = {
  [C in EventChannel]: { readonly channel: C; readonly payload: EventPayloads[C] };
}[EventChannel];

registerAppScheme(protocol);

// An installed build refuses the switches that let a debugger in from outside (electron/desktop/
// debug-switches.ts); Electron has no fuse for them. Both languages: the settings are not read yet.
const debugging = app.isPackaged
  ? debuggingSwitches(process.argv, process.platform, (name) => app.commandLine.hasSwitch(name))
  : [];
if (debugging.length > 0) {
  const message = (['en', 'es'] as const)
    .map((language) => stringsFor(language).startup.debuggingRefused(debugging))
    .join('\n\n');
  console.error(message);
  dialog.showErrorBox('AJAM Console', message);
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // A second launch (a desktop shortcut clicked again) only brings the running console forward.
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, log));
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('AJAM Console', `Could not start: ${String(error)}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  const opened = openSettingsStore({ cwd: app.getPath('userData') });
  if (opened.quarantined) log(`settings file was unreadable; moved to ${opened.quarantined}`);
  const vault = new SecretVault(opened.store, safeStorage, process.platform);
  const sipVault = new SecretVault(opened.store, safeStorage, process.platform, SIP_SECRETS_KEY);
  const turnVault = new SecretVault(opened.store, safeStorage, process.platform, TURN_SECRETS_KEY);
  const settings = new Settings({ store: opened.store, vault, sipVault, turnVault, newId: randomUUID });
  for (const note of settings.loadNotes) log(`settings: ${note}`);

  const osLocale = app.getPreferredSystemLanguages()[0] ?? app.getLocale();
  const language = (): Language =>
    effectiveLanguage(settings.selectedProfile()?.language, settings.appSettings().language, osLocale);
  const profiles = new ProfilesService({ settings, language });

  secureSession(session.defaultSession, RENDERER, log);

  const uploadQueue = createUploads();
  // The recordings journal lives in the user data; dialogs and the file manager are Electron's.
  const pipeline = await openPipeline({
    dataDir: app.getPath('userData'),
    settings,
    log,
    host: {
      chooseFolder: async () => {
        const result = await dialog.showOpenDialog(window, {
          properties: ['openDirectory', 'createDirectory'],
        });
        return result.canceled ? undefined : result.filePaths[0];
      },
      chooseSavePath: async (defaultName) => {
        const result = await dialog.showSaveDialog(window, {
          defaultPath: path.join(app.getPath('documents'), defaultName),
          filters: [{ name: 'CSV', extensions: ['csv'] }],
        });
        return result.canceled ? undefined : result.filePath;
      },
      reveal: (file) => shell.showItemInFolder(file),
    },
  });
  let demoPbx: DemoPbx | undefined;
  const demo = createEmbeddedDemo(undefined, (started) => (demoPbx = started));
  const service = createConsole({
    createClient: (profile) => createClient(profile),
    profiles,
    uploads: uploadQueue,
    pipeline: pipeline.app,
    demo: () => demo.connectRequest(),
    // "Try the demo PBX": the softphone registers as the demo office's operator (101).
    softphone: {
      demo: () =>
        demoPbx ? demoSoftphoneAccount(demoPbx.sip) : fail('unavailable', notice('softphone.not-configured')),
    },
    log,
  });
  const ipc = wireElectronIpc({ ipcMain, router: service.router, log });
  // The softphone's wss to a PBX whose certificate the operator pinned (desktop/pinned-tls.ts).
  session.defaultSession.setCertificateVerifyProc((request, callback) =>
    callback(certificateVerdict(request, service.sessionPin())),
  );

  const window = createMainWindow({
    create: (options) => new BrowserWindow(options),
    preloadPath: PRELOAD,
    packaged: app.isPackaged,
    title: 'AJAM Console',
    backgroundColor: '#0f172a',
    workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
    store: opened.store,
    closeToTray: () => settings.appSettings().closeToTray,
    isQuitting: () => quitting,
    startHidden: startedHidden(process.argv, app.getLoginItemSettings().wasOpenedAtLogin),
  });
  ipc.addWindow(window.webContents);
  const taskbar = new TaskbarProgressBar(window);

  const showWindow = () => {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const quit = () => {
    quitting = true;
    app.quit();
  };
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // With close-to-tray off, closing the last window is quitting.
  app.on('window-all-closed', () => {
    if (!settings.appSettings().closeToTray) quit();
  });

  // Main-process listeners see the same events as a window: as one more router peer.
  let status: SessionStatus = service.status();
  const uploads = new Map<string, UploadItem['state']>();
  /** Watched-folder files on their way, by state. */
  const pipelineFiles = new Map<string, PipelineFileState>();
  const rules = new NotificationRules();
  const notifier = new Notifier({
    rules,
    config: () => ({
      watchedExtensions: watchedWithSoftphone(settings.selectedProfile()),
      doNotDisturb: settings.appSettings().doNotDisturb,
      language: language(),
    }),
    create: (options) => new Notification(options),
    supported: () => Notification.isSupported(),
    onClick: (click: NotificationClick) => {
      showWindow();
      if (click.kind === 'focus-call') service.router.emit('notify:focus', { uniqueid: click.uniqueid });
    },
  });

  const tray = new AppTray(
    (command) => void runTrayCommand(command),
    () => (window.isVisible() && window.isFocused() ? window.hide() : showWindow()),
  );
  const refresh = () => {
    const strings = stringsFor(language());
    tray.update({
      session: status.state,
      ...(status.retryInSeconds !== undefined ? { retryInSeconds: status.retryInSeconds } : {}),
      activeUploads:
        [...uploads.values()].filter((state) => ACTIVE_UPLOAD.has(state)).length +
        [...pipelineFiles.values()].filter((state) => state === 'queued' || state === 'uploading').length,
      recordings: pipeline.core.counts(),
      profiles: settings.profiles(),
      selectedProfileId: settings.selectedProfileId() ?? undefined,
      doNotDisturb: settings.appSettings().doNotDisturb,
      windowVisible: window.isVisible(),
      strings,
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          packaged: app.isPackaged,
          strings,
          onQuit: quit,
          onAbout: () => app.showAboutPanel(),
          onExportProfiles: () => void exportProfilesToFile(profileFiles()),
          onImportProfiles: () =>
            void importProfilesFromFile(profileFiles()).then(async (added) => {
              if (added > 0) service.router.emit('profiles:changed', profiles.list());
            }),
        }),
      ),
    );
  };

  const onEvent = (event: AnyEvent): void => {
    switch (event.channel) {
      case 'session:status':
        status = event.payload;
        notifier.feed({ kind: 'status', status });
        break;
      case 'board:patch':
        notifier.feed({ kind: 'board-patch', patch: event.payload });
        return;
      case 'board:snapshot':
        notifier.feed({ kind: 'board-snapshot', snapshot: event.payload });
        return;
      case 'upload:progress':
        uploads.set(event.payload.id, event.payload.state);
        notifier.feed({ kind: 'upload-progress', item: event.payload });
        break;
      case 'upload:batch':
        notifier.feed({ kind: 'upload-batch', result: event.payload });
        for (const [id, state] of uploads) if (!ACTIVE_UPLOAD.has(state)) uploads.delete(id);
        break;
      case 'pipeline:file': {
        const { id, state } = event.payload;
        // Progress comes many times a second: the tray follows state changes only.
        if (pipelineFiles.get(id) === state) return;
        pipelineFiles.set(id, state);
        // Only files still on their way are remembered: the map stays as small as the batch.
        if (state === 'done' || state === 'failed' || state === 'refused' || state === 'skipped')
          pipelineFiles.delete(id);
        break;
      }
      case 'pipeline:batch':
        taskbar.feed(event.payload);
        notifier.feed({ kind: 'pipeline-batch', batch: event.payload });
        if (!event.payload.ended) return;
        break;
      default:
        return;
    }
    refresh();
  };
  const profileFiles = (): ProfileFileDeps => ({
    settings,
    strings: stringsFor(language()),
    chooseSavePath: async (defaultName, filterName) => {
      const result = await dialog.showSaveDialog(window, {
        defaultPath: path.join(app.getPath('documents'), defaultName),
        filters: [{ name: filterName, extensions: ['json'] }],
      });
      return result.canceled ? undefined : result.filePath;
    },
    chooseOpenPath: async (filterName) => {
      const result = await dialog.showOpenDialog(window, {
        properties: ['openFile'],
        filters: [{ name: filterName, extensions: ['json'] }],
      });
      return result.canceled ? undefined : result.filePaths[0];
    },
    writeFile: (file, text) => writeFile(file, text, { mode: 0o600 }),
    readFile: (file) => readFile(file, 'utf8'),
    inform: (message, detail) =>
      void dialog.showMessageBox(window, { type: 'info', message, ...(detail ? { detail } : {}) }),
    warn: (message, detail) => void dialog.showMessageBox(window, { type: 'warning', message, detail }),
  });

  const internal = service.router.attach({
    origin: 'preload',
    send: (channel, payload) => onEvent({ channel, payload } as AnyEvent),
  });
  // The live board outlives sessions: one subscription gets every resync snapshot and patch.
  void internal.request('board:subscribe', {}).then((result) => {
    if (result.ok) notifier.feed({ kind: 'board-snapshot', snapshot: result.value as BoardSnapshot });
  });

  async function runTrayCommand(command: TrayCommand): Promise<void> {
    switch (command.kind) {
      case 'toggle-window':
        if (window.isVisible()) window.hide();
        else showWindow();
        break;
      case 'connect': {
        const profileId = settings.selectedProfileId();
        if (profileId === null) return showWindow();
        const result = await internal.request('session:connect-profile', { profileId });
        // No stored secret (no keyring) or a failure: the window asks and shows Asterisk's words.
        if (!result.ok) showWindow();
        break;
      }
      case 'disconnect':
        await internal.request('session:disconnect', {});
        break;
      case 'select-profile': {
        const wasLive = status.state !== 'idle' && status.state !== 'closed';
        const selected = await internal.request('profiles:select', { id: command.profileId });
        if (selected.ok && wasLive) {
          const result = await internal.request('session:connect-profile', { profileId: command.profileId });
          if (!result.ok) showWindow();
        }
        break;
      }
      case 'toggle-dnd': {
        const result = await internal.request('settings:set', {
          doNotDisturb: !settings.appSettings().doNotDisturb,
        });
        if (!result.ok) log(`do-not-disturb: ${result.error.message}`);
        break;
      }
      case 'quit':
        quit();
        break;
    }
    refresh();
  }

  let startAtLogin = settings.appSettings().startAtLogin;
  const applyLogin = () =>
    applyStartAtLogin(startAtLogin, {
      platform: process.platform,
      setLoginItemSettings: (value) => app.setLoginItemSettings(value),
      executable: process.env['APPIMAGE'] ?? process.execPath,
      autostartDir: path.join(
        process.env['XDG_CONFIG_HOME'] ?? path.join(app.getPath('home'), '.config'),
        'autostart',
      ),
      writeFile: (file, text) => writeFileSync(file, text, { mode: 0o644 }),
      removeFile: (file) => rmSync(file, { force: true }),
      mkdir: (dir) => mkdirSync(dir, { recursive: true }),
    });
  // Only packaged builds register themselves: a dev run would register the bare electron binary.
  if (app.isPackaged) applyLogin();
  settings.onChange(() => {
    const wanted = settings.appSettings().startAtLogin;
    if (wanted !== startAtLogin) {
      startAtLogin = wanted;
      if (app.isPackaged) applyLogin();
    }
    refresh();
  });
  window.on('show', refresh);
  window.on('hide', refresh);

  app.on('will-quit', () => {
    notifier.dispose();
    tray.destroy();
    internal.detach();
    ipc.dispose();
    void service
      .close()
      .then(() => uploadQueue.close())
      .then(() => pipeline.close())
      .then(() => demo.close());
  });
  refresh();
}
