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
// engine uses neither's facts. A witness message that matches no record changes nothing.
import type { PageWitness, CaptureRecord } from '../shared/record.ts';
import type { ResourceType } from '../core/exchange.ts';
import type { WitnessCall, WitnessMessage, WitnessOutcomeEntry } from '../shared/witness-protocol.ts';
import { trimOldest } from './bounded.ts';

/** How long a call may wait for its record, or a record for its call (ms). */
export const JOIN_WINDOW_MS = 10_000;
/** How much earlier than the page's clock a record may say it started (clock granularity, skew). */
const EARLY_SLACK_MS = 1_000;
/** Identical requests started this close together with different settings are ambiguous. */
const AMBIGUOUS_MS = 2_000;
const MAX_PENDING_PER_TAB = 256;
const MAX_UNMATCHED_PER_TAB = 512;
const MAX_JOINED = 4096;
const MAX_RECENT_PER_TAB = 128;

/** Resource types a fetch(), an XHR, a beacon or an EventSource can have in webRequest. */
const WITNESSED_TYPES: ReadonlySet<ResourceType> = new Set<ResourceType>(['xmlhttprequest', 'ping', 'beacon', 'other']);

/** Who sent a witness message: from `runtime.onMessage`'s sender, never from the message. */
export interface WitnessSender {
  tabId: number;
  /** Absent when the browser did not say (then frames are not told apart). */
  frameId?: number;
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

export interface WitnessJoinDeps {
  /** Applies a change to a record's witness facts (in flight or already stored); false if it is gone. */
  update(tabId: number, id: string, change: (w: PageWitness | undefined) => PageWitness): boolean;
  now(): number;
}

interface PendingCall {
  frameId: number | undefined;
  page: string;
  call: WitnessCall;
  outcome?: WitnessOutcomeEntry;
  receivedAt: number;
}

interface Recent {
  id: string;
  key: string;
  frameId: number | undefined;
  startedAt: number;
  facts: string;
}

const keyOf = (url: string, method: string) => `${method} ${url}`;
const factsOf = (c: WitnessCall) => `${c.credentials}|${c.mode}|${c.redirect}`;
const sameFrame = (a: number | undefined, b: number | undefined) => a === undefined || b === undefined || a === b;

/** webRequest URLs carry no fragment in Firefox but do in Chromium; the witness sends none. */
function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

export class WitnessJoin {
  /** Calls waiting for their record, per tab, oldest first. */
  private readonly pending = new Map<number, PendingCall[]>();
  /** Records no call has claimed yet, per tab and key, oldest first. */
  private readonly unmatched = new Map<number, Map<string, JoinableRecord[]>>();
  /** `tab|page|seq` → record id: where a later outcome goes. */
  private readonly joined = new Map<string, string>();
  /** Recent joins per tab, to notice identical requests made differently. */
  private readonly recent = new Map<number, Recent[]>();
  /** Messages dropped here (counts for the tests and the trace of a bad page). */
  dropped = 0;

  constructor(private readonly deps: WitnessJoinDeps) {}

  /** A message from a tab's relay, already validated (isWitnessMessage). */
  receive(sender: WitnessSender, message: WitnessMessage): void {
    for (const entry of message.entries) {
      if (entry.kind === 'call') this.call(sender, message.page, entry);
      else this.outcome(sender.tabId, message.page, entry);
    }
  }

  /** A new record of a tab: a call that came first may be waiting for it. */
  recordAdded(record: JoinableRecord): void {
    if (!WITNESSED_TYPES.has(record.type)) return;
    const url = withoutFragment(record.url);
    const key = keyOf(url, record.method);
    const waiting = this.pending.get(record.tabId);
    if (waiting) {
      this.expire(waiting);
      const i = waiting.findIndex((p) => keyOf(p.call.url, p.call.method) === key && sameFrame(p.frameId, record.frameId) && fits(record.startedAt, p.call.startedAt));
      if (i >= 0) {
        const [p] = waiting.splice(i, 1);
        if (p) this.join(record, p);
        return;
      }
    }
    let byKey = this.unmatched.get(record.tabId);
    if (!byKey) this.unmatched.set(record.tabId, (byKey = new Map()));
    const list = byKey.get(key) ?? [];
    list.push({ ...record, url });
    byKey.set(key, list);
    if (list.length > MAX_UNMATCHED_PER_TAB) list.shift();
    if (byKey.size > MAX_UNMATCHED_PER_TAB) trimOldest(byKey, MAX_UNMATCHED_PER_TAB);
  }

  /** Records restored after a restart: recent unclaimed ones can still meet their calls. */
  restore(records: Iterable<CaptureRecord>): void {
    const since = this.deps.now() - JOIN_WINDOW_MS;
    for (const r of records) if (r.witness === undefined && r.startedAt >= since) this.recordAdded(r);
  }

