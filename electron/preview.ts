/**
 * The browser preview: the built renderer over HTTP on 127.0.0.1 with the real main-process logic
 * (console service, router) behind the WebSocket bridge on the same port. DEVELOPMENT ONLY — for
 * machines without the Electron binary and for the Chromium end-to-end tests; the packaged app never
 * imports this file.
 *
 *   npm run preview -- (--demo | --url U --user N --secret S) [--port P] [--data DIR]
 *                      [--sip-user U --sip-password P [--sip-url wss://…]]
 *
 * With --sip-user (the password also from AJAM_SIP_PASSWORD) the page's softphone registers as that
 * user once connected; --sip-url defaults to the AJAM URL's `/ws` (shared/softphone.ts). With --demo
 * (or "Try the demo PBX") it registers as the demo's operator, 101.
 *
 * Profiles and settings are the desktop's own logic (Settings, ProfilesService) over a JSON file in
 * `--data DIR`, or in a private temporary folder removed at exit. There is no OS secret store under
 * Node, so no secret is ever stored and connecting with a profile asks for it, as on Linux without a
 * keyring.
 *
 * prints `Preview ready at http://127.0.0.1:P/?token=…`: the whole URL, since the per-run token is
 * what lets that one page, and no other, drive the PBX. The demo PBX (--demo, or "Try the demo PBX")
 * is the desktop app's embedded one: a living office, and an admin secret new each run, printed
 * with its URL so it can be reached by hand too.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { contentTypeFor, resolveStaticPath } from './desktop/renderer-files';
import { fileURLToPath } from 'node:url';
import { fail, type ConnectRequest, type IpcResult, type SessionStatus } from '../shared/ipc';
import { notice } from '../shared/notices';
import { deriveSipWsUrl, type SoftphoneAccount } from '../shared/softphone';
import type { SoftphoneSources } from './console/ports';
import { accountOf, demoSoftphoneAccount } from './features/softphone/account';
import type { AjamClient, Profile } from './ajam/api';
import { createClient } from './ajam/client';
import { createConsole, type Console, type ConsoleDeps } from './console/service';
import { createUploads, type Uploads } from './console/uploads';
import { openPipeline, type OpenedPipeline } from './features/pipeline/setup';
import type { PipelineHost } from './features/pipeline/app';
import type { PipelineServiceOptions } from './pipeline/service';
import type { DemoOptions, DemoPbx } from './demo/api';
import type { EmbeddedDemo } from './demo/embedded';
import type * as EmbeddedDemoModule from './demo/embedded';
import type * as DemoServerModule from './demo/server';
import { CONTENT_SECURITY_POLICY, securityHeaders } from './desktop/policy';
import { effectiveLanguage } from './desktop/strings';
import { BRIDGE_HOST, startBridgeServer, type BridgeInfo, type BridgeServer } from './ipc/bridge';
import { openJsonFileStore } from './settings/file-store';
import {
  NO_SAFE_STORAGE,
  SecretVault,
  SIP_SECRETS_KEY,
  TURN_SECRETS_KEY,
  type SafeStorageLike,
} from './settings/secrets';
import { ProfilesService } from './settings/service';
import { Settings } from './settings/settings';

/**
 * The checkout's root: the nearest folder above this module holding package.json. This module runs
 * from electron/ (tsx, tests) and bundled from out/preview/ (`npm run preview`, scripts/preview.mjs).
 */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const REPO_ROOT = repoRoot();

/**
 * The demo PBX's code, loaded on first use: with its media stack (werift) it takes longer to load
 * than all the rest of the preview, and a preview without --demo may never start it. (Bundled,
 * `npm run preview` keeps it in a chunk of its own: build-config.mjs splits the preview bundle.)
 */
interface DemoCode {
  readonly embedded: typeof EmbeddedDemoModule;
  readonly server: typeof DemoServerModule;
}
let demoCode: DemoCode | undefined;
async function loadDemoCode(): Promise<DemoCode> {
  const [embedded, server] = await Promise.all([import('./demo/embedded'), import('./demo/server')]);
  return (demoCode = { embedded, server });
}
/** A DemoPbx only exists once loadDemoCode() has run. */
function loadedDemoCode(): DemoCode {
  if (!demoCode) throw new Error('internal: the demo PBX code is not loaded');
  return demoCode;
}

/** "Try the demo PBX" without --demo: the desktop app's embedded demo, its code loaded when first asked. */
function lazyEmbeddedDemo(onStart: (pbx: DemoPbx) => void): EmbeddedDemo {
  let demo: Promise<EmbeddedDemo> | undefined;
  const load = (): Promise<EmbeddedDemo> =>
    (demo ??= loadDemoCode().then(({ embedded }) =>
      embedded.createEmbeddedDemo(embedded.embeddedDemoOptions(), onStart),
    ));
  return {
    connectRequest: async () => (await load()).connectRequest(),
    close: async () => {
      if (demo) await (await demo).close();
    },
  };
}
/** renderer/vite.config.ts builds here. */
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

