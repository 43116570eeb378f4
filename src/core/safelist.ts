// Fetch #cors-safelisted-method, #cors-safelisted-request-header and the set of "CORS-unsafe
// request-header names" that decides whether a preflight is sent and what
// `Access-Control-Request-Headers` carries.
import type { HeaderList } from './exchange.ts';
import { lowerName, MAX_MEMO_KEY } from './headers.ts';
import { mimeEssence } from './mime.ts';

/** Why one request header does or does not trigger a preflight. */
export type HeaderKind =
  | 'safelisted'
  | 'forbidden' // set by the browser only (Fetch "forbidden request-header"); never preflighted
  | 'browser-added' // added by the browser itself (User-Agent, Chromium client hints)
  | 'cache-added' // likely added by the HTTP cache or DevTools "Disable cache", not by script
  | 'name-not-safelisted'
  | 'value-too-long'
  | 'unsafe-byte'
  | 'content-type-unparsable'
  | 'content-type-not-safelisted'
  | 'language-chars'
  | 'range-not-simple'
  | 'over-total-limit';

/** One classified script-settable request header (name lowercased). */
interface ClassifiedHeader {
  readonly name: string;
  readonly value: string;
  readonly kind: HeaderKind;
}

/** Methods Fetch upper-cases when normalising (`patch` is deliberately absent). */
const NORMALISED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** Fetch "normalize a method": only DELETE GET HEAD OPTIONS POST PUT are upper-cased. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALISED.has(upper) ? upper : method;
}

/** Fetch "CORS-safelisted method": exactly `GET`, `HEAD` or `POST` (case-sensitive). */
export function isSafelistedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST';
}

const FORBIDDEN = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

// Script cannot set these meaningfully, but the browser sends them: User-Agent (Chromium drops a
// script value; a script-set one Firefox would preflight is indistinguishable), Chromium's
// safelisted client hints, and the HTTP/2 priority signal.
const BROWSER_ADDED = new Set([
  'user-agent',
  'priority',
  'dpr',
  'width',
  'viewport-width',
  'device-memory',
  'rtt',
  'downlink',
  'ect',
  'save-data',
  'intervention',
]);

/** Fetch "CORS-unsafe request-header byte". */
export function isUnsafeByte(c: number): boolean {
  return (
    (c < 0x20 && c !== 0x09) ||
    c === 0x22 ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x3a ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x3f ||
    c === 0x40 ||
    c === 0x5b ||
    c === 0x5c ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x7f
  );
}

function hasUnsafeByte(v: string): boolean {
  for (let i = 0; i < v.length; i++) if (isUnsafeByte(v.charCodeAt(i))) return true;
  return false;
}

/** Byte length: chars up to U+00FF are one byte (ByteString), others as UTF-8. */
export function byteLength(v: string): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    n += c < 0x100 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3; // a surrogate pair is 4 bytes
  }
  return n;
}

function languageOk(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const ok =
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x20 ||
      c === 0x2a ||
      c === 0x2c ||
      c === 0x2d ||
      c === 0x2e ||
      c === 0x3b ||
      c === 0x3d;
    if (!ok) return false;
  }
  return true;
}

const SIMPLE_RANGE = /^bytes=([0-9]+)-([0-9]*)$/;

/** Fetch "simple range header value" with a required start: `bytes=N-` or `bytes=N-M`, N ≤ M. */
export function isSimpleRange(v: string): boolean {
  const m = SIMPLE_RANGE.exec(v);
  if (m === null) return false; // includes the suffix form `bytes=-N`
  const start = (m[1] ?? '').replace(/^0+(?=.)/, '');
  const end = (m[2] ?? '').replace(/^0+(?=.)/, '');
  if (end === '') return true;
  return start.length < end.length || (start.length === end.length && start <= end);
}

// Most header names decide the kind on their own (browser-set, or never safelisted); the hot
// path looks those up once instead of re-testing every rule per request. Not memo.ts's
// memoize: it is seeded with the forbidden and browser-added names and must never forget them,
// and only some names may be remembered (Cache-Control and Pragma depend on the value).
const byName = new Map<string, HeaderKind>();
for (const n of FORBIDDEN) byName.set(n, 'forbidden');
for (const n of BROWSER_ADDED) byName.set(n, 'browser-added');

/** Fetch #forbidden-request-header (by lower-case name): set by the browser, never by page script. */
export function isForbiddenRequestHeader(lowerName: string): boolean {
  return FORBIDDEN.has(lowerName) || lowerName.startsWith('sec-') || lowerName.startsWith('proxy-');
}

