// Sorting the request list by a column, as in DevTools' Network panel: a click on a column's
// head sorts by it, a second click reverses, and capture order is the default. Stable: rows
// that compare equal keep capture order. Rows still pending (no verdict, no end) sort last
// whichever the direction, so the interesting ones stay on top.
import type { RecordRow } from '../shared/row.ts';
import { rowKind, type RowKind } from './row-kind.ts';

export const SORT_KEYS = ['seq', 'verdict', 'method', 'url', 'initiator', 'preflight', 'status', 'duration', 'reason'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface SortState {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export const CAPTURE_ORDER: SortState = { key: 'seq', dir: 'asc' };

/** A click on a column head: that column ascending, or the other direction if it is the current one. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key !== key) return { key, dir: 'asc' };
  return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}

/** Milliseconds from start to end; undefined while it runs. */
export function durationOf(r: RecordRow): number | undefined {
  return r.endedAt === undefined ? undefined : Math.max(0, r.endedAt - r.startedAt);
}

const SEVERITY: Record<RowKind, number> = { blocked: 0, unknown: 1, warning: 2, allowed: 3, 'not-cors': 4, pending: 5 };
const PREFLIGHT: Record<string, number> = { failed: 0, paired: 1, cached: 2 };

/** The value a row sorts by; undefined sorts last. */
function sortValue(r: RecordRow, key: SortKey): string | number | undefined {
  switch (key) {
    case 'seq':
      return r.seq;
    case 'verdict':
      return SEVERITY[rowKind(r)];
    case 'method':
      return r.method;
    case 'url':
      return r.url;
    case 'initiator':
      return r.initiator ?? undefined;
    case 'preflight':
      return r.preflight === undefined ? undefined : PREFLIGHT[r.preflight];
    case 'status':
      return r.status ?? (r.error !== undefined ? 0 : undefined);
    case 'duration':
      return durationOf(r);
    case 'reason':
      return r.verdict?.reason;
  }
}

export function sortRows(rows: readonly RecordRow[], sort: SortState): readonly RecordRow[] {
  if (sort.key === 'seq' && sort.dir === 'asc') return rows;
  const sign = sort.dir === 'asc' ? 1 : -1;
  // Values read once per row, not once per comparison.
  const keyed = rows.map((r, i) => ({ r, i, v: sortValue(r, sort.key) }));
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
    const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v) < String(b.v) ? -1 : String(a.v) > String(b.v) ? 1 : 0;
    return c !== 0 ? sign * c : a.i - b.i;
  });
  return keyed.map((k) => k.r);
}
