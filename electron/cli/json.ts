/** AMI messages as JSON for the CLI: keys as sent; a repeated key (Output:, ChanVariable:) becomes an array. */
import type { AmiMessage } from '../../shared/ami';

export function messageJson(message: AmiMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const keyFor = new Map<string, string>();
  for (const [key, value] of message.lines) {
    const lower = key.toLowerCase();
    const first = keyFor.get(lower);
    if (first === undefined) {
      keyFor.set(lower, key);
      out[key] = value;
      continue;
    }
    const prev = out[first]!;
    out[first] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
