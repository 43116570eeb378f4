// Per-tab capture logs with a lifecycle: a per-tab cap (oldest dropped first, counted), a
// global byte budget that keeps storage.session inside its quota, clear on navigation unless
// the user preserves the log, removal when the tab closes. Observers hear every change.
import type { CaptureRecord } from '../shared/record.ts';
import { currentUrl } from './tracker.ts';

export interface TabMeta {
  dropped: number;
  preserve: boolean;
  nextSeq: number;
  /** Origin of the page last loaded in the tab: attributes the page's service-worker traffic. */
  pageOrigin?: string;
}

export interface TabLogObserver {
  recordChanged(record: CaptureRecord): void;
  recordsRemoved(tabId: number, ids: string[]): void;
  metaChanged(tabId: number, meta: TabMeta): void;
  tabRemoved(tabId: number): void;
}

interface TabLog extends TabMeta {
  /** Insertion order is capture order: the first entry is the oldest. */
  records: Map<string, CaptureRecord>;
}

export interface TabLogLimits {
  perTab: number;
  /** Approximate JSON bytes of all complete records together. */
  totalBytes: number;
}

export const DEFAULT_LIMITS: TabLogLimits = { perTab: 2000, totalBytes: 8 * 1024 * 1024 };

export class TabLogs {
  private readonly tabs = new Map<number, TabLog>();
  private readonly bytes = new Map<string, number>();
  private totalBytes = 0;

  constructor(
    private readonly observer: TabLogObserver,
    private readonly limits: TabLogLimits = DEFAULT_LIMITS,
  ) {}

  private tab(tabId: number): TabLog {
    let log = this.tabs.get(tabId);
    if (!log) {
      log = { records: new Map(), dropped: 0, preserve: false, nextSeq: 1 };
      this.tabs.set(tabId, log);
    }
    return log;
  }

  nextSeq(tabId: number): number {
    return this.tab(tabId).nextSeq++;
  }

  meta(tabId: number): TabMeta {
    const { dropped, preserve, nextSeq, pageOrigin } = this.tab(tabId);
    return { dropped, preserve, nextSeq, ...(pageOrigin !== undefined ? { pageOrigin } : {}) };
  }

  records(tabId: number): CaptureRecord[] {
    return [...(this.tabs.get(tabId)?.records.values() ?? [])];
  }

  allRecords(): CaptureRecord[] {
    return [...this.tabs.values()].flatMap((t) => [...t.records.values()]);
  }

  get(tabId: number, id: string): CaptureRecord | undefined {
    return this.tabs.get(tabId)?.records.get(id);
  }

  /** Restores a tab after a worker restart (records in capture order). */
  load(tabId: number, meta: TabMeta, records: CaptureRecord[]): void {
    const log: TabLog = { ...meta, records: new Map() };
    this.tabs.set(tabId, log);
    for (const record of records) {
      log.records.set(record.id, record);
      if (record.complete) this.account(record);
    }
  }

  upsert(record: CaptureRecord): void {
    const log = this.tab(record.tabId);
    if (!log.records.has(record.id)) {
      log.records.set(record.id, record);
      if (log.records.size > this.limits.perTab) this.evictOldest(record.tabId, log.records.size - this.limits.perTab);
    } else {
      log.records.set(record.id, record);
    }
    if (record.complete) this.account(record);
    this.observer.recordChanged(record);
    this.enforceBudget();
  }

  /** Drops a record that turned out not to be CORS-relevant (not counted as dropped). */
  discard(record: CaptureRecord): void {
    const log = this.tabs.get(record.tabId);
    if (!log?.records.delete(record.id)) return;
    this.unaccount(record.id);
    this.observer.recordsRemoved(record.tabId, [record.id]);
  }

  clear(tabId: number): void {
    const log = this.tabs.get(tabId);
    if (!log) return;
    const ids = [...log.records.keys()];
    for (const id of ids) this.unaccount(id);
    log.records.clear();
    log.dropped = 0;
    if (ids.length > 0) this.observer.recordsRemoved(tabId, ids);
    this.observer.metaChanged(tabId, this.meta(tabId));
  }

