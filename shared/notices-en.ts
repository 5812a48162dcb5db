/**
 * The English wording of every notice: the renderer's English catalog uses this table as its
 * `notices` section, and main renders `IpcError.message` (logs, CLI) from it, so English has one
 * source. Sentences are written for the person who can fix the problem, usually a PBX admin: they
 * name the setting (http.conf, manager.conf, the profile) to look at.
 */
import type {
  BadUrlProblem,
  ConferenceControlName,
  NoticeFormat,
  NoticeWordings,
  QueueControlName,
  WavFormatParams,
} from './notices';

/** 1536 -> "1.5 KiB": binary units, as Asterisk's limits are binary. */
export function formatBytesEnglish(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Main's formatting (no locale: logs and the CLI read the same everywhere). */
export const englishFormat: NoticeFormat = {
  number: (value) => String(value),
  bytes: formatBytesEnglish,
};

const orList = (classes: string): string => classes.split(',').join(' or ');

/** "44.1 kHz stereo 16-bit PCM". */
function wavFormat(p: WavFormatParams, f: NoticeFormat): string {
  const channels = p.channels === 1 ? 'mono' : p.channels === 2 ? 'stereo' : `${p.channels} channels`;
  return `${f.number(p.rate)} kHz ${channels} ${p.bits}-bit ${p.codec}`;
}

const BAD_URL_EN: Readonly<Record<BadUrlProblem, string>> = {
  empty: 'it is empty',
  unparsable: 'it cannot be parsed',
  'no-scheme': 'it has no http:// or https://',
  'not-http': 'it is not http or https',
  'no-host': 'it has no host',
  credentials: 'it must not contain a user or secret; give them separately',
  query: 'it must not have a ?query or #fragment',
};

const inQueue = (queue: string): string => (queue ? ` in ${queue}` : ' in every queue');
const QUEUE_DONE_EN: Readonly<Record<QueueControlName, (member: string, queue: string) => string>> = {
  pause: (m, q) => `${m} paused${inQueue(q)}.`,
  unpause: (m, q) => `${m} unpaused${inQueue(q)}.`,
  add: (m, q) => `${m} added to ${q}.`,
  remove: (m, q) => `${m} removed from ${q}.`,
  penalty: (m, q) => `Penalty of ${m} changed${inQueue(q)}.`,
};
const QUEUE_VERB_EN: Readonly<Record<QueueControlName, string>> = {
  pause: 'pause',
  unpause: 'unpause',
  add: 'add',
  remove: 'remove',
  penalty: 'change the penalty of',
};
const who = (target: string): string =>
  target === 'all' ? 'everyone' : target === 'participants' ? 'the participants' : target;
const CONF_DONE_EN: Readonly<Record<ConferenceControlName, (target: string, room: string) => string>> = {
  mute: (t, r) => `${who(t)} muted in room ${r}.`,
  unmute: (t, r) => `${who(t)} unmuted in room ${r}.`,
  kick: (t, r) => `${who(t)} removed from room ${r}.`,
  lock: (_t, r) => `Room ${r} locked.`,
  unlock: (_t, r) => `Room ${r} unlocked.`,
  'record-start': (_t, r) => `Recording room ${r}.`,
  'record-stop': (_t, r) => `Recording of room ${r} stopped.`,
  join: (t, r) => `${t} sent into room ${r}.`,
};
const CONF_VERB_EN: Readonly<Record<ConferenceControlName, string>> = {
  mute: 'mute',
  unmute: 'unmute',
  kick: 'remove',
  lock: 'lock',
  unlock: 'unlock',
  'record-start': 'start recording',
  'record-stop': 'stop recording',
  join: 'send the call into',
};

export const noticesEn: NoticeWordings = {
  internal: () => 'Internal error in the console.',

  'ajam.bad-url': (p) =>
    `The PBX address "${p.url}" is not a valid URL (${BAD_URL_EN[p.problem]}). Use http(s)://host:port/prefix, e.g. http://pbx:8088/asterisk (prefix from http.conf).`,
  'ajam.no-user': () => 'No AMI user given: set the manager.conf user name.',
  'ajam.dns': (p) => `The PBX host name "${p.host}" could not be resolved (DNS). Check the host in the URL.`,
  'ajam.refused': (p) =>
    `Nothing accepts connections at ${p.origin}. Is Asterisk running with http.conf enabled = yes, and do bindaddr/bindport (or tlsbindaddr for https) match this address?`,
  'ajam.unreachable': (p) =>
    `Cannot reach the PBX at ${p.origin}. Check the network path and http.conf bindaddr.`,
  'ajam.tls': (p) =>
    `The TLS connection to ${p.origin} failed. Check http.conf tlsenable/tlscertfile, or trust the PBX's certificate with a CA file or its SHA-256 fingerprint.`,
  'ajam.pin-mismatch': (p) =>
    `The certificate of ${p.origin} does not match the pinned fingerprint (expected ${p.expected}, got ${p.actual}). The PBX certificate changed, or this is not your PBX: nothing was sent.`,
  'ajam.bad-fingerprint': (p) =>
    `"${p.input}" is not a SHA-256 certificate fingerprint: expected 64 hex digits, with or without colons (openssl x509 -noout -fingerprint -sha256).`,
  'ajam.not-https': (p) => `${p.url} is not an https URL: plain http has no certificate to check.`,
  'ajam.not-found': (p) =>
    `The PBX answered 404 Not Found for ${p.url}. Either the URL prefix does not match http.conf "prefix" (usually /asterisk), or manager.conf has webenabled = no.`,
  'ajam.http': (p) =>
    `The PBX answered HTTP ${p.status} for ${p.url}, which AJAM never does: is this URL really an Asterisk http.conf server?`,
  'ajam.not-http': (p) => `The server at ${p.origin} did not answer with HTTP.`,
  'ajam.not-http-try-https': (p) =>
    `The server at ${p.origin} did not answer with HTTP: is this an https port? Use an https:// URL.`,
  'ajam.auth': (p) => `Login as "${p.user}" was refused. Check the user and its secret in manager.conf.`,
  'ajam.permission': (p) =>
    `Permission denied: user "${p.user}" needs write = ${orList(p.classes)} (or all) in manager.conf to run ${p.action}.`,
  'ajam.permission-unknown': (p) =>
    `Permission denied: user "${p.user}" lacks the write class this action needs in manager.conf to run ${p.action}.`,
  'ajam.session-expired': (p) =>
    `The AJAM session had expired, so Asterisk did not run ${p.action}. The console logged in again; ${p.action} is not repeated automatically because it is not safe to repeat: send it again if you still want it. (manager.conf httptimeout sets the session lifetime.)`,
  'ajam.session-dropped-again': (p) =>
    `The PBX dropped the session again right after a fresh login while running ${p.action}: check manager.conf httptimeout and that only one Asterisk answers at this address.`,
  'ajam.timeout': (p, f) =>
    `The PBX at ${p.origin} did not answer ${p.action} within ${f.number(p.seconds)} s. It may be overloaded, or a firewall drops the traffic.`,
  'ajam.handshake-timeout': (p, f) =>
    `The PBX at ${p.origin} did not finish the TLS handshake within ${f.number(p.seconds)} s. It may be overloaded, or a firewall drops the traffic.`,
  'ajam.connect-timeout': (p, f) =>
    `The PBX at ${p.origin} did not accept the connection within ${f.number(p.seconds)} s. It may be overloaded, or a firewall drops the traffic.`,
  'ajam.connect-timeout-https': (p, f) =>
    `The PBX at ${p.origin} did not complete the connection and TLS handshake within ${f.number(p.seconds)} s: is this port really https? (see http.conf tlsbindaddr)`,
  'ajam.action-failed': (p) => `${p.action} failed.`,
  'ajam.parse': (p) => `Could not read the PBX's answer to ${p.action}.`,
  'ajam.too-large': (p, f) =>
    `The PBX's answer to ${p.action} was larger than ${f.number(p.mebibytes)} MiB, so it was dropped unread and the board reloads from the PBX.`,
  'ajam.closed': () => 'The connection to the PBX was closed by this program.',
  'ajam.dropped-http': (p) =>
    `The PBX at ${p.origin} closed the connection before answering. If that port serves https (http.conf tlsbindaddr), use an https:// URL; otherwise Asterisk may be restarting.`,
  'ajam.dropped': (p) =>
    `The PBX at ${p.origin} closed the connection before answering. Asterisk may be restarting, or a proxy in between cut it.`,
  'ajam.talk-failed': (p) => `Cannot talk to the PBX at ${p.origin}.`,

  'ipc.unknown-channel': (p) => `Refused ${p.channel}: no such IPC channel`,
  'ipc.invalid-request': (p) => `Refused "${p.channel}": ${p.problems}`,
  'ipc.invalid-field': (p) => `Refused "${p.channel}": ${p.problems}`,
  'ipc.not-allowed': (p) => `Refused "${p.channel}": this window may not use it.`,
  'ipc.closed': () => 'The connection to the console is closed.',
  'ipc.not-files': () =>
    'Refused "upload:add": files must be dropped on the window or chosen with "Choose files"; paths and other values are not accepted.',
  'ipc.not-local-file': (p) => `Refused "upload:add": "${p.name}" is not a file on this computer.`,
  'ipc.preload-only': (p) =>
    `Refused "${p.channel}": file paths are accepted only from the app's preload, never from a web page.`,
  'ipc.bad-frame': () =>
    'Refused a bridge frame: expected JSON text {"t":"request","id":<number>,"channel":<string>,"payload":…} and nothing else.',
  'bridge.closed': () =>
    'The connection to the preview server closed. Restart `npm run preview` and reload the page.',
  'bridge.refused': () =>
    'The preview server refused this page: open the exact URL it printed (with its ?token=), at 127.0.0.1.',
  'bridge.not-connected': () => 'The preview bridge is not connected.',
  'bridge.too-large': (p, f) =>
    `${p.name} is larger than the preview's ${f.bytes(p.bytes)} limit; the desktop app has none.`,

  'console.not-connected': () => 'Not connected to a PBX: connect first.',
  'console.no-operator-listen': () =>
    'Listening to a call needs your own phone: set the operator extension (e.g. PJSIP/100) in the connection profile.',
  'console.no-operator-dial': () =>
    'Click-to-dial needs your own phone: set the operator extension (e.g. PJSIP/100) in the connection profile.',
  'console.no-profiles': () => 'Profiles and settings are kept by the desktop app; this window has none.',
  'console.uploads-unavailable': () => 'Uploads are not available here.',
  'console.demo-unavailable': () => 'The demo PBX is not available in this window.',
  'console.demo-failed': () => 'The demo PBX could not start.',
  'softphone.not-configured': () =>
    'The softphone has no SIP account for this connection: set the SIP user and password in the connection profile.',
  'softphone.no-password': (p) =>
    `The softphone of profile "${p.name}" has no SIP password that can be read on this computer: enter it again in the profile.`,
  'softphone.no-turn-credential': (p) =>
    `The TURN server ${p.server} of profile "${p.name}" has no credential that can be read on this computer: enter it again in the profile.`,
  'cert.mismatch': (p) =>
    `The server at ${p.host}:${p.port} now presents a different certificate (SHA-256 ${p.sha256}) from the one you accepted. Nothing was trusted; check with the PBX admin first.`,

  'cert.other-server': (p) =>
    `The certificate of ${p.origin} was not saved in the profile "${p.profile}": that profile connects to ${p.profileOrigin}, and a profile keeps only its own server's certificate. Nothing was trusted.`,
  'profile.unknown': (p) => `No profile with id ${p.id}.`,
  'profile.secret-needed': (p) => `Enter the secret for "${p.name}": this system cannot store it.`,
  'profile.secret-undecryptable': (p) =>
    `The secret saved for "${p.name}" can no longer be decrypted by this system (keyring reset or settings copied from another computer): enter it again.`,
  'profile.no-secret': (p) => `No secret is saved for "${p.name}": enter it to connect.`,
  'profile.invalid': () => 'The profile could not be saved.',

  'control.done.hangup': (p) => `${p.channel} hung up.`,
  'control.done.redirect': (p) => `${p.channel} transferred to ${p.exten}.`,
  'control.done.atxfer': (p) => `Attended transfer of ${p.channel} to ${p.exten} started.`,
  'control.done.park': (p) => `${p.channel} parked.`,
  'control.done.record-start': (p) => `Recording ${p.channel}.`,
  'control.done.record-stop': (p) => `Recording of ${p.channel} stopped.`,
  'control.done.listen': (p) => `Your phone will ring to listen to ${p.channel}.`,
  'control.done.whisper': (p) => `Your phone will ring to whisper to ${p.channel}.`,
  'control.done.barge': (p) => `Your phone will ring to barge into ${p.channel}.`,
  'control.done.dial': (p) => `Your phone will ring, then ${p.number} is called.`,
  'control.failed.hangup': (p) => `Could not hang up ${p.channel}.`,
  'control.failed.redirect': (p) => `Could not transfer ${p.channel} to ${p.exten}.`,
  'control.failed.atxfer': (p) => `Could not start the attended transfer of ${p.channel} to ${p.exten}.`,
  'control.failed.park': (p) => `Could not park ${p.channel}.`,
  'control.failed.record-start': (p) => `Could not start recording ${p.channel}.`,
  'control.failed.record-stop': (p) => `Could not stop recording ${p.channel}.`,
  'control.failed.listen': (p) => `Could not listen to ${p.channel}.`,
  'control.failed.whisper': (p) => `Could not whisper to ${p.channel}.`,
  'control.failed.barge': (p) => `Could not barge into ${p.channel}.`,
  'control.failed.dial': (p) => `Could not call ${p.number}.`,

  'outcome.answered': (p) => `${p.endpoint} answered`,
  'outcome.hung-up': (p) => `${p.endpoint} hung up before the call was set up`,
  'outcome.no-answer': (p) => `${p.endpoint} did not answer`,
  'outcome.busy': (p) => `${p.endpoint} is busy`,
  'outcome.declined': (p) => `${p.endpoint} declined the call`,
  'outcome.congestion': (p) => `${p.endpoint} could not be reached (congestion)`,
  'outcome.unavailable': (p) => `${p.endpoint} is unavailable`,
  'outcome.failed': (p) => `${p.endpoint} could not be called (unavailable, or no such endpoint)`,
  'outcome.no-response': (p, f) =>
    `The PBX has not said how the call to ${p.endpoint} went after ${f.number(p.seconds)} s`,

  'switchboard.queued.call': (p) => `Calling ${p.exten} from your phone…`,
  'switchboard.queued.transfer': (p) => `Transferring ${p.channel} to ${p.exten}…`,
  'switchboard.queued.atxfer': (p) => `Attended transfer of ${p.channel} to ${p.exten} started…`,
  'switchboard.queued.pickup': (p) => `Picking up the call ringing at ${p.exten} on your phone…`,
  'switchboard.queued.park': (p) => `Parking ${p.channel}…`,
  'switchboard.queued.unpark': (p) => `Taking the call parked at ${p.space} (${p.lot}) to your phone…`,
  'switchboard.done.dnd-on': (p) => `Do not disturb is on for ${p.exten}.`,
  'switchboard.done.dnd-off': (p) => `Do not disturb is off for ${p.exten}.`,
  'switchboard.done.forward': (p) => `Calls to ${p.exten} are forwarded to ${p.number}.`,
  'switchboard.done.forward-off': (p) => `Calls to ${p.exten} are no longer forwarded.`,
  'switchboard.failed.call': (p) => `Could not call ${p.exten}.`,
  'switchboard.failed.transfer': (p) => `Could not transfer ${p.channel} to ${p.exten}.`,
  'switchboard.failed.atxfer': (p) => `Could not start the attended transfer of ${p.channel} to ${p.exten}.`,
  'switchboard.failed.pickup': (p) => `Could not pick up the call ringing at ${p.exten}.`,
  'switchboard.failed.park': (p) => `Could not park ${p.channel}.`,
  'switchboard.failed.unpark': (p) => `Could not take the call parked at ${p.space} (${p.lot}).`,
  'switchboard.failed.dnd': (p) => `Could not change do not disturb for ${p.exten}.`,
  'switchboard.failed.forward': (p) => `Could not change call forwarding for ${p.exten}.`,
  'queue.done': (p) => (QUEUE_DONE_EN[p.control] ?? QUEUE_DONE_EN.pause)(p.member, p.queue),
  'queue.failed': (p) =>
    `Could not ${QUEUE_VERB_EN[p.control] ?? QUEUE_VERB_EN.pause} ${p.member}${p.queue ? ` (${p.queue})` : ''}.`,
  'conference.done': (p) => (CONF_DONE_EN[p.control] ?? CONF_DONE_EN.mute)(p.target, p.conference),
  'conference.failed': (p) =>
    `Could not ${CONF_VERB_EN[p.control] ?? CONF_VERB_EN.mute} ${p.target ? `${p.target} in ` : ''}room ${p.conference}.`,
  'switchboard.not-ringing': (p) => `Nothing is ringing at ${p.exten} now.`,
  'switchboard.not-bridged': (p) =>
    `${p.channel} is not talking to anyone: there is nobody to do an attended transfer.`,
  'switchboard.not-parked': (p) => `No call is parked at ${p.space} (${p.lot}) now.`,
  'switchboard.unknown-channel': (p) => `${p.channel} is not a call the console knows now.`,
  'switchboard.outcome.transferred': (p) => `${p.channel} was transferred to ${p.exten}.`,
  'switchboard.outcome.atxfer-done': (p) =>
    `The attended transfer of ${p.channel} to ${p.exten} is complete.`,
  'switchboard.outcome.parked': (p) => `${p.channel} is parked at ${p.space} (${p.lot}).`,
  'switchboard.outcome.transfer-failed': (p) => `The PBX did not transfer ${p.channel} to ${p.exten}.`,
  'switchboard.outcome.hung-up': (p) => `${p.channel} hung up before it was done.`,
  'switchboard.outcome.picked-up': (p) => `You took the call that was ringing at ${p.exten}.`,
  'switchboard.outcome.unparked': (p) => `You took the call parked at ${p.space} (${p.lot}).`,
  'switchboard.outcome.unconfirmed': (p, f) =>
    `The PBX accepted the request but has not reported it done after ${f.number(p.seconds)} s.`,

  'upload.not-connected': () => 'Connect to the PBX first: uploads use its session.',
  'upload.no-mapping': () =>
    'No post mapping is set for this PBX: add the [post_mappings] name from http.conf (e.g. recordings) to the connection profile.',
  'upload.unknown': (p) => `No upload with id ${p.id} in this session.`,
  'upload.not-retryable': (p) => `Upload ${p.id} cannot be retried: only failed or cancelled uploads can.`,
  'upload.not-found': (p) => `File not found: ${p.path}`,
  'upload.no-permission': (p) => `No permission to read ${p.path}`,
  'upload.unreadable': (p) => `Cannot read ${p.path}`,
  'upload.is-folder': (p) => `${p.path} is a folder; only files can be uploaded.`,
  'upload.not-regular': (p) => `${p.path} is not a regular file; only files can be uploaded.`,
  'upload.bad-name': (p) => `Cannot make a safe file name on the PBX out of "${p.name}"; rename the file.`,
  'upload.no-extension': (p) =>
    `${p.name} has no extension; Asterisk picks the format from it (for example .wav, .gsm, .ulaw, .sln16).`,
  'upload.bad-extension': (p) => `.${p.ext} is not a sound format Asterisk plays. Allowed: ${p.allowed}.`,
  'upload.extension-case': (p) =>
    `.${p.ext} is not a sound format Asterisk plays (Asterisk matches extensions case-sensitively: use .${p.lower}).`,
  'upload.empty': (p) => `${p.name} is empty.`,
  'upload.too-large': (p, f) =>
    `${p.name} is ${f.bytes(p.bytes)}: Asterisk reads the upload's Content-Length into a signed 32-bit integer, so 2 GiB and over cannot be uploaded. Split or compress the recording.`,

  'upload.renamed': (p) =>
    `Will be stored as ${p.name}: "${p.original}" has characters that are not safe in a PBX file name.`,
  'upload.already-sent': (p) =>
    `${p.name} was already sent in this session: Asterisk overwrites it without asking.`,
  'upload.not-wav': () =>
    'This is not a WAV file (no RIFF/WAVE header): Asterisk will not be able to play it.',
  'upload.wav-no-format': () =>
    'This WAV file has no readable format (fmt) chunk: Asterisk will not be able to play it.',
  'upload.wav49-rename': (p, f) =>
    `Asterisk reads .${p.ext} files as GSM-in-WAV (WAV49), but this one is ${wavFormat(p, f)}: rename it with a lower-case .${p.to} extension.`,
  'upload.wav49-convert': (p, f) =>
    `Asterisk reads .${p.ext} files as GSM-in-WAV (WAV49), but this one is ${wavFormat(p, f)}: convert it to 8 kHz mono 16-bit PCM and name it .wav.`,
  'upload.wav-unplayable': (p, f) =>
    `This WAV file is ${wavFormat(p, f)}; Asterisk plays 8 or 16 kHz mono 16-bit PCM, so it must be transcoded or it cannot be played.`,
  'upload.wav-rate': (p, f) =>
    `This file is ${wavFormat(p, f)} but Asterisk reads .${p.ext} files as ${f.number(p.kHz)} kHz: name it .${p.to} instead.`,

  'upload.failed': () => 'The upload failed.',
  'upload.plain-http-refused': (p) =>
    `Refusing to upload ${p.name} over plain http to ${p.host}: Asterisk's upload module fails on it and may hang. Use https.`,
  'upload.permission': () =>
    'The PBX refused the upload: this AMI user lacks write = config in manager.conf, which uploads need.',
  'upload.no-session': () => 'The PBX does not accept this manager session for uploads.',
  'upload.no-reply': () =>
    'No reply from the PBX after the whole file was sent: the upload is counted as failed.',
  'upload.pbx-refused': () => 'The PBX refused the upload.',
  'upload.no-mapping-on-pbx': () =>
    'The PBX has no post mapping with this name: check the profile and http.conf.',
  'upload.connect-failed': () => 'Cannot connect to the PBX to upload.',
  'upload.tls-failed': () => "The PBX's certificate was not accepted for the upload.",
  'upload.file-changed': () => 'The file changed while it was being sent.',
  'upload.file-grew': (p, f) =>
    `${p.name} grew from ${f.bytes(p.sentBytes)} to ${f.bytes(p.nowBytes)} while it was being uploaded: the PBX stored only the first ${f.bytes(p.sentBytes)}, so it is not counted as uploaded. Upload it again once the recording or copy has finished.`,
  'upload.file-modified': (p) =>
    `${p.name} was modified while it was being uploaded: the PBX may hold a mix of old and new content, so it is not counted as uploaded. Upload it again.`,
  'upload.early-reply': (p, f) =>
    `The PBX answered 200 when only ${f.bytes(p.sentBytes)} of ${f.bytes(p.totalBytes)} of ${p.name} had been sent. Asterisk answers only after reading the whole upload, so this reply does not mean the file was stored: check that the profile URL reaches Asterisk itself (not a proxy or another server).`,
  'pipeline.not-audio': (p) =>
    `${p.name} is not a .${p.ext} recording (its content is ${p.found === 'text' ? 'text' : p.found === 'unknown' ? 'not that format' : `a ${p.found.toUpperCase()} file`}), so it was not sent: the PBX would play it as noise.`,
  'pipeline.renamed': (p) =>
    p.why === 'case'
      ? `${p.original} is stored as ${p.name}: Asterisk reads the extension in lower case.`
      : p.why === 'wav-format'
        ? `${p.original} is stored as ${p.name}, the extension Asterisk plays its WAV format under.`
        : `Another file was already uploaded as ${p.original}, so this one is stored as ${p.name}.`,
  'pipeline.duplicate': (p) => `${p.name} with this very content is already on the PBX: not sent again.`,
  'pipeline.name-taken': (p) =>
    `Another file was already uploaded as ${p.name} and the profile says to skip such files: not sent (Asterisk would have replaced the earlier one).`,
  'pipeline.ask': (p) =>
    `Another file was already uploaded as ${p.name}: skip this one, replace the earlier one, or store it under a new name?`,
  'pipeline.overwrote': (p) =>
    `${p.name} replaced the file uploaded earlier under the same name, as the profile says.`,
  'pipeline.not-connected': () => 'Waiting for the connection to the PBX.',
  'pipeline.resent': (p) =>
    `${p.name} was sent again: the earlier try ended without the PBX's answer (the app stopped), and the same content under the same name replaces itself.`,
  'pipeline.move-failed': (p) => `Uploaded, but ${p.path} could not be moved to ${p.to}.`,
  'pipeline.delete-failed': (p) => `Uploaded, but ${p.path} could not be deleted.`,
  'pipeline.folder-unavailable': (p) =>
    `The watched folder ${p.path} cannot be read: check that it exists and is shared with this user.`,
  'pipeline.journal-failed': (p) =>
    `The upload journal ${p.path} cannot be written (disk full or no permission), so nothing more is sent: without it an upload could be lost or sent twice. Free space or fix the permission, then start the pipeline again.`,
  'pipeline.unavailable': () => 'The recordings pipeline is not available here.',
  'pipeline.unknown-entry': (p) => `No history entry ${p.id}.`,
  'pipeline.folder-not-chosen': (p) =>
    `Choose watched folders with the Add folder button: ${p.path} was not chosen there, so it was not saved.`,
  'pipeline.export-failed': (p) => `The history could not be written to ${p.file}.`,
};
