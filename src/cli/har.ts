// HAR entries → judged exchanges. DevTools writes one entry per request on the wire: Chrome
// gives a preflight its own entry (`_initiator.type` "preflight", same URL, OPTIONS) and each
// redirect hop its own entry. This file puts them back together (preflight + redirect chain +
// final response = one exchange), says what the HAR could not show, and runs the engine.
import {
  evaluate,
  needsPreflight,
  normalizeOrigin,
  type Exchange,
  type HeaderList,
  type ObservedOutcome,
  type ObservedPreflight,
  type RedirectHop,
  type ResourceType,
  type ResponseObservation,
} from '../core/index.ts';
import { originOfUrl, resolve, serializeOrigin } from '../core/index.ts';
import type { CaptureNote, ReportInput } from '../core/report/index.ts';
import type { HarEntry, HarFile } from './har-file.ts';

const HAR_RESOURCE_TYPES: Readonly<Record<string, ResourceType>> = {
  fetch: 'xmlhttprequest',
  xhr: 'xmlhttprequest',
  eventsource: 'xmlhttprequest',
  document: 'main_frame',
  stylesheet: 'stylesheet',
  image: 'image',
  media: 'media',
  font: 'font',
  script: 'script',
  websocket: 'websocket',
  manifest: 'web_manifest',
  ping: 'ping',
  'csp-violation-report': 'csp_report',
  texttrack: 'media',
};

const header = (list: HeaderList, name: string): string | undefined => list.find((h) => h.name.toLowerCase() === name)?.value;

export function isPreflight(e: HarEntry): boolean {
  if (e.method !== 'OPTIONS') return false;
  if (e.initiatorType === 'preflight' || e.resourceType === 'preflight') return true;
  // Firefox marks nothing: an OPTIONS carrying Access-Control-Request-Method is a preflight.
  return e.initiatorType === undefined && header(e.requestHeaders, 'access-control-request-method') !== undefined;
}

/** The page's origin from a URL (its Referer, its HAR page): undefined when it has none (opaque or unparsable). */
function originOf(url: string | undefined): string | undefined {
  const o = url === undefined ? null : originOfUrl(url);
  return o === null || o.opaque ? undefined : serializeOrigin(o);
}

/**
 * Entries with the same key (URL, or URL and method), in file order, each claimable once:
 * the nearest unclaimed one to a position is found in O(log n) (binary search, then "next
 * unclaimed" pointers with path compression), so pairing a whole file stays near-linear.
 */
class Candidates {
  readonly #indices: number[] = [];
  // #right[k]: the first unclaimed slot ≥ k (length = none); #left[k] + 1: the last unclaimed slot ≤ k (0 = none).
  #right: number[] = [];
  #left: number[] = [];

  add(index: number): void {
    this.#indices.push(index);
  }

  /** Call once all entries are added (they arrive in file order, so already sorted). */
  seal(): void {
    this.#right = this.#indices.map((_, k) => k);
    this.#left = this.#indices.map((_, k) => k + 1);
  }

  #findRight(k: number): number {
    let r = k;
    while (r < this.#right.length && this.#right[r] !== r) r = this.#right[r] ?? r;
    for (let c = k; c < this.#right.length && c !== r; ) {
      const up = this.#right[c] ?? r;
      this.#right[c] = r;
      c = up;
    }
    return r;
  }

  #findLeft(k: number): number {
    // Slots shifted by one: 0 means "none to the left".
    let r = k;
    while (r > 0 && this.#left[r - 1] !== r) r = this.#left[r - 1] ?? 0;
    for (let c = k; c > 0 && c !== r; ) {
      const up = this.#left[c - 1] ?? 0;
      this.#left[c - 1] = r;
      c = up;
    }
    return r;
  }

  /** The first slot whose index is > position (binary search). */
  #slotAfter(position: number): number {
    let lo = 0;
    let hi = this.#indices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#indices[mid] ?? 0) > position) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #claim(slot: number): number {
    this.#right[slot] = slot + 1;
    this.#left[slot] = slot;
    return this.#indices[slot] ?? -1;
  }

  /** Claim the first unclaimed index after `position`; -1 if none. */
  claimFirstAfter(position: number): number {
    const slot = this.#findRight(this.#slotAfter(position));
    return slot < this.#indices.length ? this.#claim(slot) : -1;
  }

  /** Claim the unclaimed index nearest to `position` (the earlier one on a tie); -1 if none. */
  claimNearest(position: number): number {
    const after = this.#slotAfter(position);
    const right = this.#findRight(after);
    const left = this.#findLeft(after) - 1; // last unclaimed slot < after, i.e. index ≤ position
    const ri = right < this.#indices.length ? (this.#indices[right] ?? -1) : -1;
    const li = left >= 0 ? (this.#indices[left] ?? -1) : -1;
    if (li < 0 && ri < 0) return -1;
    if (ri < 0 || (li >= 0 && position - li <= ri - position)) return this.#claim(left);
    return this.#claim(right);
  }
}

