// HAR entries → judged exchanges. DevTools writes one entry per request on the wire: Chrome
// gives a preflight its own entry (`_initiator.type` "preflight", same URL, OPTIONS) and each
// redirect hop its own entry. This file puts them back together (preflight + redirect chain +
// final response = one exchange), says what the HAR could not show, and runs the engine.
import { evaluate, needsPreflight, normalizeOrigin, type Exchange, type HeaderList, type ObservedOutcome, type ObservedPreflight, type RedirectHop, type ResourceType, type ResponseObservation } from '../core/index.ts';
import { resolve } from '../core/origin.ts';
import type { CaptureNote, ReportInput } from '../core/report/index.ts';
import type { HarEntry, HarFile } from './har-file.ts';

const RESOURCE_TYPES: Readonly<Record<string, ResourceType>> = {
  fetch: 'xmlhttprequest', xhr: 'xmlhttprequest', eventsource: 'xmlhttprequest',
  document: 'main_frame', stylesheet: 'stylesheet', image: 'image', media: 'media', font: 'font',
  script: 'script', websocket: 'websocket', manifest: 'web_manifest', ping: 'ping',
  'csp-violation-report': 'csp_report', texttrack: 'media',
};

const header = (list: HeaderList, name: string): string | undefined => list.find((h) => h.name.toLowerCase() === name)?.value;

function isPreflight(e: HarEntry): boolean {
  if (e.method !== 'OPTIONS') return false;
  if (e.initiatorType === 'preflight' || e.resourceType === 'preflight') return true;
  // Firefox marks nothing: an OPTIONS carrying Access-Control-Request-Method is a preflight.
  return e.initiatorType === undefined && header(e.requestHeaders, 'access-control-request-method') !== undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

/** Where each redirect leads: entry index → the index of the entry that followed it. */
function redirectChains(entries: readonly HarEntry[]): { next: Map<number, number>; continuation: Set<number> } {
  const next = new Map<number, number>();
  const continuation = new Set<number>();
  entries.forEach((e, i) => {
    if (e.status < 300 || e.status > 399) return;
    const target = e.redirectURL || header(e.responseHeaders, 'location');
    if (!target) return;
    const url = resolve(target, e.url);
    const j = entries.findIndex((f, k) => k > i && !continuation.has(k) && !isPreflight(f) && f.url === url);
    if (j >= 0) {
      next.set(i, j);
      continuation.add(j);
    }
  });
  return { next, continuation };
}

/** Each preflight's request: same URL, method = its Access-Control-Request-Method, nearest in the file. */
function pairPreflights(entries: readonly HarEntry[]): Map<number, number> {
  const paired = new Map<number, number>(); // request index → preflight index
  entries.forEach((p, i) => {
    if (!isPreflight(p)) return;
    const method = header(p.requestHeaders, 'access-control-request-method');
    let best = -1;
    entries.forEach((e, j) => {
      if (isPreflight(e) || paired.has(j) || e.url !== p.url || e.method !== method) return;
      if (best < 0 || Math.abs(j - i) < Math.abs(best - i)) best = j;
    });
    if (best >= 0) paired.set(best, i);
  });
  return paired;
}

function observedPreflight(p: HarEntry): ObservedPreflight {
  const result: ResponseObservation = p.status > 0
    ? { kind: 'response', status: p.status, headers: p.responseHeaders }
    : { kind: 'network-error', error: p.error ?? 'no response' };
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
  const entries = har.entries;
  const { next, continuation } = redirectChains(entries);
  const preflightOf = pairPreflights(entries);
  const inputs: ReportInput[] = [];
  entries.forEach((head, i) => {
    if (isPreflight(head) || continuation.has(i) || !/^https?:/i.test(head.url)) return;
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
    if (originHeader !== undefined) initiator = originHeader === 'null' ? null : normalizeOrigin(originHeader) ?? originHeader;
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
        url: e.url, status: e.status, headers: e.responseHeaders, location: target.url,
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
    if (pf === undefined && needsPreflight(head.method, requestHeaders(head)) && header(head.requestHeaders, 'origin') !== undefined) notes.push('har-no-preflight-entry');

    const exchange: Exchange = {
      initiator,
      url: head.url,
      request: {
        method: head.method, headers: requestHeaders(head), resourceType: RESOURCE_TYPES[head.resourceType ?? ''] ?? 'other',
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
    if (verdict.reason === 'same-origin') return;
    inputs.push({
      exchange,
      verdict,
      ...(Number.isFinite(head.startedAt) ? { capturedAt: head.startedAt } : {}),
      ...(har.browserName !== undefined ? { browser: har.browserName } : {}),
      ...(version !== undefined ? { extensionVersion: version } : {}),
      notes,
    });
  });
  return { inputs, entries: entries.length };
}
