// Keeps the capture in storage.session so that a killed service worker loses nothing: the
// session area survives a worker restart but not a browser restart, as the capture should.
//
// Writes are eager (docs/lifecycle.md rule 6): every change is handed to storage at the end of
// the task that made it (one microtask, so the events of one task share a write), without
// waiting for earlier writes. A worker is killed between tasks, never inside a microtask
// checkpoint, and a `set` already issued reaches the browser process even if the worker dies
// right after, so whatever an event taught us survives it. Storage applies calls in the order
// they were made, which keeps a later write of a key after an earlier one.
//
// Each record is stored as one JSON string: Chromium counts a structured value against the
// ~10 MB quota by its in-memory shape (several times its JSON length for a verdict's many
// small objects), a string by its length, which the tab log's byte budget can follow. The
// witness's waiting calls and facts are strings too: converting an object for storage costs
// the worker per property, a string once (bench/capture: the witness's writes cost ~300 ms of
// native set() time per burst as objects).
import type { CaptureRecord, PageWitness } from '../shared/record.ts';
import { storedJson } from './stored-form.ts';
import type { SavedWitness, WitnessChanges } from './witness-join.ts';
import type { TabLogObserver, TabMeta, Tombstones } from './tab-log.ts';

/** The slice of `storage.session` used here (the real one, or an in-memory fake in tests). */
export interface StorageAreaLike {
  get(keys: string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

const RECORD = 'r:';
const META = 'm:';
/** Forgotten request ids and closed tab ids (docs/lifecycle.md "Forgotten"). */
const TOMBSTONES = 'tombstones';
const JOURNAL = 'j:';
/** The page witness join's state (witness-join.ts): each tab's start of epoch, */
const WITNESS = 'witness';
/** each call still waiting for its record (`wc:tab|page|seq`), */
const WITNESS_CALL = 'wc:';
/** and each page's last message applied (`wa:tab|page`): one key each, so a change writes only itself. */
const WITNESS_APPLIED = 'wa:';
/**
 * The page witness's facts of a record in flight (`wf:id`), apart from the record: the join
 * adds them to a record between two of its network events, and writing the whole record for
 * that, then the facts again with each of its later events, was most of the bytes the witness
 * cost (bench/capture). A complete record carries its facts and this key is removed.
 */
const WITNESS_FACTS = 'wf:';
/** Retries of a failing write before waiting for the next change. */
const MAX_RETRIES = 8;
/**
 * A waiting call that is gone (claimed, expired, cleared) is overwritten with this in the same
 * `set` as the change that ended it, instead of a `remove` of its own: each storage call is a
 * message to the browser process, and a remove per claim and per completion was a third of the
 * witness's storage calls during a burst (bench/witness-background). The key itself is removed
 * later with other removals (LAZY_REMOVALS).
 */
const GONE = 0;
/** Keys whose removal can wait go with the next removal, or once this many wait, */
const LAZY_REMOVALS = 256;
/** or this long after the last write (ms). */
const LAZY_REMOVAL_MS = 2_000;

export interface RestoredState {
  tabs: Map<number, { meta: TabMeta; records: CaptureRecord[] }>;
  settings: Record<string, unknown>;
  tombstones: Tombstones;
  /** Operations journaled by lives that died before their restore finished, in key order. */
  journal: Array<{ key: string; value: unknown }>;
  /** The page witness join's saved state (witness-join.ts), as stored. */
  witness: SavedWitness;
}

function parseRecord(value: unknown): CaptureRecord | undefined {
  try {
    const record = (typeof value === 'string' ? JSON.parse(value) : value) as CaptureRecord;
    return typeof record === 'object' && record !== null && typeof record.id === 'string' ? record : undefined;
  } catch {
    return undefined; // a damaged entry loses one record, not the capture
  }
}

/** A value stored as JSON text (or, leniently, as the object itself); undefined when damaged. */
function parseStored(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function parseTombstones(value: unknown): Tombstones {
  const v = (typeof value === 'object' && value !== null ? value : {}) as { requests?: unknown; tabs?: unknown; documents?: unknown };
  return {
    requests: Array.isArray(v.requests) ? v.requests.filter((id): id is string => typeof id === 'string') : [],
    tabs: Array.isArray(v.tabs) ? v.tabs.filter((id): id is number => Number.isSafeInteger(id)) : [],
    documents: Array.isArray(v.documents)
      ? v.documents.filter((d): d is [string, number] => Array.isArray(d) && typeof d[0] === 'string' && typeof d[1] === 'number')
      : [],
  };
}

export class Persistence implements TabLogObserver {
  /** Keys changed since the last write, with the value to write (a record is serialised when written). */
  private dirty = new Map<string, unknown>();
  private removed = new Set<string>();
  private queued = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Writes issued and not yet settled. */
  private readonly inFlight = new Set<Promise<void>>();
  /** The batch that last wrote each key: a failed batch puts back only keys no later batch wrote. */
  private readonly lastBatch = new Map<string, number>();
  private batch = 0;
  private disposed = false;
  /** Writes that failed (quota, shutdown); what they held is written again. */
  failures = 0;
  /** Failures in a row: retries stop after a few, until the next change tries again. */
  private failingInARow = 0;
  /** Told when a write failed, so that the capture can make room (the quota is the usual cause). */
  onWriteFailed: (() => void) | undefined;
  /** Told when writes failed MAX_RETRIES times in a row and retrying stops (until the next change). */
  onGaveUp: ((error: unknown) => void) | undefined;
  /** The current value of a key whose write failed (records change after they were handed over). */
  current: (key: string) => unknown = () => undefined;
  /**
   * Records in flight: the text last handed to storage for each (without witness facts), so
   * that a change of its facts alone writes only `wf:id`, and the facts object last written
   * there. Both end with the record's completion or removal.
   */
  private readonly inFlightText = new Map<string, string>();
  private readonly factsWritten = new Map<string, PageWitness>();
  /**
   * Keys whose removal can wait: a waiting call's key already overwritten with GONE, the facts
   * of a record stored complete (restore drops facts of a complete record). Their staying a
   * while longer changes nothing a restore brings back.
   */
  private readonly lazyRemoved = new Set<string>();
  private lazyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Waiting calls handed to storage (or restored from it): only those need GONE when they go. */
  private readonly callsStored = new Set<string>();

  constructor(private readonly area: StorageAreaLike) {}

  /** Records in flight whose written text or facts are remembered (0 once all completed or went: tests). */
  get inFlightTracked(): number {
    return this.inFlightText.size + this.factsWritten.size;
  }

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
    let tombstones: Tombstones = { requests: [], tabs: [] };
    const witness: SavedWitness = { since: undefined, calls: [], applied: [] };
    const journal: Array<{ key: string; value: unknown }> = [];
    const facts = new Map<string, unknown>();
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(JOURNAL)) {
        journal.push({ key, value });
        continue;
      }
      if (key.startsWith(RECORD)) {
        const record = parseRecord(value);
        if (record) tabOf(record.tabId).records.push(record);
      } else if (key.startsWith(META)) {
        const tabId = Number(key.slice(META.length));
        if (Number.isSafeInteger(tabId)) tabOf(tabId).meta = value as TabMeta;
      } else if (key === 'settings') {
        settings = value as Record<string, unknown>;
      } else if (key === TOMBSTONES) {
        tombstones = parseTombstones(value);
      } else if (key === WITNESS) {
        witness.since = (value as { since?: unknown } | null)?.since;
      } else if (key.startsWith(WITNESS_CALL)) {
        if (value === GONE) this.dropLater(key);
        else {
          this.callsStored.add(key);
          witness.calls.push([key.slice(WITNESS_CALL.length), parseStored(value)]);
        }
      } else if (key.startsWith(WITNESS_APPLIED)) {
        witness.applied.push([key.slice(WITNESS_APPLIED.length), value]);
      } else if (key.startsWith(WITNESS_FACTS)) {
        facts.set(key.slice(WITNESS_FACTS.length), parseStored(value));
      }
    }
    this.mergeFacts(tabs, facts);
    const closed = new Set(tombstones.tabs);
    for (const [tabId, t] of tabs) {
      // A closed tab's leftovers (a write racing its close) are not brought back.
      if (closed.has(tabId)) {
        tabs.delete(tabId);
        continue;
      }
      t.records.sort((a, b) => a.seq - b.seq);
      // A record written before its tab's meta must not be reissued a sequence number.
      const maxSeq = t.records.at(-1)?.seq ?? 0;
      if (t.meta.nextSeq <= maxSeq) t.meta = { ...t.meta, nextSeq: maxSeq + 1 };
    }
    journal.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { tabs, settings, tombstones, journal, witness };
  }

