// Joins what the page witness reports (src/witness/, one WitnessMessage per batch) to the
// webRequest records of the same tab and frame. The join decides only which record a call
// belongs to; what its facts mean for the verdict is the engine's business (core/page-facts.ts).
//
// A call and a record are the same request when they share tab, frame, URL (without fragment)
// and method, the record's resource type is one these APIs make, and the record started within
// a window around the call. Either may come first: webRequest usually runs before the relay's
// batch (sent at most every 125 ms) arrives, a synchronous XHR's call is reported only after
// all its events, and after a worker restart the events may come late. Unmatched calls wait,
// bounded in count and time; unmatched records are remembered for as long.
//
// Identical requests in flight (same tab, frame, URL and method) are paired in order: the
// first call with the first record, as the browser starts them in the order they were made.
// When two such requests, started close together, were made with different settings
// (credentials, mode or redirect mode), order is no proof: both are marked ambiguous and the
// engine uses neither's facts.
//
// A call no record ever claims is a request whose network events never reached the capture
// (Chromium drops events on their way to a worker it stops) or never happened on the network
// (a service worker answered it). If it was a cross-origin fetch()/XHR made after the tab's last
// clear or navigation, it becomes a record of its own, marked as seen only by the page (gap
// `unseen`): docs/lifecycle.md, "never loses a record". Before that, the log is searched once
// more for an unclaimed record of it (the join's memory does not survive a worker restart).
// What the join holds is saved with the capture (`snapshot`/`load`), so a worker stopped
// meanwhile does not lose the calls still waiting.
import type { PageWitness, CaptureRecord } from '../shared/record.ts';
import type { ResourceType } from '../core/index.ts';
import { WITNESS_LIMITS, type WitnessCall, type WitnessHeaderReadEntry, type WitnessMessage, type WitnessOutcomeEntry } from '../shared/witness-protocol.ts';
import { trimOldest } from './bounded.ts';
import { urlOrigin } from './initiator.ts';
import { RecentJoins } from './recent-joins.ts';
import { requestKey, WaitingCalls } from './waiting-calls.ts';

/** How long a call may wait for its record, or a record for its call (ms). */
export const JOIN_WINDOW_MS = 10_000;
/**
 * How long after the page saw its outcome a call still waits for its record: every network
 * event of a request precedes the page's outcome, so by then they came or were lost.
 */
export const AFTER_OUTCOME_MS = 3_000;
/** How much earlier than the page's clock a record may say it started (clock granularity, skew). */
const EARLY_SLACK_MS = 1_000;
/** Identical requests started this close together with different settings are ambiguous. */
const AMBIGUOUS_MS = 2_000;
/**
 * Bounds against a page that floods the witness, above what a real burst needs: in a burst of
 * 1,000 fetches, 600 calls came before their records and (bench/capture) at 256 a quarter of
 * the records lost their facts.
 */
export const MAX_PENDING_PER_TAB = 2048;
const MAX_UNMATCHED_PER_TAB = 2048;
/** Identical requests waiting for their calls (more in flight at once is a storm, not a page). */
const MAX_UNMATCHED_PER_KEY = 64;
const MAX_JOINED = 4096;
/**
 * Pairings kept after a call's outcome, for the headers the page asks its response for later
 * (`unread` entries). The most recent ones only: a page reads a response's headers soon after
 * it came, and a pairing per record kept for the log's lifetime would grow the worker's heap.
 */
const MAX_READABLE = 256;
const MAX_RECENT_PER_TAB = 128;

/** Resource types a fetch(), an XHR, a beacon or an EventSource can have in webRequest. */
export const WITNESSED_API_TYPES: ReadonlySet<ResourceType> = new Set<ResourceType>(['xmlhttprequest', 'ping', 'beacon', 'other']);

