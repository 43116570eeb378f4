// Fetch #http-redirect-fetch: each hop of a CORS request is CORS-checked (HTTP fetch
// step 4.4 runs before the redirect is followed), then the Location is checked, and a
// cross-origin hop away from a cross-origin URL taints the origin (next `Origin: null`).
import type { BrowserEngine, RedirectHop } from './exchange.ts';
import { clip, getWholeHeader, lowerCommaItems, TOO_LONG } from './headers.ts';
import { corsCheck, failedCorsCheck, type CorsFailure } from './cors-check.ts';
import { evaluatePreflight } from './preflight.ts';
import { isCrossOrigin, normalizeOrigin, originOfUrl, resolve, sameOrigin, schemeOf, serializeOrigin, urlHasCredentials } from './origin.ts';
import type { ReasonCode } from './reasons.ts';
import type { Check, Params, Warning } from './verdict.ts';

/** Fetch "HTTP-redirect fetch" step 7: the 21st redirect is a network error. */
export const MAX_REDIRECTS = 20;

/** State after following the chain. */
export interface RedirectResult {
  readonly checks: Check[];
  readonly warnings: Warning[];
  readonly failure: ReasonCode | null;
  readonly failureParams: Params;
  /** First failure with credentials included (equals `failure` when included). */
  readonly includeFailure: ReasonCode | null;
  /** Response tainting is "cors" for the final response. */
  readonly corsTainting: boolean;
  /** The origin the final request carried ("null" once tainted). */
  readonly effectiveOrigin: string;
  readonly finalUrl: string;
}

/** Chromium reports hop failures with the same names as final-response failures. */
export const RESPONSE_CORS: Record<CorsFailure, ReasonCode> = {
  'wildcard-credentials': 'wildcard-origin-with-credentials',
  missing: 'missing-allow-origin',
  multiple: 'multiple-allow-origin-values',
  invalid: 'invalid-allow-origin-value',
  mismatch: 'allow-origin-mismatch',
  credentials: 'invalid-allow-credentials',
  'too-long': 'header-too-long',
};

/** What a redirected request looks like to a preflight sent after a hop. */
export interface RequestShape {
  readonly method: string;
  readonly unsafeNames: readonly string[];
  readonly browser: BrowserEngine | undefined;
}

/** Walk the redirect chain starting at `url` for a request from `origin`. */
export function evaluateRedirects(hops: readonly RedirectHop[], url: string, origin: string, include: boolean, shape: RequestShape): RedirectResult {
  const initiator = origin === 'null' ? null : origin;
  if (hops.length === 0) {
    return {
      checks: [],
      warnings: [],
      failure: null,
      failureParams: {},
      includeFailure: null,
      corsTainting: isCrossOrigin(initiator, url),
      effectiveOrigin: origin,
      finalUrl: url,
    };
  }
  return walk(hops, url, origin, initiator, include, shape);
}

/** Mutable walk state, kept in one object so the hot no-redirect path allocates nothing. */
interface Walk {
  checks: Check[];
  warnings: Warning[];
  current: string;
  cors: boolean;
  tainted: boolean;
  includeFailure: ReasonCode | null;
}

function finish(w: Walk, origin: string, failure: ReasonCode | null, failureParams: Params): RedirectResult {
  return {
    checks: w.checks,
    warnings: w.warnings,
    failure,
    failureParams,
    includeFailure: w.includeFailure ?? failure,
    corsTainting: w.cors,
    effectiveOrigin: w.tainted ? 'null' : origin,
    finalUrl: w.current,
  };
}

// Fetch #request-body-header-name: dropped when a redirect turns the request into a GET.
const BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type'];

