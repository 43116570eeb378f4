// Step 1 of a verdict: is this exchange CORS at all? Mirrors Fetch #main-fetch:
// same origin → basic; mode same-origin → error; no-cors → opaque; non-HTTP(S) → error; else CORS.
// webRequest does not expose the request mode, so it is inferred and the basis recorded.
import type { Exchange, RequestMode } from './exchange.ts';
import { clip, getHeader, getWholeHeader, TOO_LONG } from './headers.ts';
import { isCrossOrigin, normalizeOrigin, originOfUrl, resolve, schemeOf } from './origin.ts';
import type { ReasonCode } from './reasons.ts';
import type { Check, DetailCode } from './verdict.ts';

/** Either a final classification, or the context for a CORS evaluation. */
export type Classification =
  | { readonly kind: 'final'; readonly reason: ReasonCode; readonly mode: RequestMode | 'unknown'; readonly checks: Check[] }
  | { readonly kind: 'cors'; readonly mode: RequestMode; readonly origin: string; readonly checks: Check[] };

const MODES: ReadonlySet<string> = new Set(['cors', 'no-cors', 'same-origin', 'navigate', 'websocket']);

/** Infer the request mode; `detail` says on what evidence. */
export function inferMode(ex: Exchange, fromPage = false): { mode: RequestMode; detail: DetailCode } {
  const req = ex.request;
  if (req.mode !== undefined) return { mode: req.mode, detail: fromPage ? 'mode-page' : 'mode-given' };
  // Sec-Fetch-Mode is sent to potentially trustworthy URLs by Chromium and Firefox.
  const sfm = getHeader(req.headers, 'sec-fetch-mode');
  if (sfm !== null && MODES.has(sfm)) return { mode: sfm as RequestMode, detail: 'mode-sec-fetch' };
  const t = req.resourceType;
  if (t === 'main_frame' || t === 'sub_frame') return { mode: 'navigate', detail: 'mode-navigation-type' };
  if (t === 'websocket' || t === 'webtransport') return { mode: 'websocket', detail: 'mode-websocket' };
  // Fetch #main-fetch: only the request-mode "cors" branch runs HTTP fetch with makeCORSPreflight,
  // so a request that was preflighted (sendBeacon with a JSON body, say) is in cors mode.
  if (ex.preflight.kind === 'observed') return { mode: 'cors', detail: 'mode-preflighted' };
  if (ex.preflight.kind === 'cached') return { mode: 'cors', detail: 'mode-preflight-cached' };
  // fetch()/XHR default to cors; fonts are always fetched in cors mode (CSS Fonts #font-fetching-requirements).
  if (t === 'xmlhttprequest' || t === 'font') return { mode: 'cors', detail: 'mode-always-cors-type' };
  // An Origin header on GET/HEAD is only sent in cors mode (`crossorigin`, module scripts);
  // on other methods Fetch always sends it, so it proves nothing there.
  const m = req.method.toUpperCase();
  if ((m === 'GET' || m === 'HEAD') && getHeader(req.headers, 'origin') !== null) return { mode: 'cors', detail: 'mode-origin-header' };
  return { mode: 'no-cors', detail: 'mode-no-origin-header' };
}

