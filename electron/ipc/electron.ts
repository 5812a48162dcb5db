/**
 * Electron's transport for the IPC router: one `ipcMain.handle` per contract channel, one router peer
 * per window. Before any handler runs, the sender is checked the way VS Code's ipcMain wrapper does it:
 * the message must come from the main frame of one of OUR windows, showing OUR page (app://ajam). A
 * subframe, a window we did not attach, or a page that navigated elsewhere gets a refusal, not a handler.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { REQUEST_CHANNELS, fail, type IpcResult } from '../../shared/ipc';
import { notice } from '../../shared/notices';
import { APP_ORIGIN } from '../desktop/policy';
import type { Attachment, Router } from './router';

/** What the check reads from an invoke event (a subset of IpcMainInvokeEvent, so tests can build one). */
export interface SenderEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export type SenderVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** VS Code's rule, as a pure function: our window, its top frame, our origin. */
export function checkSender(
  event: SenderEvent,
  windowIds: ReadonlySet<number>,
  origin = APP_ORIGIN,
): SenderVerdict {
  const frame = event.senderFrame;
  // A frame that navigated away or was destroyed while the message was in flight has no senderFrame.
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  if (!windowIds.has(event.sender.id)) return { ok: false, reason: 'not one of the app windows' };
  if (frame.parent !== null) return { ok: false, reason: 'a subframe, not the page itself' };
  let frameOrigin: string;
  try {
    const url = new URL(frame.url);
    // Not url.origin: Node's URL gives non-special schemes such as app:// an opaque "null" origin,
    // while Chromium (where the scheme is registered as standard) gives app://ajam.
    frameOrigin = url.host === '' ? url.protocol : `${url.protocol}//${url.host}`;
  } catch {
    return { ok: false, reason: 'a frame without a valid URL' };
  }
  if (frameOrigin !== origin) return { ok: false, reason: `a page from ${frameOrigin}` };
  return { ok: true };
}

export interface ElectronIpcOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly router: Router;
  readonly origin?: string;
  /** Refusals are logged without the payload (it may hold a secret). */
  readonly log?: (message: string) => void;
}

export interface ElectronIpc {
  /** Routes a window's messages and sends it events until it is destroyed. */
  addWindow(webContents: Pick<WebContents, 'id' | 'send' | 'isDestroyed' | 'once'>): void;
  /** Removes every handler (app quit, tests). */
  dispose(): void;
}

export function wireElectronIpc(options: ElectronIpcOptions): ElectronIpc {
  const { ipcMain, router, origin = APP_ORIGIN } = options;
  const windows = new Map<number, Attachment>();
  const windowIds = new Set<number>();

  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(
      channel,
      (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<unknown>> | IpcResult<unknown> => {
        const verdict = checkSender(event, windowIds, origin);
        const attachment = windows.get(event.sender.id);
        if (!verdict.ok || !attachment) {
          const reason = verdict.ok ? 'not attached' : verdict.reason;
          options.log?.(`Refused IPC "${channel}" from webContents ${event.sender.id}: ${reason}`);
          return fail('not-allowed', notice('ipc.not-allowed', { channel }, `it came from ${reason}`));
        }
        return attachment.request(channel, payload);
      },
    );
  }

  return {
    addWindow(webContents) {
      const id = webContents.id;
      if (windows.has(id)) return;
      const attachment = router.attach({
        origin: 'preload',
        send(channel, payload) {
          if (!webContents.isDestroyed()) webContents.send(channel, payload);
        },
      });
      windows.set(id, attachment);
      windowIds.add(id);
      webContents.once('destroyed', () => {
        windows.delete(id);
        windowIds.delete(id);
        attachment.detach();
      });
    },
    dispose() {
      for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
      for (const attachment of windows.values()) attachment.detach();
      windows.clear();
      windowIds.clear();
    },
  };
}
