import { describe, expect, it } from 'vitest';
import { dialplanOf, extensionExists, HINTS } from '../../electron/demo/office/dialplan';

describe("the office's dialplan tables", () => {
  it('finds the applications of [demo] and [from-internal] extensions, nothing for phones or other contexts', () => {
    expect(dialplanOf('demo', '100')?.map(([app]) => app)).toEqual(['Answer', 'Wait', 'Hangup']);
    expect(dialplanOf('from-internal', '200')).toBe(dialplanOf('demo', '200'));
    expect(dialplanOf('from-internal', '101')).toBeUndefined();
    expect(dialplanOf('other', '100')).toBeUndefined();
    // Object.hasOwn: a table key inherited from Object.prototype is no extension.
    expect(dialplanOf('demo', 'toString')).toBeUndefined();
  });

  it('knows the extensions Originate may dial: dialplan, phones, parking spaces', () => {
    expect(extensionExists('demo', '400')).toBe(true);
    expect(extensionExists('from-internal', '101')).toBe(true);
    expect(extensionExists('demo', '101')).toBe(false);
    expect(extensionExists('parkedcalls', '701')).toBe(true);
    expect(extensionExists('from-internal', '999')).toBe(false);
  });

  it("has a hint per phone in [from-internal] and the captures' Custom:ext100 in [demo]", () => {
    expect(HINTS.find((h) => h.exten === '101')?.context).toBe('from-internal');
    expect(HINTS.at(-1)).toMatchObject({ exten: '100', context: 'demo', app: 'Custom:ext100' });
  });
});
