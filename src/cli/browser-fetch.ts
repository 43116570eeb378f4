// `cors-lens check`: the requests a browser makes for one cross-origin fetch(), sent for real,
// in the browser's order, and the Exchange the engine judges. The decisions it must take
// before the verdict (is a preflight needed? did it pass? does a redirect hop pass? where does
// the origin become null?) are the engine's own functions, so the simulation and the verdict
// cannot disagree.
import type { BrowserEngine, Exchange, HeaderEntry, HeaderList, ObservedPreflight, RedirectHop, ResponseObservation } from '../core/index.ts';
import { corsCheck } from '../core/index.ts';
import { REDIRECT_STATUSES } from '../core/index.ts';
import { getHeader } from '../core/index.ts';
import { originOfUrl, resolve, sameOrigin, schemeOf, urlHasCredentials, isCrossOrigin } from '../core/index.ts';
import { evaluatePreflight } from '../core/index.ts';
import { preflightNeed } from '../core/index.ts';
import { MAX_REDIRECTS } from '../core/index.ts';
import type { Wire } from './wire.ts';
import { Said } from './words.ts';

export interface BrowserFetch {
  readonly url: string;
  /** The page's serialised origin ("null" for an opaque one). */
  readonly origin: string;
  readonly method: string;
  /** The headers the page's script sets. */
  readonly headers: HeaderList;
  readonly credentials: boolean;
  readonly browser: BrowserEngine;
  readonly userAgent: string;
}

/** A network error on the way: the check cannot judge CORS (exit 2). */
export class FetchNetworkError extends Said {}

// Fetch #request-body-header-name: dropped when a redirect turns the request into a GET.
const BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);
const lower = (h: HeaderEntry): string => h.name.toLowerCase();

/** The script's headers as the browser keeps them: Chromium drops a script-set User-Agent (docs/browsers.md). */
function scriptHeaders(f: BrowserFetch): HeaderList {
  return f.browser === 'chromium' ? f.headers.filter((h) => lower(h) !== 'user-agent') : f.headers;
}

/** What Access-Control-Request-Headers carries: the engine's unsafe names; Firefox adds a script-set User-Agent (docs/browsers.md). */
function unsafeNames(f: BrowserFetch, method: string, headers: HeaderList): { needed: boolean; method: string; names: string[] } {
  const need = preflightNeed(method, headers);
  const names = [...need.unsafeNames];
  if (f.browser === 'firefox' && headers.some((h) => lower(h) === 'user-agent') && !names.includes('user-agent')) names.push('user-agent');
  names.sort();
  return { needed: need.needed || names.length > 0, method: need.method, names };
}

async function send(wire: Wire, method: string, url: string, headers: HeaderList): Promise<{ status: number; headers: HeaderList }> {
  const r = await wire.send({ method, url, headers });
  if (r.kind === 'network-error') throw new FetchNetworkError((w) => w.errors.network(`${method} ${url}`, r.say(w)));
  return r;
}

// Fetch #cors-preflight-fetch: OPTIONS with Accept: */*, ACRM, ACRH (lowercase, sorted, comma-separated, docs/cors-rules.md §2), Origin; no credentials.
async function preflight(wire: Wire, f: BrowserFetch, url: string, origin: string, method: string, names: readonly string[]): Promise<ObservedPreflight> {
  const requestHeaders: HeaderEntry[] = [
    { name: 'Accept', value: '*/*' },
    { name: 'Access-Control-Request-Method', value: method },
    ...(names.length > 0 ? [{ name: 'Access-Control-Request-Headers', value: names.join(',') }] : []),
    { name: 'Origin', value: origin },
    { name: 'Sec-Fetch-Mode', value: 'cors' },
    { name: 'User-Agent', value: f.userAgent },
  ];
  const r = await send(wire, 'OPTIONS', url, requestHeaders);
  return { requestHeaders, result: { kind: 'response', ...r } };
}

function actualHeaders(f: BrowserFetch, script: HeaderList, origin: string): HeaderList {
  const has = (n: string): boolean => script.some((h) => lower(h) === n);
  return [
    ...(has('accept') ? [] : [{ name: 'Accept', value: '*/*' }]),
    ...script,
    { name: 'Origin', value: origin },
    { name: 'Sec-Fetch-Mode', value: 'cors' },
    ...(has('user-agent') ? [] : [{ name: 'User-Agent', value: f.userAgent }]),
  ];
}

