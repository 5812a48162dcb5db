/**
 * Serving the built renderer from app://ajam/ instead of file://: a real origin for the CSP's 'self',
 * no file:// privileges for the page, and no way to read outside the renderer folder.
 */
import { fileForPathname } from './renderer-files';
import { APP_HOST, APP_SCHEME } from './policy';

export { contentTypeFor } from './renderer-files';

/**
 * The file an app:// URL names inside `root`, or undefined when it names anything else (another host,
 * `..` after decoding, an encoded separator, a NUL). `/` is the entry page.
 */
export function resolveAppFile(root: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  return fileForPathname(root, url.pathname);
}
