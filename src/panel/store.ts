// The panel's copy of its tab's capture, rebuilt from the protocol's messages. Pure: the
// same reducer serves the panel and the tests.
//
// The list works from rows (src/shared/row.ts), what the list needs of each record; whole
// records are asked for when a detail view or an export needs them, and kept here per id
// until their row changes or goes (`whole`).
//
// A batch of rows costs the copy of the map plus work in proportion to what it brings: rows
// already known are replaced in place, new ones later than every known one are appended, and
// only new ones older than that (a snapshot sent newest first, a late record) are merged in,
// one linear pass over two sorted runs.
import type { BackgroundToPanel, TabState } from '../shared/protocol.ts';
import type { CaptureRecord } from '../shared/record.ts';
import { toRow, type RecordRow } from '../shared/row.ts';

export interface PanelState {
  /** In capture order. */
  rows: Map<string, RecordRow>;
  /** seq of the last row in `rows` (-Infinity when empty). */
  lastSeq: number;
  /** Whole records fetched so far, by id; one is dropped when its row changes or goes. */
  whole: Map<string, CaptureRecord>;
  state: TabState;
  version: string;
  connected: boolean;
}

export function emptyState(): PanelState {
  return {
    rows: new Map(),
    lastSeq: -Infinity,
    whole: new Map(),
    state: { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true },
    version: '',
    connected: false,
  };
}

/** Applies one message; returns a new state object (maps copied only when they change). */
export function reduce(s: PanelState, m: BackgroundToPanel): PanelState {
  switch (m.type) {
    case 'reset':
      return { rows: new Map(), lastSeq: -Infinity, whole: new Map(), state: m.state, version: m.version, connected: true };
    case 'rows': {
      if (m.rows.length === 0) return s;
      let whole = s.whole;
      if (whole.size > 0 && m.rows.some((r) => whole.has(r.id))) {
        whole = new Map(whole);
        for (const r of m.rows) whole.delete(r.id);
      }
      return { ...s, ...mergeRows(s.rows, s.lastSeq, m.rows), whole };
    }
    case 'upsert': {
      if (m.records.length === 0) return s;
      const whole = new Map(s.whole);
      const rows: RecordRow[] = [];
      for (const r of m.records) {
        whole.set(r.id, r);
        const row = toRow(r);
        // An unchanged row keeps its object (rows re-render only when theirs changes).
        const had = s.rows.get(r.id);
        if (had === undefined || !sameRow(had, row)) rows.push(row);
      }
      return rows.length === 0 ? { ...s, whole } : { ...s, ...mergeRows(s.rows, s.lastSeq, rows), whole };
    }
    case 'remove': {
      if (!m.ids.some((id) => s.rows.has(id) || s.whole.has(id))) return s;
      const rows = new Map(s.rows);
      const whole = new Map(s.whole);
      for (const id of m.ids) {
        rows.delete(id);
        whole.delete(id);
      }
      let lastSeq = -Infinity;
      for (const r of rows.values()) lastSeq = r.seq; // insertion order is seq order
      return { ...s, rows, lastSeq, whole };
    }
    case 'state':
      return { ...s, state: m.state };
  }
}

function sameRow(a: RecordRow, b: RecordRow): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function mergeRows(known: Map<string, RecordRow>, knownLast: number, incoming: readonly RecordRow[]) {
  const rows = new Map(known);
  let lastSeq = knownLast;
  let older: RecordRow[] | undefined;
  for (const r of incoming) {
    const had = rows.get(r.id);
    // A known id keeps its place (its seq never changes); Map.set replaces in place.
    if (had !== undefined && had.seq === r.seq) rows.set(r.id, r);
    else if (had === undefined && r.seq > lastSeq) {
      rows.set(r.id, r);
      lastSeq = r.seq;
    } else (older ??= []).push(r);
  }
  if (older === undefined) return { rows, lastSeq };
  // Merge the rows that belong before others: both runs sorted by seq, one pass.
  for (const r of older) rows.delete(r.id);
  const late = older.length > 1 ? dedupeSorted(older) : older;
  const merged = new Map<string, RecordRow>();
  let i = 0;
  for (const r of rows.values()) {
    while (i < late.length && late[i]!.seq < r.seq) {
      const o = late[i++]!;
      merged.set(o.id, o);
    }
    merged.set(r.id, r);
  }
  for (; i < late.length; i++) merged.set(late[i]!.id, late[i]!);
  let last = -Infinity;
  for (const r of merged.values()) last = r.seq;
  return { rows: merged, lastSeq: last };
}

/** Sorted by seq; the last of several updates to one id wins. */
function dedupeSorted(rows: RecordRow[]): RecordRow[] {
  const byId = new Map<string, RecordRow>();
  for (const r of rows) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
