// One answer to "was the request itself ever sent?" (issue 15, one vocabulary for records): the
// row's "not sent", the timeline and the report's note all use neverSent (src/shared/row.ts).
// Chromium reports no request headers for a request its failed preflight stopped; Firefox
// reports them before the preflight goes out (issue 13: Firefox showed "(failed)" there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neverSent, toRow } from '../../../src/shared/row.ts';
import { reportInputFromRecord } from '../../../src/shared/report-input.ts';
import { timeline } from '../../../src/panel/timeline.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { recordOf } from '../panel/dom.ts';

const chromium = recordOf('preflight-header-not-allowed');
/** The same exchange as Firefox's webRequest reports it: the request's headers were seen first. */
const firefox: CaptureRecord = {
  ...chromium,
  requestHeaders: [{ name: 'Origin', value: 'http://localhost:1' }],
  browser: 'firefox',
  observedBy: 'headers-only',
  error: 'NS_ERROR_DOM_BAD_URI',
};

test('a request stopped by its failed preflight is "not sent", in both browsers\' records', () => {
  assert.equal(chromium.requestHeaders, undefined);
  for (const r of [chromium, firefox]) {
    assert.equal(neverSent(r), true, r.observedBy);
    assert.equal(toRow(r).notSent, true);
    assert.equal(timeline(r).find((s) => s.kind === 'request')?.notSent, true);
    assert.ok(reportInputFromRecord(r).notes?.includes('request-not-sent'));
  }
});

test('a sent request is not: a status came, or the preflight passed and the request itself failed', () => {
  const allowed = recordOf('preflight-allowed');
  assert.equal(neverSent(allowed), false);
  const { status: _s, ...noStatus } = allowed;
  const failedAfterPreflight: CaptureRecord = { ...noStatus, error: 'net::ERR_CONNECTION_RESET' };
  assert.equal(neverSent(failedAfterPreflight), false);
  assert.equal(toRow(failedAfterPreflight).notSent, undefined);
  assert.equal(neverSent(recordOf('missing-acao')), false, 'no preflight at all');
});