/** Who sent a witness message: from `runtime.onMessage`'s sender, never from the message. */
export interface WitnessSender {
  tabId: number;
  /** Absent when the browser did not say (then frames are not told apart). */
  frameId?: number;
  /** The sending frame's origin (from the sender's URL), when it is an http(s) page. */
  pageOrigin?: string;
  /** The sending frame's URL without its fragment (from the sender), when it is an http(s) page. */
  documentUrl?: string;
  /** Chromium 106+: the sending document (a page left no longer speaks for the tab: rule 11). */
  documentId?: string;
}

/** What the join needs of a record. */
export interface JoinableRecord {
  id: string;
  tabId: number;
  frameId?: number;
  url: string;
  method: string;
  type: ResourceType;
  startedAt: number;
}

/** A record in the tab's log as the late search sees it. */
interface LoggedRecord {
  url: string;
  method: string;
  startedAt: number;
  frameId?: number;
  type: ResourceType;
  witnessed: boolean;
}

export interface WitnessJoinDeps {
  /** True while the record is in the tab's log. */
  exists(tabId: number, id: string): boolean;
  /** Applies a change to a record's witness facts (in flight or already stored). */
  update(tabId: number, id: string, change: (w: PageWitness | undefined) => PageWitness): void;
  /** The tab's log, for one last search before a call becomes a record of its own. */
  logged(tabId: number): Iterable<[string, LoggedRecord]>;
  /** Makes a record of a call no network event was seen of; its id, or undefined if not wanted (paused, closed). */
  createUnseen(tabId: number, call: PendingCall, facts: PageWitness): string | undefined;
  /** The join's state changed: save it (`snapshot()`). */
  changed(): void;
  now(): number;
}

export interface PendingCall {
  frameId: number | undefined;
  pageOrigin: string | undefined;
  documentUrl?: string;
  page: string;
  call: WitnessCall;
  outcome?: WitnessOutcomeEntry;
  receivedAt: number;
  /** When the outcome came (the call's wait ends AFTER_OUTCOME_MS later). */
  outcomeAt?: number;
  /** Response headers the page asked for and did not get (WitnessHeaderReadEntry). */
  unread?: string[];
  /**
   * Same origin as its page: CORS Lens records it only from a sandboxed (opaque-origin) frame,
   * and never makes a record of it alone, so it is not worth saving (pages make many).
   */
  local?: true;
}

/**
 * What changed in the join's saved state since the last `takeChanges()`. Saved piece by piece
 * (persistence.ts): during a burst the calls waiting number in the hundreds, and saving them
 * whole on every message wrote ~100 KB each time (bench: half of all the bytes the capture
 * wrote, and most of the witness's cost in the browser).
 */
export interface WitnessChanges {
  /** `tab|page|seq` → the waiting call as it is now, or null: no longer waiting (or not to be kept). */
  pending: Array<[string, PendingCall | null]>;
  /** `tab|page` → the highest message number applied, or null: forgotten. */
  applied: Array<[string, number | null]>;
  /** Every tab's start of epoch (small: it changes on navigations and clears), when it changed. */
  since?: Array<[number, number]>;
}

/** The join's state as a previous life saved it (read from storage: checked loosely here). */
export interface SavedWitness {
  since: unknown;
  /** [`tab|page|seq`, waiting call] */
  calls: Array<[string, unknown]>;
  /** [`tab|page`, highest message number applied] */
  applied: Array<[string, unknown]>;
}

/** Pages whose last applied message number is remembered (oldest forgotten first). */
const MAX_APPLIED_PAGES = 1024;

const settingsOf = (c: WitnessCall) => `${c.credentials}|${c.mode}|${c.redirect}`;
const sameFrame = (a: number | undefined, b: number | undefined) => a === undefined || b === undefined || a === b;

