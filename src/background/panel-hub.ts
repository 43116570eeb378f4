// Serves the panels: each connected panel gets a reset and a snapshot of its tab, then the
// changes, batched (one message per kind per tick, not one per webRequest event).
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

interface Pending {
  upserts: Map<string, CaptureRecord>;
  removed: Set<string>;
  state: boolean;
}

export class PanelHub implements TabLogObserver {
  private readonly ports = new Map<number, Set<PortLike>>();
  private readonly pending = new Map<number, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly snapshot: (tabId: number) => { records: CaptureRecord[]; state: TabState },
    private readonly version: string,
    private readonly batchMs = 50,
  ) {}

  connect(tabId: number, port: PortLike): void {
    let set = this.ports.get(tabId);
    if (!set) {
      set = new Set();
      this.ports.set(tabId, set);
    }
    set.add(port);
    port.onDisconnect.addListener(() => {
      set.delete(port);
      if (set.size === 0) this.ports.delete(tabId);
    });
    const { records, state } = this.snapshot(tabId);
    port.postMessage({ type: 'reset', tabId, version: this.version, state });
    for (let i = 0; i < records.length; i += SNAPSHOT_CHUNK) {
      port.postMessage({ type: 'upsert', records: records.slice(i, i + SNAPSHOT_CHUNK) });
    }
  }

  hasPanel(tabId: number): boolean {
    return this.ports.has(tabId);
  }

  recordChanged(record: CaptureRecord): void {
    const p = this.queue(record.tabId);
    if (!p) return;
    p.removed.delete(record.id);
    p.upserts.set(record.id, record);
  }

  recordsRemoved(tabId: number, ids: string[]): void {
    const p = this.queue(tabId);
    if (!p) return;
    for (const id of ids) {
      p.upserts.delete(id);
      p.removed.add(id);
    }
  }

  metaChanged(tabId: number, _meta: TabMeta): void {
    const p = this.queue(tabId);
    if (p) p.state = true;
  }

  /** Pause is global: every connected panel hears it. */
  stateChangedEverywhere(): void {
    for (const tabId of this.ports.keys()) {
      const p = this.queue(tabId);
      if (p) p.state = true;
    }
  }

  tabRemoved(tabId: number): void {
    this.pending.delete(tabId);
  }

  /** Sends everything queued now. */
  flush(): void {
    this.timer = undefined;
    for (const [tabId, p] of this.pending) {
      const ports = this.ports.get(tabId);
      if (!ports) continue;
      const messages: BackgroundToPanel[] = [];
      if (p.removed.size > 0) messages.push({ type: 'remove', ids: [...p.removed] });
      if (p.upserts.size > 0) messages.push({ type: 'upsert', records: [...p.upserts.values()] });
      if (p.state) messages.push({ type: 'state', state: this.snapshot(tabId).state });
      for (const port of ports) for (const m of messages) port.postMessage(m);
    }
    this.pending.clear();
  }

  private queue(tabId: number): Pending | undefined {
    if (!this.ports.has(tabId)) return undefined; // nobody is looking: nothing to send
    let p = this.pending.get(tabId);
    if (!p) {
      p = { upserts: new Map(), removed: new Set(), state: false };
      this.pending.set(tabId, p);
    }
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.batchMs);
    return p;
  }
}