  /** The tab is gone, navigated or cleared: nothing of it can be joined any more. */
  forgetTab(tabId: number): void {
    this.pending.delete(tabId);
    this.unmatched.delete(tabId);
    this.recent.delete(tabId);
    const prefix = `${tabId}|`;
    for (const k of this.joined.keys()) if (k.startsWith(prefix)) this.joined.delete(k);
  }

  private call(sender: WitnessSender, page: string, call: WitnessCall): void {
    const key = keyOf(call.url, call.method);
    const list = this.unmatched.get(sender.tabId)?.get(key);
    if (list) {
      // Oldest first; records that started too long before this call can no longer be claimed
      // by a later call either (calls of a page arrive in order).
      while (list.length > 0 && (list[0]?.startedAt ?? 0) < call.startedAt - EARLY_SLACK_MS - JOIN_WINDOW_MS) list.shift();
      const i = list.findIndex((r) => sameFrame(r.frameId, sender.frameId) && fits(r.startedAt, call.startedAt));
      if (i >= 0) {
        const [record] = list.splice(i, 1);
        if (list.length === 0) this.unmatched.get(sender.tabId)?.delete(key);
        if (record) return this.join(record, { frameId: sender.frameId, page, call, receivedAt: this.deps.now() });
      }
    }
    let waiting = this.pending.get(sender.tabId);
    if (!waiting) this.pending.set(sender.tabId, (waiting = []));
    this.expire(waiting);
    waiting.push({ frameId: sender.frameId, page, call, receivedAt: this.deps.now() });
    if (waiting.length > MAX_PENDING_PER_TAB) {
      waiting.shift();
      this.dropped++;
    }
  }

  private outcome(tabId: number, page: string, entry: WitnessOutcomeEntry): void {
    const id = this.joined.get(`${tabId}|${page}|${entry.seq}`);
    if (id !== undefined) {
      this.deps.update(tabId, id, (w) => ({ ...(w ?? missing()), outcome: entry.outcome }));
      return;
    }
    const p = this.pending.get(tabId)?.find((x) => x.page === page && x.call.seq === entry.seq);
    if (p) p.outcome = entry;
    else this.dropped++;
  }

  private join(record: JoinableRecord, p: PendingCall): void {
    const facts: PageWitness = {
      api: p.call.api,
      mode: p.call.mode,
      credentials: p.call.credentials,
      redirect: p.call.redirect,
      ...(p.call.site === undefined ? {} : { site: p.call.site }),
      ...(p.outcome === undefined ? {} : { outcome: p.outcome.outcome }),
    };
    if (!this.deps.update(record.tabId, record.id, (w) => ({ ...facts, ...(w?.ambiguous ? { ambiguous: true as const } : {}) }))) return;
    this.joined.set(`${record.tabId}|${p.page}|${p.call.seq}`, record.id);
    trimOldest(this.joined, MAX_JOINED);
    this.noteAmbiguity(record, p.call);
  }

  /** Identical requests close together made with different settings: neither pairing is proof. */
  private noteAmbiguity(record: JoinableRecord, call: WitnessCall): void {
    const key = keyOf(call.url, call.method);
    const facts = factsOf(call);
    let list = this.recent.get(record.tabId);
    if (!list) this.recent.set(record.tabId, (list = []));
    let ambiguous = false;
    for (const other of list) {
      if (other.key !== key || other.facts === facts || !sameFrame(other.frameId, record.frameId)) continue;
      if (Math.abs(other.startedAt - record.startedAt) > AMBIGUOUS_MS) continue;
      ambiguous = true;
      this.deps.update(record.tabId, other.id, (w) => ({ ...(w ?? missing()), ambiguous: true }));
    }
    if (ambiguous) this.deps.update(record.tabId, record.id, (w) => ({ ...(w ?? missing()), ambiguous: true }));
    list.push({ id: record.id, key, frameId: record.frameId, startedAt: record.startedAt, facts });
    if (list.length > MAX_RECENT_PER_TAB) list.shift();
  }

  private expire(waiting: PendingCall[]): void {
    const before = this.deps.now() - JOIN_WINDOW_MS;
    while (waiting.length > 0 && (waiting[0]?.receivedAt ?? 0) < before) {
      waiting.shift();
      this.dropped++;
    }
  }
}

/** A record started within the window of a call (the page's clock may run a little ahead). */
function fits(recordStartedAt: number, callStartedAt: number): boolean {
  return recordStartedAt >= callStartedAt - EARLY_SLACK_MS && recordStartedAt <= callStartedAt + JOIN_WINDOW_MS;
}

/** Facts for an outcome or a mark that reached a record before its call did (never: a guard). */
function missing(): PageWitness {
  return { api: 'fetch', mode: 'cors', credentials: 'same-origin', redirect: 'follow', ambiguous: true };
}
