// Turns the webRequest event stream into capture records: one record per cross-origin
// request, its preflight folded in, its redirects as a chain, judged by the engine once when
// its outcome is known. No browser API here: the listeners feed it, the tests feed it too.
// What each event may do to a record, and the rules that keep the capture exact across
// worker deaths, navigations and tab closes: docs/lifecycle.md.
import { toResourceType, type BrowserEngine, type HeaderEntry, type ResourceType } from '../core/index.ts';
import { getHeader } from '../core/index.ts';
import type { Verdict } from '../core/index.ts';
import type { CaptureGaps, CaptureRecord, PreflightCapture } from '../shared/record.ts';
import type { ErrorDetails, RedirectDetails, RequestDetails, ResponseDetails, SendHeadersDetails } from './events.ts';
import { initiatorOf, isCrossOriginCandidate, isPageRequest, urlOrigin } from './initiator.ts';
import { LocalRedirects, type LocalStart } from './local-redirects.ts';
import { trimOldest } from './bounded.ts';
import { documentKeys } from './page-documents.ts';
import { adjacentId, pickPreflightOwner } from './pairing.ts';
import { intern, trimRequestHeaders, trimResponseHeaders } from './trim-headers.ts';

export interface TrackerDeps {
  browser: BrowserEngine;
  /** Sorted lower-case CORS-unsafe request-header names (what ACRH would carry). */
  unsafeHeaderNames(headers: HeaderEntry[]): readonly string[];
  needsPreflight(method: string, headers: HeaderEntry[]): boolean;
  /** `cacheFiller`: the earlier preflight that filled the browser's preflight cache, if known. */
  judge(record: CaptureRecord, cacheFiller?: { preflight: PreflightCapture }): Verdict;
  /** The latest earlier record of the tab whose preflight could have filled the cache for this one. */
  findCacheFiller(record: CaptureRecord): { id: string; preflight: PreflightCapture } | undefined;
  nextSeq(tabId: number): number;
  /** The tab a tab-less request (a page's service worker) can be attributed to, if any. */
  tabForWorker(initiator: string | undefined): number | undefined;
  /** A record is new or changed. */
  upsert(record: CaptureRecord): void;
  /** A record turned out not to be CORS-relevant (e.g. a plain cross-origin image). */
  discard(record: CaptureRecord): void;
  /** Forgotten requests and closed tabs: their later events are ignored (docs/lifecycle.md rule 3). */
  isForgotten(requestId: string, tabId: number): boolean;
  /** Whether the tab's log holds this id as a complete record (a late event must not replace it). */
  isLogged(tabId: number, requestId: string): boolean;
  /** A complete record of the tab's log that the capture ended itself (gap `end`): its URL and method. */
  endedByCapture(tabId: number, requestId: string): { url: string; method: string } | undefined;
  /** Forgets requests for good (their later events are ignored). */
  forget(requestIds: string[]): void;
  /**
   * Notes the documents making a new request of the tab (Chromium's ids) and says whether they
   * are of a page the tab navigated away from (rule 11): then the request is not the new page's.
   */
  fromPageLeft(tabId: number, documentIds: readonly string[]): boolean;
  /** Wall clock, for records that may never hear their last event (rule 8). */
  now(): number;
}

/** Bound on OPTIONS requests waiting to show whether they are preflights. */
const MAX_UNCLASSIFIED = 1000;
/** Bound on preflights seen before their request's record (after a restart). */
const MAX_ORPHANS = 256;
/** Bound on discarded (no-cors) request ids remembered until their last event. */
const MAX_DISCARDED = 4096;
/** Bound on records ended by the sweep that a late event may still complete. */
const MAX_SWEPT = 256;
/** docs/lifecycle.md rule 8: how long a record that may have lost its events waits for one. */
export const STALE_AFTER_MS = 3000;

/** A preflight whose request has no record yet (its first events were lost with a worker). */
interface Orphan {
  tabId: number;
  url: string;
  acrm: string;
  preflight: PreflightCapture;
}

/** A record that may never hear its last event: why, and since when nothing was heard. */
interface Watch {
  why: 'timeout' | 'navigated';
  since: number;
}

