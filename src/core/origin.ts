// Origins per the URL Standard, enough for http(s): scheme + host + port, default ports
// dropped, host lowercased (and IDNA/IPv6-normalised by the platform `URL` parser).
import { memoize } from './memo.ts';

/** A tuple origin, or the opaque origin (serialised as "null"). */
export type Origin = { readonly opaque: false; readonly scheme: string; readonly host: string; readonly port: string } | { readonly opaque: true };

const OPAQUE: Origin = { opaque: true };

/** Origin of a URL string; opaque for non-special schemes (file:, data:, …); null if unparsable. */
// Parsing is the hottest part of the engine; the same few origins recur, so memoise.
export const originOfUrl: (url: string) => Origin | null = memoize(512, (url) => {
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
  return result;
});

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
export const normalizeOrigin: (text: string) => string | null = memoize(512, (text) => {
  const o = parseOrigin(text);
  return o === null ? null : serializeOrigin(o);
});

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
  // Length-prefixed, so that no text in either part can be mistaken for the boundary.
  return resolved(`${location.length}:${location}${base}`);
}

// Redirect chains repeat (http→https, /old→/new), and URL parsing dominates a hop's cost.
const resolved = memoize(512, (key) => {
  const colon = key.indexOf(':');
  const length = Number(key.slice(0, colon));
  const location = key.slice(colon + 1, colon + 1 + length);
  try {
    return new URL(location, key.slice(colon + 1 + length)).href;
  } catch {
    return location;
  }
});