/** webRequest URLs carry no fragment in Firefox but do in Chromium; the witness sends none. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

export class WitnessJoin {
  /** Calls waiting for their record, per tab, oldest first. */
  private readonly pending = new Map<number, WaitingCalls<PendingCall>>();
  /** Records no call has claimed yet, per tab and key, oldest first. */
  private readonly unmatched = new Map<number, Map<string, JoinableRecord[]>>();
  /** `tab|page|seq` → record id: where a later outcome goes. */
  private readonly joined = new Map<string, string>();
  /** `tab|page|seq` → record id of calls whose outcome came: where a later `unread` goes. */
  private readonly readable = new Map<string, string>();
  /** Recent joins per tab, to notice identical requests made differently. */
  private readonly recent = new Map<number, RecentJoins>();
  /** Per tab, when its log last started afresh (clear, navigation): older calls make no record. */
  private readonly since = new Map<number, number>();
  /**
   * `tab|page` → the highest message number applied. The relay sends a page's messages one at
   * a time, in order, each until it is acknowledged (src/witness/relay-core.ts `Delivery`), so
   * a number at or below this one is a message sent again whose acknowledgement was lost.
   */
  private readonly applied = new Map<string, number>();
  /** Messages ignored because they were applied already. */
  repeated = 0;
  /**
   * While a message is applied: the changes per record, applied once at its end (a call and its
   * outcome usually come in the same message: one rewrite of the record instead of two).
   */
  private batch: Map<string, { tabId: number; id: string; changes: Array<(w: PageWitness | undefined) => PageWitness> }> | undefined;
  /** The saved state is out of date (calls waiting, messages applied or epochs changed). */
  private dirty = false;
  /** Waiting calls added, changed or gone since the last save: `tab|page|seq` → the call (null: a damaged saved one). */
  private readonly touchedCalls = new Map<string, { tabId: number; p: PendingCall | null }>();
  /** `tab|page` of messages applied (or forgotten) since the last save. */
  private readonly touchedApplied = new Set<string>();
  private sinceChanged = false;
  /** Messages dropped here (counts for the tests and the trace of a bad page). */
  dropped = 0;

  constructor(private readonly deps: WitnessJoinDeps) {}

  /** A message from a tab's relay, already validated (isWitnessMessage). */
  receive(sender: WitnessSender, message: WitnessMessage): void {
    const page = `${sender.tabId}|${message.page}`;
    if ((this.applied.get(page) ?? 0) >= message.n) {
      this.repeated++;
      return;
    }
    this.applied.delete(page); // re-inserted last: the oldest pages are forgotten first
    this.applied.set(page, message.n);
    this.touchedApplied.add(page);
    for (const old of this.applied.keys()) {
      if (this.applied.size <= MAX_APPLIED_PAGES) break;
      this.applied.delete(old);
      this.touchedApplied.add(old);
    }
    this.dirty = true;
    this.batch = new Map();
    try {
      for (const entry of message.entries) {
        if (entry.kind === 'call') this.call(sender, message.page, entry);
        else if (entry.kind === 'outcome') this.outcome(sender.tabId, message.page, entry);
        else this.unread(sender.tabId, message.page, entry);
      }
    } finally {
      const batch = this.batch;
      this.batch = undefined;
      for (const { tabId, id, changes } of batch.values()) {
        this.deps.update(tabId, id, (w) => changes.reduce<PageWitness | undefined>((acc, change) => change(acc), w) ?? missing());
      }
    }
    this.saveIfChanged();
  }

  /** One change to a record's facts: batched while a message is applied. */
  private change(tabId: number, id: string, change: (w: PageWitness | undefined) => PageWitness): void {
    if (!this.batch) return this.deps.update(tabId, id, change);
    const key = `${tabId}|${id}`;
    const entry = this.batch.get(key);
    if (entry) entry.changes.push(change);
    else this.batch.set(key, { tabId, id, changes: [change] });
  }

  private saveIfChanged(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.deps.changed();
  }

  /** A waiting call was added, changed or is gone: its saved copy is to be written or removed. */
  private touch(tabId: number, p: PendingCall): void {
    if (p.local === true) return; // never saved
    this.touchedCalls.set(callKey(tabId, p), { tabId, p });
    this.dirty = true;
  }

  /** What to write since the last call: each waiting call touched as it is now (or null), each page's number, the epochs. */
  takeChanges(): WitnessChanges {
    // Still waiting = still in its tab's list.
    const pending: Array<[string, PendingCall | null]> = [];
    for (const [key, { tabId, p }] of this.touchedCalls) pending.push([key, p !== null && this.pending.get(tabId)?.has(p) === true ? p : null]);
    const applied: Array<[string, number | null]> = [...this.touchedApplied].map((page) => [page, this.applied.get(page) ?? null]);
    const changes: WitnessChanges = { pending, applied, ...(this.sinceChanged ? { since: [...this.since] } : {}) };
    this.touchedCalls.clear();
    this.touchedApplied.clear();
    this.sinceChanged = false;
    return changes;
  }

  /** The state a previous life saved (read from storage: checked loosely, bad parts dropped and forgotten). */
  load(saved: SavedWitness): void {
    if (Array.isArray(saved.since)) {
      for (const pair of saved.since as unknown[]) {
        if (!Array.isArray(pair)) continue;
        const [tab, at] = pair as unknown[];
        if (Number.isSafeInteger(tab) && typeof at === 'number') this.since.set(tab as number, at);
      }
    }
    for (const [page, n] of saved.applied) {
      if (Number.isSafeInteger(n)) this.applied.set(page, n as number);
      else this.touchedApplied.add(page);
    }
    for (const old of this.applied.keys()) {
      if (this.applied.size <= MAX_APPLIED_PAGES) break;
      this.applied.delete(old);
      this.touchedApplied.add(old);
    }
    const byTab = new Map<number, PendingCall[]>();
    for (const [key, value] of saved.calls) {
      const tabId = Number(key.slice(0, key.indexOf('|')));
      const p = value as PendingCall | undefined;
      const ok =
        Number.isSafeInteger(tabId) &&
        typeof p?.call?.url === 'string' &&
        typeof p.page === 'string' &&
        Number.isSafeInteger(p.call.seq) &&
        callKey(tabId, p) === key;
      if (!ok) {
        // Damaged: not brought back, and removed from storage with the next save.
        if (Number.isSafeInteger(tabId)) this.touchedCalls.set(key, { tabId, p: null });
        continue;
      }
      let list = byTab.get(tabId);
      if (!list) byTab.set(tabId, (list = []));
      list.push(p);
    }
    for (const [tabId, list] of byTab) {
      // Oldest first, as they came: storage gives keys in no particular order.
      list.sort((a, b) => a.receivedAt - b.receivedAt || a.call.seq - b.call.seq);
      for (const p of list.slice(0, Math.max(0, list.length - MAX_PENDING_PER_TAB))) this.touch(tabId, p);
      const waiting = new WaitingCalls<PendingCall>();
      for (const p of list.slice(-MAX_PENDING_PER_TAB)) waiting.add(p);
      this.pending.set(tabId, waiting);
    }
    // Damaged or surplus pieces go from storage too.
    if (this.touchedCalls.size > 0 || this.touchedApplied.size > 0) this.dirty = true;
    this.saveIfChanged();
  }

  /** When the next waiting call is due (ms, same clock as `now`), if any. */
  nextDeadline(): number | undefined {
    let due: number | undefined;
    for (const list of this.pending.values()) for (const p of list) due = Math.min(due ?? Infinity, dueAt(p));
    return due;
  }

  /** Ends the waits that are due: a last search of the log, else a record of its own. */
  expire(): void {
    const now = this.deps.now();
    for (const [tabId, waiting] of this.pending) {
      const due = [...waiting].filter((p) => dueAt(p) <= now);
      for (const p of due) {
        waiting.remove(p);
        this.orphaned(tabId, p);
        this.touch(tabId, p);
      }
    }
    this.saveIfChanged();
  }

  /** A new record of a tab: a call that came first may be waiting for it. */
  recordAdded(record: JoinableRecord): void {
    if (!WITNESSED_API_TYPES.has(record.type)) return;
    const url = withoutFragment(record.url);
    const key = requestKey(url, record.method);
    const waiting = this.pending.get(record.tabId);
    const p = waiting?.forRequest(key, (c) => couldBe(record, c.frameId, c.call));
    if (waiting && p) {
      waiting.remove(p);
      this.touch(record.tabId, p);
      this.join(record, p);
      this.saveIfChanged();
      return;
    }
    let byKey = this.unmatched.get(record.tabId);
    if (!byKey) this.unmatched.set(record.tabId, (byKey = new Map()));
    const list = byKey.get(key) ?? [];
    list.push({ ...record, url });
    byKey.set(key, list);
    if (list.length > MAX_UNMATCHED_PER_KEY) list.shift();
    if (byKey.size > MAX_UNMATCHED_PER_TAB) trimOldest(byKey, MAX_UNMATCHED_PER_TAB);
  }

  /** Records restored after a restart: recent unclaimed ones can still meet their calls. */
  restore(records: Iterable<CaptureRecord>): void {
    const since = this.deps.now() - JOIN_WINDOW_MS;
    for (const r of records) if (r.witness === undefined && r.startedAt >= since) this.recordAdded(r);
  }

  /** The tab is gone (`closed`), navigated or cleared: nothing of it can be joined any more. */
  forgetTab(tabId: number, closed = false): void {
    this.dirty = true;
    this.sinceChanged = true;
    if (closed) {
      // A closed tab's epoch and message numbers are of no more use (its log is tombstoned).
      this.since.delete(tabId);
      const prefix = `${tabId}|`;
      for (const page of this.applied.keys()) {
        if (!page.startsWith(prefix)) continue;
        this.applied.delete(page);
        this.touchedApplied.add(page);
      }
    } else {
      this.since.set(tabId, this.deps.now());
      trimOldest(this.since, MAX_JOINED);
    }
    const waiting = this.pending.get(tabId) ?? [];
    this.pending.delete(tabId);
    for (const p of waiting) this.touch(tabId, p);
    this.unmatched.delete(tabId);
    this.recent.delete(tabId);
    const prefix = `${tabId}|`;
    for (const k of this.joined.keys()) if (k.startsWith(prefix)) this.joined.delete(k);
    for (const k of this.readable.keys()) if (k.startsWith(prefix)) this.readable.delete(k);
    this.saveIfChanged();
  }

  private call(sender: WitnessSender, page: string, call: WitnessCall): void {
    const key = requestKey(call.url, call.method);
    const list = this.unmatched.get(sender.tabId)?.get(key);
    if (list) {
      // Oldest first; records that started too long before this call can no longer be claimed
      // by a later call either (calls of a page arrive in order).
      while (list.length > 0 && (list[0]?.startedAt ?? 0) < call.startedAt - EARLY_SLACK_MS - JOIN_WINDOW_MS) list.shift();
      const i = list.findIndex((r) => couldBe(r, sender.frameId, call));
      if (i >= 0) {
        const [record] = list.splice(i, 1);
        if (list.length === 0) this.unmatched.get(sender.tabId)?.delete(key);
        if (record)
          return this.join(record, { frameId: sender.frameId, pageOrigin: sender.pageOrigin, ...documentOf(sender), page, call, receivedAt: this.deps.now() });
      }
    }
    let waiting = this.pending.get(sender.tabId);
    if (!waiting) this.pending.set(sender.tabId, (waiting = new WaitingCalls()));
    const local = sender.pageOrigin !== undefined && urlOrigin(call.url) === sender.pageOrigin;
    const p: PendingCall = {
      frameId: sender.frameId,
      pageOrigin: sender.pageOrigin,
      ...documentOf(sender),
      page,
      call,
      receivedAt: this.deps.now(),
      ...(local ? { local: true as const } : {}),
    };
    waiting.add(p);
    this.touch(sender.tabId, p);
    if (waiting.size > MAX_PENDING_PER_TAB) {
      const gone = waiting.oldest();
      if (gone) {
        waiting.remove(gone);
        this.touch(sender.tabId, gone);
      }
      this.dropped++;
    }
  }

  /** A call whose record never came: one last search of the log, else a record of its own. */
  private orphaned(tabId: number, p: PendingCall): void {
    const key = requestKey(p.call.url, p.call.method);
    for (const [id, e] of this.deps.logged(tabId)) {
      if (e.witnessed || !WITNESSED_API_TYPES.has(e.type) || requestKey(withoutFragment(e.url), e.method) !== key) continue;
      if (!couldBe(e, p.frameId, p.call)) continue;
      return this.join(
        { id, tabId, url: p.call.url, method: e.method, type: e.type, startedAt: e.startedAt, ...(e.frameId === undefined ? {} : { frameId: e.frameId }) },
        p,
      );
    }
    if (!this.becomesRecord(tabId, p)) {
      this.dropped++;
      return;
    }
    const id = this.deps.createUnseen(tabId, p, factsOf(p));
    if (id === undefined || p.outcome !== undefined) return;
    this.joined.set(`${tabId}|${p.page}|${p.call.seq}`, id);
    trimOldest(this.joined, MAX_JOINED);
  }

  /** A cross-origin fetch()/XHR made since the tab's log last started afresh: CORS Lens lists those. */
  private becomesRecord(tabId: number, p: PendingCall): boolean {
    if (p.call.api !== 'fetch' && p.call.api !== 'xhr') return false;
    if (p.call.startedAt < (this.since.get(tabId) ?? -Infinity)) return false;
    return p.pageOrigin !== undefined && p.local !== true && urlOrigin(p.call.url) !== p.pageOrigin;
  }

  private outcome(tabId: number, page: string, entry: WitnessOutcomeEntry): void {
    const key = `${tabId}|${page}|${entry.seq}`;
    const id = this.joined.get(key);
    if (id !== undefined) {
      // A call has one outcome: the pairing is no longer needed (keeps the worker's heap flat),
      // but for a response the page can read, where the headers it asks for later go (bounded).
      this.joined.delete(key);
      if (readableOutcome(entry)) {
        this.readable.set(key, id);
        trimOldest(this.readable, MAX_READABLE);
      }
      this.change(tabId, id, (w) => ({ ...(w ?? missing()), outcome: entry.outcome }));
      return;
    }
    const p = this.pending.get(tabId)?.forCall(page, entry.seq);
    if (p) {
      p.outcome = entry;
      p.outcomeAt = this.deps.now();
      this.touch(tabId, p);
    } else this.dropped++;
  }

  /** A header the page asked its response for and did not get: added to the call's facts. */
  private unread(tabId: number, page: string, entry: WitnessHeaderReadEntry): void {
    const key = `${tabId}|${page}|${entry.seq}`;
    const id = this.readable.get(key) ?? this.joined.get(key);
    if (id !== undefined) {
      this.change(tabId, id, (w) => ({ ...(w ?? missing()), ...withUnread(w?.unread, entry.name) }));
      return;
    }
    const p = this.pending.get(tabId)?.forCall(page, entry.seq);
    if (p) {
      const next = withUnread(p.unread, entry.name);
      if (next.unread !== p.unread) {
        p.unread = next.unread;
        this.touch(tabId, p);
      }
    } else this.dropped++;
  }

  private join(record: JoinableRecord, p: PendingCall): void {
    const facts = factsOf(p);
    if (!this.deps.exists(record.tabId, record.id)) return;
    this.change(record.tabId, record.id, (w) => ({ ...facts, ...(w?.ambiguous ? { ambiguous: true as const } : {}) }));
    // Where its outcome goes, until it comes (it came already if the call waited for its record).
    const key = `${record.tabId}|${p.page}|${p.call.seq}`;
    if (p.outcome === undefined) {
      this.joined.set(key, record.id);
      trimOldest(this.joined, MAX_JOINED);
    } else if (readableOutcome(p.outcome)) {
      this.readable.set(key, record.id);
      trimOldest(this.readable, MAX_READABLE);
    }
    this.noteAmbiguity(record, p.call);
  }

  /** Identical requests close together made with different settings: neither pairing is proof. */
  private noteAmbiguity(record: JoinableRecord, call: WitnessCall): void {
    const key = requestKey(call.url, call.method);
    const facts = settingsOf(call);
    let recent = this.recent.get(record.tabId);
    if (!recent) this.recent.set(record.tabId, (recent = new RecentJoins(MAX_RECENT_PER_TAB)));
    let ambiguous = false;
    for (const other of recent.of(key)) {
      if (other.facts === facts || !sameFrame(other.frameId, record.frameId)) continue;
      if (Math.abs(other.startedAt - record.startedAt) > AMBIGUOUS_MS) continue;
      ambiguous = true;
      this.change(record.tabId, other.id, (w) => ({ ...(w ?? missing()), ambiguous: true }));
    }
    if (ambiguous) this.change(record.tabId, record.id, (w) => ({ ...(w ?? missing()), ambiguous: true }));
    recent.add({ id: record.id, key, frameId: record.frameId, startedAt: record.startedAt, facts });
  }
}

