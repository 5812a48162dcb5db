import { describe, expect, it } from 'vitest';
import { eventName, get, getAll } from '../../shared/ami';
import { parseMxml } from '../../electron/ajam/mxml';
import { parseRawman } from '../../electron/ajam/rawman';
import { captureNames, responsesOf } from './capture';

const mxmlCaptures = captureNames().filter((n) => responsesOf(n, 'text/xml').length > 0);

describe('mxml parser on real Asterisk bodies', () => {
  it('finds the mxml captures', () => {
    expect(mxmlCaptures.length).toBeGreaterThan(10);
  });

  it.each(mxmlCaptures)('%s parses, one message per <response>', (name) => {
    for (const res of responsesOf(name, 'text/xml')) {
      const text = res.body.toString('utf8');
      const result = parseMxml(text);
      expect(result.error).toBeUndefined();
      expect(result.messages).toHaveLength((text.match(/<response /g) ?? []).length);
    }
  });

  it('folds output-2 back into repeated output keys (04l)', () => {
    const [res] = responsesOf('04l-mxml-command-uptime.http', 'text/xml');
    const [m] = parseMxml(res!.body.toString()).messages;
    expect(getAll(m!, 'Output')).toEqual(['System uptime: 42 seconds', 'Last reload: 42 seconds']);
  });

  it('unescapes attribute values (12w)', () => {
    const [res] = responsesOf('12w-mxml-special-chars-escaping.http', 'text/xml');
    const values = parseMxml(res!.body.toString()).messages.flatMap((m) => m.lines.map(([, v]) => v));
    expect(values.some((v) => /[<>&'"]/.test(v))).toBe(true);
    expect(values.some((v) => /&(lt|gt|amp|apos|quot);/.test(v))).toBe(false);
  });

  it('gives the same channels as rawman for the same list (04t vs 04v)', () => {
    const raw = parseRawman(
      responsesOf('04t-rawman-coreshowchannels-with-channels.http', 'text/plain')[0]!.body,
    );
    const xml = parseMxml(
      responsesOf('04v-mxml-coreshowchannels-with-channels.http', 'text/xml')[0]!.body.toString(),
    );
    const names = (ms: typeof raw.messages) =>
      ms.filter((m) => eventName(m) === 'CoreShowChannel').map((m) => get(m, 'Channel'));
    expect(names(xml.messages).sort()).toEqual(names(raw.messages).sort());
    expect(names(xml.messages)).toHaveLength(4);
  });

  it('reads an element renamed by ajaxobjtype (04y)', () => {
    const [res] = responsesOf('04y-mxml-ping-ajaxdest-ajaxobjtype.http', 'text/xml');
    const [m] = parseMxml(res!.body.toString()).messages;
    expect(get(m!, 'ping')).toBe('Pong');
  });

  it('reports malformed XML with its position and never throws', () => {
    const r = parseMxml("<ajax-response><response><generic a='1'></response>");
    expect(r.messages).toEqual([]);
    expect(r.error).toMatch(/line 1/);
    expect(parseMxml('Response: Success\r\n').error).toBeDefined();
    expect(parseMxml('<html><body>x</body></html>').error).toMatch(/ajax-response/);
  });

  it('gives no messages for an empty body', () => {
    expect(parseMxml('')).toEqual({ messages: [] });
  });

  it('keeps a key that merely ends in -N when no base key precedes it', () => {
    const [m] = parseMxml(
      "<ajax-response><response><generic event='X' sip-2='a' /></response></ajax-response>",
    ).messages;
    expect(get(m!, 'sip-2')).toBe('a');
  });
});
