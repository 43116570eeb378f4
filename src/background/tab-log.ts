// Per-tab capture logs with a lifecycle (docs/lifecycle.md): a per-tab cap (oldest complete
// record dropped first, counted), a global byte budget that keeps storage.session inside its
// quota (taken from the tab holding the most bytes), clear on navigation unless the user
// preserves the log, removal when the tab closes. What is forgotten stays forgotten: the ids of
// requests cleared while in flight and the ids of closed tabs are kept as tombstones, so that a
// late event cannot bring them back. Observers hear every change.
//
// Memory: a completed record is written to storage.session (persistence.ts) and the worker
// keeps only a small index entry for it, the way uBlock's logger keeps data only while a UI
// reads it. Full records are read back when a panel connects. In-flight records stay whole.
import type { ResourceType } from '../core/index.ts';
import type { CaptureRecord, PreflightCapture } from '../shared/record.ts';
import { trimOldest } from './bounded.ts';
import { storedJson } from './stored-form.ts';
import { currentUrl } from './tracker.ts';

export interface TabMeta {
  dropped: number;
  preserve: boolean;
  nextSeq: number;
  /** Origin of the page last loaded in the tab: attributes the page's service-worker traffic. */
  pageOrigin?: string;
  /**
   * Chromium's ids of the documents seen making requests in the tab since its log last began
   * with a navigation (the page and its frames): retired by the next navigation (rule 11).
   */
  documents?: string[];
}

/** Forgotten request ids, closed tab ids and documents left, oldest first (docs/lifecycle.md "Forgotten"). */
export interface Tombstones {
  requests: string[];
  tabs: number[];
  /** Documents of pages navigated away from with Preserve log off, and until when (rule 11). */
  documents?: Array<[string, number]>;
}

export interface TabLogObserver {
  recordChanged(record: CaptureRecord): void;
  recordsRemoved(tabId: number, ids: string[]): void;
  metaChanged(tabId: number, meta: TabMeta): void;
  tabRemoved(tabId: number): void;
  tombstonesChanged?(tombstones: Tombstones): void;
}

/** What the worker keeps of a record once it is complete. */
export interface IndexEntry {
  seq: number;
  /** The whole record while it is in flight; absent once complete (it lives in storage). */
  record?: CaptureRecord;
  blocked: boolean;
  /** Approximate JSON bytes of the complete record (global budget). */
  bytes: number;
  /** For matching DevTools' call-site reports to records. */
  url: string;
  method: string;
  startedAt: number;
  hasSource: boolean;
  /** For joining the page witness's reports (witness-join.ts). */
  type: ResourceType;
  frameId?: number;
  witnessed: boolean;
  /**
   * Ended by the capture, not by its last event (gap `end`): its request may still send
   * events, so once evicted its id is forgotten, or a later event would rebuild it (rule 3).
   */
  endGuessed?: true;
}

interface TabLog extends TabMeta {
  /** Insertion order is capture order: the first entry is the oldest. */
  entries: Map<string, IndexEntry>;
  /** Stored bytes of the tab's complete records. */
  bytes: number;
}

export interface TabLogLimits {
  perTab: number;
  /** Approximate JSON bytes of all complete records together. */
  totalBytes: number;
}

export const DEFAULT_LIMITS: TabLogLimits = { perTab: 2000, totalBytes: 8 * 1024 * 1024 };

/** The budget never shrinks below this (a few dozen records). */
const MIN_BUDGET = 64 * 1024;

/** Preflights kept to explain later preflight-cache hits (the browsers' caches are small too). */
const MAX_REMEMBERED_PREFLIGHTS = 64;

/**
 * Tombstones kept: a forgotten request only needs one until its last event, and a clear
 * forgets only the requests in flight at that moment; tab ids are never reused in a session.
 */
