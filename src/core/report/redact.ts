// Redaction of secrets in a report: credentials headers and query parameters that look like
// secrets. A report is pasted into tickets that many people read, so it is on by default.
// Only displayed data is redacted; the verdict was computed before, on the real values.
import type { HeaderEntry, HeaderList } from '../exchange.ts';

/** What replaces a secret value. */
export const REDACTED = '[redacted]';

/**
 * Parts of a name that say "secret" wherever they appear (access_token, api_key, X-Amz-Signature,
 * upstream_cookie, SAMLResponse, …). Matched anywhere in the name, case-insensitively.
 */
const SECRET_PART = /token|key|sig|pass|pwd|secret|auth|session|code|credential|cookie|jwt|bearer|saml|hmac|nonce|ticket|assertion/i;

/**
 * Short words that say "secret" only as a whole word of the name (`sid`, `user_pin`, `otpCode`),
 * never inside another word (`shipping`, `footprint`, `statement`).
 */
const SECRET_WORDS = new Set(['sid', 'otp', 'totp', 'hotp', 'pin', 'hash', 'state', 'csrf', 'xsrf', 'sso', 'mfa', 'salt', 'jwe', 'jws']);

/** A name's words: split at non-alphanumerics and camelCase humps (`SAMLResponse` → saml, response). */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Header names: narrower parts (no `code`, `sig`, `key` inside other words: Content-Encoding, X-Error-Code). */
const SECRET_HEADER_PART = /token|api-?key|secret|session|passw|signature|credential|auth|cookie|jwt|bearer|saml|hmac|nonce|ticket|assertion/i;
const SECRET_HEADER_WORDS = new Set([...SECRET_WORDS, 'key', 'pass', 'pwd', 'passcode']);

function secretName(name: string, part: RegExp, words: ReadonlySet<string>): boolean {
  return part.test(name) || nameWords(name).some((w) => words.has(w));
}

/** Header names the secret pattern matches but whose values are CORS data or public. */
const PUBLIC_HEADER =
  /^(access-control-.*|www-authenticate|proxy-authenticate|authentication-info|sec-websocket-key|idempotency-key|content-security-policy.*|public-key-pins.*)$/i;

/** True when a query parameter's value is redacted. */
export function isSecretParam(name: string): boolean {
  return secretName(name, SECRET_PART, SECRET_WORDS);
}

/** True when a header's value is redacted (Cookie, Authorization, `*-Key`, `*-Token`, `*Cookie*`, X-Sid, …). */
export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  if (n === 'cookie' || n === 'set-cookie' || n === 'authorization' || n === 'proxy-authorization') return true;
  return !PUBLIC_HEADER.test(n) && secretName(n, SECRET_HEADER_PART, SECRET_HEADER_WORDS);
}

