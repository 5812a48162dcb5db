/**
 * The grid's buttons kept across patches (renderer/src/switchboard/grid.ts, indexButtons): on
 * random streams of patches (states, names, calls, new and removed extensions, endpoints without a
 * hint beside hints of the same number, changed contexts, new labels) it answers the very same
 * button objects, in the same order, as building them all again with gridButtons; and a patch that
 * only changes extensions the grid has keeps the index's order (no regroup, no sort).
 */
import { describe, expect, it } from 'vitest';
import { gridButtons, indexButtons, type ButtonIndex } from '../../renderer/src/switchboard/grid';
import type { Extension, ExtensionState } from '../../shared/switchboard';
import { extension } from './extension';

const STATES: readonly ExtensionState[] = ['idle', 'inuse', 'ringing', 'busy', 'onhold', 'dnd'];

function ext(exten: string, context: string, extra: Partial<Extension> = {}): Extension {
  return extension(exten, context, `Name ${exten}`, extra);
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function sameButtons(
  index: ButtonIndex,
  extensions: Record<string, Extension>,
  labels: Record<string, string>,
): void {
  const full = gridButtons(extensions, labels);
  expect(index.buttons.length).toBe(full.length);
  for (let i = 0; i < full.length; i++) expect(index.buttons[i]).toBe(full[i]);
  for (const [exten, at] of index.at) expect(index.buttons[at]?.ext.exten).toBe(exten);
}

describe('grid buttons kept across patches', () => {
  it('answers what a full rebuild answers, on random streams', () => {
    for (const seed of [1, 7, 42, 1234]) {
      const rand = random(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
      let extensions: Record<string, Extension> = {};
      for (let i = 0; i < 60; i++) {
        const e = ext(String(100 + i), 'from-internal');
        extensions[e.id] = e;
      }
      // Endpoints without a hint: some beside a hint of the same number, some alone.
      for (const n of ['105', '110', '300', '301']) extensions[`${n}@`] = ext(n, '');
      let labels: Record<string, string> = {};
      let index = indexButtons(extensions, labels);
      sameButtons(index, extensions, labels);
      for (let step = 0; step < 400; step++) {
        const next = { ...extensions };
        const r = rand();
        const ids = Object.keys(next);
        if (r < 0.05) {
          delete next[pick(ids)];
        } else if (r < 0.1) {
          const e = ext(String(100 + Math.floor(rand() * 250)), rand() < 0.5 ? '' : 'from-internal');
          next[e.id] = e;
        } else if (r < 0.12) {
          const id = pick(ids);
          const e = next[id] as Extension;
          next[id] = { ...e, context: e.context === '' ? 'other' : '' };
        } else if (r < 0.14) {
          labels = { ...labels, [String(100 + Math.floor(rand() * 60))]: `Label ${step}` };
        } else {
          for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
            const id = pick(ids);
            const e = next[id] as Extension;
            next[id] =
              rand() < 0.3
                ? { ...e, name: `Renamed ${step}` }
                : { ...e, state: pick(STATES), talkingTo: { num: String(step), name: `Agent ${step}` } };
          }
        }
        extensions = next;
        index = indexButtons(extensions, labels, index);
        sameButtons(index, extensions, labels);
      }
    }
  });

  it('replaces only the changed buttons when known extensions change, keeping the order', () => {
    const extensions: Record<string, Extension> = {};
    for (let i = 0; i < 1000; i++) {
      const e = ext(String(100 + i), 'from-internal');
      extensions[e.id] = e;
    }
    const labels = {};
    const first = indexButtons(extensions, labels);
    expect(indexButtons(extensions, labels, first)).toBe(first);

    const changed = { ...extensions, '500@from-internal': ext('500', 'from-internal', { state: 'inuse' }) };
    const second = indexButtons(changed, labels, first);
    // Same order map (no rebuild), a new list where only the 500's button differs.
    expect(second.at).toBe(first.at);
    const differs = second.buttons.filter((b, i) => b !== first.buttons[i]).map((b) => b.ext.exten);
    expect(differs).toEqual(['500']);
    expect(second.buttons[first.at.get('500') as number]?.ext.state).toBe('inuse');

    // An endpoint beside the hint of the same number is not what the button shows: nothing changes.
    const withEndpoint = { ...changed, '500@': ext('500', '') };
    const third = indexButtons(withEndpoint, labels, second);
    const fourth = indexButtons(
      { ...withEndpoint, '500@': ext('500', '', { state: 'busy' }) },
      labels,
      third,
    );
    expect(fourth.buttons).toBe(third.buttons);

    // An endpoint listed before the hint of its number, then given a context: it now shows (the
    // first of two with contexts), though it was not shown before its change.
    const endpointFirst = { '300@': ext('300', ''), '300@from-internal': ext('300', 'from-internal') };
    const before = indexButtons(endpointFirst, labels);
    expect(before.buttons[0]?.ext.id).toBe('300@from-internal');
    const moved = { ...endpointFirst, '300@': { ...ext('300', 'other'), id: '300@' } };
    const after = indexButtons(moved, labels, before);
    expect(after.buttons[0]?.ext.id).toBe('300@');
    expect(after.buttons).toEqual(gridButtons(moved, labels));

    // A new number rebuilds the order.
    const added = indexButtons(
      { ...changed, '99@from-internal': ext('99', 'from-internal') },
      labels,
      second,
    );
    expect(added.at).not.toBe(second.at);
    expect(added.buttons[0]?.ext.exten).toBe('99');
  });
});
