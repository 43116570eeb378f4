// Header-list helpers with Fetch semantics. Names compare case-insensitively; values are
// untrusted text, so nothing here throws and nothing assumes ASCII.
import type { HeaderList } from './exchange.ts';
import { memoize } from './memo.ts';

export { MAX_MEMO_KEY } from './memo.ts';

/** Longest header value copied into a verdict; keeps `storage.session` records small. */
const MAX_VALUE_CHARS = 256;

const HTTP_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** Strip leading/trailing HTTP whitespace (Fetch "normalize" a header value). */
function normalizeValue(value: string): string {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  // Fast path: most values have no surrounding whitespace.
  if (!isHttpWs(first) && !isHttpWs(last)) return value;
  return value.replace(HTTP_WS, '');
}

function isHttpWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** ASCII case-insensitive name comparison without allocating (hot: called per header line). */
function sameName(a: string, lowerB: string): boolean {
  if (a.length !== lowerB.length) return false;
  if (a === lowerB) return true;
  for (let i = 0; i < a.length; i++) {
    let c = a.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lowerB.charCodeAt(i)) return false;
  }
  return true;
}

// Header names repeat across every request (Accept-Encoding, Sec-Fetch-Mode, …): lowercasing
// each one once saves an allocation per header per verdict on the hot path.
/** Lowercase a header name (memoised). */
export const lowerName: (name: string) => string = memoize(2048, (name) => name.toLowerCase());

/** How many lines carry this header. */
export function countHeader(headers: HeaderList, lowerName: string): number {
  let n = 0;
  for (const h of headers) if (sameName(h.name, lowerName)) n++;
  return n;
}

/** Fetch "get": all values of the header joined by ", ", or null when absent. */
export function getHeader(headers: HeaderList, lowerName: string): string | null {
  let out: string | null = null;
  for (const h of headers) {
    if (!sameName(h.name, lowerName)) continue;
    const v = normalizeValue(h.value);
    out = out === null ? v : `${out}, ${v}`;
  }
  return out;
}

/** What `getWholeHeader` answers when a line of the header was cut by the capture. */
export const TOO_LONG: unique symbol = Symbol('header value cut by the capture');
export type TooLong = typeof TOO_LONG;

/**
 * `getHeader` for a value that decides a rule: TOO_LONG when any line of it is marked
 * `truncated` (only its beginning was kept, so the whole value is unknown).
 */
export function getWholeHeader(headers: HeaderList, lowerName: string): string | null | TooLong {
  let out: string | null = null;
  for (const h of headers) {
    if (!sameName(h.name, lowerName)) continue;
    if (h.truncated === true) return TOO_LONG;
    const v = normalizeValue(h.value);
    out = out === null ? v : `${out}, ${v}`;
  }
  return out;
}

/** True when the header is present at least once. */
export function hasHeader(headers: HeaderList, lowerName: string): boolean {
  for (const h of headers) if (sameName(h.name, lowerName)) return true;
  return false;
}

/** Shorten an untrusted value for storage in a verdict (the panel shows it escaped). */
export function clip(value: string): string {
  if (value.length <= MAX_VALUE_CHARS) return value;
  return `${value.slice(0, MAX_VALUE_CHARS)}… (+${value.length - MAX_VALUE_CHARS} chars)`;
}

/** Split a comma list into trimmed, non-empty lowercase items (for Vary, Expose-Headers, ACRH). */
export function lowerCommaItems(value: string | null): readonly string[] {
  return value === null ? NO_ITEMS : commaItems(value);
}
const NO_ITEMS: readonly string[] = [];
// The same Vary / Expose-Headers values recur on every response; results are never mutated.
const commaItems = memoize<readonly string[]>(512, (value) => {
  const out: string[] = [];
  for (const part of value.split(',')) {
    const item = normalizeValue(part).toLowerCase();
    if (item !== '') out.push(item);
  }
  return out;
});
