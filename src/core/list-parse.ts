// Fetch "extract header list values" for Access-Control-Allow-Methods (`#method`) and
// Access-Control-Allow-Headers (`#field-name`): comma lists of tokens; empty elements are
// allowed by the `#` rule, anything that is not a token makes the whole header fail.

import { memoize } from './memo.ts';

/** Parsed list, or failure with the first offending item. */
export type ListParse = { readonly ok: true; readonly items: readonly string[] } | { readonly ok: false; readonly bad: string };

// RFC 9110 tchar, as a lookup table (faster than a regex per item on the hot path).
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

/** True when `s` is a non-empty RFC 9110 token. */
function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TCHAR[c] !== 1) return false;
  }
  return true;
}

const EMPTY: ListParse = { ok: true, items: [] };
// Servers send the same few lists on every response; results are immutable, so memoise.
const parsed = memoize(512, (combined) => parse(combined));

/** Parse all values of one list header (already combined with ", "); null header → empty list. */
export function parseTokenList(combined: string | null): ListParse {
  return combined === null ? EMPTY : parsed(combined);
}

function parse(combined: string): ListParse {
  const items: string[] = [];
  let start = 0;
  while (start <= combined.length) {
    let end = combined.indexOf(',', start);
    if (end === -1) end = combined.length;
    // Trim optional whitespace (SP / HTAB) around each element.
    let a = start;
    let b = end;
    while (a < b && isOws(combined.charCodeAt(a))) a++;
    while (b > a && isOws(combined.charCodeAt(b - 1))) b--;
    if (b > a) {
      const item = combined.slice(a, b);
      if (!isToken(item)) return { ok: false, bad: item };
      items.push(item);
    }
    start = end + 1;
  }
  return { ok: true, items };
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
