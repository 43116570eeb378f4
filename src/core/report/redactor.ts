// One redactor per exchange: structured redaction for headers and URLs, plus a text pass for
// free text (verdict parameters, check values) that may quote a secret found elsewhere.
import type { Exchange, HeaderEntry, HeaderList } from '../exchange.ts';
import { isSecretHeader, isSecretParam, redactHeader, redactHeaderValue, redactUrl, REDACTED, urlSecrets } from './redact.ts';

export interface Redactor {
  readonly on: boolean;
  headers(list: HeaderList): HeaderEntry[];
  url(url: string): string;
  /** A header value, knowing its header name. */
  value(name: string | undefined, value: string): string;
  /** Any text that may quote a URL or a secret value. */
  text(s: string): string;
  /** A request body: form fields and JSON members by the query-parameter rules, any other text by the text pass. */
  body(text: string, mimeType: string | undefined): string;
}

/**
 * Whether a secret value is distinctive enough to be replaced inside free text. Headers and URLs
 * are redacted by structure whatever their values; this text pass is only a backstop, and it
 * must not turn `consent=true` into "Access-Control-Allow-Credentials: [redacted]" or `code=1`
 * into every "1": short values and plain words are left to the structural redaction.
 */
function distinctive(s: string): boolean {
  if (s === REDACTED) return false;
  return s.length >= 12 || (s.length >= 6 && /\d/.test(s) && /[^\d]/.test(s));
}

function allHeaderLists(ex: Exchange): HeaderList[] {
  const lists: HeaderList[] = [ex.request.headers];
  const pf = ex.preflight;
  if (pf.kind === 'observed') {
    lists.push(pf.requestHeaders);
    if (pf.result.kind === 'response') lists.push(pf.result.headers);
  }
  if (pf.kind === 'cached' && pf.earlier) lists.push(pf.earlier.requestHeaders);
  for (const hop of ex.redirects) {
    lists.push(hop.headers);
    if (hop.preflight) lists.push(hop.preflight.requestHeaders);
  }
  if (ex.response.kind === 'response') lists.push(ex.response.headers);
  return lists;
}

/** The credential after "Bearer ", the values of cookie pairs (attributes are not secret). */
function secretParts(name: string, value: string): string[] {
  const n = name.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization') return [value.replace(/^\S+ +/, '')];
  if (n === 'cookie') return value.split(';').map((c) => c.slice(c.indexOf('=') + 1).trim());
  if (n === 'set-cookie') {
    const first = value.split(';')[0] ?? '';
    return [first.slice(first.indexOf('=') + 1).trim()];
  }
  return [];
}

/** The secret values of an exchange, longest first. */
function secretsOf(ex: Exchange): string[] {
  const found = new Set<string>();
  const urls = [ex.url, ...ex.redirects.flatMap((h) => [h.url, h.location])];
  for (const list of allHeaderLists(ex)) {
    for (const h of list) {
      if (isSecretHeader(h.name)) {
        found.add(h.value);
        for (const part of secretParts(h.name, h.value)) found.add(part);
      }
      if (/^(referer|location|content-location)$/i.test(h.name)) urls.push(h.value);
    }
  }
  for (const u of urls) for (const s of urlSecrets(u)) found.add(s);
  return [...found].filter(distinctive).sort((a, b) => b.length - a.length);
}

const IDENTITY: Redactor = {
  on: false,
  headers: (list) => [...list],
  url: (u) => u,
  value: (_n, v) => v,
  text: (s) => s,
  body: (s) => s,
};

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** JSON members whose name looks secret lose their value; strings elsewhere get the text pass. */
function redactJson(v: unknown, text: (s: string) => string): unknown {
  if (typeof v === 'string') return text(v);
  if (Array.isArray(v)) return v.map((x) => redactJson(x, text));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isSecretParam(k) && x !== null && x !== '' ? REDACTED : redactJson(x, text)]));
  }
  return v;
}

function redactBody(body: string, mimeType: string | undefined, text: (s: string) => string): string {
  const mime = (mimeType ?? '').toLowerCase();
  const trimmed = body.trim();
  if (mime.includes('json') || ((mime === '' || mime.startsWith('text/plain')) && /^[[{]/.test(trimmed))) {
    try {
      const parsed: unknown = JSON.parse(body);
      const redacted = redactJson(parsed, text);
      // Unchanged: keep the bytes as sent.
      return JSON.stringify(redacted) === JSON.stringify(parsed) ? body : JSON.stringify(redacted);
    } catch {
      // not JSON after all: the text pass below
    }
  }
  if (mime.includes('x-www-form-urlencoded') || (mime === '' && /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(trimmed))) {
    return body
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return text(pair);
        const name = pair.slice(0, eq);
        return isSecretParam(decodedName(name)) && eq < pair.length - 1 ? `${name}=${REDACTED}` : `${name}=${text(pair.slice(eq + 1))}`;
      })
      .join('&');
  }
  return text(body);
}

/** The redactor for one exchange; `on: false` changes nothing. */
export function redactorFor(ex: Exchange, on: boolean): Redactor {
  if (!on) return IDENTITY;
  const secrets = secretsOf(ex);
  const text = (s: string): string => {
    let out = redactUrl(s);
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  return {
    on: true,
    headers: (list) =>
      list.map((h) => {
        const r = redactHeader(h);
        // URLs in headers (Location, Referer) carry queries too.
        if (r !== h) return r;
        // A value cut by the capture stays marked as cut.
        return h.truncated === true ? { name: h.name, value: text(h.value), truncated: true } : { name: h.name, value: text(h.value) };
      }),
    url: text,
    value: (name, v) => (name !== undefined && isSecretHeader(name) ? redactHeaderValue(name, v) : text(v)),
    text,
    body: (s, mimeType) => redactBody(s, mimeType, text),
  };
}
