/**
 * The AMI messages of a rawman capture (shared/asterisk-wire), in wire order: every response
 * body parsed as Asterisk's own client would. Switchboard tests feed these to the reducer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRawman } from '../../electron/ajam/rawman';
import { eventName, type AmiMessage } from '../../shared/ami';
import { CAPTURE_DIR, parseCapture } from '../wire/capture';

export function captureMessages(file: string): AmiMessage[] {
  const capture = parseCapture(file, readFileSync(join(CAPTURE_DIR, file)));
  const out: AmiMessage[] = [];
  for (const block of capture.blocks) {
    if (block.kind !== 'response') continue;
    const text = block.bytes.toString('utf8');
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    out.push(...parseRawman(body).messages);
  }
  return out;
}

/** Only the events (real-time ones and list items). */
export function captureEvents(file: string, ...names: string[]): AmiMessage[] {
  return captureMessages(file).filter((m) => {
    const name = eventName(m);
    return name !== undefined && (names.length === 0 || names.includes(name));
  });
}

/** The list items answering the request with this ActionID. */
export function listItems(file: string, actionId: string): AmiMessage[] {
  return captureMessages(file).filter(
    (m) =>
      eventName(m) !== undefined &&
      m.fields['actionid'] === actionId &&
      !/Complete$/.test(eventName(m) ?? ''),
  );
}

/** The actions a capture's client sent (GET query or POST body), ActionID left out. */
export function captureRequests(file: string): { action: string; fields: Record<string, string> }[] {
  const capture = parseCapture(file, readFileSync(join(CAPTURE_DIR, file)));
  const out: { action: string; fields: Record<string, string> }[] = [];
  for (const block of capture.blocks) {
    if (block.kind !== 'request') continue;
    const text = block.bytes.toString('utf8');
    const [head = '', body = ''] = text.split('\r\n\r\n');
    const target = head.split(' ')[1] ?? '';
    const query = target.includes('?') ? target.slice(target.indexOf('?') + 1) : body;
    const params = new URLSearchParams(query);
    const fields: Record<string, string> = {};
    let action = '';
    for (const [key, value] of params) {
      if (key.toLowerCase() === 'action') action = value;
      else if (key !== 'ActionID') fields[key] = value;
    }
    if (action !== '' && action !== 'WaitEvent' && action !== 'Login') out.push({ action, fields });
  }
  return out;
}
