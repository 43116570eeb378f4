// Keeps the capture in storage.session so that a killed service worker loses nothing: the
// session area survives a worker restart but not a browser restart, as the capture should.
// Writes are batched: the first change after a quiet spell is written at once (so an abrupt
// stop loses as little as possible), later ones at most every `intervalMs`.
import type { CaptureRecord } from '../shared/record.ts';
import type { TabLogObserver, TabMeta } from './tab-log.ts';

/** The slice of `storage.session` used here (the real one, or an in-memory fake in tests). */
export interface StorageAreaLike {
  get(keys: string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

const RECORD = 'r:';
const META = 'm:';

export interface RestoredState {
  tabs: Map<number, { meta: TabMeta; records: CaptureRecord[] }>;
  settings: Record<string, unknown>;
}

export class Persistence implements TabLogObserver {
  private dirty = new Map<string, unknown>();
  private removed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private lastWrite = -Infinity;
  /** Writes that failed (quota, shutdown); the next flush retries what is still dirty. */
  failures = 0;
  writes = 0;

  constructor(
    private readonly area: StorageAreaLike,
    private readonly intervalMs = 250,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async restore(): Promise<RestoredState> {
    const all = await this.area.get(null);
    const tabs = new Map<number, { meta: TabMeta; records: CaptureRecord[] }>();
    const tabOf = (tabId: number) => {
      let t = tabs.get(tabId);
      if (!t) {
        t = { meta: { dropped: 0, preserve: false, nextSeq: 1 }, records: [] };
        tabs.set(tabId, t);
      }
      return t;
    };
    let settings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(RECORD)) {
        const record = value as CaptureRecord;
        tabOf(record.tabId).records.push(record);
      } else if (key.startsWith(META)) {
        tabOf(Number(key.slice(META.length))).meta = value as TabMeta;
      } else if (key === 'settings') {
        settings = value as Record<string, unknown>;
      }
    }
    for (const t of tabs.values()) {
      t.records.sort((a, b) => a.seq - b.seq);
      // A record written before its tab's meta must not be reissued a sequence number.
      const maxSeq = t.records.at(-1)?.seq ?? 0;
      if (t.meta.nextSeq <= maxSeq) t.meta = { ...t.meta, nextSeq: maxSeq + 1 };
    }
    return { tabs, settings };
  }

  /** Complete records by id, as stored (call after `flush` so that nothing is pending). */
  async readRecords(ids: string[]): Promise<Map<string, CaptureRecord>> {
    if (ids.length === 0) return new Map();
    const found = await this.area.get(ids.map((id) => RECORD + id));
    const out = new Map<string, CaptureRecord>();
    for (const [key, value] of Object.entries(found)) out.set(key.slice(RECORD.length), value as CaptureRecord);
    return out;
  }

  saveSettings(settings: Record<string, unknown>): void {
    this.put('settings', settings);
  }

  recordChanged(record: CaptureRecord): void {
    this.put(RECORD + record.id, record);
  }

  recordsRemoved(_tabId: number, ids: string[]): void {
    for (const id of ids) {
      this.dirty.delete(RECORD + id);
      this.removed.add(RECORD + id);
    }
    this.schedule();
  }

  metaChanged(tabId: number, meta: TabMeta): void {
    this.put(META + tabId, meta);
  }

  tabRemoved(tabId: number): void {
    this.dirty.delete(META + tabId);
    this.removed.add(META + tabId);
    this.schedule();
  }

  /** Writes everything pending now (tests, and before a deliberate shutdown). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (this.dirty.size === 0 && this.removed.size === 0) return;
    const items = Object.fromEntries(this.dirty);
    const removed = [...this.removed];
    this.dirty = new Map();
    this.removed = new Set();
    this.lastWrite = this.now();
    this.writes++;
    this.writing = (async () => {
      try {
        if (removed.length > 0) await this.area.remove(removed);
        if (Object.keys(items).length > 0) await this.area.set(items);
      } catch {
        this.failures++;
        // Put back what was not written unless something newer replaced it meanwhile.
        for (const [key, value] of Object.entries(items)) if (!this.dirty.has(key) && !this.removed.has(key)) this.dirty.set(key, value);
        for (const key of removed) if (!this.dirty.has(key)) this.removed.add(key);
      }
    })();
    await this.writing;
    this.writing = undefined;
  }

  private put(key: string, value: unknown): void {
    this.removed.delete(key);
    this.dirty.set(key, value);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastWrite + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
  }
}
