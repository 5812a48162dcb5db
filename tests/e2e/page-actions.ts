/**
 * Things the tests do inside the page (Playwright ships each function's source there). Typed through
 * PageGlobals, since the project's tsconfig has no DOM lib.
 */
import type { JSHandle, Page } from 'playwright-core';
import type { PageGlobals } from './page-globals';

interface Dom {
  readonly document: {
    readonly activeElement: { blur?: () => void } | null;
    readonly documentElement: { lang: string; dataset: Record<string, string | undefined> };
  };
  readonly location: { readonly host: string };
  readonly DataTransfer: new () => { items: { add(file: unknown): void } };
  readonly File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
  readonly WebSocket: new (
    url: string,
    protocols: string[],
  ) => {
    onopen: (() => void) | null;
    onerror: (() => void) | null;
    onmessage: ((message: { data: unknown }) => void) | null;
    send(text: string): void;
    close(): void;
  };
}
type Globals = Dom & Omit<PageGlobals, 'document'>;

export function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as Globals).document.documentElement.lang);
}

export function htmlTheme(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (globalThis as unknown as Globals).document.documentElement.dataset['theme']);
}

export async function blurFocus(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as Globals).document.activeElement?.blur?.());
}

/** Sends raw bridge frames over a WebSocket of the page's own, and collects the responses by id. */
export function bridgeExchange(
  page: Page,
  token: string,
  frames: readonly object[],
): Promise<Record<number, unknown>> {
  return page.evaluate(
    async ({ tok, list }) => {
      const { WebSocket, location } = globalThis as unknown as Globals;
      const ws = new WebSocket(`ws://${location.host}/ipc`, ['ajam-ipc.v1', `ajam-token.${tok}`]);
      await new Promise<void>((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error('the bridge refused the connection'));
      });
      const results: Record<number, unknown> = {};
      const done = new Promise<void>((resolve) => {
        ws.onmessage = (m) => {
          const frame = JSON.parse(String(m.data)) as { t: string; id?: number; result?: unknown };
          if (frame.t === 'response' && frame.id !== undefined) results[frame.id] = frame.result;
          if (Object.keys(results).length === list.length) resolve();
        };
      });
      for (const f of list) ws.send(JSON.stringify(f));
      await done;
      ws.close();
      return results;
    },
    { tok: token, list: frames },
  );
}

/** Whether the bridge refuses a WebSocket offering this token. */
export function bridgeRefuses(page: Page, token: string): Promise<boolean> {
  return page.evaluate(
    (tok) =>
      new Promise<boolean>((resolve) => {
        const { WebSocket, location } = globalThis as unknown as Globals;
        const ws = new WebSocket(`ws://${location.host}/ipc`, ['ajam-ipc.v1', `ajam-token.${tok}`]);
        ws.onopen = () => resolve(false);
        ws.onerror = () => resolve(true);
      }),
    token,
  );
}

/** A DataTransfer holding these files, as a drag from the desktop would carry them. */
export function dataTransferOf(
  page: Page,
  files: readonly { name: string; bytes: Buffer }[],
): Promise<JSHandle> {
  return page.evaluateHandle(
    (list) => {
      const { DataTransfer, File } = globalThis as unknown as Globals;
      const dt = new DataTransfer();
      for (const f of list) {
        const bin = atob(f.base64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: 'audio/wav' }));
      }
      return dt;
    },
    files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64') })),
  );
}