const MAX_FORGOTTEN_REQUESTS = 4096;
const MAX_CLOSED_TABS = 1024;
/** Documents a page may show at once (itself and its frames); the oldest goes first. */
const MAX_PAGE_DOCUMENTS = 64;
/** Documents left: a page left is only heard from for the moments its requests still start. */
const MAX_LEFT_DOCUMENTS = 1024;
/**
 * Rule 11: how long after its navigation's request ended a page left may still start a request
 * (its pagehide handlers run as the new page commits, which is before that end or just after).
 * After that only a page still there (a download, a page back from the back/forward cache) can.
 */
export const LEFT_GRACE_MS = 1000;
/** A navigation whose end is never heard (a worker stopped meanwhile) retires the page this long. */
export const LEAVING_MAX_MS = 60_000;

export class TabLogs {
  private readonly tabs = new Map<number, TabLog>();
  private totalBytes = 0;
  /** The byte budget in force: the configured one, lowered when storage refuses a write. */
  private budget: number;
  /** tab + URL + initiator → the latest completed preflight there, and its record id. */
  private readonly preflights = new Map<string, { id: string; seq: number; preflight: PreflightCapture }>();
  private readonly forgotten = new Set<string>();
  private readonly closed = new Set<number>();
  /** Documents of pages left → until when their requests are not the tab's (epoch ms). */
  private readonly leftDocuments = new Map<string, number>();

  constructor(
    private readonly observer: TabLogObserver,
    private readonly limits: TabLogLimits = DEFAULT_LIMITS,
  ) {
    this.budget = limits.totalBytes;
  }

  /**
   * Storage refused a write (its quota counts more than our estimate, or other data shares
   * it): keep 20% less from now on, dropping the oldest records, so the next write fits.
   */
  shrinkBudget(): void {
    this.budget = Math.max(MIN_BUDGET, Math.floor(Math.min(this.budget, this.totalBytes) * 0.8));
    this.enforceBudget();
  }

  get byteBudget(): number {
    return this.budget;
  }

  private tab(tabId: number): TabLog {
    let log = this.tabs.get(tabId);
    if (!log) {
      log = { entries: new Map(), dropped: 0, preserve: false, nextSeq: 1, bytes: 0 };
      this.tabs.set(tabId, log);
    }
    return log;
  }

  /** Brings back the tombstones of an earlier life. */
  loadTombstones(t: Tombstones): void {
    for (const id of t.requests) this.forgotten.add(id);
    for (const tabId of t.tabs) this.closed.add(tabId);
    for (const [id, until] of t.documents ?? []) this.leftDocuments.set(id, until);
  }

  /**
   * Rule 11: whether a request comes from a page the tab navigated away from (Preserve log off).
   * Chromium names the document making a request; a page keeps making requests after the
   * navigation began (a timer, pagehide), and webRequest gives them the tab's id all the same.
   */
  fromPageLeft(documentIds: readonly string[], now: number): boolean {
    for (const id of documentIds) {
      const until = this.leftDocuments.get(id);
      if (until === undefined) continue;
      if (now <= until) return true;
      // Heard from after its grace: the page is still there (no commit, or back from the cache).
      this.leftDocuments.delete(id);
      this.tombstonesChanged();
    }
    return false;
  }

  /** The documents (Chromium) making a request of the tab: its current page's, until it navigates. */
  sawDocuments(tabId: number, documentIds: readonly string[]): void {
    if (this.closed.has(tabId)) return;
    const log = this.tab(tabId);
    let changed = false;
    for (const id of documentIds) {
      if (log.documents?.includes(id)) continue;
      (log.documents ??= []).push(id);
      if (log.documents.length > MAX_PAGE_DOCUMENTS) log.documents.shift();
      changed = true;
    }
    if (changed) this.observer.metaChanged(tabId, this.meta(tabId));
  }

  /** A request that was forgotten (cleared, navigated away from) while in flight. */
  isForgotten(requestId: string): boolean {
    return this.forgotten.has(requestId);
  }

  isClosed(tabId: number): boolean {
    return this.closed.has(tabId);
  }

