/**
 * What one parsed AMI message looks like, whether it came as rawman (`Key: Value` lines) or mxml
 * (`<generic key='value'/>`). Both parsers produce this shape so nothing above them cares which
 * format the PBX spoke.
 */
export interface AmiMessage {
  /**
   * Every `Key: Value` line in wire order, key as sent. Repeated keys (Command's `Output:` lines,
   * `ChanVariable:`) all stay here; mxml's `output-2` suffixes are folded back to `output`.
   */
  readonly lines: ReadonlyArray<readonly [key: string, value: string]>;
  /** Lower-cased key -> first value: what `get()` reads. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A message with an `Event:` header (see `isEvent`). */
export type AmiEvent = AmiMessage;

/**
 * AMI repeats a few dozen key names in every message; remembering their lower-case forms saves
 * allocating a new string per line on the hot event path. Bounded so a hostile body cannot grow it.
 */
const lowerCache = new Map<string, string>();
const LOWER_CACHE_MAX = 4096;

function lower(key: string): string {
  let k = lowerCache.get(key);
  if (k === undefined) {
    k = key.toLowerCase();
    if (lowerCache.size < LOWER_CACHE_MAX) lowerCache.set(key, k);
  }
  return k;
}

export function makeMessage(lines: ReadonlyArray<readonly [string, string]>): AmiMessage {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as readonly [string, string];
    const k = lower(line[0]);
    if (fields[k] === undefined) fields[k] = line[1];
  }
  return { lines, fields };
}

/** First value of a key, case-insensitive, or undefined. */
export function get(message: AmiMessage, key: string): string | undefined {
  return message.fields[key.toLowerCase()];
}

/** Every value of a repeated key, in order (e.g. Command's `Output:` lines). */
export function getAll(message: AmiMessage, key: string): string[] {
  const k = key.toLowerCase();
  const out: string[] = [];
  for (const [key2, value] of message.lines) if (key2.toLowerCase() === k) out.push(value);
  return out;
}

export function eventName(message: AmiMessage): string | undefined {
  return message.fields['event'];
}

export function isEvent(message: AmiMessage): boolean {
  return message.fields['event'] !== undefined;
}

/** A plain object for JSON output (CLI, IPC): first value per key, keys as sent. */
export function toObject(message: AmiMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [key, value] of message.lines) {
    const k = key.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out[key] = value;
  }
  return out;
}