function candidatesBy(entries: readonly HarEntry[], key: (e: HarEntry, i: number) => string | undefined): Map<string, Candidates> {
  const byKey = new Map<string, Candidates>();
  entries.forEach((e, i) => {
    const k = key(e, i);
    if (k === undefined) return;
    let c = byKey.get(k);
    if (c === undefined) byKey.set(k, (c = new Candidates()));
    c.add(i);
  });
  for (const c of byKey.values()) c.seal();
  return byKey;
}

/** Where each redirect leads: entry index → the index of the entry that followed it (the first later entry for that URL not already claimed). */
export function redirectChains(entries: readonly HarEntry[], preflight: readonly boolean[]): { next: Map<number, number>; continuation: Set<number> } {
  const next = new Map<number, number>();
  const continuation = new Set<number>();
  const byUrl = candidatesBy(entries, (e, i) => (preflight[i] === true ? undefined : e.url));
  entries.forEach((e, i) => {
    if (e.status < 300 || e.status > 399) return;
    const target = e.redirectURL || header(e.responseHeaders, 'location');
    if (!target) return;
    const j = byUrl.get(resolve(target, e.url))?.claimFirstAfter(i) ?? -1;
    if (j >= 0) {
      next.set(i, j);
      continuation.add(j);
    }
  });
  return { next, continuation };
}

/** Each preflight's request: same URL, method = its Access-Control-Request-Method, nearest in the file (the earlier on a tie), each request paired once, preflights taken in file order. */
export function pairPreflights(entries: readonly HarEntry[], preflight: readonly boolean[]): Map<number, number> {
  const paired = new Map<number, number>(); // request index → preflight index
  const byKey = candidatesBy(entries, (e, i) => (preflight[i] === true ? undefined : `${e.method} ${e.url}`));
  entries.forEach((p, i) => {
    if (preflight[i] !== true) return;
    const method = header(p.requestHeaders, 'access-control-request-method');
    if (method === undefined) return;
    const best = byKey.get(`${method} ${p.url}`)?.claimNearest(i) ?? -1;
    if (best >= 0) paired.set(best, i);
  });
  return paired;
}

function observedPreflight(p: HarEntry): ObservedPreflight {
  const result: ResponseObservation =
    p.status > 0 ? { kind: 'response', status: p.status, headers: p.responseHeaders } : { kind: 'network-error', error: p.error ?? 'no response' };
  return { requestHeaders: p.requestHeaders, result };
}

const requestHeaders = (e: HarEntry): HeaderList => e.requestHeaders.filter((h) => !h.name.startsWith(':'));

export interface HarExchanges {
  /** Every cross-origin http(s) exchange, judged, in file order. */
  readonly inputs: ReportInput[];
  /** Entries that were part of some exchange (requests, preflights, hops). */
  readonly entries: number;
}

/** Judge every exchange of a HAR file. */
export function exchangesFromHar(har: HarFile, version?: string): HarExchanges {
  return { inputs: [...judgedExchanges(har, version)], entries: har.entries.length };
}

/**
 * Every cross-origin http(s) exchange of a HAR file, judged, in file order, one at a time:
 * entries are paired once, here; each pass over the result judges the exchanges again, so a
 * caller can walk a large file twice (count, then report) without holding every verdict.
 */
export function judgedExchanges(har: HarFile, version?: string): Iterable<ReportInput> {
  const entries = har.entries;
  const preflight = entries.map(isPreflight);
  const { next, continuation } = redirectChains(entries, preflight);
  const preflightOf = pairPreflights(entries, preflight);
  return { [Symbol.iterator]: () => judge(har, version, preflight, next, continuation, preflightOf) };
}