// Resource types a page can make without CORS (no `crossorigin`): kept only when the request
// says it is CORS (Origin header or Sec-Fetch-Mode: cors).
const NO_CORS_BY_DEFAULT = new Set(['image', 'imageset', 'script', 'stylesheet', 'media', 'object', 'ping', 'beacon', 'other']);

export class Tracker {
  /** In-flight actual requests by request id. */
  private readonly inflight = new Map<string, CaptureRecord>();
  /** In-flight preflights by their own request id → the record they guard. */
  private readonly preflightOwner = new Map<string, CaptureRecord>();
  /** OPTIONS requests seen in onBeforeRequest whose headers will tell if they are preflights. */
  private readonly unclassified = new Map<string, RequestDetails>();
  /** Preflights by their own request id whose request has no record yet. */
  private readonly orphans = new Map<string, Orphan>();
  /** Requests discarded as not CORS (a plain image): their later events are not a new record. */
  private readonly discarded = new Set<string>();
  /** In-flight records that may never hear their last event, by id (rule 8). */
  private readonly watched = new Map<string, Watch>();
  /** Records the sweep ended, still in memory: a late event completes them for real. */
  private readonly swept = new Map<string, CaptureRecord>();
  /** Same-origin redirect hops of requests that may leave their page's origin at a later hop. */
  private readonly local = new LocalRedirects();

  constructor(private readonly deps: TrackerDeps) {}

  /**
   * After a worker restart: resume the records that were still in flight. Events in transit
   * when the worker died are lost, so each one is marked and watched (gap `restart`).
   */
  restore(records: Iterable<CaptureRecord>): void {
    const now = this.deps.now();
    for (const record of records) {
      if (record.complete) continue;
      record.gaps = { ...record.gaps, restart: true };
      this.inflight.set(record.id, record);
      // A record of a page left before the restart keeps that wait: its clock does not restart.
      this.watched.set(record.id, record.leftAt !== undefined ? { why: 'navigated', since: Math.min(record.leftAt, now) } : { why: 'timeout', since: now });
      if (record.preflight && record.preflight.endedAt === undefined) {
        this.preflightOwner.set(record.preflight.requestId, record);
      }
      this.deps.upsert(record);
    }
  }

  /**
   * Forgets the tab's in-flight state (closed, cleared, navigated away from) and returns the
   * request ids that may still have events: the caller keeps them as tombstones.
   */
  forgetTab(tabId: number): string[] {
    const ids: string[] = [];
    const drop = <V>(map: Map<string, V>, tabOf: (v: V) => number) => {
      for (const [id, v] of map) {
        if (tabOf(v) !== tabId) continue;
        map.delete(id);
        ids.push(id);
      }
    };
    drop(this.inflight, (r) => r.tabId);
    drop(this.preflightOwner, (r) => r.tabId);
    drop(this.unclassified, (d) => d.tabId);
    drop(this.orphans, (o) => o.tabId);
    drop(this.swept, (r) => r.tabId);
    for (const id of ids) this.watched.delete(id);
    return ids;
  }

  /** Whether an event of this request id concerns a record (or preflight) being followed. */
  tracks(requestId: string): boolean {
    return this.inflight.has(requestId) || this.preflightOwner.has(requestId) || this.orphans.has(requestId) || this.swept.has(requestId);
  }

  /** The page was navigated away from (Preserve log on): its requests may end unheard. */
  pageLeft(tabId: number): void {
    const now = this.deps.now();
    for (const record of this.inflight.values()) {
      if (record.tabId !== tabId || this.watched.has(record.id)) continue;
      this.watched.set(record.id, { why: 'navigated', since: now });
      record.leftAt = now;
      this.deps.upsert(record);
    }
  }

