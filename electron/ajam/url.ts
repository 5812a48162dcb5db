/** The profile's base URL, checked once so every later error can trust it. */
import { errors } from './errors';

export interface BaseUrl {
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: string;
  readonly origin: string;
  /** The http.conf prefix as a path without trailing slash: `/asterisk`, or `` for none. */
  readonly prefix: string;
}

export function parseBaseUrl(input: string): BaseUrl {
  const text = input.trim();
  if (text === '') throw errors.badUrl(input, 'empty');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw errors.badUrl(input, /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? 'unparsable' : 'no-scheme');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw errors.badUrl(input, 'not-http');
  }
  if (url.hostname === '') throw errors.badUrl(input, 'no-host');
  // A user:secret@ in the URL would put the secret where logs and history can see it.
  if (url.username !== '' || url.password !== '') {
    throw errors.badUrl(input.replace(/\/\/[^@/]*@/, '//***@'), 'credentials');
  }
  if (url.search !== '' || url.hash !== '') throw errors.badUrl(input, 'query');
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port,
    origin: url.origin,
    prefix: url.pathname.replace(/\/+$/, ''),
  };
}

/**
 * The URL without any `user:secret@` in it: what a window, a log or a status may show. Works on
 * text that does not parse too (a refused URL is still shown back), and leaves the rest as typed.
 */
export function maskUrl(input: string): string {
  // The authority ends at the first / ? # (or \, which WHATWG reads as / for http); the userinfo
  // ends at the last @ before that.
  return input.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i, '$1');
}