export interface PreviewOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Start the demo PBX and connect to it (true, or the demo's options). */
  readonly demo?: boolean | DemoOptions;
  /** Connect to this PBX at start (ignored with `demo`). */
  readonly connect?: ConnectRequest;
  /** The built renderer (index.html and assets). */
  readonly rendererDir?: string;
  /** Replaces the real AJAM client (tests). */
  readonly createClient?: (profile: Profile) => AjamClient;
  /** Default: the real upload queue, with preview contents staged in a private temp folder. */
  readonly uploads?: Uploads;
  readonly log?: (line: string) => void;
  /** Folder of the settings file (profiles, language, theme); kept. Default: a private temp folder, removed on close. */
  readonly dataDir?: string;
  /** Locale for "system" language in main's own words (default: this process's Intl locale). */
  readonly osLocale?: string;
  /**
   * An OS secret store stand-in (tests of stored secrets). Default: none, as plain Node has none, so
   * every connect asks for the secret.
   */
  readonly safeStorage?: SafeStorageLike;
  /** The live board's size limits and reconcile timing (tests; defaults: the console's own). */
  readonly board?: Pick<ConsoleDeps, 'boardLimits' | 'reconcileTiming'>;
  /** The softphone's SIP account for this run (--sip-user/--sip-password/--sip-url). */
  readonly softphone?: PreviewSoftphone;
  /**
   * The recordings pipeline (journal in the data folder). The preview has no native dialogs: folders
   * are typed and the CSV export downloads; tests may stand in a host and tune the core.
   */
  readonly pipeline?: {
    readonly host?: PipelineHost;
    readonly core?: Omit<PipelineServiceOptions, 'journalPath'>;
  };
}

export interface PreviewSoftphone {
  readonly user: string;
  readonly password: string;
  /** Default: derived from the AJAM URL connected to. */
  readonly url?: string;
}

export interface Preview {
  /** `http://127.0.0.1:P/?token=…`. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly pbx: DemoPbx | undefined;
  readonly console: Console;
  /** The profile store behind profiles:* and settings:* (tests read what was saved). */
  readonly settings: Settings;
  /** Where the settings file lives. */
  readonly dataDir: string;
  /** The first connect's outcome (demo or --url), when one was asked. */
  readonly connected: IpcResult<SessionStatus> | undefined;
  /** The recordings pipeline behind pipeline:* (tests read its journal). */
  readonly pipeline: OpenedPipeline;
  close(): Promise<void>;
}

/** The Electron window's CSP, with the network opened to this preview's own bridge only. */
export function previewCsp(bridge: Pick<BridgeInfo, 'port'>): string {
  return CONTENT_SECURITY_POLICY.replace(
    "connect-src 'self'",
    `connect-src ws://${BRIDGE_HOST}:${bridge.port}`,
  );
}

export { resolveStaticPath };

