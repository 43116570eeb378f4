// How a complete record is kept in storage.session: as one JSON string, without its verdict's
// trace of checks. The trace is three quarters of a record's size and follows from the record
// (the engine is deterministic), so it is derived again when the record is read back.
import type { CaptureRecord } from '../shared/record.ts';

/** The stored text of a record (complete ones lose their verdict's checks). */
export function storedJson(record: CaptureRecord): string {
  if (!record.complete || !record.verdict) return JSON.stringify(record);
  const { checks: _checks, failedCheck: _failed, ...summary } = record.verdict;
  return JSON.stringify({ ...record, verdict: summary });
}

/** Whether a record read back lacks its verdict's trace. */
export function needsTrace(record: CaptureRecord): boolean {
  return record.verdict !== undefined && !Array.isArray(record.verdict.checks);
}
