// Capture record → engine input: gaps (docs/lifecycle.md "Gaps") become Exchange.capture, a
// preflight the capture may have missed becomes kind 'unknown' (never 'cached'), and a record the
// capture ended has no observed outcome. Then the verdicts such records get.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../src/core/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { toExchange } from '../../../src/shared/to-exchange.ts';

const PAGE = 'http://localhost:5173';
const API = 'https://api.example.test/items';
const json = [
  { name: 'Content-Type', value: 'application/json' },
  { name: 'Origin', value: PAGE },
];

function record(over: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    id: '100',
    tabId: 1,
    seq: 1,
    startedAt: 1,
    url: API,
    method: 'PUT',
    type: 'xmlhttprequest',
    initiator: PAGE,
    requestHeaders: json,
    redirects: [],
    complete: true,
    browser: 'chromium',
    observedBy: 'browser',
    ...over,
  };
}

const failedPreflight = {
  requestId: '101',
  startedAt: 1,
  requestHeaders: [
    { name: 'Access-Control-Request-Method', value: 'POST' },
    { name: 'Access-Control-Request-Headers', value: 'content-type' },
  ],
  status: 204,
  responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }],
};

describe('toExchange: gaps', () => {
  test('a whole record has no capture gaps and no unknown preflight', () => {
    const ex = toExchange(record({ status: 200, responseHeaders: [] }));
    assert.equal(ex.capture, undefined);
    assert.deepEqual(ex.preflight, { kind: 'none' });
    assert.deepEqual(ex.outcome, { kind: 'success' });
    assert.equal(toExchange(record({ gaps: {} })).capture, undefined, 'an empty gaps object is no gap');
  });

  test('gap start without a preflight: the preflight is unknown, not none and not cached', () => {
    const ex = toExchange(record({ gaps: { start: true }, status: 200, responseHeaders: [] }));
    assert.deepEqual(ex.capture, { missedStart: true });
    assert.deepEqual(ex.preflight, { kind: 'unknown' });
  });

  test('gap restart without a preflight: unknown too', () => {
    const ex = toExchange(record({ gaps: { restart: true } }));
    assert.deepEqual(ex.capture, { restarted: true });
    assert.deepEqual(ex.preflight, { kind: 'unknown' });
  });

  test('a preflight seen despite the gap (an adopted orphan) is observed', () => {
    const ex = toExchange(record({ gaps: { start: true }, preflight: failedPreflight, requestHeaders: undefined, error: 'net::ERR_FAILED' }));
    assert.equal(ex.preflight.kind, 'observed');
  });

  test('gap end alone leaves the preflight as captured', () => {
    assert.deepEqual(toExchange(record({ gaps: { end: 'navigated' } })).preflight, { kind: 'none' });
  });

  test('gap end: the outcome was not observed, and the capture says why', () => {
    const timeout = toExchange(record({ gaps: { restart: true, end: 'timeout' }, status: 200, responseHeaders: [] }));
    assert.deepEqual(timeout.outcome, { kind: 'not-observed' });
    assert.deepEqual(timeout.capture, { restarted: true, endedBy: 'timeout' });
    const navigated = toExchange(record({ gaps: { end: 'navigated' } }));
    assert.deepEqual(navigated.outcome, { kind: 'not-observed' });
    assert.deepEqual(navigated.capture, { endedBy: 'navigated' });
    assert.deepEqual(navigated.response, { kind: 'not-sent' });
  });

  test("the exchange's browser is the record's, whatever the outcome's source", () => {
    assert.equal(toExchange(record()).browser, 'chromium');
    assert.equal(toExchange(record({ browser: 'firefox', observedBy: 'headers-only' })).browser, 'firefox');
    // A Firefox record with an outcome the browser reported (a network error) is still Firefox's.
    assert.equal(toExchange(record({ browser: 'firefox', error: 'NS_ERROR_DOM_BAD_URI' })).browser, 'firefox');
  });

  test('an error the browser did report wins over a gap end', () => {
    const ex = toExchange(record({ gaps: { end: 'navigated' }, error: 'net::ERR_ABORTED' }));
    assert.deepEqual(ex.outcome, { kind: 'failure', error: 'net::ERR_ABORTED' });
  });

  test('an error without a status: a network error on a whole record, no response observed on one with a gap', () => {
    assert.deepEqual(toExchange(record({ error: 'net::ERR_CONNECTION_REFUSED' })).response, { kind: 'network-error', error: 'net::ERR_CONNECTION_REFUSED' });
    assert.deepEqual(toExchange(record({ gaps: { restart: true }, error: 'net::ERR_FAILED' })).response, { kind: 'not-sent' });
  });
});

describe('verdicts of records with gaps', () => {
  test("rebuilt after a restart from the request's ERR_FAILED alone: unknown, the preflight was not observed", () => {
    const v = evaluate(toExchange(record({ gaps: { start: true }, requestHeaders: undefined, error: 'net::ERR_FAILED' })));
    assert.equal(v.outcome, 'unknown');
    assert.equal(v.reason, 'preflight-not-observed');
    const codes = v.warnings.map((w) => w.code);
    assert.ok(codes.includes('capture-missed-start') && codes.includes('preflight-not-observed'), codes.join());
    assert.ok(!v.hints.includes('preflight-cache'), 'never a preflight-cache claim for an unobserved preflight');
  });

  test('the same record seen whole (no gap) is not "preflight not observed"', () => {
    const v = evaluate(toExchange(record({ requestHeaders: undefined, error: 'net::ERR_FAILED' })));
    assert.notEqual(v.reason, 'preflight-not-observed');
  });

  test('a record ended by a navigation before any response: incomplete, with the reason in a warning', () => {
    const v = evaluate(toExchange(record({ method: 'GET', requestHeaders: [{ name: 'Origin', value: PAGE }], complete: true, gaps: { end: 'navigated' } })));
    assert.equal(v.reason, 'incomplete');
    assert.ok(v.warnings.some((w) => w.code === 'capture-ended-navigated'));
  });

  test('a beacon (ping) with a JSON body whose preflight failed is blocked by the preflight', () => {
    const v = evaluate(toExchange(record({ type: 'ping', method: 'POST', requestHeaders: undefined, preflight: failedPreflight, error: 'net::ERR_FAILED' })));
    assert.equal(v.mode, 'cors');
    assert.equal(v.outcome, 'blocked');
    assert.equal(v.reason, 'header-not-allowed');
  });

  test('a request cancelled by a navigation (ERR_ABORTED) is unknown: cancelled', () => {
    const v = evaluate(toExchange(record({ method: 'GET', requestHeaders: [{ name: 'Origin', value: PAGE }], error: 'net::ERR_ABORTED' })));
    assert.equal(v.outcome, 'unknown');
    assert.equal(v.reason, 'cancelled');
  });
});
