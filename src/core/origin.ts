// Origins per the URL Standard, enough for http(s): scheme + host + port, default ports
// dropped, host lowercased (and IDNA/IPv6-normalised by the platform `URL` parser).
import { MAX_MEMO_KEY } from './headers.ts';

/** A tuple origin, or the opaque origin (serialised as "null"). */
export type Origin =
  | { readonly opaque: false; readonly scheme: string; readonly host: string; readonly port: string }
  | { readonly opaque: true };

const OPAQUE: Origin = { opaque: true };

// Parsing is the hottest part of the engine; the same few origins recur, so memoise.
const cache = new Map<string, Origin | null>();
const CACHE_LIMIT = 512;

/** Origin of a URL string; opaque for non-special schemes (file:, data:, …); null if unparsable. */
export function originOfUrl(url: string): Origin | null {
  const hit = cache.get(url);
  if (hit !== undefined) return hit;
  let result: Origin | null;
  try {
    const u = new URL(url);
    const scheme = u.protocol.slice(0, -1);
    // URL Standard "origin": only http(s)/ws(s)/ftp have tuple origins; blob: is not modelled here.
    result =
      scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss' || scheme === 'ftp'
        ? { opaque: false, scheme, host: u.hostname, port: u.port }
        : OPAQUE;
  } catch {
    result = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  if (url.length <= MAX_MEMO_KEY) cache.set(url, result);
  return result;
}

/** Parse a serialised origin ("null" → opaque). Returns null when it is not an origin. */
export function parseOrigin(text: string): Origin | null {
  if (text === 'null') return OPAQUE;
  const o = originOfUrl(text);
  if (o === null || o.opaque) return null;
  return o;
}

/** URL Standard "serialization of an origin". */
export function serializeOrigin(origin: Origin): string {
  if (origin.opaque) return 'null';
  return origin.port === '' ? `${origin.scheme}://${origin.host}` : `${origin.scheme}://${origin.host}:${origin.port}`;
}

/** Normalise an origin string (e.g. `HTTP://A.test:80` → `http://a.test`); null if invalid. */
export function normalizeOrigin(text: string): string | null {
  let v = normalized.get(text);
  if (v === undefined) {
    const o = parseOrigin(text);
    v = o === null ? null : serializeOrigin(o);
    if (normalized.size >= CACHE_LIMIT) normalized.clear();
    if (text.length <= MAX_MEMO_KEY) normalized.set(text, v);
  }
  return v;
}
const normalized = new Map<string, string | null>();

/** URL Standard "same origin": opaque origins are never same-origin with a tuple origin. */
export function sameOrigin(a: Origin, b: Origin): boolean {
  if (a.opaque || b.opaque) return false;
  return a.scheme === b.scheme && a.host === b.host && a.port === b.port;
}

/** True when `url` is cross-origin to the initiator; null initiator = opaque = always cross-origin. */
export function isCrossOrigin(initiator: string | null, url: string): boolean {
  const target = originOfUrl(url);
  if (target === null) return true;
  const from = initiator === null ? OPAQUE : parseOrigin(initiator);
  if (from === null) return true;
  return !sameOrigin(from, target);
}

/** True when the URL carries a username or password (Fetch "includes credentials"). */
export function urlHasCredentials(url: string): boolean {
  if (!url.includes('@')) return false; // userinfo always needs an "@"
  try {
    const u = new URL(url);
    return u.username !== '' || u.password !== '';
  } catch {
    return false;
  }
}

/** Lowercase scheme of a URL without the colon, or '' when unparsable. */
export function schemeOf(url: string): string {
  const i = url.indexOf(':');
  if (i <= 0) return '';
  return url.slice(0, i).toLowerCase();
}

/** Loopback hosts count as potentially trustworthy even over http (Secure Contexts #is-origin-trustworthy). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Resolve a Location against the URL that sent it; the raw text when unparsable. */
export function resolve(location: string, base: string): string {
  const key = `${base}\n${location}`;
  let v = resolved.get(key);
  if (v === undefined) {
    try {
      v = new URL(location, base).href;
    } catch {
      v = location;
    }
    if (resolved.size > 512) resolved.clear();
    if (key.length <= MAX_MEMO_KEY) resolved.set(key, v);
  }
  return v;
}

// Redirect chains repeat (http→https, /old→/new), and URL parsing dominates a hop's cost.
const resolved = new Map<string, string>();