  /**
   * Gives records in flight their facts saved apart. The validation of facts is the join's
   * (the page's word was checked when it came); here only their shape as an object. Facts
   * whose record is gone, or complete (it carries its own), are removed.
   */
  private mergeFacts(tabs: Map<number, { records: CaptureRecord[] }>, facts: Map<string, unknown>): void {
    if (facts.size === 0) return;
    for (const { records } of tabs.values()) {
      for (const record of records) {
        const value = facts.get(record.id);
        if (value === undefined) continue;
        facts.delete(record.id);
        if (record.complete || typeof value !== 'object' || value === null) {
          this.drop(WITNESS_FACTS + record.id);
          continue;
        }
        record.witness ??= value as PageWitness;
        this.factsWritten.set(record.id, record.witness);
      }
    }
    for (const id of facts.keys()) this.drop(WITNESS_FACTS + id);
  }

  /** Complete records by id, as stored (their verdicts carry no trace: stored-form.ts). */
  async readRecords(ids: string[]): Promise<Map<string, CaptureRecord>> {
    if (ids.length === 0) return new Map();
    await this.flush();
    const found = await this.area.get(ids.map((id) => RECORD + id));
    const out = new Map<string, CaptureRecord>();
    for (const [key, value] of Object.entries(found)) {
      const record = parseRecord(value);
      if (record) out.set(key.slice(RECORD.length), record);
    }
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
      this.inFlightText.delete(id);
      if (this.factsWritten.delete(id)) {
        this.dirty.delete(WITNESS_FACTS + id);
        this.removed.add(WITNESS_FACTS + id);
      }
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

  tombstonesChanged(tombstones: Tombstones): void {
    this.put(TOMBSTONES, tombstones);
  }

  /** What changed in the page witness join since its last save. */
  saveWitness(changes: WitnessChanges): void {
    if (changes.since) {
      if (changes.since.length > 0) this.put(WITNESS, { since: changes.since });
      else this.drop(WITNESS);
    }
    for (const [key, call] of changes.pending) {
      if (call) this.put(WITNESS_CALL + key, call);
      else this.callGone(WITNESS_CALL + key);
    }
    for (const [page, n] of changes.applied) {
      if (n !== null) this.put(WITNESS_APPLIED + page, n);
      else this.drop(WITNESS_APPLIED + page);
    }
  }

  private drop(key: string): void {
    this.dirty.delete(key);
    this.lazyRemoved.delete(key);
    this.removed.add(key);
    this.schedule();
  }

  /**
   * A waiting call is gone. Never handed to storage: nothing to undo. Otherwise GONE goes with
   * this task's write (so a restart cannot bring the call back to be joined twice) and the key
   * is removed later.
   */
  private callGone(key: string): void {
    if (!this.callsStored.delete(key)) {
      this.dirty.delete(key);
      return;
    }
    this.put(key, GONE);
    this.dropLater(key);
  }

  /** Removes `key` with the next removal, or when enough wait or time passed (LAZY_REMOVALS). */
  private dropLater(key: string): void {
    this.lazyRemoved.add(key);
    if (this.lazyRemoved.size >= LAZY_REMOVALS) this.schedule();
    else if (this.lazyTimer === undefined && !this.disposed) {
      this.lazyTimer = setTimeout(() => {
        this.lazyTimer = undefined;
        if (this.lazyRemoved.size === 0) return;
        this.removeLazyNow();
        this.schedule();
      }, LAZY_REMOVAL_MS);
    }
  }

  /** The waiting removals join this write's (a GONE not yet written is superseded by its removal). */
  private removeLazyNow(): void {
    for (const key of this.lazyRemoved) {
      this.dirty.delete(key);
      this.removed.add(key);
    }
    this.lazyRemoved.clear();
  }

  /** One operation received before the restore finished (capture.ts), written at once. */
  journal(key: string, operation: unknown): void {
    this.put(key, operation);
  }

  /** Journal entries whose operations are applied and whose effects were handed over. */
  dropJournal(keys: string[]): void {
    for (const key of keys) {
      this.dirty.delete(key);
      this.removed.add(key);
    }
    this.schedule();
  }

  /** Hands everything pending to storage now and waits until every write issued has settled. */
  async flush(): Promise<void> {
    this.write();
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight]);
      this.write();
    }
  }

  /** This background is gone: nothing more is written (tests model a killed worker). */
  dispose(): void {
    this.disposed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    if (this.lazyTimer !== undefined) clearTimeout(this.lazyTimer);
  }

  private put(key: string, value: unknown): void {
    this.removed.delete(key);
    if (value !== GONE) this.lazyRemoved.delete(key);
    this.dirty.set(key, value);
    this.schedule();
  }

  private schedule(): void {
    if (this.queued || this.disposed) return;
    this.queued = true;
    queueMicrotask(() => this.write());
  }

  /** Issues one storage call for what is pending, without waiting for earlier ones. */
  private write(): void {
    this.queued = false;
    // Removals that can wait go along with one that cannot (one call for all), or when many wait.
    if (this.lazyRemoved.size >= LAZY_REMOVALS || (this.lazyRemoved.size > 0 && this.removed.size > 0)) this.removeLazyNow();
    if (this.disposed || (this.dirty.size === 0 && this.removed.size === 0)) return;
    const id = ++this.batch;
    const items: Record<string, unknown> = {};
    for (const [key, value] of this.dirty) {
      if (key.startsWith(RECORD)) this.recordItems(value as CaptureRecord, items);
      else if (key.startsWith(WITNESS_CALL) && value !== GONE) {
        this.callsStored.add(key);
        // A waiting call put back after a failed write is already text.
        items[key] = typeof value !== 'string' ? JSON.stringify(value) : value;
      } else items[key] = value;
    }
    for (const key of Object.keys(items)) this.lastBatch.set(key, id);
    const removed = [...this.removed];
    for (const key of removed) this.lastBatch.set(key, id);
    this.dirty = new Map();
    this.removed = new Set();
    // Both calls are issued now, in order: a removal and a later set of the same key stay ordered.
    const calls: Array<Promise<void>> = [];
    if (removed.length > 0) calls.push(this.area.remove(removed));
    if (Object.keys(items).length > 0) calls.push(this.area.set(items));
    const settled: Promise<void> = Promise.all(calls)
      .then(
        () => {
          this.failingInARow = 0;
          this.forget(id, items, removed);
        },
        (error: unknown) => this.failed(id, items, removed, error),
      )
      .finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }

  /**
   * What writing `record` hands to storage. In flight: its text without witness facts (skipped
   * when storage already has that text) and its facts under `wf:id` when they changed.
   * Complete: the stored form with its facts, and `wf:id` removed.
   */
  private recordItems(record: CaptureRecord, items: Record<string, unknown>): void {
    const key = RECORD + record.id;
    if (record.complete) {
      items[key] = storedJson(record);
      this.inFlightText.delete(record.id);
      // Its facts are in the record now; restore drops the facts of a complete record.
      if (this.factsWritten.delete(record.id)) this.dropLater(WITNESS_FACTS + record.id);
      return;
    }
    const { witness, ...rest } = record;
    const text = witness === undefined ? storedJson(record) : JSON.stringify(rest);
    if (this.inFlightText.get(record.id) !== text) {
      items[key] = text;
      this.inFlightText.set(record.id, text);
    }
    if (witness !== undefined && this.factsWritten.get(record.id) !== witness) {
      items[WITNESS_FACTS + record.id] = JSON.stringify(witness);
      this.factsWritten.set(record.id, witness);
    }
  }

  private forget(id: number, items: Record<string, unknown>, removed: string[]): void {
    for (const key of Object.keys(items)) if (this.lastBatch.get(key) === id) this.lastBatch.delete(key);
    for (const key of removed) if (this.lastBatch.get(key) === id) this.lastBatch.delete(key);
  }

  private failed(id: number, items: Record<string, unknown>, removed: string[], error: unknown): void {
    this.failures++;
    this.failingInARow++;
    // Put back what no later batch has written since, with its current value.
    for (const key of Object.keys(items)) {
      if (this.lastBatch.get(key) !== id || this.dirty.has(key) || this.removed.has(key)) continue;
      // Not in storage after all: the next write of the record must not skip it.
      if (key.startsWith(RECORD)) this.inFlightText.delete(key.slice(RECORD.length));
      if (key.startsWith(WITNESS_FACTS)) this.factsWritten.delete(key.slice(WITNESS_FACTS.length));
      const value = key.startsWith(RECORD) ? (this.current(key.slice(RECORD.length)) ?? parseRecord(items[key])) : items[key];
      if (value !== undefined) this.dirty.set(key, value);
    }
    for (const key of removed) if (this.lastBatch.get(key) === id && !this.dirty.has(key)) this.removed.add(key);
    this.onWriteFailed?.();
    if (this.failingInARow === MAX_RETRIES) this.onGaveUp?.(error);
    if (this.disposed || this.failingInARow >= MAX_RETRIES) return;
    if (this.retryTimer === undefined) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.write();
      }, 10 * this.failingInARow);
    }
  }
}
