/**
 * The server side of RFC 6455, as res_http_websocket does it: the handshake answer, and frames
 * in (masked, possibly fragmented) and out (unmasked). Pure: bytes in, frames out.
 */
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** res_http_websocket's MAXIMUM_FRAME_SIZE: a SIP message never comes near it. */
export const MAX_FRAME = 65535;

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** Sec-WebSocket-Accept for a Sec-WebSocket-Key. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key.trim() + GUID)
    .digest('base64');
}

/** The 101 answer; `protocol` is the subprotocol chosen (res_pjsip_transport_websocket's `sip`). */
export function handshakeResponse(key: string, protocol: string | null): string {
  return (
    'HTTP/1.1 101 Switching Protocols\r\n' +
    'Upgrade: websocket\r\n' +
    'Connection: Upgrade\r\n' +
    `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n` +
    (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
    '\r\n'
  );
}

export interface Frame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Buffer;
}

/**
 * Reads the frames at the start of `buf`; returns them and how many bytes they took. A frame over
 * MAX_FRAME or unmasked (a client must mask) is an error.
 */
export function readFrames(buf: Buffer): { frames: Frame[]; used: number } | { error: string } {
  const frames: Frame[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const b0 = buf[at] as number;
    const b1 = buf[at + 1] as number;
    let len = b1 & 0x7f;
    let head = 2;
    if (len === 126) {
      if (buf.length - at < 4) break;
      len = buf.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (buf.length - at < 10) break;
      const big = buf.readBigUInt64BE(at + 2);
      if (big > BigInt(MAX_FRAME)) return { error: 'frame too large' };
      len = Number(big);
      head = 10;
    }
    if (len > MAX_FRAME) return { error: 'frame too large' };
    const masked = (b1 & 0x80) !== 0;
    if (!masked) return { error: 'unmasked client frame' };
    if (buf.length - at < head + 4 + len) break;
    const mask = buf.subarray(at + head, at + head + 4);
    const payload = Buffer.alloc(len);
    const start = at + head + 4;
    for (let i = 0; i < len; i++) payload[i] = (buf[start + i] as number) ^ (mask[i & 3] as number);
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
    at = start + len;
  }
  return { frames, used: at };
}

/** One unmasked frame from the server. */
export function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.alloc(2) : len <= 0xffff ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (len < 126) head[1] = len;
  else if (len <= 0xffff) {
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

/**
 * Joins continuation frames into messages; control frames pass through at once. A message past
 * MAX_FRAME in all is 'too-big' (the connection then closes), so fragments cannot pile up.
 */
export class MessageAssembler {
  private parts: Buffer[] = [];
  private size = 0;
  private opcode = 0;

  /** The complete message this frame finishes, if any. */
  push(f: Frame): { opcode: number; payload: Buffer } | null | 'too-big' {
    if (f.opcode >= 8) return { opcode: f.opcode, payload: f.payload };
    if (f.opcode !== OPCODE.continuation) {
      this.parts = [];
      this.size = 0;
      this.opcode = f.opcode;
    }
    this.size += f.payload.length;
    if (this.size > MAX_FRAME) return 'too-big';
    this.parts.push(f.payload);
    if (!f.fin) return null;
    const payload = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    return { opcode: this.opcode, payload };
  }
}
