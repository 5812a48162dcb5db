/**
 * A stored secret belongs to the server and the manager user it was typed for: the scheme, host and
 * port of the profile's URL, and its user. An edit that moves the profile elsewhere must not carry the
 * secret along, or the next connect would hand it to the new server (or send it in clear text after an
 * https → http change). Main's settings service applies it on every save; the profile editor uses the
 * same rules to say so before saving. Pure, no imports: it runs in main and renderer alike.
 */

export interface SecretOwner {
  readonly url: string;
  readonly user: string;
}

/**
 * `scheme://host:port` of a profile URL, with the default port spelled out so `https://pbx` and
 * `https://pbx:443` are the same server. Undefined for a URL that does not parse.
 */
function endpointOf(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const port =
    url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
  return `${url.protocol}//${url.hostname}:${port}`;
}

/**
 * Whether two profile URLs name the same server (scheme, host and port; the path may differ). False
 * when either does not parse. cert:trust pins a certificate into a profile only for its own server.
 */
export function sameServer(a: string, b: string): boolean {
  const first = endpointOf(a);
  return first !== undefined && first === endpointOf(b);
}

/**
 * Whether a secret stored for `before` may stay with the profile once it reads `after`. The path (the
 * http.conf prefix) may change: it is the same server. The user is compared exactly: a different user
 * is a different secret, even where Asterisk would match the name case-insensitively.
 */
export function secretStaysWith(before: SecretOwner, after: SecretOwner): boolean {
  return sameServer(before.url, after.url) && before.user === after.user;
}

/** Whether the edit turns an https profile into a plain-http one (the secret would cross in clear). */
export function downgradesToPlainHttp(beforeUrl: string, afterUrl: string): boolean {
  return (
    endpointOf(beforeUrl)?.startsWith('https:') === true && endpointOf(afterUrl)?.startsWith('http:') === true
  );
}
