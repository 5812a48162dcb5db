/**
 * Events as a real Asterisk 22.10.1 sent them (the rawman captures in ../shared/asterisk-wire, see
 * tests/wire/capture.ts for where that folder is looked for): benches that need thousands of
 * channels scale these up by giving each copy its own channel, ids and numbers, so the field set,
 * order and values the reducers read are Asterisk's, not a guess.
 */
import { readdirSync } from 'node:fs';
import { eventName, get, makeMessage, type AmiMessage } from '../../shared/ami';
import { captureEvents } from '../../tests/switchboard/captures';
import { CAPTURE_DIR } from '../../tests/wire/capture';

export type Fields = ReadonlyArray<readonly [string, string]>;

/** Every event in every rawman capture, in file and wire order. */
export function capturedEvents(): AmiMessage[] {
  return readdirSync(CAPTURE_DIR)
    .filter((f) => f.includes('-rawman-') && f.endsWith('.http'))
    .sort()
    .flatMap((f) => captureEvents(f));
}

/**
 * For each event name, its fullest captured instance (most fields: e.g. a DialBegin with a caller
 * channel as well as a destination), which a scaled-up stream uses as its template. Real-time events
 * and list items (the answer to an action, with its ActionID) are kept apart: their shapes differ.
 */
export function capturedTemplates(kind: 'events' | 'list items' = 'events'): ReadonlyMap<string, AmiMessage> {
  const out = new Map<string, AmiMessage>();
  for (const event of capturedEvents()) {
    const name = eventName(event);
    if (name === undefined || (get(event, 'ActionID') !== undefined) !== (kind === 'list items')) continue;
    const kept = out.get(name);
    if (!kept || event.lines.length > kept.lines.length) out.set(name, event);
  }
  return out;
}

/**
 * A copy of `template` with some values replaced (keys matched case-insensitively, in the template's
 * order); a key the template lacks is added at the end.
 */
export function like(template: AmiMessage, values: Fields): AmiMessage {
  const wanted = new Map(values.map(([k, v]) => [k.toLowerCase(), v] as const));
  const lines: Array<readonly [string, string]> = template.lines.map(([k, v]) => {
    const key = k.toLowerCase();
    const value = wanted.get(key);
    if (value === undefined) return [k, v] as const;
    wanted.delete(key);
    return [k, value] as const;
  });
  for (const [k, v] of values) if (wanted.has(k.toLowerCase())) lines.push([k, v]);
  return makeMessage(lines);
}

/** `like` for the named event's captured template; a name no capture holds is an error, not a guess. */
export function eventLike(
  templates: ReadonlyMap<string, AmiMessage>,
  name: string,
  values: Fields,
): AmiMessage {
  const template = templates.get(name);
  if (!template) throw new Error(`no captured ${name} event to model the bench's on`);
  return like(template, values);
}
