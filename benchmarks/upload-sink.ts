/**
 * Child process for upload.bench.ts: a TLS server that takes one HTTP POST per connection, discards
 * its body, and answers the way Asterisk does once all of Content-Length has arrived (200 "File
 * successfully uploaded.", then it closes). The engine and the raw TLS write both send to it, so
 * both pay the same receiving side.
 *
 * With `--verify` it also checks the engine's invariant: the request head arrives as one TLS record
 * of its own and every body record is exactly one of the reads res_http_post will make (Node hands
 * out one 'data' chunk per record; tests/upload/tls-records.test.ts). A misaligned record is answered
 * with 400 and the record's number, so the upload fails. Verifying costs the sink CPU, so the timed
 * runs leave it off.
 *
 * Prints `{ port, ca }` as one JSON line and exits when its stdin closes.
 */
import tls from 'node:tls';
import { makeSelfSigned } from '../electron/demo/tls';
import { ReadPlan } from '../electron/upload/plan';

const verify = process.argv.includes('--verify');
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

function page(text: string): string {
  return `<html><head><title>${text}</title></head><body><h1>${text}</h1><p>${text}</p></body></html>\r\n`;
}

function reply(socket: tls.TLSSocket, status: string, text: string): void {
  const body = page(text);
  socket.end(
    `HTTP/1.1 ${status}\r\nServer: upload-sink\r\nConnection: close\r\nContent-Type: text/html\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

interface Request {
  readonly contentLength: number;
  readonly boundary: string;
}

function parseHead(head: string): Request | undefined {
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!length) return undefined;
  const boundary = /boundary=([^\r\n]*)/i.exec(head)?.[1] ?? '';
  return { contentLength: Number(length[1]), boundary };
}

function receive(socket: tls.TLSSocket): void {
  let head = Buffer.alloc(0);
  let request: Request | undefined;
  let got = 0;
  let records = 0;
  let plan: ReadPlan | undefined;
  let done = false;
  const fail = (text: string): void => {
    done = true;
    reply(socket, '400 Bad Request', text);
  };
  const body = (chunk: Buffer): void => {
    got += chunk.length;
    records++;
    if (plan) {
      const planned = plan.nextRead();
      if (chunk.length !== planned)
        return fail(`record ${records}: ${chunk.length} bytes, planned read ${planned}`);
      plan.supply(chunk);
    }
    if (got >= request!.contentLength) {
      done = true;
      reply(socket, '200 OK', 'File successfully uploaded.');
    }
  };
  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    if (request) return body(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf(HEAD_END);
    if (end < 0) return head.length > 8192 ? fail('request head too long') : undefined;
    request = parseHead(head.toString('latin1', 0, end));
    if (!request) return fail('no Content-Length');
    const rest = head.subarray(end + HEAD_END.length);
    if (verify) {
      if (rest.length > 0) return fail('the request head shares its record with body bytes');
      if (request.boundary === '') return fail('no multipart boundary');
      plan = new ReadPlan(request.boundary, request.contentLength);
    }
    if (rest.length > 0) body(rest);
  });
  socket.on('error', () => undefined);
}

const cert = await makeSelfSigned();
const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, receive);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ port: (server.address() as { port: number }).port, ca: cert.certPem })}\n`,
  );
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
