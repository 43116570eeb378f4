// Turns the webRequest event stream into capture records: one record per cross-origin
// request, its preflight folded in, its redirects as a chain, judged by the engine once when
// its outcome is known. No browser API here: the listeners feed it, the tests feed it too.
import type { HeaderEntry, ResourceType } from '../core/exchange.ts';
import type { Verdict } from '../core/verdict.ts';
import type { CaptureRecord, PreflightCapture } from '../shared/record.ts';
import type { ErrorDetails, RedirectDetails, RequestDetails, ResponseDetails, SendHeadersDetails } from './events.ts';
import { initiatorOf, isCrossOriginCandidate } from './initiator.ts';
import { pickPreflightOwner } from './pairing.ts';
import { headerValue, intern, trimRequestHeaders, trimResponseHeaders } from './trim-headers.ts';

export interface TrackerDeps {
  browser: 'chromium' | 'firefox';
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
}

/** Bound on OPTIONS requests waiting to show whether they are preflights. */
const MAX_UNCLASSIFIED = 1000;

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

  constructor(private readonly deps: TrackerDeps) {}

  /** After a worker restart: resume the records that were still in flight. */
  restore(records: Iterable<CaptureRecord>): void {
    for (const record of records) {
      if (record.complete) continue;
      this.inflight.set(record.id, record);
      if (record.preflight && record.preflight.endedAt === undefined) {
        this.preflightOwner.set(record.preflight.requestId, record);
      }
    }
  }

  /** Forget in-flight state of a tab (closed, or its log cleared). */
  forgetTab(tabId: number): void {
    for (const [id, record] of this.inflight) if (record.tabId === tabId) this.inflight.delete(id);
    for (const [id, record] of this.preflightOwner) if (record.tabId === tabId) this.preflightOwner.delete(id);
    for (const [id, details] of this.unclassified) if (details.tabId === tabId) this.unclassified.delete(id);
  }

  beforeRequest(raw: RequestDetails): void {
    if (this.inflight.has(raw.requestId)) return; // a redirect re-enters with the same id
    const details = this.withTab(raw);
    if (!details) return;
    const initiator = initiatorOf(details);
    if (!isCrossOriginCandidate(details, initiator)) return;
    if (details.method === 'OPTIONS') {
      if (this.unclassified.size >= MAX_UNCLASSIFIED) this.unclassified.clear();
      this.unclassified.set(details.requestId, details);
      return;
    }
    this.start(details, initiator);
  }

  sendHeaders(raw: SendHeadersDetails): void {
    const details = this.withTab(raw);
    if (!details) return;
    const id = details.requestId;
    const pending = this.unclassified.get(id);
    if (pending) this.unclassified.delete(id);
    const headers = trimRequestHeaders(details.requestHeaders);
    if (details.method === 'OPTIONS' && !this.inflight.has(id)) {
      if (!pending && !isCrossOriginCandidate(details, initiatorOf(details))) return;
      const acrm = headerValue(headers, 'access-control-request-method');
      // A page cannot set Access-Control-Request-* (forbidden headers): only a preflight has it.
      if (acrm !== undefined) return this.startPreflight(pending ?? details, acrm, headers);
    }
    const record = this.inflight.get(id) ?? this.start(details, initiatorOf(details));
    if (!record) return;
    // After a redirect the browser sends the headers again (Origin may turn "null"): the
    // record keeps the headers of the first request, the engine derives each hop's origin.
    if (record.requestHeaders && record.redirects.length > 0) return;
    record.requestHeaders = headers;
    if (!isCorsCandidate(record.type, headers)) {
      this.inflight.delete(id);
      this.deps.discard(record);
      return;
    }
    this.deps.upsert(record);
  }

  headersReceived(details: ResponseDetails): void {
    const owner = this.preflightOwner.get(details.requestId);
    if (owner?.preflight) {
      owner.preflight.status = details.statusCode;
      owner.preflight.responseHeaders = trimResponseHeaders(details.responseHeaders);
      return;
    }
    const record = this.recordFor(details);
    if (!record) return;
    record.status = details.statusCode;
    record.responseHeaders = trimResponseHeaders(details.responseHeaders);
  }

  beforeRedirect(details: RedirectDetails): void {
    const owner = this.preflightOwner.get(details.requestId);
    if (owner?.preflight) {
      owner.preflight.status = details.statusCode;
      if (details.responseHeaders) owner.preflight.responseHeaders = trimResponseHeaders(details.responseHeaders);
      return;
    }
    const record = this.recordFor(details);
    if (!record) return;
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
    if (!record) return;
    record.status = details.statusCode;
    // onCompleted is registered without headers (they came with onHeadersReceived).
    if (details.responseHeaders) record.responseHeaders = trimResponseHeaders(details.responseHeaders);
    if (details.fromCache) record.fromCache = true;
    this.finish(record, details.timeStamp);
  }

  errorOccurred(details: ErrorDetails): void {
    if (this.endPreflight(details, details.error)) return;
    const record = this.recordFor(details);
    if (!record) return;
    record.error = details.error;
    this.finish(record, details.timeStamp);
  }

  private start(details: RequestDetails, initiator: string | undefined): CaptureRecord | undefined {
    if (!isCrossOriginCandidate(details, initiator)) return undefined;
    const record: CaptureRecord = {
      id: details.requestId,
      tabId: details.tabId,
      seq: this.deps.nextSeq(details.tabId),
      startedAt: details.timeStamp,
      url: details.url,
      method: intern(details.method),
      type: resourceType(details.type),
      ...(initiator !== undefined ? { initiator: initiator === 'null' ? null : intern(initiator) } : {}),
      ...(details.documentUrl ? { documentUrl: details.documentUrl } : {}),
      redirects: [],
      complete: false,
      observedBy: this.deps.browser === 'firefox' ? 'headers-only' : 'browser',
    };
    this.inflight.set(record.id, record);
    this.deps.upsert(record);
    return record;
  }

  /** The in-flight record of an event; after a worker restart lost it, one rebuilt from the event. */
  private recordFor(raw: RequestDetails): CaptureRecord | undefined {
    const known = this.inflight.get(raw.requestId);
    if (known) return known;
    if (this.unclassified.delete(raw.requestId) || raw.method === 'OPTIONS') return undefined;
    const details = this.withTab(raw);
    return details && this.start(details, initiatorOf(details));
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
    const candidates = [...this.inflight.values()].filter(
      (r) => r.tabId === details.tabId && currentUrl(r) === details.url,
    );
    const owner = pickPreflightOwner(
      { requestId: details.requestId, method: acrm, headers: headerValue(headers, 'access-control-request-headers') ?? '' },
      candidates,
      this.deps.unsafeHeaderNames,
    );
    if (!owner) return; // its request is not tracked (dropped as same-origin, or lost): nothing to guard
    owner.preflight = { requestId: details.requestId, startedAt: details.timeStamp, requestHeaders: headers };
    this.preflightOwner.set(details.requestId, owner);
    this.deps.upsert(owner);
  }

  private endPreflight(details: RequestDetails & { statusCode?: number; responseHeaders?: ResponseDetails['responseHeaders'] }, error?: string): boolean {
    this.unclassified.delete(details.requestId);
    const owner = this.preflightOwner.get(details.requestId);
    if (!owner?.preflight) return false;
    this.preflightOwner.delete(details.requestId);
    const preflight = owner.preflight;
    preflight.endedAt = details.timeStamp;
    if (error !== undefined) preflight.error = error;
    if (details.statusCode !== undefined) preflight.status = details.statusCode;
    if (details.responseHeaders) preflight.responseHeaders = trimResponseHeaders(details.responseHeaders);
    this.deps.upsert(owner);
    return true;
  }

  private finish(record: CaptureRecord, at: number): void {
    this.inflight.delete(record.id);
    record.endedAt = at;
    record.complete = true;
    let filler: { id: string; preflight: PreflightCapture } | undefined;
    if (!record.preflight && record.requestHeaders && this.deps.needsPreflight(record.method, record.requestHeaders)) {
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
}

/** The URL a record is at now (its last redirect's target). */
export function currentUrl(record: CaptureRecord): string {
  return record.redirects.at(-1)?.location ?? record.url;
}

function isCorsCandidate(type: ResourceType, headers: HeaderEntry[]): boolean {
  if (!NO_CORS_BY_DEFAULT.has(type)) return true;
  const mode = headerValue(headers, 'sec-fetch-mode');
  if (mode !== undefined) return mode === 'cors';
  return headerValue(headers, 'origin') !== undefined;
}

const RESOURCE_TYPES = new Set<string>([
  'xmlhttprequest', 'font', 'script', 'stylesheet', 'image', 'imageset', 'media', 'main_frame', 'sub_frame',
  'object', 'object_subrequest', 'ping', 'beacon', 'csp_report', 'websocket', 'webtransport', 'webbundle',
  'xslt', 'xml_dtd', 'web_manifest', 'speculative', 'other',
]);

function resourceType(type: string): ResourceType {
  return RESOURCE_TYPES.has(type) ? (type as ResourceType) : 'other';
}
