/**
 * DTMF as a softphone sends it: RFC 4733 telephone-events in RTP, or SIP INFO bodies
 * (application/dtmf-relay, application/dtmf), and the tone 601 plays (G.711 mu-law). Pure.
 */

const EVENT_DIGITS = '0123456789*#ABCD';

export interface TelephoneEvent {
  readonly digit: string;
  readonly end: boolean;
  /** In timestamp units of the RTP clock. */
  readonly duration: number;
}

/** RFC 4733 2.3: event (8 bits), E, R, volume (6 bits), duration (16 bits). */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < 4) return null;
  const digit = EVENT_DIGITS[payload[0] as number];
  if (digit === undefined) return null;
  return {
    digit,
    end: ((payload[1] as number) & 0x80) !== 0,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}

/** The digit of an INFO body: `Signal=5` (dtmf-relay) or the bare digit (application/dtmf). */
export function parseDtmfInfo(contentType: string, body: string): string | null {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  let raw: string | undefined;
  if (type === 'application/dtmf-relay') raw = /^\s*Signal\s*=\s*(\S+)/im.exec(body)?.[1];
  else if (type === 'application/dtmf') raw = body.trim();
  if (raw === undefined) return null;
  const digit = raw === '10' ? '*' : raw === '11' ? '#' : raw.toUpperCase();
  return digit.length === 1 && EVENT_DIGITS.includes(digit) ? digit : null;
}

/** Duration in ms of an INFO body (dtmf-relay's `Duration=`), else Asterisk's default 100. */
export function infoDurationMs(body: string): number {
  const m = /^\s*Duration\s*=\s*(\d+)/im.exec(body);
  return m ? Number(m[1]) : 100;
}

/** ITU-T G.711 mu-law of one 16-bit linear sample. */
export function muLaw(sample: number): number {
  const BIAS = 0x84;
  let s = Math.max(-32635, Math.min(32635, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** 20 ms (160 samples at 8 kHz) of a sine at `hz`, starting at sample `offset`, in mu-law. */
export function toneFrame(offset: number, hz = 425, amplitude = 8000): Buffer {
  const out = Buffer.alloc(160);
  for (let i = 0; i < 160; i++) {
    out[i] = muLaw(amplitude * Math.sin((2 * Math.PI * hz * (offset + i)) / 8000));
  }
  return out;
}
