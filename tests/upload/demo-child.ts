/** Child side of demo-process.ts: start the demo PBX over https, print its handle, stop on stdin EOF. */
import { startDemoPbx } from '../../electron/demo/server';

const uploadsDir = process.argv[2] || undefined;
const pbx = await startDemoPbx({ tls: true, callsPerSecond: 0, ...(uploadsDir ? { uploadsDir } : {}) });
process.stdout.write(
  `${JSON.stringify({
    url: pbx.url,
    fingerprint: pbx.fingerprint,
    certificatePem: pbx.certificatePem,
    uploadsDir: pbx.uploadsDir,
    users: pbx.users.map((u) => ({ user: u.user, secret: u.secret })),
  })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void pbx.close().then(() => process.exit(0));
});
