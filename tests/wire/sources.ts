/**
 * Event order across Asterisk's threads is not stable (FACTS-features: "Event order is not stable
 * between sources": ExtensionStatus vs DeviceStateChange flip in 26b/26c, PresenceStatus vs
 * PresenceStateChange in 25d, OriginateResponse vs DialEnd in 20d/23b/23h). A WaitEvent answer is
 * therefore compared as its events' bytes, each exact, and their order per source: events of one
 * source (one kind of stasis message, or one channel's own) must come in the captured order, while
 * two sources may interleave differently. Pure.
 */

/** Event kinds that independent stasis topics publish, each its own source. */
const OWN_SOURCE = new Set([
  'DeviceStateChange',
  'ExtensionStatus',
  'PresenceStatus',
  'PresenceStateChange',
  'OriginateResponse',
]);

function sourceOf(block: string): string {
  const name = /^Event: (\S+)/.exec(block)?.[1] ?? '';
  // app_queue's own devices (Queue:<q>, Queue:<q>_avail, …) change on its thread, after it heard
  // of a member's device: Queue:support_avail came before Custom:agent202 in 20d, after it in 20g.
  if (name === 'DeviceStateChange' && /\r\nDevice: Queue:/.test(block)) return `${name} app_queue`;
  if (OWN_SOURCE.has(name)) return name;
  const channel = /\r\n\w*Channel: ([^\r]*)/.exec(block)?.[1];
  return channel ? `channel ${channel}` : 'other';
}

interface Split {
  readonly head: string;
  readonly events: string[];
  readonly tail: string;
}

/** The body's blank-line separated blocks: the response head, the events, WaitEventComplete. */
function split(body: string): Split | undefined {
  const blocks = body.split('\r\n\r\n');
  const last = blocks.pop();
  if (last !== '') return undefined;
  const head = blocks.shift();
  const tail = blocks.pop();
  if (head === undefined || tail === undefined || !tail.startsWith('Event: WaitEventComplete'))
    return undefined;
  return { head, events: blocks, tail };
}

/**
 * The actual rawman WaitEvent answer with its events put in the expected order, when that order
 * only differs between sources; otherwise the actual answer unchanged (so the byte comparison that
 * follows shows the real difference).
 */
export function alignSources(actual: Buffer, expected: Buffer): Buffer {
  const a = actual.toString('latin1');
  const e = expected.toString('latin1');
  const ah = a.indexOf('\r\n\r\n');
  const eh = e.indexOf('\r\n\r\n');
  const as = split(a.slice(ah + 4));
  const es = split(e.slice(eh + 4));
  if (!as || !es || as.events.length !== es.events.length || as.events.length < 2) return actual;
  const bySource = (events: string[]): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const ev of events) m.set(sourceOf(ev), [...(m.get(sourceOf(ev)) ?? []), ev]);
    return m;
  };
  const aSources = bySource(as.events);
  const eSources = bySource(es.events);
  if (aSources.size !== eSources.size) return actual;
  // Take the actual events in the expected source sequence: the n-th event of a source stays the
  // n-th of that source; only the interleaving follows the capture.
  const next = new Map<string, number>();
  const reordered: string[] = [];
  for (const ev of es.events) {
    const source = sourceOf(ev);
    const list = aSources.get(source);
    const i = next.get(source) ?? 0;
    const item = list?.[i];
    if (item === undefined) return actual;
    reordered.push(item);
    next.set(source, i + 1);
  }
  const body = `${[as.head, ...reordered, as.tail].join('\r\n\r\n')}\r\n\r\n`;
  return Buffer.from(a.slice(0, ah + 4) + body, 'latin1');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Bridge ids and `/pbx/UUID` are random UUIDs in Asterisk: the actual ones are renamed to the
 * captured ones by order of first appearance (same count and same places, or nothing is renamed).
 */
export function alignUuids(actual: Buffer, expected: Buffer): Buffer {
  const order = (text: string): string[] => [...new Set(text.match(UUID) ?? [])];
  const a = actual.toString('latin1');
  const from = order(a);
  const to = order(expected.toString('latin1'));
  if (from.length !== to.length || from.length === 0) return actual;
  const map = new Map(from.map((u, i) => [u, to[i] as string]));
  return Buffer.from(
    a.replace(UUID, (u) => map.get(u) ?? u),
    'latin1',
  );
}

const DURATION = /(Variable: (?:ANSWEREDTIME|DIALEDTIME|RINGTIME|PROGRESSTIME)(?:_MS)?\r\nValue: )(\d+)/g;

/**
 * app_dial's times (ANSWEREDTIME, DIALEDTIME and their _MS twins) measure the client's pauses
 * between captures: like the Seconds of Status, they are durations, so the actual ones take the
 * captured values when the same variables come in the same order.
 */
export function alignDurations(actual: Buffer, expected: Buffer): Buffer {
  const names = (text: string): string[] => [...text.matchAll(DURATION)].map((m) => m[1] as string);
  const values = [...expected.toString('latin1').matchAll(DURATION)].map((m) => m[2] as string);
  const a = actual.toString('latin1');
  if (values.length === 0 || names(a).join('\n') !== names(expected.toString('latin1')).join('\n'))
    return actual;
  let i = 0;
  return Buffer.from(
    a.replace(DURATION, (_m, head: string) => `${head}${values[i++] as string}`),
    'latin1',
  );
}

/** A live answer with what the capture measured or drew at random taken from the captured one (UUIDs, durations, sources' order). */
export function alignMeasured(actual: Buffer, expected: Buffer): Buffer {
  return alignSources(alignDurations(alignUuids(actual, expected), expected), expected);
}
