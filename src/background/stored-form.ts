// How a complete record is kept in storage.session: as one JSON string, without its verdict's
// trace of checks. The trace is three quarters of a record's size and follows from the record
// (the engine is deterministic), so it is derived again when the record is read back.
import type { CaptureRecord } from '../shared/record.ts';

// A complete record is never changed again (a later enrichment makes a new object), so its
// stored text is computed once: the byte budget and the write both need it.
const memo = new WeakMap<CaptureRecord, string>();

/** The stored text of a record (complete ones lose their verdict's checks). */
export function storedJson(record: CaptureRecord): string {
  if (!record.complete || !record.verdict) return JSON.stringify(record);
  let json = memo.get(record);
  if (json === undefined) {
    const { checks: _checks, failedCheck: _failed, ...summary } = record.verdict;
    json = JSON.stringify({ ...record, verdict: summary });
    memo.set(record, json);
  }
  return json;
}