  /** A top-level navigation started in the tab, to a page of `pageOrigin`. */
  navigated(tabId: number, pageOrigin?: string): void {
    const log = this.tab(tabId);
    if (pageOrigin !== undefined) log.pageOrigin = pageOrigin;
    if (!log.preserve) this.clear(tabId);
    else this.observer.metaChanged(tabId, this.meta(tabId));
  }

  /** A tab that was open before the extension started: learn its page origin if unknown. */
  seenTab(tabId: number, pageOrigin: string): void {
    const log = this.tab(tabId);
    if (log.pageOrigin !== undefined) return;
    log.pageOrigin = pageOrigin;
    this.observer.metaChanged(tabId, this.meta(tabId));
  }

  /**
   * The tab a service worker's request belongs to: the one tab showing a page of the
   * worker's origin. Several such tabs (or none) make it unattributable.
   */
  tabForOrigin(origin: string | undefined): number | undefined {
    if (origin === undefined) return undefined;
    let found: number | undefined;
    for (const [tabId, log] of this.tabs) {
      if (log.pageOrigin !== origin) continue;
      if (found !== undefined) return undefined;
      found = tabId;
    }
    return found;
  }

  setPreserve(tabId: number, preserve: boolean): void {
    this.tab(tabId).preserve = preserve;
    this.observer.metaChanged(tabId, this.meta(tabId));
  }

  removeTab(tabId: number): void {
    const log = this.tabs.get(tabId);
    if (!log) return;
    const ids = [...log.records.keys()];
    for (const id of ids) this.unaccount(id);
    this.tabs.delete(tabId);
    if (ids.length > 0) this.observer.recordsRemoved(tabId, ids);
    this.observer.tabRemoved(tabId);
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  blockedCount(tabId: number): number {
    let n = 0;
    for (const r of this.tabs.get(tabId)?.records.values() ?? []) if (r.verdict?.outcome === 'blocked') n++;
    return n;
  }

  /**
   * The latest earlier record of the tab whose observed preflight covered the same URL from
   * the same origin: the preflight that most likely filled the browser's cache.
   */
  findCacheFiller(record: CaptureRecord): CaptureRecord | undefined {
    const log = this.tabs.get(record.tabId);
    if (!log) return undefined;
    let found: CaptureRecord | undefined;
    for (const r of log.records.values()) {
      if (r === record || r.seq >= record.seq) continue;
      if (r.preflight?.status !== undefined && currentUrl(r) === record.url && r.initiator === record.initiator) found = r;
    }
    return found;
  }

  private evictOldest(tabId: number, count: number): void {
    const log = this.tabs.get(tabId);
    if (!log || count <= 0) return;
    const ids: string[] = [];
    for (const id of log.records.keys()) {
      if (ids.length >= count) break;
      ids.push(id);
    }
    for (const id of ids) {
      log.records.delete(id);
      this.unaccount(id);
    }
    log.dropped += ids.length;
    this.observer.recordsRemoved(tabId, ids);
    this.observer.metaChanged(tabId, this.meta(tabId));
  }

  private account(record: CaptureRecord): void {
    const size = JSON.stringify(record).length;
    this.totalBytes += size - (this.bytes.get(record.id) ?? 0);
    this.bytes.set(record.id, size);
  }

  private unaccount(id: string): void {
    this.totalBytes -= this.bytes.get(id) ?? 0;
    this.bytes.delete(id);
  }

  /** Over the global budget: drop the oldest records of the largest tab until under it. */
  private enforceBudget(): void {
    while (this.totalBytes > this.limits.totalBytes) {
      let largest: number | undefined;
      let size = 0;
      for (const [tabId, log] of this.tabs) {
        if (log.records.size > size) {
          size = log.records.size;
          largest = tabId;
        }
      }
      if (largest === undefined || size <= 1) return;
      this.evictOldest(largest, Math.max(1, Math.ceil(size / 20)));
    }
  }

  get approximateBytes(): number {
    return this.totalBytes;
  }
}
