import { describe, expect, it } from 'vitest';
import {
  bridgeUuid,
  localDevice,
  mixMonitorId,
  parkerDialString,
  seqHex,
  uniqueid,
} from '../../electron/demo/office/names';

describe("the office's names", () => {
  it('numbers channels as Asterisk does: <system>-<epoch s>.<seq>, eight hex digits after the dash', () => {
    expect(uniqueid(1_700_000_000_999, 7)).toBe('ajamtest-1700000000.7');
    expect(seqHex(26)).toBe('0000001a');
  });

  it('gives bridges UUID-shaped ids that depend only on the seed and their order', () => {
    const id = bridgeUuid(42, 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(bridgeUuid(42, 0)).toBe(id);
    expect(bridgeUuid(42, 1)).not.toBe(id);
    expect(bridgeUuid(43, 0)).not.toBe(id);
  });

  it('prints MixMonitor ids as 12-hex-digit pointers, one datastore apart', () => {
    expect(mixMonitorId(0)).toBe('0x7f79a000cec0');
    expect(mixMonitorId(1)).toBe('0x7f79a000d000');
  });

  it("reads a channel's device and its parker's dial string from its name", () => {
    expect(localDevice('Local/100@demo-0000000a;2')).toBe('Local/100@demo');
    expect(localDevice('PJSIP/101-0000000a')).toBe('PJSIP/101-0000000a');
    expect(parkerDialString('PJSIP/101-0000000a')).toBe('PJSIP/101');
    expect(parkerDialString('Local/400@demo-00000003;1')).toBe('Local/400@demo');
  });
});
