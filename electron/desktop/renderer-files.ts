/**
 * The built renderer's files as a server hands them out, for app:// (desktop/app-protocol.ts) and
 * the browser preview's HTTP (preview.ts): which file a request path names, never one outside the
 * renderer folder, and the Content-Type to send it with.
 */
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A URL's pathname (still percent-encoded, dot segments already folded by the URL parser) -> the
 * file it names inside `root`, or undefined when it names anything else: `..` after decoding, an
 * encoded separator, a NUL, a broken escape, the folder itself. `/` is the entry page.
 */
export function fileForPathname(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${decoded}`);
  const inside = base.endsWith(path.sep) ? base : base + path.sep;
  return file.startsWith(inside) && file !== base ? file : undefined;
}

/** An HTTP request target (`/path?query`) -> the file it names inside `root`, as fileForPathname. */
export function resolveStaticPath(root: string, requestUrl: string | undefined): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(requestUrl ?? '/', 'http://preview.invalid').pathname;
  } catch {
    return undefined;
  }
  return fileForPathname(root, pathname);
}
