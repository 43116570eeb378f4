// The badge of a row: the verdict's outcome, with "allowed but with warnings" split out and
// "pending" until the engine has judged the exchange.
import { REASONS } from '../src/core/index.ts';
import type { CaptureRecord } from '../src/shared/record.ts';

export type RowKind = 'allowed' | 'blocked' | 'warning' | 'not-cors' | 'unknown' | 'pending';

export function rowKind(r: CaptureRecord): RowKind {
  const v = r.verdict;
  if (!v) return 'pending';
  if (v.outcome === 'allowed') return v.warnings.length > 0 ? 'warning' : 'allowed';
  return v.outcome;
}

export type PreflightMark = 'paired' | 'failed' | 'cached' | null;

/** How a preflight took part: sent and paired, sent and failed, or answered from the cache. */
export function preflightMark(r: CaptureRecord): PreflightMark {
  if (r.preflightCached) return 'cached';
  const p = r.preflight;
  if (!p) return null;
  const badStatus = p.status !== undefined && (p.status < 200 || p.status > 299);
  const failedHere = r.verdict !== undefined && r.verdict.outcome !== 'allowed' && REASONS[r.verdict.reason].stage === 'preflight';
  return p.error !== undefined || badStatus || failedHere ? 'failed' : 'paired';
}