  /** When the next watched record falls due, if any. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const w of this.watched.values()) if (next === undefined || w.since + STALE_AFTER_MS < next) next = w.since + STALE_AFTER_MS;
    return next;
  }

  /**
   * Rule 8: a watched record that heard nothing for STALE_AFTER_MS ends with gap `end` and its
   * outcome not observed. It stays in memory for a while: a late event still completes it.
   */
  sweep(): void {
    const now = this.deps.now();
    for (const [id, watch] of this.watched) {
      if (now - watch.since < STALE_AFTER_MS) continue;
      this.watched.delete(id);
      const record = this.inflight.get(id);
      if (!record) continue;
      this.inflight.delete(id);
      if (record.preflight) this.preflightOwner.delete(record.preflight.requestId);
      record.gaps = { ...record.gaps, end: watch.why };
      this.swept.set(id, record);
      trimOldest(this.swept, MAX_SWEPT);
      this.finish(record, now);
    }
  }

  beforeRequest(raw: RequestDetails): void {
    if (this.inflight.has(raw.requestId)) return this.heard(raw.requestId); // a redirect re-enters with the same id
    const details = this.withTab(raw);
    if (!details || this.ignored(details)) return;
    const documents = documentKeys(details);
    if (documents.length > 0 && this.deps.fromPageLeft(details.tabId, documents)) return this.deps.forget([details.requestId]);
    const initiator = initiatorOf(details);
    if (!isCrossOriginCandidate(details, initiator)) return;
    if (details.method === 'OPTIONS') {
      if (this.unclassified.size >= MAX_UNCLASSIFIED) this.unclassified.clear();
      this.unclassified.set(details.requestId, details);
      return;
    }
    const late = this.late(details);
    if (late !== undefined) return;
    this.start(details, initiator, undefined, this.local.take(details.requestId, details.url));
  }

  sendHeaders(raw: SendHeadersDetails): void {
    const details = this.withTab(raw);
    if (!details || this.ignored(details)) return;
    const id = details.requestId;
    const pending = this.unclassified.get(id);
    if (pending) this.unclassified.delete(id);
    const headers = trimRequestHeaders(details.requestHeaders);
    if (details.method === 'OPTIONS' && !this.inflight.has(id)) {
      if (!pending && !isCrossOriginCandidate(details, initiatorOf(details))) return;
      const acrm = getHeader(headers, 'access-control-request-method');
      // A page cannot set Access-Control-Request-* (forbidden headers): only a preflight has it.
      if (acrm !== null) return this.startPreflight(pending ?? details, acrm, headers);
    }
    const record = this.recordFor(details);
    if (!record) return;
    // After a redirect the browser sends the headers again (Origin may turn "null"): the
    // record keeps the headers of the first request, the engine derives each hop's origin.
    if (record.requestHeaders && record.redirects.length > 0) return;
    record.requestHeaders = headers;
    // Without an initiator (initiator.ts, isOpaqueUnnamed) only the Origin header says who sent it.
    const origin = record.initiator === undefined ? getHeader(headers, 'origin') : undefined;
    if (!isCorsCandidate(record.type, headers) || origin === null) {
      this.inflight.delete(id);
      this.watched.delete(id);
      this.discarded.add(id);
      trimOldest(this.discarded, MAX_DISCARDED);
      this.deps.discard(record);
      return;
    }
    // The browser sent `Origin: null`: an opaque origin, as Chromium would have named it.
    if (origin === 'null') record.initiator = null;
    // Chromium: `Origin: null` from a document of a tuple origin (its initiator, which is
    // "null" for an opaque one), with no redirect seen: the request was redirected across
    // origins (Fetch #http-redirect-fetch, tainted origin) at hops whose events never reached
    // this background (lost with a worker). Its first hops are missing. (Firefox's document
    // URL may name the top page for a sandboxed frame: no such inference there.)
    const tainted = this.deps.browser === 'chromium' && typeof record.initiator === 'string' && record.redirects.length === 0;
    if (tainted && getHeader(headers, 'origin') === 'null') {
      record.gaps = { ...record.gaps, start: true };
    }
    this.deps.upsert(record);
  }

  headersReceived(details: ResponseDetails): void {
    if (
      this.updatePreflight(details, (p) => {
        p.status = details.statusCode;
        p.responseHeaders = trimResponseHeaders(details.responseHeaders);
      })
    )
      return;
    const record = this.recordFor(details);
    if (!record) {
      if (details.statusCode >= 300 && details.statusCode < 400 && this.isLocal(details)) {
        this.local.response(details.requestId, details.method, details.timeStamp, trimResponseHeaders(details.responseHeaders));
      }
      return;
    }
    record.status = details.statusCode;
    record.responseHeaders = trimResponseHeaders(details.responseHeaders);
    this.deps.upsert(record);
  }

