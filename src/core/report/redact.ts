// Redaction of secrets in a report: credentials headers and query parameters that look like
// secrets. A report is pasted into tickets that many people read, so it is on by default.
// Only displayed data is redacted; the verdict was computed before, on the real values.
import type { HeaderEntry, HeaderList } from '../exchange.ts';

/** What replaces a secret value. */
export const REDACTED = '[redacted]';

/** Query parameter names that look like secrets (access_token, api_key, X-Amz-Signature, …). */
const SECRET_PARAM = /token|key|sig|pass|pwd|secret|auth|session|code|credential/i;

/** Header names whose value carries a secret besides the four credential headers (X-Api-Key, X-CSRF-Token, …). */
const SECRET_HEADER = /token|api-?key|secret|session|passw|signature|credential|auth/i;
/** Header names the secret pattern matches but whose values are CORS data or public. */
const PUBLIC_HEADER = /^(access-control-|www-authenticate$|proxy-authenticate$|authentication-info$)/i;

/** True when a query parameter's value is redacted. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

/** True when a header's value is redacted. */
export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  if (n === 'cookie' || n === 'set-cookie' || n === 'authorization' || n === 'proxy-authorization') return true;
  return !PUBLIC_HEADER.test(n) && SECRET_HEADER.test(n);
}

/** A secret header's value with the secret parts replaced: cookie names, cookie attributes and the auth scheme stay. */
export function redactHeaderValue(name: string, value: string): string {
  const n = name.toLowerCase();
  if (n === 'cookie') return value.split(';').map((c) => redactPair(c.trim())).join('; ');
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
  return url
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
    .replace(/(\bhttps?:\/\/[^/?#\s:@]*):[^/?#\s@]*@/gi, `$1:${REDACTED}@`);
}

/** The secret values found in a URL's query (decoded and raw), for free-text replacement. */
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
  return out;
}
