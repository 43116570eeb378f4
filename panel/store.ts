// The panel's copy of its tab's capture, rebuilt from the protocol's messages. Pure: the
// same reducer serves the panel and the tests.
import type { BackgroundToPanel, TabState } from '../src/shared/protocol.ts';
import type { CaptureRecord } from '../src/shared/record.ts';

export interface PanelState {
  /** In capture order. */
  records: Map<string, CaptureRecord>;
  state: TabState;
  version: string;
  connected: boolean;
}

export function emptyState(): PanelState {
  return { records: new Map(), state: { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false }, version: '', connected: false };
}

/** Applies one message; returns a new state object (records map copied only when it changes). */
export function reduce(s: PanelState, m: BackgroundToPanel): PanelState {
  switch (m.type) {
    case 'reset':
      return { records: new Map(), state: m.state, version: m.version, connected: true };
    case 'upsert': {
      const records = new Map(s.records);
      for (const r of m.records) records.set(r.id, r);
      // Keep capture order even when an update arrives for an older record.
      if (m.records.some((r, i) => i > 0 && r.seq < (m.records[i - 1]?.seq ?? 0)) || needsSort(records)) {
        return { ...s, records: new Map([...records].sort((a, b) => a[1].seq - b[1].seq)) };
      }
      return { ...s, records };
    }
    case 'remove': {
      const records = new Map(s.records);
      for (const id of m.ids) records.delete(id);
      return { ...s, records };
    }
    case 'state':
      return { ...s, state: m.state };
  }
}

function needsSort(records: Map<string, CaptureRecord>): boolean {
  let last = -Infinity;
  for (const r of records.values()) {
    if (r.seq < last) return true;
    last = r.seq;
  }
  return false;
}