  /** Forgets requests for good: later events of these ids are ignored. */
  forget(requestIds: Iterable<string>): void {
    let changed = false;
    for (const id of requestIds) {
      if (this.forgotten.has(id)) continue;
      this.forgotten.add(id);
      changed = true;
    }
    if (!changed) return;
    trimOldest(this.forgotten, MAX_FORGOTTEN_REQUESTS);
    this.tombstonesChanged();
  }

  private tombstonesChanged(): void {
    this.observer.tombstonesChanged?.({ requests: [...this.forgotten], tabs: [...this.closed], documents: [...this.leftDocuments] });
  }

  nextSeq(tabId: number): number {
    return this.tab(tabId).nextSeq++;
  }

  meta(tabId: number): TabMeta {
    const { dropped, preserve, nextSeq, pageOrigin, documents } = this.tab(tabId);
    return {
      dropped,
      preserve,
      nextSeq,
      ...(pageOrigin !== undefined ? { pageOrigin } : {}),
      ...(documents && documents.length > 0 ? { documents: [...documents] } : {}),
    };
  }

  /** Record ids of the tab in capture order. */
  ids(tabId: number): string[] {
    return [...(this.tabs.get(tabId)?.entries.keys() ?? [])];
  }

  /** The tab's index entries in capture order. */
  entries(tabId: number): Iterable<[string, IndexEntry]> {
    return this.tabs.get(tabId)?.entries ?? [];
  }

  entry(tabId: number, id: string): IndexEntry | undefined {
    return this.tabs.get(tabId)?.entries.get(id);
  }

  /** Records still in flight, across tabs (they are kept whole). */
  inflightRecords(): CaptureRecord[] {
    const out: CaptureRecord[] = [];
    for (const log of this.tabs.values()) for (const e of log.entries.values()) if (e.record) out.push(e.record);
    return out;
  }

  /** An in-flight record by id, in whatever tab. */
  inflightRecord(id: string): CaptureRecord | undefined {
    for (const log of this.tabs.values()) {
      const record = log.entries.get(id)?.record;
      if (record) return record;
    }
    return undefined;
  }

  /** Restores a tab after a worker restart (records in capture order). */
  load(tabId: number, meta: TabMeta, records: CaptureRecord[]): void {
    if (this.closed.has(tabId)) return;
    // Stored meta is read back as written by an earlier life, but checked like anything stored.
    const documents = Array.isArray(meta.documents) ? meta.documents.filter((id): id is string => typeof id === 'string').slice(-MAX_PAGE_DOCUMENTS) : [];
    const log: TabLog = { ...meta, documents, entries: new Map(), bytes: 0 };
    this.tabs.set(tabId, log);
    for (const record of records) this.index(log, record);
  }

  /** A record is new or changed. Never for a closed tab (the tracker asks `isClosed` first). */
  upsert(record: CaptureRecord): void {
    if (this.closed.has(record.tabId)) return;
    const log = this.tab(record.tabId);
    this.index(log, record);
    this.observer.recordChanged(record);
    // Rule 4: only complete records are evicted, so a record that completes may make room too.
    if (log.entries.size > this.limits.perTab) this.evictOldest(record.tabId, log.entries.size - this.limits.perTab);
    this.enforceBudget();
  }

  /** Drops a record that turned out not to be CORS-relevant (not counted as dropped). */
  discard(record: CaptureRecord): void {
    const log = this.tabs.get(record.tabId);
    const entry = log?.entries.get(record.id);
    if (!log || !entry) return;
    log.entries.delete(record.id);
    this.totalBytes -= entry.bytes;
    log.bytes -= entry.bytes;
    this.observer.recordsRemoved(record.tabId, [record.id]);
  }

