/**
 * Pure: what the operator sees of the calls (filter, search, sort) and the filter chips' counts, kept
 * up to date from a CallIndex's changes. Filtering and sorting 1,000 calls on every patch cost more
 * than everything else a patch does; here a changed call leaves and re-enters the sorted list by
 * binary search, and the counts move by one. The list and counts equal visibleCalls and countByFilter
 * over the same calls (tests/e2e/call-index.test.ts).
 */
import { FILTERS, callOrder, fold, matchesFilter, matchesFolded } from './calls';
import type { Call, CallFilter, CallSort } from './calls';
import type { CallChanges } from './call-index';

function zeroCounts(): Record<CallFilter, number> {
  return { all: 0, ringing: 0, up: 0, hold: 0, recording: 0 };
}

export class CallView {
  #filter: CallFilter = 'all';
  #query = '';
  #folded = '';
  #sort: CallSort = 'longest';
  #order = callOrder('longest');
  readonly #list: Call[] = [];
  #counts = zeroCounts();
  #channels = 0;

  /** Sorted, filtered and searched: what the board shows. Mutated in place: copy it to keep it. */
  get list(): readonly Call[] {
    return this.#list;
  }

  /** Per filter chip, the calls it would show with the current search. */
  get counts(): Readonly<Record<CallFilter, number>> {
    return this.#counts;
  }

  /** Channels of the calls in the list. */
  get channelCount(): number {
    return this.#channels;
  }

  /** Whether the view already shows `calls` with these settings; else rebuilds it from them. */
  use(filter: CallFilter, query: string, sort: CallSort, calls: () => Iterable<Call>): void {
    if (filter === this.#filter && query === this.#query && sort === this.#sort) return;
    this.#filter = filter;
    this.#query = query;
    this.#folded = fold(query.trim());
    this.#sort = sort;
    this.#order = callOrder(sort);
    this.rebuild(calls());
  }

  /** From scratch (a snapshot, or new settings). */
  rebuild(calls: Iterable<Call>): void {
    this.#list.length = 0;
    this.#counts = zeroCounts();
    this.#channels = 0;
    for (const call of calls) {
      if (!this.#count(call, 1)) continue;
      this.#list.push(call);
      this.#channels += call.channels.length;
    }
    this.#list.sort(this.#order);
  }

  /** Moves the calls a patch removed out of the list and the ones it added in, in order. */
  apply(changes: CallChanges): void {
    for (const call of changes.removed) {
      if (!this.#count(call, -1)) continue;
      const at = this.#find(call);
      if (at >= 0) {
        this.#list.splice(at, 1);
        this.#channels -= call.channels.length;
      }
    }
    for (const call of changes.added) {
      if (!this.#count(call, 1)) continue;
      this.#list.splice(this.#lowerBound(call), 0, call);
      this.#channels += call.channels.length;
    }
  }

  /** Adds `by` to the chips the call counts in; whether it is in the list. */
  #count(call: Call, by: number): boolean {
    if (!matchesFolded(call, this.#folded)) return false;
    for (let i = 0; i < FILTERS.length; i++) {
      const f = FILTERS[i] as CallFilter;
      if (matchesFilter(call, f)) this.#counts[f] += by;
    }
    return matchesFilter(call, this.#filter);
  }

  /** The first index whose call does not sort before `call`. */
  #lowerBound(call: Call): number {
    let lo = 0;
    let hi = this.#list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#order(this.#list[mid] as Call, call) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #find(call: Call): number {
    const at = this.#lowerBound(call);
    // The order is total (ties fall back to the id), so the call sits exactly there; indexOf is a
    // guard for an order a locale could make inconsistent.
    return this.#list[at] === call ? at : this.#list.indexOf(call);
  }
}
