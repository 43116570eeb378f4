// The panel's copy of its tab's capture, rebuilt from the protocol's messages. Pure: the
// same reducer serves the panel and the tests.
//
// An upsert costs the copy of the map plus work in proportion to what it brings: records
// already known are replaced in place, new ones later than every known one are appended, and
// only new ones older than that (a snapshot sent newest first, a late record) are merged in,
// one linear pass over two sorted runs.
import type { BackgroundToPanel, TabState } from '../src/shared/protocol.ts';
import type { CaptureRecord } from '../src/shared/record.ts';

export interface PanelState {
  /** In capture order. */
  records: Map<string, CaptureRecord>;
  /** seq of the last record in `records` (-Infinity when empty). */
  lastSeq: number;
  state: TabState;
  version: string;
  connected: boolean;
}

export function emptyState(): PanelState {
  return {
    records: new Map(),
    lastSeq: -Infinity,
    state: { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false },
    version: '',
    connected: false,
  };
}

/** Applies one message; returns a new state object (records map copied only when it changes). */
export function reduce(s: PanelState, m: BackgroundToPanel): PanelState {
  switch (m.type) {
    case 'reset':
      return { records: new Map(), lastSeq: -Infinity, state: m.state, version: m.version, connected: true };
    case 'upsert':
      return m.records.length === 0 ? s : { ...s, ...upsert(s.records, s.lastSeq, m.records) };
    case 'remove': {
      if (!m.ids.some((id) => s.records.has(id))) return s;
      const records = new Map(s.records);
      for (const id of m.ids) records.delete(id);
      let lastSeq = -Infinity;
      for (const r of records.values()) lastSeq = r.seq; // insertion order is seq order
      return { ...s, records, lastSeq };
    }
    case 'state':
      return { ...s, state: m.state };
  }
}

function upsert(known: Map<string, CaptureRecord>, knownLast: number, incoming: readonly CaptureRecord[]) {
  const records = new Map(known);
  let lastSeq = knownLast;
  let older: CaptureRecord[] | undefined;
  for (const r of incoming) {
    const had = records.get(r.id);
    // A known id keeps its place (its seq never changes); Map.set replaces in place.
    if (had !== undefined && had.seq === r.seq) records.set(r.id, r);
    else if (had === undefined && r.seq > lastSeq) {
      records.set(r.id, r);
      lastSeq = r.seq;
    } else (older ??= []).push(r);
  }
  if (older === undefined) return { records, lastSeq };
  // Merge the records that belong before others: both runs sorted by seq, one pass.
  for (const r of older) records.delete(r.id);
  const late = older.length > 1 ? dedupeSorted(older) : older;
  const merged = new Map<string, CaptureRecord>();
  let i = 0;
  for (const r of records.values()) {
    while (i < late.length && late[i]!.seq < r.seq) {
      const o = late[i++]!;
      merged.set(o.id, o);
    }
    merged.set(r.id, r);
  }
  for (; i < late.length; i++) merged.set(late[i]!.id, late[i]!);
  let last = -Infinity;
  for (const r of merged.values()) last = r.seq;
  return { records: merged, lastSeq: last };
}

/** Sorted by seq; the last of several updates to one id wins. */
function dedupeSorted(records: CaptureRecord[]): CaptureRecord[] {
  const byId = new Map<string, CaptureRecord>();
  for (const r of records) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
