/**
 * mxml bodies (`<ajax-response><response><generic key='value' .../></response>...`) -> the same
 * AmiMessage shape rawman gives. Asterisk lower-cases the keys and renames a repeated key `key-2`,
 * `key-3`, ...; we fold those back so Command's output reads the same from both formats.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { makeMessage, type AmiMessage } from '../../shared/ami';

export interface MxmlResult {
  readonly messages: AmiMessage[];
  readonly error?: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

const SUFFIX = /^(.+)-(\d+)$/;

function attributesToLines(attrs: Record<string, unknown>): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [name, raw] of Object.entries(attrs)) {
    const value = typeof raw === 'string' ? raw : String(raw);
    const m = SUFFIX.exec(name);
    // Only a suffix on a key already seen in this element is Asterisk's repeat marker.
    const key = m && m[1] !== undefined && seen.has(m[1]) ? m[1] : name;
    seen.add(key);
    lines.push([key, value]);
  }
  return lines;
}

function children(node: Node): Node[] {
  for (const [key, value] of Object.entries(node)) {
    if (key !== ':@' && Array.isArray(value)) return value as Node[];
  }
  return [];
}

function tagName(node: Node): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return undefined;
}

export function parseMxml(body: string): MxmlResult {
  if (body.trim() === '') return { messages: [] };
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    const text = body.split(/\r?\n/)[line - 1] ?? '';
    const cut = text.length > 80 ? text.slice(0, 80) + '…' : text;
    return { messages: [], error: `${msg} at line ${line}, column ${col}: ${JSON.stringify(cut)}` };
  }
  let tree: Node[];
  try {
    tree = parser.parse(body) as Node[];
  } catch (e) {
    return { messages: [], error: e instanceof Error ? e.message : String(e) };
  }
  const root = tree.find((n) => tagName(n) === 'ajax-response');
  if (!root) return { messages: [], error: 'no <ajax-response> element (is this really an mxml answer?)' };
  const messages: AmiMessage[] = [];
  for (const response of children(root)) {
    const name = tagName(response);
    if (name === undefined || name === '#text') continue;
    // <response> wraps one element per message (`generic`, or whatever ajaxobjtype named it).
    for (const item of children(response)) {
      const itemName = tagName(item);
      if (itemName === undefined || itemName === '#text') continue;
      const attrs = item[':@'];
      messages.push(makeMessage(attrs && typeof attrs === 'object' ? attributesToLines(attrs as Node) : []));
    }
  }
  return { messages };
}