function* judge(
  har: HarFile,
  version: string | undefined,
  preflight: readonly boolean[],
  next: ReadonlyMap<number, number>,
  continuation: ReadonlySet<number>,
  preflightOf: ReadonlyMap<number, number>,
): Generator<ReportInput> {
  const entries = har.entries;
  for (let i = 0; i < entries.length; i++) {
    const head = entries[i];
    if (head === undefined || preflight[i] === true || continuation.has(i) || !/^https?:/i.test(head.url)) continue;
    const chain = [i];
    for (let j = next.get(i); j !== undefined && chain.length <= 21; j = next.get(j)) chain.push(j);
    const last = entries[chain[chain.length - 1] ?? i] ?? head;
    const pfIndex = preflightOf.get(i);
    const pf = pfIndex === undefined ? undefined : entries[pfIndex];
    const notes: CaptureNote[] = [];

    // The page origin: the Origin header the browser sent, else the Referer / the page.
    const originHeader = header(head.requestHeaders, 'origin') ?? (pf ? header(pf.requestHeaders, 'origin') : undefined);
    const page = originOf(header(head.requestHeaders, 'referer')) ?? originOf(head.pageref === undefined ? undefined : har.pages.get(head.pageref));
    let initiator: string | null | undefined;
    if (originHeader !== undefined) initiator = originHeader === 'null' ? null : (normalizeOrigin(originHeader) ?? originHeader);
    else if (page !== undefined) {
      initiator = page;
      notes.push('initiator-from-referer');
    }

    const hops: RedirectHop[] = chain.slice(0, -1).map((k, n) => {
      const e = entries[k] ?? head;
      const target = entries[chain[n + 1] ?? k] ?? head;
      const hopPf = preflightOf.get(chain[n + 1] ?? -1);
      const hopPreflight = hopPf === undefined ? undefined : entries[hopPf];
      return {
        url: e.url,
        status: e.status,
        headers: e.responseHeaders,
        location: target.url,
        ...(hopPreflight ? { preflight: observedPreflight(hopPreflight) } : {}),
      };
    });

    const firefox = har.browser === 'firefox';
    // Chrome logs a request blocked by its preflight with status 0 and only the headers the page set.
    const neverSent = last.status === 0 && pf !== undefined && header(last.requestHeaders, 'origin') === undefined;
    let response: ResponseObservation;
    if (last.status > 0) response = { kind: 'response', status: last.status, headers: last.responseHeaders };
    else if (neverSent) response = { kind: 'not-sent' };
    else response = { kind: 'network-error', error: last.error ?? 'no response' };
    if (neverSent) notes.push('request-not-sent', 'request-headers-provisional');

    let outcome: ObservedOutcome;
    if (last.error !== undefined) outcome = { kind: 'failure', error: last.error };
    else if (har.browser === 'chromium') outcome = { kind: 'success' };
    else outcome = { kind: 'not-observed' };
    if (firefox) notes.push('har-firefox');
    else if (outcome.kind === 'not-observed') notes.push('outcome-not-observed');
    if (pf === undefined && needsPreflight(head.method, requestHeaders(head)) && header(head.requestHeaders, 'origin') !== undefined)
      notes.push('har-no-preflight-entry');

    const exchange: Exchange = {
      initiator,
      url: head.url,
      request: {
        method: head.method,
        headers: requestHeaders(head),
        resourceType: HAR_RESOURCE_TYPES[head.resourceType ?? ''] ?? 'other',
        // Only a cors-mode request gets a preflight: that settles the mode even without Sec-Fetch-Mode.
        ...(pf ? { mode: 'cors' as const } : {}),
      },
      preflight: pf ? { kind: 'observed', ...observedPreflight(pf) } : { kind: 'none' },
      redirects: hops,
      response,
      outcome,
      ...(har.browser === 'unknown' ? {} : { browser: har.browser }),
    };
    const verdict = evaluate(exchange);
    if (verdict.reason === 'same-origin') continue;
    yield {
      exchange,
      verdict,
      ...(Number.isFinite(head.startedAt) ? { capturedAt: head.startedAt } : {}),
      // The replay sends the body the page sent (redacted by the report's rules).
      ...(head.body === undefined ? {} : { requestBody: head.body }),
      ...pageUrlOf(head.pageref === undefined ? undefined : har.pages.get(head.pageref)),
      ...(har.browserName !== undefined ? { browser: har.browserName } : {}),
      ...(version !== undefined ? { extensionVersion: version } : {}),
      notes,
    };
  }
}

/** A HAR page's title is its URL in Chromium and Firefox exports; anything else names no page. */
function pageUrlOf(title: string | undefined): { pageUrl?: string } {
  if (title === undefined || !/^https?:\/\//i.test(title)) return {};
  try {
    return { pageUrl: new URL(title).href };
  } catch {
    return {};
  }
}