/** Classify one header by Fetch "CORS-safelisted request-header" (without the 1024-byte total). */
export function classifyHeader(lowerName: string, value: string): HeaderKind {
  if (isForbiddenRequestHeader(lowerName)) {
    if (byName.size < 4096 && lowerName.length <= MAX_MEMO_KEY) byName.set(lowerName, 'forbidden');
    return 'forbidden';
  }
  if (BROWSER_ADDED.has(lowerName)) return 'browser-added';
  // Chromium excludes these on cache revalidation; DevTools "Disable cache" adds the no-cache pair.
  if (lowerName === 'if-none-match' || lowerName === 'if-modified-since') return 'cache-added';
  if ((lowerName === 'cache-control' || lowerName === 'pragma') && value === 'no-cache') return 'cache-added';
  const safeName =
    lowerName === 'accept' || lowerName === 'accept-language' || lowerName === 'content-language' || lowerName === 'content-type' || lowerName === 'range';
  if (!safeName) {
    // Cache-Control / Pragma depend on the value (see 'cache-added' above), so never memoise them.
    if (byName.size < 4096 && lowerName.length <= MAX_MEMO_KEY && lowerName !== 'cache-control' && lowerName !== 'pragma')
      byName.set(lowerName, 'name-not-safelisted');
    return 'name-not-safelisted';
  }
  if (byteLength(value) > 128) return 'value-too-long';
  switch (lowerName) {
    case 'accept':
      return hasUnsafeByte(value) ? 'unsafe-byte' : 'safelisted';
    case 'accept-language':
    case 'content-language':
      return languageOk(value) ? 'safelisted' : 'language-chars';
    case 'content-type': {
      if (hasUnsafeByte(value)) return 'unsafe-byte';
      const essence = mimeEssence(value);
      if (essence === null) return 'content-type-unparsable';
      return essence === 'application/x-www-form-urlencoded' || essence === 'multipart/form-data' || essence === 'text/plain'
        ? 'safelisted'
        : 'content-type-not-safelisted';
    }
    default:
      return isSimpleRange(value) ? 'safelisted' : 'range-not-simple';
  }
}

/** Result of classifying a whole request header list. */
export interface HeaderClassification {
  readonly headers: readonly ClassifiedHeader[];
  /** Sorted, lowercase, de-duplicated: exactly what `Access-Control-Request-Headers` carries. */
  readonly unsafeNames: readonly string[];
  /** Sum of safelisted value lengths (Fetch: over 1024 makes them all unsafe). */
  readonly safelistedBytes: number;
}

/** Fetch "CORS-unsafe request-header names", keeping the per-header reason. */
export function classifyRequestHeaders(list: HeaderList): HeaderClassification {
  const headers: ClassifiedHeader[] = [];
  let total = 0;
  for (const h of list) {
    const name = lowerName(h.name);
    const kind = byName.get(name) ?? classifyHeader(name, h.value);
    if (kind === 'safelisted') total += byteLength(h.value);
    // Browser-set headers never matter to the decision; leaving them out saves allocations.
    if (kind !== 'forbidden' && kind !== 'browser-added') headers.push({ name, value: h.value, kind });
  }
  const over = total > 1024;
  const names: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    let h = headers[i];
    if (h === undefined) continue;
    if (over && h.kind === 'safelisted') headers[i] = h = { name: h.name, value: h.value, kind: 'over-total-limit' };
    if (isUnsafeKind(h.kind) && !names.includes(h.name)) names.push(h.name);
  }
  return { headers, unsafeNames: names.length > 1 ? names.sort() : names, safelistedBytes: total };
}

/** True for kinds that put the header name into `Access-Control-Request-Headers`. */
function isUnsafeKind(kind: HeaderKind): boolean {
  return kind !== 'safelisted' && kind !== 'forbidden' && kind !== 'browser-added' && kind !== 'cache-added';
}

/** The sorted lowercase list `Access-Control-Request-Headers` would carry for these headers. */
export function unsafeRequestHeaderNames(headers: HeaderList): string[] {
  return [...classifyRequestHeaders(headers).unsafeNames];
}

/** Whether a cors-mode request with this method and these headers needs a preflight (cache aside). */
export function needsPreflight(method: string, headers: HeaderList): boolean {
  return !isSafelistedMethod(normalizeMethod(method)) || classifyRequestHeaders(headers).unsafeNames.length > 0;
}