/** Send what the browser sends, in its order; the Exchange of what came back. */
export async function browserFetch(wire: Wire, f: BrowserFetch): Promise<Exchange> {
  const include = f.credentials;
  let script = scriptHeaders(f);
  let need = unsafeNames(f, f.method, script);
  let method = need.method;
  const initiator = f.origin === 'null' ? null : f.origin;
  let current = f.url;
  let cors = isCrossOrigin(initiator, current);
  let tainted = f.origin === 'null';
  const base = { initiator, url: f.url, browser: f.browser, outcome: { kind: 'not-observed' as const } };
  const request = (headersSeen: boolean) => ({
    method: f.method,
    headers: actualHeaders(f, scriptHeaders(f), f.origin),
    resourceType: 'xmlhttprequest' as const,
    mode: 'cors' as const,
    credentials: include ? ('include' as const) : ('omit' as const),
    redirectMode: 'follow' as const,
    ...(headersSeen ? {} : { headersSeen }),
  });
  const blocked = (pf: Exchange['preflight'], hops: RedirectHop[], sent: boolean): Exchange => ({
    ...base,
    request: request(sent),
    preflight: pf,
    redirects: hops,
    response: { kind: 'not-sent' },
  });

  // Fetch #http-fetch (makeCORSPreflight): only a cross-origin request with an unsafe method or header.
  let first: Exchange['preflight'] = { kind: 'none' };
  if (cors && need.needed) {
    const pf = await preflight(wire, f, current, f.origin, method, need.names);
    first = { kind: 'observed', ...pf };
    if (evaluatePreflight(pf, f.origin, include, method, need.names, f.browser).failure !== null) return blocked(first, [], false);
  }
  const hops: RedirectHop[] = [];
  const seen = new Set<string>();
  for (;;) {
    const origin = tainted ? 'null' : f.origin;
    // The same request again: without cookies nothing changes, so the browser would go round until its 20-redirect limit.
    const key = `${method} ${origin} ${current}`;
    if (seen.has(key))
      throw new FetchNetworkError((w) => w.errors.wire.redirectLoop(hops[hops.length - 1]?.url ?? current, `${method} ${current}`, hops.length));
    seen.add(key);
    const res = await send(wire, method, current, actualHeaders(f, script, origin));
    const location = getHeader(res.headers, 'location');
    if (!REDIRECT_STATUSES.has(res.status) || location === null) {
      const response: ResponseObservation = { kind: 'response', ...res };
      return { ...base, request: request(true), preflight: first, redirects: hops, response };
    }
    const next = resolve(location, current);
    const hop: RedirectHop = { url: current, status: res.status, headers: res.headers, location: next };
    hops.push(hop);
    // Fetch #http-redirect-fetch: the 21st redirect fails; each hop of a cors request is CORS-checked; Location must be http(s) without user:pass.
    if (hops.length > MAX_REDIRECTS) return blocked(first, hops, true);
    if (cors && corsCheck(res.headers, origin, include, { acao: 'redirect-allow-origin', acac: 'redirect-allow-credentials' }, null).failure !== null)
      return blocked(first, hops, true);
    const nextOrigin = originOfUrl(next);
    const scheme = schemeOf(next);
    if (nextOrigin === null || (scheme !== 'http' && scheme !== 'https')) return blocked(first, hops, true);
    if (urlHasCredentials(next) && (cors || isCrossOrigin(initiator, next))) return blocked(first, hops, true);
    // Fetch #http-redirect-fetch (tainted origin flag), docs/cors-rules.md §5.
    const here = originOfUrl(current);
    if (!tainted && (here === null || !sameOrigin(nextOrigin, here)) && (initiator === null || isCrossOrigin(initiator, current))) tainted = true;
    if (((res.status === 301 || res.status === 302) && method === 'POST') || (res.status === 303 && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET';
      script = script.filter((h) => !BODY_HEADERS.has(lower(h)));
      need = unsafeNames(f, method, script);
    }
    current = next;
    if (!cors && isCrossOrigin(initiator, next)) cors = true;
    if (cors && need.needed) {
      // The redirected request is preflighted again; Chromium's preflight carries the tainted
      // null, Firefox's the page's origin (docs/browsers.md "Differences seen on the same server").
      const pfOrigin = f.browser === 'firefox' ? f.origin : tainted ? 'null' : f.origin;
      const pf = await preflight(wire, f, current, pfOrigin, method, need.names);
      hops[hops.length - 1] = { ...hop, preflight: pf };
      if (evaluatePreflight(pf, pfOrigin, include, method, need.names, f.browser).failure !== null) return blocked(first, hops, true);
    }
  }
}
