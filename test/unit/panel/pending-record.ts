// A record the panel has heard of but not yet judged: the smallest CaptureRecord a test of the
// list, its filters or its store starts from, the test naming what it needs on top.
import type { CaptureRecord } from '../../../src/shared/record.ts';

/** A GET from tab 1 to http://api.test/<id>, still under way: no response, no verdict. */
export function pendingRecord(id: string, over: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    id,
    tabId: 1,
    seq: 0,
    startedAt: 0,
    url: `http://api.test/${id}`,
    method: 'GET',
    type: 'xmlhttprequest',
    redirects: [],
    complete: false,
    browser: 'chromium',
    observedBy: 'browser',
    ...over,
  };
}
