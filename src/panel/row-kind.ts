// The badge of a row: the verdict's outcome, with "allowed but with warnings" split out and
// "pending" until the engine has judged the exchange. Works on a row or a whole record.
import type { Outcome } from '../core/index.ts';
import { reportKind, type ReportKind } from '../core/report/index.ts';
import type { PreflightMark as Mark, RecordRow } from '../shared/row.ts';

/** The report's kinds (one vocabulary with the exports), and "pending" while not yet judged. */
export type RowKind = ReportKind | 'pending';

/** What the badge needs: a row's verdict summary or a record's verdict. */
interface Judged {
  verdict?: { outcome: Outcome; warnings: readonly unknown[] } | undefined;
}

export function rowKind(r: Judged): RowKind {
  return r.verdict ? reportKind(r.verdict) : 'pending';
}

export type PreflightMark = Mark | null;

/** How a preflight took part: sent and paired, sent and failed, or answered from the cache (src/shared/row.ts). */
export function preflightMark(r: RecordRow): PreflightMark {
  return r.preflight ?? null;
}