  beforeRedirect(details: RedirectDetails): void {
    if (
      this.updatePreflight(details, (p) => {
        p.status = details.statusCode;
        if (details.responseHeaders) p.responseHeaders = trimResponseHeaders(details.responseHeaders);
      })
    )
      return;
    const record = this.recordFor(details);
    if (!record) {
      if (this.isLocal(details)) {
        this.local.redirect(details.requestId, details.method, details.timeStamp, {
          url: details.url,
          status: details.statusCode,
          location: details.redirectUrl,
        });
      }
      return;
    }
    record.redirects.push({
      url: currentUrl(record),
      status: details.statusCode,
      headers: details.responseHeaders ? trimResponseHeaders(details.responseHeaders) : (record.responseHeaders ?? []),
      location: details.redirectUrl,
    });
    delete record.status;
    delete record.responseHeaders;
    this.deps.upsert(record);
  }

  completed(details: ResponseDetails): void {
    if (this.endPreflight(details)) return;
    const record = this.recordFor(details);
    if (!record) return this.local.end(details.requestId);
    record.status = details.statusCode;
    // onCompleted is registered without headers (they came with onHeadersReceived).
    if (details.responseHeaders) record.responseHeaders = trimResponseHeaders(details.responseHeaders);
    if (details.fromCache) record.fromCache = true;
    this.finish(record, details.timeStamp);
  }

  errorOccurred(details: ErrorDetails): void {
    if (this.endPreflight(details, details.error)) return;
    const record = this.recordFor(details);
    if (!record) return this.local.end(details.requestId);
    record.error = details.error;
    this.finish(record, details.timeStamp);
  }

  /** Events of a closed tab, a forgotten or discarded request, or a record already complete. */
  private ignored(details: RequestDetails): boolean {
    const id = details.requestId;
    if (this.inflight.has(id) || this.preflightOwner.has(id)) return false;
    return this.discarded.has(id) || this.deps.isForgotten(id, details.tabId);
  }

  /** An event of an in-flight record: it is alive, events flow again. */
  private heard(id: string): void {
    if (!this.watched.delete(id)) return;
    const record = this.inflight.get(id);
    if (record?.leftAt !== undefined) {
      delete record.leftAt;
      this.deps.upsert(record);
    }
  }

  /**
   * An event of a preflight paired with `owner`. Only Chromium's id adjacency makes the pair
   * certain; otherwise the preflight may be that of a request of the same URL whose first
   * events were lost, so a watched record (rule 8) is not taken as alive: its clock restarts,
   * and it ends unheard unless its own events follow (they do right after its preflight).
   */
  private heardPreflight(owner: CaptureRecord, preflightId: string): void {
    if (this.deps.browser === 'chromium' && owner.id === adjacentId(preflightId, -1)) return this.heard(owner.id);
    const watch = this.watched.get(owner.id);
    if (!watch) return;
    watch.since = this.deps.now();
    if (owner.leftAt !== undefined) {
      owner.leftAt = watch.since;
      this.deps.upsert(owner);
    }
  }

  /**
   * An event of a request that is already complete in the log. A record the sweep ended is
   * in flight again (its end gap withdrawn); any other complete record is never replaced:
   * `false`. `undefined`: the request is not in the log.
   */
  private late(details: RequestDetails): CaptureRecord | false | undefined {
    const id = details.requestId;
    const record = this.swept.get(id);
    if (!this.deps.isLogged(details.tabId, id)) {
      if (!record) return undefined;
      // Swept, then evicted: forgotten for good, or its next event would rebuild it.
      this.swept.delete(id);
      this.deps.forget([id]);
      return false;
    }
    if (!record) return false;
    this.swept.delete(id);
    // A new object: a complete record is never changed in place (stored-form.ts memoises it).
    const { end: _end, ...gaps } = record.gaps ?? {};
    const { endedAt: _ended, verdict: _verdict, ...rest } = record;
    const reopened: CaptureRecord = { ...rest, gaps, complete: false };
    this.inflight.set(id, reopened);
    if (reopened.preflight && reopened.preflight.endedAt === undefined) this.preflightOwner.set(reopened.preflight.requestId, reopened);
    // In the log at once: an event that changes nothing (headers re-sent after a redirect)
    // would leave the complete copy there, which the cap could evict, and the record's next
    // change would then bring it back, counted twice (lifecycle model, seed 666525576).
    this.deps.upsert(reopened);
    return reopened;
  }

