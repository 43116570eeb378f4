// Pairs a preflight OPTIONS with the request it guards. They have different request ids, so
// the pair is found by tab, URL, `Access-Control-Request-Method` against the actual method,
// `Access-Control-Request-Headers` against the actual request's unsafe headers, and order.
import type { HeaderEntry } from '../core/index.ts';
import type { CaptureRecord } from '../shared/record.ts';

export interface PreflightQuestion {
  requestId: string;
  /** Access-Control-Request-Method as sent (already normalised by the browser). */
  method: string;
  /** Access-Control-Request-Headers as sent ('' when absent). */
  headers: string;
}

/**
 * The request id `offset` away from `id` ('' when `id` is not a number). Chromium gives a
 * preflight the id right after its request's (docs/browsers.md): `adjacentId(preflight, -1)` is
 * its request, in practice.
 */
export function adjacentId(id: string, offset: 1 | -1): string {
  return /^\d+$/.test(id) ? String(Number(id) + offset) : '';
}

/**
 * Picks the record a preflight belongs to among in-flight records for the same tab and URL.
 * Chromium gives the preflight the id right after its request's: that wins. Then a request
 * whose headers (known first in Firefox) give exactly the preflight's header list, then one
 * whose headers are not known yet, oldest first (identical requests in flight are
 * interchangeable), and a mismatch only as a last resort.
 */
export function pickPreflightOwner(
  question: PreflightQuestion,
  candidates: readonly CaptureRecord[],
  unsafeNames: (headers: HeaderEntry[]) => readonly string[],
): CaptureRecord | undefined {
  let best: CaptureRecord | undefined;
  let bestScore = -1;
  const previousId = adjacentId(question.requestId, -1);
  for (const record of candidates) {
    if (record.complete || record.method !== question.method) continue;
    // Already guarded by a preflight that is still running: that one is its preflight.
    if (record.preflight && record.preflight.endedAt === undefined) continue;
    let score: number;
    if (record.id === previousId) score = 4;
    else if (!record.requestHeaders) score = 2;
    else score = unsafeNames(record.requestHeaders).join(',') === question.headers.toLowerCase().replace(/\s+/g, '') ? 3 : 1;
    // A record that already had its preflight only needs another after a redirect.
    if (record.preflight && record.redirects.length === 0) continue;
    if (score > bestScore || (score === bestScore && best !== undefined && record.seq < best.seq)) {
      best = record;
      bestScore = score;
    }
  }
  return best;
}