function serveStatic(root: string) {
  return async (request: IncomingMessage, response: ServerResponse, bridge: BridgeInfo): Promise<void> => {
    const headers = {
      ...securityHeaders(),
      'Content-Security-Policy': previewCsp(bridge),
      'Cache-Control': 'no-store',
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response
        .writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Method not allowed\n');
      return;
    }
    const file = resolveStaticPath(root, request.url);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) {
      if (file?.endsWith(`${sep}favicon.ico`)) {
        // Browsers ask for it on their own; an empty answer keeps the console free of 404 noise.
        response.writeHead(204, headers).end();
        return;
      }
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const body = await readFile(file);
    response.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeFor(file),
      'Content-Length': String(body.length),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const index = await stat(join(rendererDir, 'index.html')).catch(() => undefined);
  if (!index?.isFile()) {
    throw new Error(
      `No built renderer at ${rendererDir} (index.html missing). Build it first: npx vite build --config renderer/vite.config.ts`,
    );
  }
  const log = options.log ?? (() => undefined);

  let pbx: DemoPbx | undefined;
  // "Try the demo PBX" without --demo: the desktop app's embedded demo, announced when it starts.
  let embeddedPbx: DemoPbx | undefined;
  const embedded = lazyEmbeddedDemo((started) => {
    embeddedPbx = started;
    log(demoBanner(started));
  });
  let bridge: BridgeServer | undefined;
  let console_: Console | undefined;
  let pipeline: OpenedPipeline | undefined;
  const uploads = options.uploads ?? createUploads();
  // mkdtemp makes the folder 0700: only this user reads the profiles.
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ajam-preview-settings-')));
  const removeDataDir = async (): Promise<void> => {
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const opened = openJsonFileStore({ cwd: dataDir });
    if (opened.quarantined) log(`preview: settings file was unreadable; moved to ${opened.quarantined}`);
    const vault = new SecretVault(opened.store, options.safeStorage ?? NO_SAFE_STORAGE, process.platform);
    const sipVault = new SecretVault(
      opened.store,
      options.safeStorage ?? NO_SAFE_STORAGE,
      process.platform,
      SIP_SECRETS_KEY,
    );
    const turnVault = new SecretVault(
      opened.store,
      options.safeStorage ?? NO_SAFE_STORAGE,
      process.platform,
      TURN_SECRETS_KEY,
    );
    const settings = new Settings({ store: opened.store, vault, sipVault, turnVault, newId: randomUUID });
    for (const note of settings.loadNotes) log(`preview: settings: ${note}`);
    const osLocale = options.osLocale ?? Intl.DateTimeFormat().resolvedOptions().locale;
    const profiles = new ProfilesService({
      settings,
      language: () =>
        effectiveLanguage(settings.selectedProfile()?.language, settings.appSettings().language, osLocale),
    });
    pipeline = await openPipeline({ dataDir, settings, log, ...options.pipeline });
    if (options.demo) {
      const { embedded: demoSetup, server } = await loadDemoCode();
      pbx = await server.startDemoPbx(options.demo === true ? demoSetup.embeddedDemoOptions() : options.demo);
    }
    const started = pbx;
    console_ = createConsole({
      createClient: options.createClient ?? ((profile) => createClient(profile)),
      uploads,
      profiles,
      pipeline: pipeline.app,
      // The connect screen's "Try the demo PBX": the one --demo started, else one started on demand.
      demo: started
        ? async () => loadedDemoCode().embedded.demoConnectRequest(started)
        : () => embedded.connectRequest(),
      softphone: previewSoftphoneSources(
        options,
        started,
        () => embeddedPbx,
        () => console_?.status().url,
      ),
      log,
      ...options.board,
    });
    const serve = serveStatic(rendererDir);
    bridge = await startBridgeServer({
      router: console_.router,
      ...(options.port === undefined ? {} : { port: options.port }),
      onHttpRequest: (request, response, info) => {
        serve(request, response, info).catch((error: unknown) => {
          log(`preview: serving ${request.url ?? ''} failed: ${(error as Error).message}`);
          if (!response.headersSent) response.writeHead(500).end();
          else response.destroy();
        });
      },
      log,
    });

    const request: ConnectRequest | undefined = pbx
      ? loadedDemoCode().embedded.demoConnectRequest(pbx)
      : options.connect;
    let connected: IpcResult<SessionStatus> | undefined;
    if (request) {
      // Through the router like any window, so the same schema checks apply to the command line.
      const starter = console_.router.attach({ origin: 'preload', send: () => undefined });
      connected = (await starter.request('session:connect', request)) as IpcResult<SessionStatus>;
      starter.detach();
    }

    const ready = { bridge, console: console_, pbx, uploads, pipeline };
    const running = { settings, dataDir };
    return {
      url: `${bridge.origin}/?token=${bridge.token}`,
      origin: bridge.origin,
      port: bridge.port,
      token: bridge.token,
      pbx,
      console: console_,
      settings: running.settings,
      dataDir: running.dataDir,
      connected,
      pipeline: ready.pipeline,
      async close() {
        await ready.bridge.close();
        await ready.console.close();
        await ready.uploads.close();
        await ready.pipeline.close();
        await ready.pbx?.close();
        await embedded.close();
        await removeDataDir();
      },
    };
  } catch (error) {
    await bridge?.close();
    await console_?.close();
    await uploads.close();
    await pipeline?.close();
    await pbx?.close();
    await embedded.close();
    await removeDataDir();
    throw error;
  }
}

/**
 * The softphone's account in the preview: the flags' (URL derived from the session's AJAM URL when
 * not given), else --demo's operator; "Try the demo PBX" registers as the embedded demo's operator.
 */
export function previewSoftphoneSources(
  options: Pick<PreviewOptions, 'softphone'>,
  demo: DemoPbx | undefined,
  embedded: () => DemoPbx | undefined,
  sessionUrl: () => string | undefined,
): SoftphoneSources {
  const flags = options.softphone;
  const fromDemo = (pbx: DemoPbx | undefined): IpcResult<SoftphoneAccount> =>
    pbx ? demoSoftphoneAccount(pbx.sip) : fail('unavailable', notice('softphone.not-configured'));
  return {
    demo: () => fromDemo(demo ?? embedded()),
    fixed: () => {
      if (flags) {
        const url = flags.url ?? deriveSipWsUrl(sessionUrl() ?? '');
        return accountOf(flags.user, flags.password, url);
      }
      return fromDemo(demo);
    },
  };
}

/** Where the demo PBX listens and how to log in to it by hand (its secret is new each run). */
export function demoBanner(pbx: DemoPbx): string {
  const { url, user, secret } = loadedDemoCode().embedded.demoConnectRequest(pbx);
  return `Demo PBX at ${url} (user ${user}, secret ${secret})`;
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

export type PreviewArgs =
  | { readonly kind: 'run'; readonly options: PreviewOptions }
  | { readonly kind: 'usage'; readonly message: string };

const USAGE =
  'usage: npm run preview -- (--demo | --url URL --user NAME --secret SECRET) [--port PORT] [--data DIR]' +
  ' [--sip-user USER --sip-password PASSWORD [--sip-url wss://HOST:PORT/PREFIX/ws]]';

/** Pure: argv (after the script name) -> options. The secret may also come from AJAM_SECRET. */
export function parsePreviewArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): PreviewArgs {
  const values = new Map<string, string>();
  let demo = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--demo') {
      demo = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') return { kind: 'usage', message: USAGE };
    const match = /^--(url|user|secret|port|data|sip-user|sip-password|sip-url)(?:=(.*))?$/.exec(arg);
    if (!match) return { kind: 'usage', message: `unknown argument "${arg}"\n${USAGE}` };
    const name = match[1] as string;
    const value = match[2] ?? argv[++i];
    if (value === undefined) return { kind: 'usage', message: `--${name} needs a value\n${USAGE}` };
    values.set(name, value);
  }
  let port: number | undefined;
  const portText = values.get('port');
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      return { kind: 'usage', message: `--port must be 0-65535, got "${portText}"` };
  }
  const data = values.get('data');
  if (data === '') return { kind: 'usage', message: `--data needs a folder\n${USAGE}` };
  const withPort: { -readonly [K in 'port' | 'dataDir' | 'softphone']?: PreviewOptions[K] } = {
    ...(port === undefined ? {} : { port }),
    ...(data === undefined ? {} : { dataDir: resolve(data) }),
  };
  const sipUser = values.get('sip-user');
  const sipPassword = values.get('sip-password') ?? env['AJAM_SIP_PASSWORD'];
  const sipUrl = values.get('sip-url');
  if (sipUser !== undefined && !/^[A-Za-z0-9_.+-]{1,64}$/.test(sipUser)) {
    return { kind: 'usage', message: `--sip-user is not a SIP user name: "${sipUser}"\n${USAGE}` };
  }
  // AJAM_SIP_PASSWORD alone (a shell that always exports it) is no error; --sip-password alone is.
  if (
    (sipUser !== undefined && sipPassword === undefined) ||
    (sipUser === undefined && values.has('sip-password'))
  ) {
    return {
      kind: 'usage',
      message: `--sip-user and --sip-password (or AJAM_SIP_PASSWORD) go together\n${USAGE}`,
    };
  }
  if (sipUrl !== undefined && (sipUser === undefined || !/^wss?:\/\/[^\s]+$/i.test(sipUrl))) {
    return { kind: 'usage', message: `--sip-url must be a ws:// or wss:// URL, with --sip-user\n${USAGE}` };
  }
  if (sipUser !== undefined && sipPassword !== undefined) {
    withPort.softphone = { user: sipUser, password: sipPassword, ...(sipUrl ? { url: sipUrl } : {}) };
  }
  const url = values.get('url');
  const user = values.get('user');
  const secret = values.get('secret') ?? env['AJAM_SECRET'];
  if (demo) {
    if (url || user || values.has('secret'))
      return {
        kind: 'usage',
        message: `--demo connects to the demo PBX: leave out --url/--user/--secret\n${USAGE}`,
      };
    return { kind: 'run', options: { demo: true, ...withPort } };
  }
  if (!url && !user && secret === undefined) return { kind: 'run', options: withPort };
  if (!url || !user || secret === undefined) {
    return { kind: 'usage', message: `--url, --user and --secret (or AJAM_SECRET) go together\n${USAGE}` };
  }
  return { kind: 'run', options: { connect: { url, user, secret }, ...withPort } };
}

/** The `npm run preview` command: scripts/preview.mjs calls it on the bundled module. */
export async function runPreviewCommand(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const args = parsePreviewArgs(argv, process.env);
  if (args.kind === 'usage') {
    process.stderr.write(`${args.message}\n`);
    process.exitCode = 2;
    return;
  }
  const preview = await startPreview({ ...args.options, log: (line) => process.stderr.write(`${line}\n`) });
  if (preview.pbx) process.stderr.write(`${demoBanner(preview.pbx)}\n`);
  process.stderr.write(`Profiles and settings in ${preview.dataDir}\n`);
  if (preview.connected && !preview.connected.ok) {
    process.stderr.write(`Could not connect: ${preview.connected.error.message}\n`);
  }
  process.stdout.write(`Preview ready at ${preview.url}\n`);
  const stop = (): void => {
    void preview.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runPreviewCommand().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