  /**
   * `local`: the same-origin hops that led here, when the request left its page's origin at a
   * redirect: the record starts at the URL the page asked for (local-redirects.ts).
   */
  private start(details: RequestDetails, initiator: string | undefined, gaps?: CaptureGaps, local?: LocalStart | null): CaptureRecord | undefined {
    if (!isCrossOriginCandidate(details, initiator)) return undefined;
    const record: CaptureRecord = {
      id: details.requestId,
      tabId: details.tabId,
      seq: this.deps.nextSeq(details.tabId),
      startedAt: local?.startedAt ?? details.timeStamp,
      url: local?.url ?? details.url,
      method: intern(local?.method ?? details.method),
      type: toResourceType(details.type),
      ...(initiator !== undefined ? { initiator: initiator === 'null' ? null : intern(initiator) } : {}),
      ...(details.documentUrl ? { documentUrl: details.documentUrl } : {}),
      ...(details.frameId !== undefined && Number.isSafeInteger(details.frameId) ? { frameId: details.frameId } : {}),
      redirects: local?.hops ?? [],
      complete: false,
      browser: this.deps.browser,
      observedBy: this.deps.browser === 'firefox' ? 'headers-only' : 'browser',
      ...(gaps ? { gaps } : {}),
    };
    this.inflight.set(record.id, record);
    if (gaps) this.adoptOrphan(record);
    this.deps.upsert(record);
    return record;
  }

  /**
   * The in-flight record of an event. After a worker restart lost it, one rebuilt from the
   * event (gap `start`), unless the request was forgotten, discarded or already logged.
   */
  private recordFor(raw: RequestDetails): CaptureRecord | undefined {
    const known = this.inflight.get(raw.requestId);
    if (known) {
      this.heard(known.id);
      return known;
    }
    if (this.unclassified.delete(raw.requestId) || raw.method === 'OPTIONS') return undefined;
    const details = this.withTab(raw);
    if (!details || this.ignored(details)) return undefined;
    const late = this.late(details);
    if (late !== undefined) return late || undefined;
    // Without its first events a no-cors subresource cannot be told from a CORS one: not kept.
    if (NO_CORS_BY_DEFAULT.has(toResourceType(details.type))) return undefined;
    // Rule 11 holds for a record rebuilt from a later event too: a page left is not the new page.
    const documents = documentKeys(details);
    if (documents.length > 0 && this.deps.fromPageLeft(details.tabId, documents)) {
      this.deps.forget([details.requestId]);
      return undefined;
    }
    return this.start(details, initiatorOf(details), { start: true });
  }

  /** A rebuilt record takes the preflight that was seen before it (Chromium: its id + 1). */
  private adoptOrphan(record: CaptureRecord): void {
    const next = adjacentId(record.id, 1);
    let found: string | undefined;
    for (const [id, o] of this.orphans) {
      if (o.tabId !== record.tabId || o.url !== currentUrl(record) || o.acrm !== record.method) continue;
      found = id;
      if (id === next) break;
    }
    if (found === undefined) return;
    const orphan = this.orphans.get(found)!;
    this.orphans.delete(found);
    record.preflight = orphan.preflight;
    if (orphan.preflight.endedAt === undefined) this.preflightOwner.set(found, record);
  }

