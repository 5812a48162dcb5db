/** Child process for upload.bench.ts: a TLS server that discards what it gets and closes after N bytes. */
import tls from 'node:tls';
import { makeSelfSigned } from '../electron/demo/tls';

const expected = Number(process.argv[2]);
const cert = await makeSelfSigned();
const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => {
  let got = 0;
  socket.on('data', (chunk: Buffer) => {
    got += chunk.length;
    if (got >= expected) socket.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ port: (server.address() as { port: number }).port, ca: cert.certPem })}\n`,
  );
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
