// Pure helpers of the page witness (page.ts), apart so that they can be unit-tested in Node.
// They receive every browser object they use: page.ts passes the intrinsics it captured at
// document_start, before any page script could replace them.

import type { WitnessCall } from '../shared/witness-protocol.ts';
import { WITNESS_LIMITS } from '../shared/witness-protocol.ts';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const NORMALISED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * The method as Fetch normalises it (the six standard ones upper-cased, others kept), or null
 * when fetch / XHR would refuse it (not a token, or a forbidden method): then nothing is sent.
 */
export function normaliseMethod(method: string): string | null {
  if (method.length === 0 || method.length > WITNESS_LIMITS.method || !TOKEN.test(method)) return null;
  const upper = method.toUpperCase();
  if (FORBIDDEN.has(upper)) return null;
  return NORMALISED.has(upper) ? upper : method;
}

/**
 * Where a stack frame's code lives, without line and column: `chrome-extension://…/x.js` from
 * V8's `    at fn (chrome-extension://…/x.js:3:5)`, `<anonymous code>` from SpiderMonkey's
 * `fn@<anonymous code>:3:5` (how Firefox names a MAIN-world content script). Null when the
 * line is not a frame.
 */
export function frameLocation(line: string): string | null {
  const m = /(?:\(|@|^\s*at )([^()@]*?):\d+:\d+\)?\s*$/.exec(line);
  return m?.[1] ? m[1] : null;
}

/**
 * The first frame of an `Error().stack` that is not an extension's own script (the witness's
 * wrapper, or another extension's, or code at one of `own`: where page.ts itself runs, which
 * Firefox calls `<anonymous code>`), trimmed to `max` characters. V8 writes
 * `    at fn (url:line:col)` after an `Error` line, SpiderMonkey `fn@url:line:col`.
 */
export function siteFromStack(stack: unknown, max = 300, own: readonly string[] = []): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const lines = stack.split('\n');
  for (let i = 0; i < lines.length && i < 40; i++) {
    let line = (lines[i] ?? '').trim();
    if (line === '' || (i === 0 && /^Error\b/.test(line) && !line.includes('@'))) continue;
    if (line.includes('-extension://')) continue;
    const location = frameLocation(line);
    if (location !== null && own.includes(location)) continue;
    if (line.startsWith('at ')) line = line.slice(3);
    // Control characters cannot occur in a frame; drop any rather than reject the entry.
    line = line.replace(/[\u0000-\u001f\u007f]/g, ' ');
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
  }
  return undefined;
}

const SAFELISTED_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * navigator.sendBeacon's mode: `cors` when the body is a Blob whose type is not a
 * CORS-safelisted Content-Type (Beacon spec, step 6), else `no-cors`.
 */
export function beaconMode(blobType: string | null): WitnessCall['mode'] {
  if (blobType === null || blobType === '') return 'no-cors';
  const essence = (blobType.split(';')[0] ?? '').trim().toLowerCase();
  return SAFELISTED_TYPES.has(essence) ? 'no-cors' : 'cors';
}

/** A bounded error name and message for a `rejected` outcome. */
export function errorText(name: unknown, message: unknown): { name: string; message: string } {
  const n = typeof name === 'string' ? name.replace(/[\u0000-\u001f\u007f]/g, ' ') : '';
  const m = typeof message === 'string' ? message : '';
  return {
    name: n.length > WITNESS_LIMITS.errorName ? n.slice(0, WITNESS_LIMITS.errorName) : n,
    message: m.length > 300 ? `${m.slice(0, 299)}…` : m,
  };
}