  /** Applies a preflight's event to its record (or to its orphan); false when it is no preflight of ours. */
  private updatePreflight(details: RequestDetails, apply: (p: PreflightCapture) => void): boolean {
    const owner = this.preflightOwner.get(details.requestId);
    const preflight = this.ownedPreflight(owner, details.requestId);
    if (owner && preflight) {
      if (this.goneFromLog(owner, details.requestId)) return true;
      this.heardPreflight(owner, details.requestId);
      apply(preflight);
      this.deps.upsert(owner);
      return true;
    }
    const orphan = this.orphans.get(details.requestId);
    if (orphan) {
      apply(orphan.preflight);
      return true;
    }
    return false;
  }

  /** A same-origin request of a page (a redirect may yet take it to another origin). */
  private isLocal(raw: RequestDetails): boolean {
    if (raw.method === 'OPTIONS') return false;
    const details = this.withTab(raw);
    if (!details || this.ignored(details)) return false;
    const initiator = initiatorOf(details);
    return isPageRequest(details, initiator) && initiator === urlOrigin(details.url);
  }

  /**
   * Requests of a page's service worker come with no tab (tabId -1): they belong to the tab
   * showing a page of the worker's origin when there is exactly one. Others are ignored.
   */
  private withTab<D extends RequestDetails>(details: D): D | undefined {
    if (details.tabId >= 0) return details;
    const tabId = this.deps.tabForWorker(initiatorOf(details));
    return tabId === undefined ? undefined : { ...details, tabId };
  }

  private startPreflight(details: RequestDetails, acrm: string, headers: HeaderEntry[]): void {
    // Chromium numbers a preflight right after its request: the preflight of a forgotten
    // request is forgotten too, never handed to a later twin of it.
    const previous = adjacentId(details.requestId, -1);
    if (this.deps.browser === 'chromium' && previous !== '' && this.deps.isForgotten(previous, details.tabId)) {
      this.deps.forget([details.requestId]);
      return;
    }
    // Its request, ended by the sweep (rule 8) before this preflight came, is alive after all:
    // reopened, it takes its own preflight, which would otherwise go to a later twin of it.
    if (this.deps.browser === 'chromium' && this.swept.has(previous)) this.late({ ...details, requestId: previous });
    // The same after a restart, when the sweep's memory is gone but the log says it: the
    // record lives in storage, out of reach here, so its preflight is dropped, never handed
    // to a later twin (found by the lifecycle model, seed 5314356).
    const ended = this.deps.browser === 'chromium' && !this.inflight.has(previous) ? this.deps.endedByCapture(details.tabId, previous) : undefined;
    if (ended && ended.url === details.url && ended.method === acrm) {
      this.deps.forget([details.requestId]);
      return;
    }
    const question = { requestId: details.requestId, method: acrm, headers: getHeader(headers, 'access-control-request-headers') ?? '' };
    const sameUrl = (r: CaptureRecord) => r.tabId === details.tabId && currentUrl(r) === details.url;
    let owner = pickPreflightOwner(question, [...this.inflight.values()].filter(sameUrl), this.deps.unsafeHeaderNames);
    if (!owner && this.deps.browser === 'firefox') {
      // None in flight: a request of its URL and method that the sweep ended is alive after
      // all, the oldest first, as pairing takes identical requests. (Chromium's ids say whose
      // it is: above.)
      const swept = [...this.swept.values()].find((r) => sameUrl(r) && r.method === acrm);
      const reopened = swept ? this.late({ ...details, requestId: swept.id }) : undefined;
      if (reopened) owner = pickPreflightOwner(question, [reopened], this.deps.unsafeHeaderNames);
    }
    const preflight: PreflightCapture = { requestId: details.requestId, startedAt: details.timeStamp, requestHeaders: headers };
    if (!owner) {
      // Its request has no record: same-origin (never tracked), or its first events were lost
      // with a worker. Held, in case the request's next event rebuilds its record.
      this.orphans.set(details.requestId, { tabId: details.tabId, url: details.url, acrm, preflight });
      trimOldest(this.orphans, MAX_ORPHANS);
      return;
    }
    this.heardPreflight(owner, details.requestId);
    if (owner.redirects.length > 0) {
      // After a redirect: the preflight the browser sends to the new URL belongs to that hop.
      (owner.hopPreflights ??= []).push({ ...preflight, hop: owner.redirects.length - 1 });
    } else {
      owner.preflight = preflight;
    }
    this.preflightOwner.set(details.requestId, owner);
    this.deps.upsert(owner);
  }