/** Where a waiting call is saved, and how its outcome finds its record: `tab|page|seq`. */
function callKey(tabId: number, p: PendingCall): string {
  return `${tabId}|${p.page}|${p.call.seq}`;
}

/** When a waiting call's wait ends. */
function dueAt(p: PendingCall): number {
  return p.outcomeAt === undefined ? p.receivedAt + JOIN_WINDOW_MS : Math.min(p.receivedAt + JOIN_WINDOW_MS, p.outcomeAt + AFTER_OUTCOME_MS);
}

/** What a call tells of its request, as a record keeps it. */
function factsOf(p: PendingCall): PageWitness {
  return {
    api: p.call.api,
    mode: p.call.mode,
    credentials: p.call.credentials,
    redirect: p.call.redirect,
    ...(p.call.site === undefined ? {} : { site: p.call.site }),
    ...(p.outcome === undefined ? {} : { outcome: p.outcome.outcome }),
    ...(p.unread === undefined ? {} : { unread: p.unread }),
    ...(p.documentUrl === undefined ? {} : { documentUrl: p.documentUrl }),
  };
}

/** The page got a response whose headers it can read (and may ask for more than it gets). */
function readableOutcome(entry: WitnessOutcomeEntry): boolean {
  const o = entry.outcome;
  return (o.kind === 'resolved' && o.type === 'cors') || (o.kind === 'xhr' && o.event === 'load');
}