/** A secret header's value with the secret parts replaced: cookie names, cookie attributes and the auth scheme stay. */
export function redactHeaderValue(name: string, value: string): string {
  const n = name.toLowerCase();
  if (n === 'cookie')
    return value
      .split(';')
      .map((c) => redactPair(c.trim()))
      .join('; ');
  if (n === 'set-cookie') {
    const [first = '', ...attributes] = value.split(';');
    return [redactPair(first.trim()), ...attributes.map((a) => a.trim())].join('; ');
  }
  if (n === 'authorization' || n === 'proxy-authorization') {
    const scheme = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +\S/.exec(value);
    return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

function redactPair(pair: string): string {
  const eq = pair.indexOf('=');
  return eq < 0 ? REDACTED : `${pair.slice(0, eq)}=${REDACTED}`;
}

/** One header with its value redacted when it is a secret. */
export function redactHeader(h: HeaderEntry): HeaderEntry {
  return isSecretHeader(h.name) ? { name: h.name, value: redactHeaderValue(h.name, h.value) } : h;
}

/** A header list with secret values redacted (names and order kept). */
export function redactHeaders(headers: HeaderList): HeaderEntry[] {
  return headers.map(redactHeader);
}

// `name=value` in a query string (or a fragment, or any text holding a URL); the value stops
// at the next separator or whitespace. The marker is kept literal (not percent-encoded) so it
// reads the same everywhere.
const QUERY_PAIR = /([?&;#])([^=&;#?\s]*)=([^&;#\s]*)/g;

/** A URL (or any text containing URLs) with secret-looking query values and URL passwords replaced. */
export function redactUrl(url: string): string {
  return (
    url
      .replace(QUERY_PAIR, (whole, sep: string, name: string, value: string) => {
        if (value === '' || value === REDACTED) return whole;
        let decoded = name;
        try {
          decoded = decodeURIComponent(name.replace(/\+/g, ' '));
        } catch {
          // keep the raw name
        }
        return isSecretParam(decoded) ? `${sep}${name}=${REDACTED}` : whole;
      })
      // user:password@ in an http(s) URL.
      .replace(/(\bhttps?:\/\/[^/?#\s:@]*):[^/?#\s@]*@/gi, `$1:${REDACTED}@`)
      // Path segments that look like tokens (/reset/<token>, /s/<JWT>).
      .replace(
        URL_PATH,
        (_whole, authority: string, path: string) =>
          `${authority}${path
            .split('/')
            .map((seg) => (looksLikeToken(seg) ? REDACTED : seg))
            .join('/')}`,
      )
  );
}

// An http(s) URL's authority and path, inside any text.
const URL_PATH = /(\bhttps?:\/\/[^/?#\s]*)(\/[^?#\s]*)/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path segment that looks like a secret token rather than a name or an id: 20 or more
 * characters of base64url/hex alphabet that are a JWT (`eyJ…`, three dot-separated parts), a hex
 * string of 32 or more (a hash, a hex token), or hold a run of 16 or more letters and digits
 * mixing both with a letter beyond hex (random base64). Not: UUIDs, numeric ids, 24-hex ObjectIds,
 * slugs (`my-long-article-title-2024`), words.
 */
export function looksLikeToken(segment: string): boolean {
  let s = segment;
  try {
    s = decodeURIComponent(segment);
  } catch {
    // keep raw
  }
  if (s.length < 20 || !/^[A-Za-z0-9._~+=-]+$/.test(s) || UUID.test(s)) return false;
  if (/^eyJ[A-Za-z0-9_-]{8,}/.test(s) || /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/.test(s)) return true;
  if (/^[0-9a-f]{32,}$/i.test(s) && /\d/.test(s) && /[a-f]/i.test(s)) return true;
  return (s.match(/[A-Za-z0-9]{16,}/g) ?? []).some((run) => /\d/.test(run) && /[g-zG-Z]/.test(run) && !/^[0-9a-f]+$/i.test(run));
}

/** The path segments of a URL that look like tokens. */
function pathTokens(url: string): string[] {
  const out: string[] = [];
  for (const m of url.matchAll(URL_PATH)) {
    for (const seg of (m[2] ?? '').split('/')) {
      if (!looksLikeToken(seg)) continue;
      out.push(seg);
      try {
        out.push(decodeURIComponent(seg));
      } catch {
        // raw only
      }
    }
  }
  return out;
}

/** The secret values found in a URL's query and path (decoded and raw), for free-text replacement. */
export function urlSecrets(url: string): string[] {
  const out: string[] = [];
  for (const m of url.matchAll(QUERY_PAIR)) {
    const [, , name = '', value = ''] = m;
    let decodedName = name;
    let decodedValue = value;
    try {
      decodedName = decodeURIComponent(name.replace(/\+/g, ' '));
      decodedValue = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      // keep raw
    }
    if (value !== '' && isSecretParam(decodedName)) out.push(value, decodedValue);
  }
  const creds = /\bhttps?:\/\/[^/?#\s:@]*:([^/?#\s@]+)@/i.exec(url);
  if (creds?.[1]) out.push(creds[1]);
  out.push(...pathTokens(url));
  return out;
}