  /**
   * Empties the tab's log: a new epoch. The caller forgets (`forget`) the requests of the tab
   * that may still have events.
   */
  clear(tabId: number): void {
    const log = this.tabs.get(tabId);
    if (!log) return;
    const ids = [...log.entries.keys()];
    this.forgetEndGuessed(log, ids);
    this.totalBytes -= log.bytes;
    log.bytes = 0;
    log.entries.clear();
    log.dropped = 0;
    this.forgetPreflights(tabId);
    if (ids.length > 0) this.observer.recordsRemoved(tabId, ids);
    this.observer.metaChanged(tabId, this.meta(tabId));
  }

  /**
   * A top-level navigation started in the tab, to a page of `pageOrigin` whose key is `arrivingKey`
   * (see `arriving`). Returns the documents of the page it leaves (Preserve log off), should the
   * page stay after all (`pageStayed`).
   */
  navigated(tabId: number, now: number, pageOrigin?: string, arrivingKey?: string): string[] {
    const log = this.tab(tabId);
    if (pageOrigin !== undefined) log.pageOrigin = pageOrigin;
    if (log.preserve) {
      if (arrivingKey !== undefined) this.arriving(arrivingKey);
      this.observer.metaChanged(tabId, this.meta(tabId));
      return [];
    }
    // Rule 11: the page left may still start requests; they are not the new page's.
    const left = log.documents ?? [];
    const arrivingWasLeft = arrivingKey !== undefined && this.leftDocuments.delete(arrivingKey);
    if (left.length > 0 || arrivingWasLeft) {
      for (const id of left) if (id !== arrivingKey) this.leftDocuments.set(id, now + LEAVING_MAX_MS);
      log.documents = [];
      trimOldest(this.leftDocuments, MAX_LEFT_DOCUMENTS);
      this.tombstonesChanged();
    }
    this.clear(tabId);
    return left;
  }

  /** The page a navigation goes to, by a key it may share with a page left (Firefox's URL): not left. */
  arriving(key: string): void {
    if (this.leftDocuments.delete(key)) this.tombstonesChanged();
  }

