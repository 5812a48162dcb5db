/**
 * The grid's pure parts (renderer/src/switchboard/grid.ts, layout.ts): one button per extension
 * with the operator's label, identity kept across patches, groups, accent-insensitive search,
 * completion of typed targets, parking lots, and the stored arrangement read defensively.
 */
import { describe, expect, it } from 'vitest';
import {
  completeTarget,
  gridButtons,
  groupButtons,
  lotViews,
  matchesButton,
  resolveTarget,
} from '../../renderer/src/switchboard/grid';
import {
  EMPTY_LAYOUT,
  loadLayout,
  parseLayout,
  parseMembers,
  saveLayout,
} from '../../renderer/src/switchboard/layout';
import type { Extension, ParkedCall } from '../../shared/switchboard';
import { extension } from './extension';

function ext(exten: string, name: string, extra: Partial<Extension> = {}): Extension {
  return extension(exten, 'from-internal', name, extra);
}

const extensions = Object.fromEntries(
  [
    ext('101', 'Recepción'),
    ext('102', 'José Pérez', { state: 'inuse', talkingTo: { num: '600123456', name: 'Cliente' }, since: 1 }),
    ext('110', 'Ventas'),
    ext('20', 'Almacén'),
  ].map((e) => [e.id, e]),
);

describe('grid buttons', () => {
  it('one per extension, by number, with the label winning over the PBX name', () => {
    const buttons = gridButtons(extensions, { '110': 'Ventas Madrid' });
    expect(buttons.map((b) => [b.ext.exten, b.name])).toEqual([
      ['20', 'Almacén'],
      ['101', 'Recepción'],
      ['102', 'José Pérez'],
      ['110', 'Ventas Madrid'],
    ]);
    expect(buttons[2]?.talksTo).toBe('Cliente <600123456>');
  });

  it('an endpoint without a hint does not duplicate the hint of the same number', () => {
    const alone = { ...ext('101', 'Teléfono'), id: '101@', context: '' };
    const buttons = gridButtons({ ...extensions, [alone.id]: alone }, {});
    expect(buttons.filter((b) => b.ext.exten === '101').map((b) => b.name)).toEqual(['Recepción']);
  });

  it('keeps an unchanged extension’s button object, and makes a new one when it or its label changes', () => {
    const first = gridButtons(extensions, {});
    const changed = { ...extensions, '101@from-internal': ext('101', 'Recepción', { state: 'ringing' }) };
    const second = gridButtons(changed, {});
    expect(second.find((b) => b.ext.exten === '110')).toBe(first.find((b) => b.ext.exten === '110'));
    expect(second.find((b) => b.ext.exten === '101')).not.toBe(first.find((b) => b.ext.exten === '101'));
    const relabelled = gridButtons(changed, { '110': 'Otra' });
    expect(relabelled.find((b) => b.ext.exten === '110')?.name).toBe('Otra');
  });

  it('search by number or name ignores case and accents', () => {
    const [b] = gridButtons({ x: ext('102', 'José Pérez') }, {});
    if (!b) throw new Error('no button');
    expect(matchesButton(b, 'jose')).toBe(true);
    expect(matchesButton(b, 'PEREZ')).toBe(true);
    expect(matchesButton(b, '10')).toBe(true);
    expect(matchesButton(b, 'ana')).toBe(false);
  });

  it('groups in the operator’s order, an extension in two groups, the rest under no group', () => {
    const buttons = gridButtons(extensions, {});
    const groups = groupButtons(
      buttons,
      [
        { id: 'r', name: 'Recepción', members: ['102', '101', '999'] },
        { id: 'v', name: 'Ventas', members: ['110', '101'] },
      ],
      '',
    );
    expect(groups.map((g) => [g.id, g.buttons.map((b) => b.ext.exten)])).toEqual([
      ['r', ['102', '101']],
      ['v', ['110', '101']],
      ['', ['20']],
    ]);
    const searched = groupButtons(buttons, [{ id: 'r', name: 'R', members: ['101', '102'] }], 'recep');
    expect(searched.map((g) => g.buttons.map((b) => b.ext.exten))).toEqual([['101']]);
  });

  it('completes a typed target from numbers first, then names, and resolves a unique name', () => {
    const buttons = gridButtons(extensions, {});
    expect(completeTarget(buttons, '10').map((b) => b.ext.exten)).toEqual(['101', '102']);
    expect(completeTarget(buttons, 'almacen').map((b) => b.ext.exten)).toEqual(['20']);
    expect(resolveTarget(buttons, 'almacen')).toBe('20');
    expect(resolveTarget(buttons, '110')).toBe('110');
    // Two candidates, or none: nothing is guessed.
    expect(resolveTarget(buttons, '10')).toBeUndefined();
    expect(resolveTarget(buttons, '4999')).toBeUndefined();
  });
});

describe('parking lots', () => {
  it('one per lot, lots a parked call names included, calls by space', () => {
    const call = (lot: string, space: string): ParkedCall => ({
      lot,
      space,
      channel: `PJSIP/trunk-${space}`,
      uniqueid: space,
      callerIdNum: '600',
      callerIdName: '',
      parkedBy: 'PJSIP/101',
      parkedAt: 0,
      timeout: 45,
    });
    const views = lotViews(
      { default: { name: 'default', startSpace: '701', stopSpace: '720', timeout: 45 } },
      { a: call('default', '710'), b: call('default', '702'), c: call('ventas', '801') },
    );
    expect(views.map((v) => [v.lot.name, v.calls.map((c) => c.space)])).toEqual([
      ['default', ['702', '710']],
      ['ventas', ['801']],
    ]);
  });
});

describe('stored arrangement', () => {
  it('round-trips through storage, per profile', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    const layout = {
      groups: [{ id: 'g1', name: 'Recepción', members: ['101', '102'] }],
      labels: { '101': 'Mostrador' },
      collapsed: ['g1'],
      compact: true,
    };
    saveLayout(storage, 'p1', layout);
    expect(loadLayout(storage, 'p1')).toEqual(layout);
    expect(loadLayout(storage, 'p2')).toEqual(EMPTY_LAYOUT);
  });

  it('reads damaged entries defensively', () => {
    expect(parseLayout('not json')).toEqual(EMPTY_LAYOUT);
    expect(
      parseLayout(
        JSON.stringify({
          groups: [
            { id: 'a', name: ' ', members: [] },
            { id: 'b', name: 'B', members: ['101', 'bad value', 3] },
          ],
          labels: { '101': 'x', 'bad key': 'y', '102': 5 },
          compact: 'yes',
        }),
      ),
    ).toEqual({
      groups: [{ id: 'b', name: 'B', members: ['101'] }],
      labels: { '101': 'x' },
      collapsed: [],
      compact: false,
    });
  });

  it('parses a members field', () => {
    expect(parseMembers('101, 102 103;101 ,, x y')).toEqual(['101', '102', '103', 'x', 'y']);
  });
});
