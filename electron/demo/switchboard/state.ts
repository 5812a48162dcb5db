/**
 * The switchboard's part of the office's state: the AstDB (DND/CF keys, custom device states,
 * `/pbx/UUID`), the CustomPresence providers, in the order they were first set. Pure.
 */
import { rng } from '../rng';
import { AstDb } from './astdb';
import type { PresenceValue } from './presence';

/** A UUID-shaped id from a seed (Asterisk writes a random one into `/pbx/UUID` at first start). */
function seededUuid(seed: number): string {
  const r = rng(seed * 104729 + 17);
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class SwitchboardState {
  readonly astdb = new AstDb();
  /** func_presencestate's providers, keyed `CustomPresence:<name>`, first set first. */
  readonly presence = new Map<string, PresenceValue>();

  constructor(seed: number) {
    this.astdb.put('pbx', 'UUID', seededUuid(seed));
  }
}
