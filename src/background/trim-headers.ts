// Turns webRequest header arrays into the compact lists a record keeps. Request headers the
// page cannot set (Fetch "forbidden request-header names") never take part in a CORS
// decision, so they are dropped — except the few that tell us what the browser did.
import { MAX_DECIDING_VALUE, type HeaderEntry } from '../core/index.ts';
import { lowerName } from '../core/index.ts';
import { isForbiddenRequestHeader } from '../core/index.ts';
import type { WireHeader } from './events.ts';

/**
 * Longest value kept of a header that cannot decide a verdict; longer values are cut and marked
 * (the 128-byte and 1,024-byte safelist limits stay decidable).
 */
export const MAX_KEPT_VALUE = 2048;
/** docs/lifecycle.md rule 9: values that can decide a verdict are kept whole up to this bound. */
export { MAX_DECIDING_VALUE };

/** `Access-Control-*`, `Vary`, `Origin`, `Location` (request or response): kept up to MAX_DECIDING_VALUE. */
export function decidesVerdict(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('access-control-') || lower === 'vary' || lower === 'origin' || lower === 'location';
}

/** The most of this header's value that is kept. */
function keptLength(name: string): number {
  return decidesVerdict(name) ? MAX_DECIDING_VALUE : MAX_KEPT_VALUE;
}

// Request headers set by the browser, never by page script, are dropped: Fetch's forbidden
// request-headers (core/safelist.ts isForbiddenRequestHeader) and User-Agent (not forbidden by
// the spec any more, but Chromium drops a script-set value and both browsers send their own on
// every request: keeping it only costs memory). Kept: the browser-set headers that do matter,
// the origin, proof of credentials, the request mode, and the preflight's own questions.
const KEEP = new Set(['origin', 'cookie', 'sec-fetch-mode', 'access-control-request-method', 'access-control-request-headers']);

function wireValue(header: WireHeader): string {
  if (header.value !== undefined) return header.value;
  // Chromium hands non-UTF-8 values as bytes: keep them byte for byte (latin1).
  return header.binaryValue ? String.fromCharCode(...Array.from(header.binaryValue)) : '';
}

// Every webRequest event hands over fresh copies of the same few strings (header names,
// origins, `*`, content types): keeping one copy of each short string saves most of a
// record's memory. Bounded, and emptied when full.
const INTERN_MAX_LENGTH = 128;
const INTERN_MAX_ENTRIES = 4096;
const interned = new Map<string, string>();

export function intern(text: string): string {
  if (text.length > INTERN_MAX_LENGTH) return text;
  const known = interned.get(text);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_MAX_ENTRIES) interned.clear();
  interned.set(text, text);
  return text;
}

function entry(header: WireHeader): HeaderEntry {
  const value = wireValue(header);
  const name = intern(header.name);
  // Fast path: nearly every value is under both bounds.
  if (value.length <= MAX_KEPT_VALUE) return { name, value: intern(value) };
  const bound = keptLength(name);
  if (value.length <= bound) return { name, value };
  // Cut, and say so: a rule depending on this value cannot be judged (the engine says "unknown").
  return { name, value: value.slice(0, bound), truncated: true };
}

export function trimRequestHeaders(headers: readonly WireHeader[] | undefined): HeaderEntry[] {
  const out: HeaderEntry[] = [];
  for (const header of headers ?? []) {
    const lower = lowerName(header.name);
    if (KEEP.has(lower) || !(isForbiddenRequestHeader(lower) || lower === 'user-agent')) {
      out.push(entry(header));
    }
  }
  return out;
}

export function trimResponseHeaders(headers: readonly WireHeader[] | undefined): HeaderEntry[] {
  return (headers ?? []).map(entry);
}
