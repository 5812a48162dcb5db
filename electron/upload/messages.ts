/**
 * What an upload failure means and what to change, written for the PBX admin who has to fix it.
 * Pure string builders; the engine picks which one applies.
 */
import { formatBytes } from './checks';

/**
 * Why a plain-http upload is refused and how to switch the PBX to https. `remote`: a host that is
 * not loopback; `unobservable`: a loopback PBX whose reads this client cannot pace (tcp-pace.ts).
 */
export function plainHttpRefusal(
  url: URL,
  sendName: string,
  size: number,
  reason: 'remote' | 'unobservable' = 'remote',
): string {
  const prefix = url.pathname.replace(/\/+$/, '');
  const why =
    reason === 'remote'
      ? "Asterisk's upload module (res_http_post) treats any read that comes back short as a failure, and over a " +
        'real network TCP delivers the upload in small packets, so files over 1 KiB fail. '
      : "Asterisk's upload module (res_http_post) treats any read that comes back short as a failure. On the same " +
        "machine this client keeps each of its writes whole by pacing them to Asterisk's reads, which needs to " +
        "see Asterisk's socket (Linux /proc/net/tcp) and cannot here; unpaced, files over 64 KiB fail often " +
        '(measured on Asterisk 22.10.1: 1 MiB 4 of 7, 10 MiB 1 of 5, 50 MiB 0 of 2). ';
  return (
    `Refusing to upload ${sendName} (${formatBytes(size)}) over plain http to ${url.host}. ` +
    why +
    'A failed try never gets a reply and leaves an Asterisk thread spinning at 100% CPU, logging "read failed", ' +
    'until Asterisk is restarted. Over https each of its reads can be sent as one TLS record, which works. ' +
    'Turn TLS on in http.conf:\n' +
    '  [general]\n' +
    '  tlsenable = yes\n' +
    `  tlsbindaddr = ${reason === 'remote' ? '0.0.0.0' : url.hostname.startsWith('[') ? url.hostname : '127.0.0.1'}:8089\n` +
    '  tlscertfile = /etc/asterisk/keys/asterisk.crt\n' +
    '  tlsprivatekey = /etc/asterisk/keys/asterisk.key\n' +
    `then run "module reload http" and set the profile URL to https://${url.hostname}:8089${prefix}. ` +
    'To try plain http anyway, turn on the override "allow risky plain-http uploads" (CLI: --allow-risky-plain-http).'
  );
}

export function permissionMessage(): string {
  return (
    'The PBX refused the upload with 401 Unauthorized: this AMI user lacks write=config, which Asterisk requires ' +
    'for post_mappings uploads. In manager.conf add "config" to the user\'s write= line (for example ' +
    '"write = system,call,config"), then run "manager reload" and log in again.'
  );
}

export function noSessionMessage(): string {
  return (
    'The PBX refused the upload with 403 Access Denied even after logging in again: it does not accept this ' +
    "manager session for uploads. Check that the profile's user can log in over AJAM (manager.conf webenabled = yes) " +
    'and that the upload URL is the same host and port as the login.'
  );
}

export function noReplyMessage(seconds: number): string {
  return (
    `No reply from the PBX within ${seconds} s after the whole file was sent, so the upload is counted as failed. ` +
    "The PBX may now have a stuck upload thread (an Asterisk res_http_post bug) spinning at 100% CPU until Asterisk is restarted; check 'core show threads' and the CPU load."
  );
}

/** What Asterisk's 400 texts (res_http_post.c) mean for this client. */
export function badRequestMessage(pbxText: string): string {
  const meaning: Record<string, string> = {
    'Cannot find boundary marker in POST request.':
      'it found no multipart boundary in Content-Type, or read a Content-Length of 2 GiB or more as negative.',
    'Invalid Content-Length in POST request!': 'it could not read the Content-Length header.',
    'There was an error parsing the request.': 'it could not parse the multipart body.',
    'There was an error parsing the request': 'the request reached a post mapping without its handler data.',
  };
  const why = meaning[pbxText] ?? 'the request was malformed.';
  return `The PBX answered 400 Bad Request ("${pbxText}"): ${why}`;
}

export function notFoundMessage(path: string, mapping: string): string {
  return (
    `The PBX has no post mapping at ${path} (404 Not Found). Check the mapping name in the profile ` +
    `(now "${mapping}") against http.conf, e.g.\n  [post_mappings]\n  ${mapping} = /var/lib/asterisk/sounds/${mapping}\n` +
    'then run "module reload http". Also check the prefix in the profile URL (http.conf prefix=).'
  );
}

export function notImplementedMessage(pbxText: string): string {
  return (
    `The PBX answered 501 Not Implemented ("${pbxText}"): the URL is served by a handler that does not accept ` +
    'uploads (POST). Check the post mapping name in the profile.'
  );
}

/** A 200 that came while the body was still going out: not Asterisk's answer to this file. */
export function earlyReplyMessage(sendName: string, sent: number, size: number, pbxText: string): string {
  return (
    `The PBX answered 200 ("${pbxText}") when only ${formatBytes(sent)} of ${formatBytes(size)} of ${sendName} ` +
    'had been sent. Asterisk answers an upload only after reading all of it, so this reply cannot mean the file ' +
    'was stored; nothing is counted as uploaded. Something between this computer and Asterisk (a proxy or ' +
    'another server on that port) may be answering instead: check the profile URL.'
  );
}

/** The file changed between the first read and the PBX's reply (still being recorded or copied). */
export function fileChangedMessage(sendName: string, sentSize: number, sizeNow: number): string {
  const what =
    sizeNow === sentSize
      ? 'it was modified'
      : `it ${sizeNow > sentSize ? 'grew' : 'shrank'} from ${formatBytes(sentSize)} to ${formatBytes(sizeNow)}`;
  return (
    `${sendName} changed while it was being uploaded (${what}). The PBX stored the ${formatBytes(sentSize)} read ` +
    'at the start, which may be cut short or mix old and new content, so it is not counted as uploaded. ' +
    'Upload it again once the recording or copy has finished.'
  );
}
