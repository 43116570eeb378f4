// Serves the panels: each connected panel gets a reset and a snapshot of its tab's rows, then
// the changes, batched (one message per kind per tick, not one per webRequest event).
//
// The snapshot is what a panel waits for before its list is complete, so it carries only what
// the list needs: each record's row (src/shared/row.ts: no headers, no preflight, no trace; a
// quarter of a stored record). The hub keeps every tab's rows in memory, built from the log's
// changes as they happen, so a panel that opens gets them at once, without reading storage.
// After a worker restart the rows of records from the earlier life are read back once, the
// first time a panel connects to that tab. Whole records (detail view, exports) are read on
// request (`records`) and answered with `upsert`, in their stored form.
import type { Verdict } from '../core/index.ts';
import type { CaptureRecord } from '../shared/record.ts';
import { encodeForPort, type BackgroundToPanel, type PortMessage, type TabState } from '../shared/protocol.ts';
import { toRow, type RecordRow } from '../shared/row.ts';
import type { TabLogObserver, TabMeta } from './tab-log.ts';

/** The slice of a panel's runtime.Port the hub uses (the panel side is shared/reconnecting-port.ts PortLike). */
export interface PanelPort {
  postMessage(message: PortMessage): void;
  onDisconnect: { addListener(cb: () => void): void };
}

/**
 * Rows per snapshot message: a full tab log (2,000 rows, about 1 MB of JSON text) in one, well
 * below the browsers' message limits. One message, not a small first one and the rest: the
 * panel then lists the whole log in one render, instead of rendering (and laying out) a first
 * screenful while the rest waits behind it.
 */
export const SNAPSHOT_CHUNK = 2000;
/** The first snapshot chunk (the newest rows): the same size today, a separate knob. */
export const FIRST_CHUNK = 2000;
/** Whole records per `upsert` answer. */
const RECORDS_CHUNK = 250;

/**
 * A complete record as storage keeps it and `upsert` sends it: its verdict without the trace
 * (`checks`, `failedCheck`). Records already in that form go as they are.
 */
function snapshotForm(record: CaptureRecord): CaptureRecord {
  const v = record.verdict as Partial<Verdict> | undefined;
  if (!record.complete || v === undefined || (v.checks === undefined && v.failedCheck === undefined)) return record;
  const { checks: _checks, failedCheck: _failed, ...summary } = v;
  return { ...record, verdict: summary as Verdict };
}

interface Changes {
  rows: Map<string, RecordRow>;
  removed: Set<string>;
  state: boolean;
}

interface Client {
  port: PanelPort;
  /** False while its snapshot is being prepared: changes meanwhile wait in `missed`. */
  live: boolean;
  gone: boolean;
  missed: Changes;
}

const post = (port: PanelPort, m: BackgroundToPanel) => port.postMessage(encodeForPort(m));

const noChanges = (): Changes => ({ rows: new Map(), removed: new Set(), state: false });

export interface HubSource {
  /** The tab's record ids in capture order, as the log's index has them (no storage read). */
  ids(tabId: number): string[];
  /** Those of `ids` still in the log, whole (complete ones read from storage), in capture order. */
  read(tabId: number, ids: string[]): Promise<CaptureRecord[]>;
  state(tabId: number): TabState;
}

/**
 * Strings many rows share (methods, types, initiators, errors, gap reasons) are kept once: a
 * bounded table, emptied when full (it only saves memory, it decides nothing).
 */
class Interner {
  private readonly table = new Map<string, string>();
  constructor(private readonly max = 1024) {}
  get<T extends string | null | undefined>(s: T): T {
    if (typeof s !== 'string') return s;
    const known = this.table.get(s);
    if (known !== undefined) return known as T;
    if (this.table.size >= this.max) this.table.clear();
    this.table.set(s, s);
    return s;
  }
}

