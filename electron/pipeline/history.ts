/**
 * The History view's questions to the journal: search, filter, newest first, counts, CSV. Pure.
 */
import { englishMessage } from '../../shared/ipc';
import type { Notice } from '../../shared/notices';
import type { HistoryCounts, HistoryEntry, HistoryPage, HistoryQuery } from '../../shared/pipeline';

const DEFAULT_LIMIT = 500;

function matchesFilter(entry: HistoryEntry, filter: HistoryQuery['filter']): boolean {
  switch (filter ?? 'all') {
    case 'all':
      return true;
    case 'done':
      return entry.result === 'done';
    case 'failed':
      return entry.result === 'failed' || entry.result === 'refused';
    case 'waiting':
      return entry.result === 'waiting';
  }
}

function matchesSearch(entry: HistoryEntry, search: string | undefined): boolean {
  const needle = search?.trim().toLowerCase();
  if (!needle) return true;
  return [entry.sendName, entry.path, entry.sha256, entry.pbx, entry.mapping, entry.pbxMessage ?? ''].some(
    (field) => field.toLowerCase().includes(needle),
  );
}

export function countEntries(entries: Iterable<HistoryEntry>): HistoryCounts {
  let done = 0;
  let failed = 0;
  let waiting = 0;
  for (const e of entries) {
    if (e.result === 'done') done++;
    else if (e.result === 'failed' || e.result === 'refused') failed++;
    else if (e.result === 'waiting') waiting++;
  }
  return { done, failed, waiting };
}

/** Entries matching the query, newest first (by creation). */
export function selectEntries(entries: readonly HistoryEntry[], query: HistoryQuery): HistoryEntry[] {
  return entries
    .filter(
      (e) =>
        (query.profileId === undefined || e.profileId === query.profileId) &&
        matchesFilter(e, query.filter) &&
        matchesSearch(e, query.search),
    )
    .sort((a, b) => b.createdAt - a.createdAt);
}

export function historyPage(entries: readonly HistoryEntry[], query: HistoryQuery): HistoryPage {
  const selected = selectEntries(entries, query);
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.max(0, query.limit ?? DEFAULT_LIMIT);
  return {
    entries: selected.slice(offset, offset + limit),
    total: selected.length,
    counts: countEntries(entries),
  };
}

/** A journal entry as plain data: strips the journal's recovery fields. */
export function toHistoryEntry(entry: HistoryEntry): HistoryEntry {
  const { id, profileId, path, sendName, size, sha256, pbx, mapping, createdAt, result, attempts } = entry;
  return {
    id,
    profileId,
    path,
    sendName,
    size,
    sha256,
    pbx,
    mapping,
    createdAt,
    result,
    attempts,
    ...(entry.finishedAt !== undefined ? { finishedAt: entry.finishedAt } : {}),
    ...(entry.durationMs !== undefined ? { durationMs: entry.durationMs } : {}),
    ...(entry.notice !== undefined ? { notice: entry.notice } : {}),
    ...(entry.pbxMessage !== undefined ? { pbxMessage: entry.pbxMessage } : {}),
    ...(entry.after !== undefined ? { after: entry.after } : {}),
  };
}

const CSV_COLUMNS = [
  'created',
  'finished',
  'result',
  'name',
  'path',
  'size',
  'sha256',
  'pbx',
  'mapping',
  'duration_ms',
  'attempts',
  'pbx_words',
  'reason',
  'after',
] as const;

/** A cell per RFC 4180; a leading = + - @ is prefixed with ' so a spreadsheet never runs it. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

/**
 * The entries as CSV: a header row, CRLF line ends, reasons worded by `word` (English unless the
 * caller words them in the operator's language), the PBX's words verbatim.
 */
export function historyCsv(
  entries: readonly HistoryEntry[],
  word: (notice: Notice) => string = englishMessage,
): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of entries) {
    const after =
      e.after === undefined ? '' : e.after.kind === 'moved' ? `moved to ${e.after.to}` : 'deleted';
    rows.push(
      [
        iso(e.createdAt),
        iso(e.finishedAt),
        e.result,
        e.sendName,
        e.path,
        String(e.size),
        e.sha256,
        e.pbx,
        e.mapping,
        e.durationMs === undefined ? '' : String(e.durationMs),
        String(e.attempts),
        e.pbxMessage ?? '',
        e.notice ? word(e.notice) : '',
        after,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
