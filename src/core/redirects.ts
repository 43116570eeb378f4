// Fetch §4.4 "HTTP-redirect fetch": each hop of a CORS request is CORS-checked (HTTP fetch
// step 4.4 runs before the redirect is followed), then the Location is checked, and a
// cross-origin hop away from a cross-origin URL taints the origin (next `Origin: null`).
import type { RedirectHop } from './exchange.ts';
import { clip } from './headers.ts';
import { corsCheck, type CorsFailure } from './cors-check.ts';
import { isCrossOrigin, originOfUrl, sameOrigin, schemeOf, urlHasCredentials } from './origin.ts';
import { resolve } from './classify.ts';
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
  /** Response tainting is "cors" for the final response. */
  readonly corsTainting: boolean;
  /** The origin the final request carried ("null" once tainted). */
  readonly effectiveOrigin: string;
  readonly finalUrl: string;
}

/** Chromium reports hop failures with the same names as final-response failures. */
export const RESPONSE_CORS: Record<CorsFailure, ReasonCode> = {
  'wildcard-credentials': 'wildcard-origin-with-credentials',
  'missing': 'missing-allow-origin',
  'multiple': 'multiple-allow-origin-values',
  'invalid': 'invalid-allow-origin-value',
  'mismatch': 'allow-origin-mismatch',
  'credentials': 'invalid-allow-credentials',
};

/** Walk the redirect chain starting at `url` for a request from `origin`. */
export function evaluateRedirects(hops: readonly RedirectHop[], url: string, origin: string, include: boolean): RedirectResult {
  const initiator = origin === 'null' ? null : origin;
  if (hops.length === 0) {
    return { checks: [], warnings: [], failure: null, failureParams: {}, corsTainting: isCrossOrigin(initiator, url), effectiveOrigin: origin, finalUrl: url };
  }
  const checks: Check[] = [];
  const warnings: Warning[] = [];
  let current = url;
  let cors = isCrossOrigin(initiator, url);
  let tainted = origin === 'null';
  const done = (failure: ReasonCode | null, failureParams: Params): RedirectResult => ({
    checks, warnings, failure, failureParams, corsTainting: cors, effectiveOrigin: tainted ? 'null' : origin, finalUrl: current,
  });

  const count = { id: 'redirect-count', expected: `≤ ${MAX_REDIRECTS}`, actual: String(hops.length), params: { count: hops.length, max: MAX_REDIRECTS } } as const;
  if (hops.length <= MAX_REDIRECTS) checks.push({ ...count, status: 'pass', detail: 'redirects-within-limit' });
  for (let i = 0; i < hops.length; i++) {
    const hop = hops[i];
    if (hop === undefined) continue;
    if (i >= MAX_REDIRECTS) {
      checks.push({ ...count, status: 'fail', detail: 'redirects-over-limit' });
      return done('too-many-redirects', { count: hops.length, max: MAX_REDIRECTS });
    }
    const sentOrigin = tainted ? 'null' : origin;
    if (cors) {
      const r = corsCheck(hop.headers, sentOrigin, include, { acao: 'redirect-allow-origin', acac: 'redirect-allow-credentials' }, i);
      checks.push(...r.checks);
      if (r.failure !== null) {
        const c = r.checks[r.failure === 'credentials' ? 1 : 0];
        return done(RESPONSE_CORS[r.failure], { hop: i + 1, status: hop.status, expected: c?.expected ?? sentOrigin, actual: c?.actual ?? '(none)' });
      }
    } else {
      checks.push({ id: 'redirect-allow-origin', status: 'skipped', detail: 'hop-not-cors', hop: i, params: { status: hop.status } });
    }
    const next = resolve(hop.location, hop.url);
    const nextOrigin = originOfUrl(next);
    const scheme = schemeOf(next);
    const loc = { id: 'redirect-location', header: 'Location', actual: clip(next), hop: i } as const;
    if (nextOrigin === null) {
      checks.push({ ...loc, status: 'fail', detail: 'location-unparsable' });
      return done('network-error', { error: 'invalid Location', hop: i + 1 });
    }
    if (scheme !== 'http' && scheme !== 'https') {
      checks.push({ ...loc, status: 'fail', detail: 'location-scheme', params: { scheme } });
      return done('redirect-disallowed-scheme', { hop: i + 1, scheme, location: clip(next) });
    }
    // Fetch §4.4 steps 8–9: user:pass in a redirect URL is fatal once CORS is involved.
    if (urlHasCredentials(next) && (cors || isCrossOrigin(initiator, next))) {
      checks.push({ ...loc, status: 'fail', detail: 'location-credentials' });
      return done('redirect-contains-credentials', { hop: i + 1, location: clip(next) });
    }
    checks.push({ ...loc, status: 'pass', detail: 'location-ok' });
    // Fetch §4.4 step 12: taint when the hop changes origin and the request origin ≠ current URL's.
    const currentOrigin = originOfUrl(current);
    const leaves = currentOrigin === null || !sameOrigin(nextOrigin, currentOrigin);
    const fromForeign = initiator === null || isCrossOrigin(initiator, current);
    if (!tainted && leaves && fromForeign) {
      tainted = true;
      checks.push({ id: 'redirect-taint', status: 'warn', detail: 'origin-tainted', hop: i, params: { from: clip(current), to: clip(next) } });
      warnings.push({ code: 'redirect-tainted-origin', params: { hop: i + 1, to: clip(next) } });
    } else {
      checks.push({ id: 'redirect-taint', status: 'pass', detail: 'origin-kept', hop: i, params: { origin: tainted ? 'null' : origin } });
    }
    current = next;
    // Response tainting only ever moves from basic to cors.
    if (!cors && isCrossOrigin(initiator, next)) cors = true;
  }
  return done(null, {});
}