function walk(hops: readonly RedirectHop[], url: string, origin: string, initiator: string | null, include: boolean, shape: RequestShape): RedirectResult {
  const w: Walk = { checks: [], warnings: [], current: url, cors: isCrossOrigin(initiator, url), tainted: origin === 'null', includeFailure: null };
  let method = shape.method;
  let unsafeNames = shape.unsafeNames;
  const params = { count: hops.length, max: MAX_REDIRECTS };
  const expected = `≤ ${MAX_REDIRECTS}`;
  if (hops.length <= MAX_REDIRECTS)
    w.checks.push({ id: 'redirect-count', status: 'pass', detail: 'redirects-within-limit', expected, actual: String(hops.length), params });
  for (let i = 0; i < hops.length; i++) {
    const hop = hops[i];
    if (hop === undefined) continue;
    if (i >= MAX_REDIRECTS) {
      w.checks.push({ id: 'redirect-count', status: 'fail', detail: 'redirects-over-limit', expected, actual: String(hops.length), params });
      return finish(w, origin, 'too-many-redirects', { count: hops.length, max: MAX_REDIRECTS });
    }
    const sentOrigin = w.tainted ? 'null' : origin;
    if (w.cors) {
      const r = corsCheck(hop.headers, sentOrigin, include, { acao: 'redirect-allow-origin', acac: 'redirect-allow-credentials' }, i);
      for (const c of r.checks) w.checks.push(c);
      if (r.failure !== null) {
        const c = failedCorsCheck(r.checks, r.failure);
        // {target}: the server whose redirect response failed, not the first URL's.
        const target = targetOf(hop.url);
        const params: Params =
          r.failure === 'too-long'
            ? { hop: i + 1, status: hop.status, header: c?.header ?? null, target }
            : { hop: i + 1, status: hop.status, expected: sentOrigin, actual: c?.actual ?? null, target };
        return finish(w, origin, RESPONSE_CORS[r.failure], params);
      }
      if (r.includeFailure !== null) w.includeFailure ??= RESPONSE_CORS[r.includeFailure];
    } else {
      w.checks.push({ id: 'redirect-allow-origin', status: 'skipped', detail: 'hop-not-cors', hop: i, params: { status: hop.status } });
    }
    const next = resolve(hop.location, hop.url);
    const nextOrigin = originOfUrl(next);
    const scheme = schemeOf(next);
    const actual = clip(next);
    if (nextOrigin === null) {
      w.checks.push({ id: 'redirect-location', status: 'fail', detail: 'location-unparsable', header: 'Location', actual, hop: i });
      return finish(w, origin, 'network-error', { error: `Location: ${actual}`, hop: i + 1 });
    }
    if (scheme !== 'http' && scheme !== 'https') {
      w.checks.push({ id: 'redirect-location', status: 'fail', detail: 'location-scheme', header: 'Location', actual, hop: i, params: { scheme } });
      return finish(w, origin, 'redirect-disallowed-scheme', { hop: i + 1, scheme, location: actual });
    }
    // Fetch #http-redirect-fetch: user:pass in a redirect URL is fatal once CORS is involved.
    if (urlHasCredentials(next) && (w.cors || isCrossOrigin(initiator, next))) {
      w.checks.push({ id: 'redirect-location', status: 'fail', detail: 'location-credentials', header: 'Location', actual, hop: i });
      return finish(w, origin, 'redirect-contains-credentials', { hop: i + 1, location: actual, target: targetOf(hop.url) });
    }
    w.checks.push({ id: 'redirect-location', status: 'pass', detail: 'location-ok', header: 'Location', actual, hop: i });
    // Fetch #http-redirect-fetch (tainted origin flag): taint when the hop changes origin and the request origin ≠ current URL's.
    const currentOrigin = originOfUrl(w.current);
    const leaves = currentOrigin === null || !sameOrigin(nextOrigin, currentOrigin);
    const fromForeign = initiator === null || isCrossOrigin(initiator, w.current);
    if (!w.tainted && leaves && fromForeign) {
      w.tainted = true;
      w.checks.push({ id: 'redirect-taint', status: 'warn', detail: 'origin-tainted', hop: i, params: { from: clip(w.current), to: actual } });
      w.warnings.push({ code: 'redirect-tainted-origin', params: { hop: i + 1, to: actual } });
    } else {
      w.checks.push({ id: 'redirect-taint', status: 'pass', detail: 'origin-kept', hop: i, params: { origin: w.tainted ? 'null' : origin } });
    }
    w.current = next;
    // Response tainting only ever moves from basic to cors.
    if (!w.cors && isCrossOrigin(initiator, next)) w.cors = true;
    // Fetch #http-redirect-fetch: 301/302 after POST, and 303 after anything but GET/HEAD, become a GET.
    if (((hop.status === 301 || hop.status === 302) && method === 'POST') || (hop.status === 303 && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET';
      unsafeNames = unsafeNames.filter((n) => !BODY_HEADERS.includes(n));
    }
    if (hop.preflight !== undefined) {
      // A preflighted request redirected elsewhere is preflighted again, with the origin as it now stands.
      // As for the first preflight, what the browser asked for is the ground truth.
      const asked = hop.preflight.requestHeaders;
      const acrm = getWholeHeader(asked, 'access-control-request-method');
      const acrh = getWholeHeader(asked, 'access-control-request-headers');
      // A list cut by the capture is not the browser's whole list: the computed names stand in.
      const names = acrh === null || acrh === TOO_LONG ? unsafeNames : lowerCommaItems(acrh);
      // The Origin it carried is what its Access-Control-Allow-Origin is compared with: Chromium
      // sends the tainted "null", Firefox 153 keeps the page's origin (docs/browsers.md).
      const carried = getWholeHeader(asked, 'origin');
      const standing = w.tainted ? 'null' : origin;
      const sentBy = carried === null || carried === TOO_LONG ? standing : carried === 'null' ? 'null' : (normalizeOrigin(carried) ?? standing);
      const r = evaluatePreflight(hop.preflight, sentBy, include, acrm === null || acrm === TOO_LONG ? method : acrm, names, shape.browser);
      for (const c of r.checks) w.checks.push({ ...c, hop: i });
      for (const x of r.warnings) w.warnings.push(x);
      if (r.includeFailure !== null) w.includeFailure ??= r.includeFailure;
      // The re-sent preflight went to the redirect's target: that server failed it.
      if (r.failure !== null) return finish(w, origin, r.failure, { ...r.failureParams, hop: i + 1, target: targetOf(next) });
    }
  }
  return finish(w, origin, null, {});
}

/** The serialised origin of a URL, as the summaries' {target}. */
export function targetOf(url: string): string {
  const o = originOfUrl(url);
  return o === null || o.opaque ? clip(url) : serializeOrigin(o);
}
