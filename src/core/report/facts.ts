// Small facts about a judged exchange that several report formats need.
import type { Exchange } from '../exchange.ts';
import { getHeader } from '../headers.ts';
import { normalizeOrigin } from '../origin.ts';
import type { Verdict } from '../verdict.ts';
import type { ReportKind } from './types.ts';

/** The origin the engine evaluated (the Origin header when it overrode the reported initiator). */
export function evaluatedOrigin(ex: Exchange, verdict: Verdict): string | null {
  const checked = verdict.checks.find((c) => c.id === 'initiator' && c.status !== 'skipped')?.actual;
  if (typeof checked === 'string') return checked;
  if (ex.initiator === null) return 'null';
  if (ex.initiator !== undefined) return normalizeOrigin(ex.initiator) ?? ex.initiator;
  return getHeader(ex.request.headers, 'origin');
}

/** Allowed with warnings is its own kind; the panel's badges are these (and "pending"). */
export function reportKind(verdict: Pick<Verdict, 'outcome'> & { readonly warnings: readonly unknown[] }): ReportKind {
  if (verdict.outcome === 'allowed') return verdict.warnings.length > 0 ? 'warning' : 'allowed';
  return verdict.outcome;
}

/** ISO 8601 in UTC to the second, e.g. 2026-11-22T12:05:03Z; null for a missing or invalid time. */
export function isoUtc(ms: number | undefined): string | null {
  if (ms === undefined || !Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : `${d.toISOString().slice(0, 19)}Z`;
}