/** Classify the exchange. */
/** `modeFromPage`: the request's mode was seen in the page (page-facts.ts), not given by the capture. */
export function classify(ex: Exchange, modeFromPage = false): Classification {
  const { mode, detail } = inferMode(ex, modeFromPage);
  const modeCheck: Check = { id: 'mode', status: 'pass', detail, params: { mode, type: ex.request.resourceType } };
  if (mode === 'navigate') return { kind: 'final', reason: 'navigation', mode, checks: [modeCheck] };
  if (mode === 'websocket') return { kind: 'final', reason: 'not-cors-resource', mode, checks: [modeCheck] };

  // Initiator: given, or recovered from the Origin request header.
  const found = initiatorOrigin(ex);
  if (found.origin === null) {
    const unknown: Check = { id: 'initiator', status: 'skipped', detail: 'initiator-unknown', actual: ex.initiator == null ? null : clip(ex.initiator) };
    return { kind: 'final', reason: 'unknown-initiator', mode, checks: [unknown, modeCheck] };
  }
  const origin = found.origin;
  const initiatorCheck: Check =
    found.detail === 'initiator-origin-header-differs'
      ? { id: 'initiator', status: 'warn', detail: found.detail, actual: origin, params: { reported: clip(String(ex.initiator)) } }
      : { id: 'initiator', status: 'pass', detail: found.detail, actual: origin };
  const checks: Check[] = [initiatorCheck, modeCheck];

  const scheme = schemeOf(ex.url);
  if (scheme === '' || originOfUrl(ex.url) === null) {
    checks.push({ id: 'url', status: 'fail', detail: 'url-unparsable', actual: clip(ex.url) });
    return { kind: 'final', reason: 'incomplete', mode, checks };
  }
  // Fetch "scheme fetch": data:, blob: and about: never go through CORS.
  if (scheme === 'data' || scheme === 'blob' || scheme === 'about') {
    checks.push({ id: 'url', status: 'pass', detail: 'url-scheme-fetch', params: { scheme } });
    return { kind: 'final', reason: 'not-cors-resource', mode, checks };
  }

  // A same-origin request that a redirect takes elsewhere becomes CORS at that hop.
  const crossAt = firstCrossOrigin(origin, ex);
  // -2: neither the URL nor any redirect target leaves the initiator's origin.
  const target = clip(ex.url);
  if (crossAt === -2) {
    checks.push({ id: 'cross-origin', status: 'pass', detail: 'is-same-origin', params: { origin, target } });
    return { kind: 'final', reason: 'same-origin', mode, checks };
  }
  checks.push({ id: 'cross-origin', status: 'pass', detail: 'is-cross-origin', params: { origin, target } });
  if (mode === 'same-origin') {
    checks.push({ id: 'mode', status: 'fail', detail: 'mode-same-origin-cross-origin', expected: 'same-origin', actual: target, params: { mode } });
    return { kind: 'final', reason: 'disallowed-by-mode', mode, checks };
  }
  if (mode === 'no-cors') {
    const rm = ex.request.redirectMode;
    if (rm !== undefined && rm !== 'follow') {
      checks.push({ id: 'mode', status: 'fail', detail: 'mode-no-cors-redirect', expected: 'follow', actual: rm, params: { mode } });
      return { kind: 'final', reason: 'no-cors-redirect-mode', mode, checks };
    }
    return { kind: 'final', reason: ex.request.resourceType === 'xmlhttprequest' ? 'no-cors' : 'not-cors-resource', mode, checks };
  }
  if (scheme !== 'http' && scheme !== 'https') {
    checks.push({ id: 'url', status: 'fail', detail: 'url-cors-disabled-scheme', expected: 'http or https', actual: scheme, params: { scheme } });
    return { kind: 'final', reason: 'cors-disabled-scheme', mode, checks };
  }
  checks.push({ id: 'url', status: 'pass', detail: 'url-http', params: { scheme } });
  return { kind: 'cors', mode, origin, checks };
}

/** The serialised initiator origin ("null" when opaque), and where it came from. */
function initiatorOrigin(ex: Exchange): { origin: string | null; detail: DetailCode } {
  const header = getWholeHeader(ex.request.headers, 'origin');
  // An Origin cut by the capture names no origin.
  const fromHeader = header === null || header === TOO_LONG ? null : header === 'null' ? 'null' : normalizeOrigin(header);
  const given = ex.initiator === null ? 'null' : ex.initiator === undefined ? null : normalizeOrigin(ex.initiator);
  if (given === null) return { origin: fromHeader, detail: 'initiator-from-origin-header' };
  // Without redirects the Origin header is exactly what ACAO is compared with; a reported
  // initiator can differ (Firefox's documentUrl names the top page, not a sandboxed iframe).
  if (fromHeader !== null && fromHeader !== given && ex.redirects.length === 0) return { origin: fromHeader, detail: 'initiator-origin-header-differs' };
  return { origin: given, detail: given === 'null' ? 'initiator-opaque' : 'initiator-known' };
}

/** -1: the first URL is cross-origin; i ≥ 0: redirect hop i leads cross-origin; -2: never. */
function firstCrossOrigin(origin: string, ex: Exchange): number {
  const init = origin === 'null' ? null : origin;
  if (isCrossOrigin(init, ex.url)) return -1;
  for (let i = 0; i < ex.redirects.length; i++) {
    const hop = ex.redirects[i];
    if (hop !== undefined && isCrossOrigin(init, resolve(hop.location, hop.url))) return i;
  }
  return -2;
}
