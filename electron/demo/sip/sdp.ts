/**
 * The little SDP the demo needs beyond werift: loopback candidates only, the direction an offer
 * asks for (hold is a re-INVITE with sendonly or inactive, RFC 6337), and the answer to a re-offer
 * that only changes direction (same ICE and DTLS, as Asterisk answers a hold). Pure.
 */

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

const lines = (sdp: string): string[] => sdp.split(/\r?\n/).filter((l) => l !== '');
const join = (ls: readonly string[]): string => `${ls.join('\r\n')}\r\n`;

/**
 * Whether an offer is one the demo's WebRTC side can answer: audio, ICE and a DTLS fingerprint
 * (res_pjsip_sdp_rtp with webrtc=yes refuses anything else with 488).
 */
export function isWebRtcAudioOffer(sdp: string): boolean {
  const ls = lines(sdp);
  return (
    ls.some((l) => l.startsWith('m=audio ')) &&
    ls.some((l) => l.startsWith('a=ice-ufrag:')) &&
    ls.some((l) => l.startsWith('a=fingerprint:'))
  );
}

/** Only the candidates on 127.0.0.1: the demo's media never leaves the machine. */
export function loopbackOnly(sdp: string): string {
  return join(
    lines(sdp).filter((l) => {
      if (!l.startsWith('a=candidate:')) return true;
      return l.split(' ')[4] === '127.0.0.1';
    }),
  );
}

/** The audio section's direction (the session's when the section has none; sendrecv by default). */
export function audioDirection(sdp: string): Direction {
  let session: Direction | undefined;
  let media: Direction | undefined;
  let inAudio = false;
  let seenMedia = false;
  for (const l of lines(sdp)) {
    if (l.startsWith('m=')) {
      if (inAudio) break;
      seenMedia = true;
      inAudio = l.startsWith('m=audio');
      continue;
    }
    const d = DIRECTIONS.find((x) => l === `a=${x}`);
    if (!d) continue;
    if (!seenMedia) session = d;
    else if (inAudio) media = d;
  }
  return media ?? session ?? 'sendrecv';
}

/** What an answer says to an offer's direction. */
export function answerDirection(offer: Direction): Direction {
  if (offer === 'sendonly') return 'recvonly';
  if (offer === 'recvonly') return 'sendonly';
  return offer;
}

/** A softphone holds the call when it stops sending or receiving what the demo plays. */
export function isHold(offer: Direction): boolean {
  return offer === 'sendonly' || offer === 'inactive';
}

/** `sdp` (the demo's last answer) with a new direction and the o= version one higher. */
export function redirected(sdp: string, direction: Direction, version: number): string {
  return join(
    lines(sdp).map((l) => {
      if (DIRECTIONS.some((x) => l === `a=${x}`)) return `a=${direction}`;
      const o = /^o=(\S+) (\S+) \S+ (.*)$/.exec(l);
      return o ? `o=${o[1] as string} ${o[2] as string} ${version} ${o[3] as string}` : l;
    }),
  );
}

/**
 * The demo's own offer as the answer it must give to a later re-offer (hold): the DTLS role the
 * first answer settled instead of `actpass` (RFC 5763: the answerer's active makes us passive).
 */
export function settledSetup(localOffer: string, remoteAnswer: string): string {
  const remote = /^a=setup:(\w+)/m.exec(remoteAnswer)?.[1];
  const mine = remote === 'passive' ? 'active' : 'passive';
  return join(lines(localOffer).map((l) => (l === 'a=setup:actpass' ? `a=setup:${mine}` : l)));
}

/** The payload types the SDP maps to telephone-event (RFC 4733), with their clock rates. */
export function telephoneEventTypes(sdp: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const l of lines(sdp)) {
    const m = /^a=rtpmap:(\d+) telephone-event\/(\d+)/i.exec(l);
    if (m) out.set(Number(m[1]), Number(m[2]));
  }
  return out;
}