  /**
   * The navigation's request ended: with no new page (a 204, a download) the documents are the
   * tab's again at once; else they stay retired for `LEFT_GRACE_MS` more.
   */
  navigationEnded(tabId: number, documents: readonly string[], stayed: boolean, now: number): void {
    if (this.closed.has(tabId) || documents.length === 0) return;
    for (const id of documents) {
      if (!this.leftDocuments.has(id)) continue;
      if (stayed) this.leftDocuments.delete(id);
      else this.leftDocuments.set(id, now + LEFT_GRACE_MS);
    }
    this.tombstonesChanged();
    if (stayed) this.sawDocuments(tabId, documents);
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

  /** The tab closed: its log goes, and later events of the tab are ignored (tombstone). */
  removeTab(tabId: number): void {
    if (!this.closed.has(tabId)) {
      this.closed.add(tabId);
      trimOldest(this.closed, MAX_CLOSED_TABS);
      this.tombstonesChanged();
    }
    const log = this.tabs.get(tabId);
    if (!log) return;
    const ids = [...log.entries.keys()];
    this.totalBytes -= log.bytes;
    this.tabs.delete(tabId);
    this.forgetPreflights(tabId);
    if (ids.length > 0) this.observer.recordsRemoved(tabId, ids);
    this.observer.tabRemoved(tabId);
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  blockedCount(tabId: number): number {
    let n = 0;
    for (const e of this.tabs.get(tabId)?.entries.values() ?? []) if (e.blocked) n++;
    return n;
  }

  /**
   * The latest earlier record of the tab whose observed preflight covered the same URL from
   * the same origin: the preflight that most likely filled the browser's cache.
   */
  findCacheFiller(record: CaptureRecord): { id: string; preflight: PreflightCapture } | undefined {
    const found = this.preflights.get(preflightKey(record.tabId, record.url, record.initiator));
    if (!found || found.seq >= record.seq || found.id === record.id) return undefined;
    return this.tabs.get(record.tabId)?.entries.has(found.id) ? found : undefined;
  }

  get approximateBytes(): number {
    return this.totalBytes;
  }

  /** Bytes of the tab's complete records. */
  tabBytes(tabId: number): number {
    return this.tabs.get(tabId)?.bytes ?? 0;
  }

  private index(log: TabLog, record: CaptureRecord): void {
    const previous = log.entries.get(record.id);
    const bytes = record.complete ? storedJson(record).length : 0;
    this.totalBytes += bytes - (previous?.bytes ?? 0);
    log.bytes += bytes - (previous?.bytes ?? 0);
    const entry: IndexEntry = {
      seq: record.seq,
      blocked: record.verdict?.outcome === 'blocked',
      bytes,
      url: record.url,
      method: record.method,
      startedAt: record.startedAt,
      hasSource: record.source !== undefined,
      type: record.type,
      witnessed: record.witness !== undefined,
    };
    if (record.frameId !== undefined) entry.frameId = record.frameId;
    if (record.complete && record.gaps?.end !== undefined) entry.endGuessed = true;
    if (!record.complete) entry.record = record;
    log.entries.set(record.id, entry);
    if (record.complete && record.preflight?.status !== undefined) {
      const key = preflightKey(record.tabId, currentUrl(record), record.initiator);
      this.preflights.delete(key); // re-insert: the Map's order is the LRU order
      this.preflights.set(key, { id: record.id, seq: record.seq, preflight: record.preflight });
      if (this.preflights.size > MAX_REMEMBERED_PREFLIGHTS) {
        const oldest = this.preflights.keys().next().value;
        if (oldest !== undefined) this.preflights.delete(oldest);
      }
    }
  }

  private forgetPreflights(tabId: number): void {
    const prefix = `${tabId} `;
    for (const key of this.preflights.keys()) if (key.startsWith(prefix)) this.preflights.delete(key);
  }

  /**
   * Drops the tab's oldest complete records: `count` of them, or (with `bytes`) as many as
   * free that many bytes. In-flight records are never evicted (rule 4): their later events
   * would otherwise have to bring them back or be thrown away.
   */
  private evictOldest(tabId: number, count: number, bytes = 0): number {
    const log = this.tabs.get(tabId);
    if (!log || (count <= 0 && bytes <= 0)) return 0;
    const ids: string[] = [];
    let freed = 0;
    for (const [id, e] of log.entries) {
      if (count > 0 ? ids.length >= count : freed >= bytes) break;
      if (e.record) continue;
      ids.push(id);
      freed += e.bytes;
    }
    if (ids.length === 0) return 0;
    this.forgetEndGuessed(log, ids);
    for (const id of ids) log.entries.delete(id);
    this.totalBytes -= freed;
    log.bytes -= freed;
    log.dropped += ids.length;
    this.observer.recordsRemoved(tabId, ids);
    this.observer.metaChanged(tabId, this.meta(tabId));
    return freed;
  }

  /**
   * Of records leaving the log (evicted, cleared), those the capture ended itself may still
   * hear from their requests: their ids are forgotten, or a later event would rebuild them.
   */
  private forgetEndGuessed(log: TabLog, ids: readonly string[]): void {
    const mayGoOn = ids.filter((id) => log.entries.get(id)?.endGuessed);
    if (mayGoOn.length > 0) this.forget(mayGoOn);
  }

  /** Over the global budget: drop the oldest complete records of the tab holding the most bytes. */
  private enforceBudget(): void {
    while (this.totalBytes > this.budget) {
      let largest: number | undefined;
      let most = 0;
      for (const [tabId, log] of this.tabs) {
        if (log.bytes > most) {
          most = log.bytes;
          largest = tabId;
        }
      }
      if (largest === undefined) return;
      if (this.evictOldest(largest, 0, this.totalBytes - this.budget) === 0) return;
    }
  }
}

function preflightKey(tabId: number, url: string, initiator: string | null | undefined): string {
  return `${tabId} ${initiator ?? ''} ${url}`;
}
