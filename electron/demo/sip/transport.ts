/**
 * res_pjsip_transport_websocket on the demo's HTTP connection: the upgrade of `GET /asterisk/ws`
 * (subprotocol `sip`), then text frames in and out until either side closes. The socket and its
 * read stream are the HTTP server's; this only takes them over.
 */
import type { Socket } from 'node:net';
import type { HttpRequest } from '../http';
import { getHeader } from '../http';
import type { IoStream } from '../iostream';
import type { SipLink, SipService } from './service';
import { frame, handshakeResponse, MessageAssembler, OPCODE, readFrames } from './websocket';

/** Close code 1009, message too big (RFC 6455 7.4.1). */
const CLOSE_TOO_BIG = Buffer.from([0x03, 0xf1]);

/** Why an upgrade request is refused (the 400/426 text), or null when it may go on. */
export function upgradeRefusal(request: HttpRequest): string | null {
  if (request.method !== 'GET') return 'WebSocket upgrade needs GET';
  if ((getHeader(request.headers, 'Upgrade') ?? '').toLowerCase() !== 'websocket')
    return 'Not a WebSocket upgrade';
  if (!getHeader(request.headers, 'Sec-WebSocket-Key')) return 'Missing Sec-WebSocket-Key';
  if (getHeader(request.headers, 'Sec-WebSocket-Version')?.trim() !== '13')
    return 'Unsupported WebSocket version';
  const protocols = (getHeader(request.headers, 'Sec-WebSocket-Protocol') ?? '')
    .split(',')
    .map((p) => p.trim());
  if (!protocols.includes('sip')) return 'No supported WebSocket protocol';
  return null;
}

/** Answers the upgrade and serves SIP over it; resolves when the WebSocket is closed. */
export async function serveSipWebSocket(
  socket: Socket,
  io: IoStream,
  request: HttpRequest,
  service: SipService,
): Promise<void> {
  const key = getHeader(request.headers, 'Sec-WebSocket-Key') ?? '';
  socket.write(handshakeResponse(key, 'sip'));
  let closed = false;
  const link: SipLink = {
    send(text) {
      if (!closed && !socket.destroyed) socket.write(frame(OPCODE.text, Buffer.from(text, 'utf8')));
    },
    get closed() {
      return closed || socket.destroyed;
    },
  };
  const assembler = new MessageAssembler();
  let pending: Buffer = Buffer.alloc(0);
  try {
    while (!closed && !socket.destroyed) {
      const chunk = await io.read(65536);
      if (chunk.length === 0) break;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const got = readFrames(pending);
      if ('error' in got) {
        socket.write(frame(OPCODE.close, CLOSE_TOO_BIG));
        break;
      }
      pending = pending.subarray(got.used);
      for (const f of got.frames) {
        const message = assembler.push(f);
        if (message === 'too-big') {
          socket.write(frame(OPCODE.close, CLOSE_TOO_BIG));
          closed = true;
          break;
        }
        if (!message) continue;
        if (message.opcode === OPCODE.close) {
          socket.write(frame(OPCODE.close, message.payload.subarray(0, 2)));
          closed = true;
          break;
        }
        if (message.opcode === OPCODE.ping) socket.write(frame(OPCODE.pong, message.payload));
        else if (message.opcode === OPCODE.text || message.opcode === OPCODE.binary) {
          service.receive(link, message.payload.toString('utf8'));
        }
      }
    }
  } finally {
    closed = true;
    service.linkClosed(link);
    socket.end();
  }
}
