// Keeps the capture in storage.session so that a killed service worker loses nothing: the
// session area survives a worker restart but not a browser restart, as the capture should.
//
// Writes are batched: the first change after a quiet spell is written at once, later ones at
// most every `intervalMs`. A record is written when it completes, or once it has been in
// flight for `intervalMs` (a fast request is written once, complete; a slow one is on disk
// long before Chrome could kill an idle worker, which takes 30 s).
//
// Each record is stored as one JSON string: Chromium counts a structured value against the
// ~10 MB quota by its in-memory shape (several times its JSON length for a verdict's many
// small objects), a string by its length, which the tab log's byte budget can follow.
import type { CaptureRecord } from '../shared/record.ts';
import { needsTrace, storedJson } from './stored-form.ts';
import type { TabLogObserver, TabMeta } from './tab-log.ts';

/** The slice of `storage.session` used here (the real one, or an in-memory fake in tests). */
export interface StorageAreaLike {
  get(keys: string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

const RECORD = 'r:';
/** Retries of a failing write before waiting for the next change. */
const MAX_RETRIES = 8;
const META = 'm:';

export interface RestoredState {
  tabs: Map<number, { meta: TabMeta; records: CaptureRecord[] }>;
  settings: Record<string, unknown>;
}

function parseRecord(value: unknown): CaptureRecord | undefined {
  try {
    return (typeof value === 'string' ? JSON.parse(value) : value) as CaptureRecord;
  } catch {
    return undefined; // a damaged entry loses one record, not the capture
  }
}

export class Persistence implements TabLogObserver {
  private dirty = new Map<string, unknown>();
  private removed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private lastWrite = -Infinity;
  /** Writes that failed (quota, shutdown); what they held is written again. */
  failures = 0;
  writes = 0;
  /** Failures in a row: retries stop after a few, until the next change tries again. */
  private failingInARow = 0;
  /** Told when a write failed, so that the capture can make room (the quota is the usual cause). */
  onWriteFailed: (() => void) | undefined;
  /** Gives a record read back its verdict's trace again (see stored-form.ts). */
  revive: (record: CaptureRecord) => CaptureRecord = (r) => r;

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
        const record = this.read(value);
        if (record) tabOf(record.tabId).records.push(record);
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
    for (const [key, value] of Object.entries(found)) {
      const record = this.read(value);
      if (record) out.set(key.slice(RECORD.length), record);
    }
    return out;
  }

  private read(value: unknown): CaptureRecord | undefined {
    const record = parseRecord(value);
    return record && needsTrace(record) ? this.revive(record) : record;
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

  /**
   * Writes what is pending. `everything` also writes records that are still young and in
   * flight (before a panel reads the store back, and in tests).
   */
  async flush(everything = true): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    const now = this.now();
    const items: Record<string, unknown> = {};
    let deferred = false;
    for (const [key, value] of this.dirty) {
      if (key.startsWith(RECORD)) {
        const record = value as CaptureRecord;
        if (!everything && !record.complete && now - record.startedAt < this.intervalMs) {
          deferred = true;
          continue;
        }
        items[key] = storedJson(record);
      } else {
        items[key] = value;
      }
      this.dirty.delete(key);
    }
    const removed = [...this.removed];
    this.removed = new Set();
    if (Object.keys(items).length === 0 && removed.length === 0) {
      if (deferred) this.schedule();
      return;
    }
    this.lastWrite = now;
    this.writes++;
    let failed = false;
    this.writing = (async () => {
      try {
        if (removed.length > 0) await this.area.remove(removed);
        if (Object.keys(items).length > 0) await this.area.set(items);
      } catch {
        failed = true;
        this.failures++;
        // Put back what was not written unless something newer replaced it meanwhile.
        for (const [key, value] of Object.entries(items)) {
          if (this.dirty.has(key) || this.removed.has(key)) continue;
          this.dirty.set(key, key.startsWith(RECORD) ? this.read(value) : value);
        }
        for (const key of removed) if (!this.dirty.has(key)) this.removed.add(key);
      }
    })();
    await this.writing;
    this.writing = undefined;
    this.failingInARow = failed ? this.failingInARow + 1 : 0;
    if (failed) this.onWriteFailed?.();
    const retry = !failed || this.failingInARow < MAX_RETRIES;
    if (retry && (deferred || this.dirty.size > 0 || this.removed.size > 0)) this.schedule();
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
      void this.flush(false);
    }, wait);
  }
}
