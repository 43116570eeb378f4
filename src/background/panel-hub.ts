// Serves the panels: each connected panel gets a reset and a snapshot of its tab (read back
// from storage: the worker does not keep complete records), then the changes, batched (one
// message per kind per tick, not one per webRequest event).
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
  records(tabId: number): Promise<CaptureRecord[]>;
  state(tabId: number): TabState;
}

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
    const records = await this.source.records(tabId);
    if (gone) return;
    port.postMessage({ type: 'reset', tabId, version: this.version, state: this.source.state(tabId) });
    for (let i = 0; i < records.length; i += SNAPSHOT_CHUNK) {
      port.postMessage({ type: 'upsert', records: records.slice(i, i + SNAPSHOT_CHUNK) });
    }
    // What changed while the snapshot was read (it may or may not be in it: upserts are idempotent).
    this.send(tabId, [port], client.missed);
    client.live = true;
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
