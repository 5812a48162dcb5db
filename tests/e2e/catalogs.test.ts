/**
 * The two catalogs (renderer/src/i18n/{en,es}.ts) say the same things: the same keys, the same
 * shapes, a wording for every notice main can send, and in Spanish one word per concept
 * (issue 12 items 18 and 19).
 */
import { describe, expect, it } from 'vitest';
import { en, type Messages } from '../../renderer/src/i18n/en';
import { es } from '../../renderer/src/i18n/es';
import { noticeLine, wordedNotice } from '../../renderer/src/lib/notices';
import { englishMessage } from '../../shared/ipc';
import {
  BAD_URL_PROBLEMS,
  NOTICE_KEYS,
  OPERATOR_FIELDS,
  notice,
  type Notice,
  type NoticeKey,
} from '../../shared/notices';

/** Sample parameters: every string parameter a wording may use, and numbers for the numeric ones. */
function sampleParams(fixed: Record<string, string> = {}): Record<string, string | number> {
  return new Proxy(fixed, {
    get: (target, name) =>
      typeof name !== 'string'
        ? undefined
        : (target[name] ??
          (/seconds|bytes|Bytes|status|port|kHz|rate|channels|bits|mebibytes/.test(name)
            ? 1536
            : `«${name}»`)),
  });
}

/** `ajam.bad-url` names one of its problems; every other parameter is free text or a number. */
/** Keys whose wording picks a sentence by one parameter get a value it knows. */
const FIXED: Partial<Record<NoticeKey, Record<string, string>>> = {
  'ajam.bad-url': { problem: 'query' },
  'ipc.invalid-field': { field: 'number' },
};

function sample(key: NoticeKey, fixed: Record<string, string> = FIXED[key] ?? {}): Notice {
  return { key, params: sampleParams(fixed) } as Notice;
}

/** Every string a catalog holds, functions called with sample arguments. */
function strings(catalog: Messages): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (key === 'notices') continue;
    if (typeof value === 'string') out.set(key, value);
    else if (typeof value === 'function') {
      // Numbers, names or lists (manager.conf classes): whichever the wording takes.
      for (const arg of [2, ['call', 'system'], 'x']) {
        try {
          const args = Array.from({ length: value.length }, () => arg);
          out.set(key, String((value as (...a: unknown[]) => unknown)(...args)));
          break;
        } catch {
          // Not this kind of argument.
        }
      }
    }
  }
  return out;
}

describe('catalogs', () => {
  it('have the same keys with the same shapes', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof Messages)[]) {
      expect(typeof es[key], key).toBe(typeof en[key]);
      if (typeof en[key] === 'function') {
        expect((es[key] as () => unknown).length, key).toBe((en[key] as () => unknown).length);
      }
    }
  });

  it('word every notice main can send, in both languages, using its parameters', () => {
    expect(Object.keys(en.notices).sort()).toEqual([...NOTICE_KEYS].sort());
    expect(Object.keys(es.notices).sort()).toEqual([...NOTICE_KEYS].sort());
    for (const key of NOTICE_KEYS) {
      const english = noticeLine(en, 'en-US', sample(key));
      const spanish = noticeLine(es, 'es-ES', sample(key));
      expect(english, key).not.toBe('');
      expect(spanish, key).not.toBe('');
      expect(spanish, `${key} is not translated`).not.toBe(english);
      expect(english, key).not.toMatch(/undefined|\[object/);
      expect(spanish, key).not.toMatch(/undefined|\[object/);
    }
    for (const field of OPERATOR_FIELDS) {
      const spanish = noticeLine(es, 'es-ES', sample('ipc.invalid-field', { field }));
      expect(spanish, field).toMatch(/no es válid|solo puede/);
    }
    for (const problem of BAD_URL_PROBLEMS) {
      const english = noticeLine(en, 'en-US', sample('ajam.bad-url', { problem }));
      const spanish = noticeLine(es, 'es-ES', sample('ajam.bad-url', { problem }));
      expect(english, problem).not.toMatch(/undefined/);
      expect(spanish, problem).not.toMatch(/undefined/);
    }
  });

  it('renders main English messages from the same table the English catalog uses', () => {
    const refused = notice('ajam.refused', { origin: 'http://pbx:8088' });
    expect(englishMessage(refused)).toBe(noticeLine(en, 'en-US', refused));
    const failed = notice(
      'control.failed.redirect',
      { channel: 'PJSIP/101-1', exten: '999' },
      'No such extension',
    );
    expect(wordedNotice(es, 'es-ES', failed)).toEqual({
      text: 'No se ha podido transferir PJSIP/101-1 a 999.',
      detail: 'No such extension',
    });
  });

  it('formats numbers and sizes in the operator locale', () => {
    const big = notice('upload.too-large', { name: 'a.wav', bytes: 2.5 * 1024 ** 3 });
    expect(wordedNotice(es, 'es-ES', big).text).toContain('2,5 GB');
    expect(wordedNotice(en, 'en-US', big).text).toContain('2.5 GB');
    const slow = notice('ajam.timeout', { origin: 'http://pbx', action: 'Ping', seconds: 2.5 });
    expect(wordedNotice(es, 'es-ES', slow).text).toContain('2,5 s');
  });
});

describe('Spanish: one word per concept (issue 12 item 19)', () => {
  const spanish = [
    ...strings(es).values(),
    ...NOTICE_KEYS.map((key) => noticeLine(es, 'es-ES', sample(key))),
  ];

  it('calls the manager secret "Secreto", never "Contraseña"', () => {
    expect(es.secret).toBe('Secreto');
    expect(spanish.filter((text) => /contraseña/i.test(text))).toEqual([]);
  });

  it('calls Up "En conversación", and keeps "en curso" for nothing', () => {
    expect(es.stateUp).toBe('En conversación');
    expect(es.filterUp).toBe(es.stateUp);
    expect(spanish.filter((text) => /en curso/i.test(text))).toEqual([]);
    // The board title and the uploads still under way have words of their own.
    expect(es.board).not.toMatch(/conversación/i);
    expect(es.uploadSummary(1, 2, 3)).not.toMatch(/conversación/i);
  });

  it('names a bridged call with "puente" both ways, not "Conectada"', () => {
    expect(es.bridged).toBe('En puente');
    expect(es.notBridged).toBe('Sin puente');
    expect(spanish.filter((text) => /\bconectada\b/i.test(text))).toEqual([]);
  });

  it('says "Usuario de manager" and prints Delete as "Supr"', () => {
    expect(es.user).toBe('Usuario de manager');
    expect(spanish.filter((text) => /usuario (AMI|del manager)/i.test(text))).toEqual([]);
    expect(es.keyCapDelete).toBe('Supr');
    expect(en.keyCapDelete).toBe('Del');
  });
});
