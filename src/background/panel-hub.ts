// Serves the panels: each connected panel gets a reset and a snapshot of its tab (read back
// from storage: the worker does not keep complete records), then the changes, batched (one
// message per kind per tick, not one per webRequest event).
//
// The snapshot is what a panel waits for before its list is complete, so it carries only what
// the list needs: complete records in their stored form, their verdict's summary without the
// trace of checks (a quarter of the bytes to copy across; the panel derives the trace of the
// one record it shows in detail), in chunks newest first (the rows a panel shows first are the
// last ones, and the chunks behind them only add rows above).
import type { Verdict } from '../core/verdict.ts';
import type { CaptureRecord } from '../shared/record.ts';
import type { BackgroundToPanel, TabState } from '../shared/protocol.ts';
import type { TabLogObserver, TabMeta } from './tab-log.ts';

/** The slice of runtime.Port used here. */
export interface PortLike {
  postMessage(message: BackgroundToPanel): void;
  onDisconnect: { addListener(cb: () => void): void };
}

/** Snapshot chunk size: keeps each port message well below the browsers' message limits. */
export const SNAPSHOT_CHUNK = 250;

/**
 * A complete record as the snapshot sends it: its verdict without the trace (`checks`,
 * `failedCheck`), as storage keeps it. Records already in that form go as they are.
 */
export function snapshotForm(record: CaptureRecord): CaptureRecord {
  const v = record.verdict as Partial<Verdict> | undefined;
  if (!record.complete || v === undefined || (v.checks === undefined && v.failedCheck === undefined)) return record;
  const { checks: _checks, failedCheck: _failed, ...summary } = v;
  return { ...record, verdict: summary as Verdict };
}

interface Changes {
  upserts: Map<string, CaptureRecord>;
  removed: Set<string>;
  state: boolean;
}

interface Client {
  port: PortLike;
  /** False while its snapshot is being read: changes meanwhile wait in `missed`. */
  live: boolean;
  missed: Changes;
}

const noChanges = (): Changes => ({ upserts: new Map(), removed: new Set(), state: false });

export interface HubSource {
  /** The tab's records in capture order, whole (complete ones are read back from storage). */
  records(tabId: number): Promise<CaptureRecord[]>;
  /**
   * When given (with `read`), the snapshot is read chunk by chunk, newest first, and each
   * chunk is sent as soon as it is read, while storage reads the next ones: the tab's record
   * ids in capture order, as the log's index has them (no storage read).
   */
  ids?(tabId: number): string[];
  /** Those of `ids` still in the log, whole, in capture order. */
  read?(tabId: number, ids: string[]): Promise<CaptureRecord[]>;
  state(tabId: number): TabState;
}

/** The first snapshot chunk is small: a screenful of rows, read and sent in a few ms. */
export const FIRST_CHUNK = 100;

export class PanelHub implements TabLogObserver {
  private readonly clients = new Map<number, Set<Client>>();
  private readonly pending = new Map<number, Changes>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly source: HubSource,
    private readonly version: string,
    private readonly batchMs = 50,
  ) {}

  async connect(tabId: number, port: PortLike): Promise<void> {
    let set = this.clients.get(tabId);
    if (!set) {
      set = new Set();
      this.clients.set(tabId, set);
    }
    const client: Client = { port, live: false, missed: noChanges() };
    set.add(client);
    let gone = false;
    port.onDisconnect.addListener(() => {
      gone = true;
      set.delete(client);
      if (set.size === 0) this.clients.delete(tabId);
    });
    if (!(await this.sendSnapshot(tabId, port, () => gone))) return;
    // What changed while the snapshot was read (it may or may not be in it: upserts are idempotent).
    this.send(tabId, [port], client.missed);
    client.live = true;
  }

  /** Sends the reset and the snapshot, newest first; false when the panel left meanwhile. */
  private async sendSnapshot(tabId: number, port: PortLike, gone: () => boolean): Promise<boolean> {
    const reset = (): BackgroundToPanel => ({ type: 'reset', tabId, version: this.version, state: this.source.state(tabId) });
    const chunk = (records: CaptureRecord[]): BackgroundToPanel => ({ type: 'upsert', records: records.map(snapshotForm) });
    const { ids, read } = this.source;
    if (!ids || !read) {
      const records = await this.source.records(tabId);
      if (gone()) return false;
      port.postMessage(reset());
      for (let end = records.length; end > 0; end -= SNAPSHOT_CHUNK) {
        port.postMessage(chunk(records.slice(Math.max(0, end - SNAPSHOT_CHUNK), end)));
      }
      return true;
    }
    const all = ids.call(this.source, tabId);
    const parts: string[][] = [];
    for (let end = all.length, size = FIRST_CHUNK; end > 0; end -= size, size = SNAPSHOT_CHUNK) {
      parts.push(all.slice(Math.max(0, end - size), end));
    }
    // Every read is asked for at once: storage answers them in turn while the first chunks
    // are on their way to the panel.
    const reads = parts.map((part) => read.call(this.source, tabId, part));
    for (const r of reads) r.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    let started = false;
    for (const r of reads) {
      const records = await r;
      if (gone()) return false;
      if (!started) port.postMessage(reset());
      started = true;
      if (records.length > 0) port.postMessage(chunk(records));
    }
    if (!started) port.postMessage(reset());
    return true;
  }

  recordChanged(record: CaptureRecord): void {
    for (const c of this.targets(record.tabId)) {
      c.removed.delete(record.id);
      c.upserts.set(record.id, record);
    }
  }

  recordsRemoved(tabId: number, ids: string[]): void {
    for (const c of this.targets(tabId)) {
      for (const id of ids) {
        c.upserts.delete(id);
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
  }

  /** This background is gone (tests): no batch is sent any more. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.clients.clear();
    this.pending.clear();
  }

  /** Sends everything queued now. */
  flush(): void {
    this.timer = undefined;
    for (const [tabId, changes] of this.pending) {
      const ports = [...(this.clients.get(tabId) ?? [])].filter((c) => c.live).map((c) => c.port);
      this.send(tabId, ports, changes);
    }
    this.pending.clear();
  }

  private send(tabId: number, ports: PortLike[], c: Changes): void {
    const messages: BackgroundToPanel[] = [];
    if (c.removed.size > 0) messages.push({ type: 'remove', ids: [...c.removed] });
    if (c.upserts.size > 0) messages.push({ type: 'upsert', records: [...c.upserts.values()] });
    if (c.state) messages.push({ type: 'state', state: this.source.state(tabId) });
    for (const port of ports) for (const m of messages) port.postMessage(m);
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