export class PanelHub implements TabLogObserver {
  private readonly clients = new Map<number, Set<Client>>();
  private readonly pending = new Map<number, Changes>();
  /** Every tab's rows by id (insertion order is not capture order: the log's index has that). */
  private readonly rows = new Map<number, Map<string, RecordRow>>();
  private readonly strings = new Interner();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly source: HubSource,
    private readonly version: string,
    private readonly batchMs = 50,
  ) {}

  async connect(tabId: number, port: PanelPort): Promise<void> {
    let set = this.clients.get(tabId);
    if (!set) {
      set = new Set();
      this.clients.set(tabId, set);
    }
    const client: Client = { port, live: false, gone: false, missed: noChanges() };
    set.add(client);
    port.onDisconnect.addListener(() => {
      client.gone = true;
      set.delete(client);
      if (set.size === 0 && this.clients.get(tabId) === set) this.clients.delete(tabId);
    });
    const rows = await this.tabRows(tabId);
    if (client.gone) return;
    post(port, { type: 'reset', tabId, version: this.version, state: this.source.state(tabId) });
    // Newest first (a log over one chunk): the rows a panel shows are the last ones; the others only add rows above.
    for (let end = rows.length, size = FIRST_CHUNK; end > 0; end -= size, size = SNAPSHOT_CHUNK) {
      post(port, { type: 'rows', rows: rows.slice(Math.max(0, end - size), end) });
    }
    // What changed while the rows were read back (it may or may not be in them: rows are idempotent).
    this.send(tabId, [port], client.missed);
    client.live = true;
  }

  /** The whole records of `ids` still in the tab's log, sent to `port` as `upsert`. */
  async records(tabId: number, port: PanelPort, ids: readonly string[]): Promise<void> {
    const inLog = new Set(this.source.ids(tabId));
    const wanted = [...new Set(ids)].filter((id) => inLog.has(id));
    if (wanted.length === 0) return;
    const before = new Map(wanted.map((id) => [id, this.rows.get(tabId)?.get(id)]));
    const records = await this.source.read(tabId, wanted);
    // A record that changed while it was read is left out: its new row is on its way and the
    // panel asks again. What the panel gets is never older than the rows it has.
    const tab = this.rows.get(tabId);
    const current = records.filter((r) => tab?.get(r.id) === before.get(r.id));
    if (current.length === 0) return;
    this.flush(); // changes queued before this answer reach the panel before it
    try {
      for (let i = 0; i < current.length; i += RECORDS_CHUNK) {
        post(port, { type: 'upsert', records: current.slice(i, i + RECORDS_CHUNK).map(snapshotForm) });
      }
    } catch {
      // The panel left meanwhile.
    }
  }

  /** The tab's rows in capture order; rows of records from an earlier worker life are read back once. */
  private async tabRows(tabId: number): Promise<RecordRow[]> {
    const tab = this.tabMap(tabId);
    const missing = this.source.ids(tabId).filter((id) => !tab.has(id));
    if (missing.length > 0) {
      const records = await this.source.read(tabId, missing);
      const now = this.tabMap(tabId);
      const inLog = new Set(this.source.ids(tabId));
      // A change meanwhile already made its row; a record removed meanwhile gets none.
      for (const r of records) if (!now.has(r.id) && inLog.has(r.id)) now.set(r.id, this.row(r));
    }
    const now = this.tabMap(tabId);
    const out: RecordRow[] = [];
    for (const id of this.source.ids(tabId)) {
      const row = now.get(id);
      if (row) out.push(row);
    }
    return out;
  }

  private tabMap(tabId: number): Map<string, RecordRow> {
    let tab = this.rows.get(tabId);
    if (!tab) {
      tab = new Map();
      this.rows.set(tabId, tab);
    }
    return tab;
  }

  private row(record: CaptureRecord): RecordRow {
    const row = toRow(record);
    const s = this.strings;
    row.method = s.get(row.method);
    row.type = s.get(row.type);
    if (row.initiator !== undefined) row.initiator = s.get(row.initiator);
    if (row.error !== undefined) row.error = s.get(row.error);
    return row;
  }

  /** How many rows the hub keeps (tests, benches). */
  rowCount(): number {
    let n = 0;
    for (const tab of this.rows.values()) n += tab.size;
    return n;
  }

  recordChanged(record: CaptureRecord): void {
    const row = this.row(record);
    this.tabMap(record.tabId).set(record.id, row);
    for (const c of this.targets(record.tabId)) {
      c.removed.delete(record.id);
      c.rows.set(record.id, row);
    }
  }

  recordsRemoved(tabId: number, ids: string[]): void {
    const tab = this.rows.get(tabId);
    if (tab) for (const id of ids) tab.delete(id);
    for (const c of this.targets(tabId)) {
      for (const id of ids) {
        c.rows.delete(id);
        c.removed.add(id);
      }
    }
  }

  metaChanged(tabId: number, _meta: TabMeta): void {
    for (const c of this.targets(tabId)) c.state = true;
  }

  /** Pause and capture settings are global: every connected panel hears them. */
  stateChangedEverywhere(): void {
    for (const tabId of this.clients.keys()) for (const c of this.targets(tabId)) c.state = true;
  }

  tabRemoved(tabId: number): void {
    this.pending.delete(tabId);
    this.rows.delete(tabId);
  }

  /** This background is gone (tests): no batch is sent any more. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.clients.clear();
    this.pending.clear();
    this.rows.clear();
  }

  /** Sends everything queued now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [tabId, changes] of this.pending) {
      const ports = [...(this.clients.get(tabId) ?? [])].filter((c) => c.live).map((c) => c.port);
      this.send(tabId, ports, changes);
    }
    this.pending.clear();
  }

  private send(tabId: number, ports: PanelPort[], c: Changes): void {
    const messages: BackgroundToPanel[] = [];
    if (c.removed.size > 0) messages.push({ type: 'remove', ids: [...c.removed] });
    if (c.rows.size > 0) messages.push({ type: 'rows', rows: [...c.rows.values()] });
    if (c.state) messages.push({ type: 'state', state: this.source.state(tabId) });
    for (const m of messages) {
      const wire = encodeForPort(m); // encoded once for every panel of the tab
      for (const port of ports) port.postMessage(wire);
    }
  }

  /** The change sets to add to: the tab's batch (live panels) and each reading panel's own. */
  private targets(tabId: number): Changes[] {
    const clients = this.clients.get(tabId);
    if (!clients) return []; // nobody is looking: nothing to send
    const out: Changes[] = [];
    if ([...clients].some((c) => c.live)) {
      let p = this.pending.get(tabId);
      if (!p) {
        p = noChanges();
        this.pending.set(tabId, p);
      }
      out.push(p);
      if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.batchMs);
    }
    for (const c of clients) if (!c.live) out.push(c.missed);
    return out;
  }
}