/** `list` with `name` added (a new array), unless it holds it already or is full (the same array). */
function withUnread(list: string[] | undefined, name: string): { unread?: string[] } {
  if (list !== undefined && (list.includes(name) || list.length >= WITNESS_LIMITS.unreadPerCall)) return { unread: list };
  return { unread: [...(list ?? []), name] };
}

const documentOf = (sender: WitnessSender): { documentUrl?: string } => (sender.documentUrl === undefined ? {} : { documentUrl: sender.documentUrl });

/** A record of the same frame as the call, started within its window: it may be the call's request. */
function couldBe(record: { frameId?: number; startedAt: number }, frameId: number | undefined, call: WitnessCall): boolean {
  return sameFrame(record.frameId, frameId) && fits(record.startedAt, call.startedAt);
}

/** A record started within the window of a call (the page's clock may run a little ahead). */
function fits(recordStartedAt: number, callStartedAt: number): boolean {
  return recordStartedAt >= callStartedAt - EARLY_SLACK_MS && recordStartedAt <= callStartedAt + JOIN_WINDOW_MS;
}

/** Facts for an outcome or a mark that reached a record before its call did (never: a guard). */
function missing(): PageWitness {
  return { api: 'fetch', mode: 'cors', credentials: 'same-origin', redirect: 'follow', ambiguous: true };
}
