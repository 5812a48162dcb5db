/**
 * Electron's certificate verify proc for the softphone's wss: the session's pinned certificate, from
 * the session's own host, is trusted; any other certificate or host keeps Chromium's verdict.
 * A real self-signed certificate (the TLS demo PBX's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/demo/api';
import { startDemoPbx } from '../../electron/demo/server';
import { certificateVerdict } from '../../electron/desktop/pinned-tls';

let pbx: DemoPbx;
let other: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({ tls: true, calls: 0, callsPerSecond: 0, eventsPerSecond: 0 });
  other = await startDemoPbx({ tls: true, calls: 0, callsPerSecond: 0, eventsPerSecond: 0 });
});
afterAll(async () => {
  await pbx?.close();
  await other?.close();
});

describe('the wss certificate of a pinned PBX', () => {
  it('is trusted when it is the session pin, presented by the session host', () => {
    const pem = pbx.certificatePem ?? '';
    const sha256 = pbx.fingerprint ?? '';
    const pin = { url: pbx.url, sha256 };
    expect(certificateVerdict({ hostname: '127.0.0.1', certificate: { data: pem } }, pin)).toBe(0);
    // Colons or not, any case.
    const bare = { url: pbx.url, sha256: sha256.replace(/:/g, '').toLowerCase() };
    expect(certificateVerdict({ hostname: '127.0.0.1', certificate: { data: pem } }, bare)).toBe(0);
  });

  it("keeps Chromium's verdict for another certificate, another host, no pin or garbage", () => {
    const pin = { url: pbx.url, sha256: pbx.fingerprint ?? '' };
    const otherPem = other.certificatePem ?? '';
    expect(certificateVerdict({ hostname: '127.0.0.1', certificate: { data: otherPem } }, pin)).toBe(-3);
    expect(
      certificateVerdict({ hostname: 'evil.example', certificate: { data: pbx.certificatePem ?? '' } }, pin),
    ).toBe(-3);
    expect(
      certificateVerdict(
        { hostname: '127.0.0.1', certificate: { data: pbx.certificatePem ?? '' } },
        undefined,
      ),
    ).toBe(-3);
    expect(certificateVerdict({ hostname: '127.0.0.1', certificate: { data: 'garbage' } }, pin)).toBe(-3);
  });
});