  /** The preflight of `owner` with this request id: its own, or one re-sent after a redirect. */
  private ownedPreflight(owner: CaptureRecord | undefined, requestId: string): PreflightCapture | undefined {
    if (!owner) return undefined;
    if (owner.preflight?.requestId === requestId) return owner.preflight;
    return owner.hopPreflights?.find((p) => p.requestId === requestId);
  }

  /**
   * The preflight's record ended and then left the log (evicted, cleared): the preflight's
   * later events are dropped, or writing the record again would bring it back (counted twice).
   */
  private goneFromLog(owner: CaptureRecord, preflightId: string): boolean {
    if (!owner.complete || this.deps.isLogged(owner.tabId, owner.id)) return false;
    this.preflightOwner.delete(preflightId);
    return true;
  }

  private endPreflight(details: RequestDetails & { statusCode?: number; responseHeaders?: ResponseDetails['responseHeaders'] }, error?: string): boolean {
    this.unclassified.delete(details.requestId);
    const end = (preflight: PreflightCapture) => {
      preflight.endedAt = details.timeStamp;
      if (error !== undefined) preflight.error = error;
      if (details.statusCode !== undefined) preflight.status = details.statusCode;
      if (details.responseHeaders) preflight.responseHeaders = trimResponseHeaders(details.responseHeaders);
    };
    const orphan = this.orphans.get(details.requestId);
    if (orphan) {
      end(orphan.preflight);
      return true;
    }
    const owner = this.preflightOwner.get(details.requestId);
    const preflight = this.ownedPreflight(owner, details.requestId);
    if (!owner || !preflight) return false;
    if (this.goneFromLog(owner, details.requestId)) return true;
    this.preflightOwner.delete(details.requestId);
    this.heardPreflight(owner, details.requestId);
    end(preflight);
    this.deps.upsert(owner);
    return true;
  }

  private finish(record: CaptureRecord, at: number): void {
    this.inflight.delete(record.id);
    this.watched.delete(record.id);
    delete record.leftAt;
    record.endedAt = at;
    record.complete = true;
    let filler: { id: string; preflight: PreflightCapture } | undefined;
    // Rule 7: the cache is claimed only for a record seen whole, from its first event to its
    // last in one life of the background; otherwise the preflight may just not have been seen.
    const whole = record.gaps === undefined || Object.keys(record.gaps).length === 0;
    if (whole && !record.preflight && record.requestHeaders && this.pastPreflight(record) && this.deps.needsPreflight(record.method, record.requestHeaders)) {
      // Fetch "CORS-preflight fetch": a needed preflight that never went out was answered by
      // the browser's preflight cache.
      record.preflightCached = true;
      filler = this.deps.findCacheFiller(record);
      if (filler) {
        record.cachedFrom = filler.id;
        record.cachedPreflight = filler.preflight;
      }
    }
    record.verdict = this.deps.judge(record, filler);
    this.deps.upsert(record);
  }

  /**
   * Whether the request went past the point where its preflight would have gone out
   * (docs/browsers.md, event order): Chromium sends the actual request's headers after the
   * preflight, Firefox before it, so there only a response says so. A request aborted before
   * that point needed a preflight that was neither sent nor found in a cache.
   */
  private pastPreflight(record: CaptureRecord): boolean {
    if (this.deps.browser === 'chromium') return true;
    return record.status !== undefined || record.redirects.length > 0;
  }
}

/** The URL a record is at now (its last redirect's target). */
export function currentUrl(record: CaptureRecord): string {
  return record.redirects.at(-1)?.location ?? record.url;
}

function isCorsCandidate(type: ResourceType, headers: HeaderEntry[]): boolean {
  if (!NO_CORS_BY_DEFAULT.has(type)) return true;
  const mode = getHeader(headers, 'sec-fetch-mode');
  if (mode !== null) return mode === 'cors';
  return getHeader(headers, 'origin') !== null;
}
