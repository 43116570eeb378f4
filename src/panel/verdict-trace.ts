// The full verdict of a record, derived only when something needs it. Records reach the panel
// with their verdict's summary (outcome, reason, params, warnings, hints…), which is all the
// list needs; the trace of checks (`checks`, `failedCheck`), three quarters of a verdict, is
// left out of stored records (src/background/stored-form.ts) and follows from the record (the
// engine is deterministic). The detail view and the exports derive it here, once per record
// object: an update to a record arrives as a new object and gets its own derivation.
import { evaluate, type Verdict } from '../core/index.ts';
import type { CaptureRecord } from '../shared/record.ts';
import { toExchange } from '../shared/to-exchange.ts';

/** Whether a verdict carries its trace of checks (a summary verdict does not). */
export function hasTrace(verdict: Verdict | undefined): boolean {
  // Typed as whole, but a verdict read back from storage lacks these two at run time.
  const v = verdict as Partial<Verdict> | undefined;
  return v !== undefined && Array.isArray(v.checks) && typeof v.failedCheck === 'number';
}

const derived = new WeakMap<CaptureRecord, Verdict>();
const whole = new WeakMap<CaptureRecord, CaptureRecord>();

/** How many verdicts were derived (tests and benches check that listing derives none). */
export const traceStats = { derived: 0 };

/**
 * The record's verdict with its trace: as it came when it has one, else derived from the
 * record alone (it carries the preflight that filled the cache, when that mattered), as the
 * capture judged it. Undefined while the record is pending (no verdict yet).
 */
export function fullVerdict(record: CaptureRecord): Verdict | undefined {
  const v = record.verdict;
  if (v === undefined || hasTrace(v)) return v;
  let full = derived.get(record);
  if (full === undefined) {
    full = evaluate(toExchange(record));
    traceStats.derived++;
    derived.set(record, full);
  }
  return full;
}

/** The record with its full verdict (the same object when it already has one). */
export function withFullVerdict(record: CaptureRecord): CaptureRecord {
  if (record.verdict === undefined || hasTrace(record.verdict)) return record;
  let out = whole.get(record);
  if (out === undefined) {
    out = { ...record, verdict: fullVerdict(record) };
    whole.set(record, out);
  }
  return out;
}
