// docs/lifecycle.md rule 9, from the wire to the verdict: values that can decide a verdict are
// kept whole up to 32 KiB, others up to 2 KiB, and a value cut at its bound is marked so the
// engine says "unknown" instead of judging part of it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decidesVerdict, MAX_DECIDING_VALUE, MAX_KEPT_VALUE, trimRequestHeaders, trimResponseHeaders } from '../../../src/background/trim-headers.ts';
import { evaluate, type Exchange, type HeaderList } from '../../../src/core/index.ts';
import { names } from '../core/cases/truncation.ts';
import { hl } from '../core/helpers.ts';

const PAGE = 'http://localhost:5173';
const API = 'https://api.example.test/items';

/** A preflighted PUT with X-Needed, the preflight answered with `preflightHeaders` (as captured). */
function put(preflightHeaders: HeaderList, requestHeaders: HeaderList = [{ name: 'X-Needed', value: '1' }], acrh = 'x-needed'): Exchange {
  return {
    initiator: PAGE,
    url: API,
    request: { method: 'PUT', headers: requestHeaders, resourceType: 'xmlhttprequest', credentials: 'omit' },
    preflight: {
      kind: 'observed',
      requestHeaders: hl({ 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': acrh }),
      result: { kind: 'response', status: 204, headers: preflightHeaders },
    },
    redirects: [],
    response: { kind: 'response', status: 200, headers: hl({ 'Access-Control-Allow-Origin': PAGE, Vary: 'Origin' }) },
    outcome: { kind: 'success' },
    browser: 'chromium',
  };
}

const allow = (acah: string) =>
  trimResponseHeaders(hl({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': acah }));

describe('header values kept by the capture', () => {
  test('the bounds: 2 KiB for most values, 32 KiB for the ones that decide', () => {
    assert.equal(MAX_KEPT_VALUE, 2048);
    assert.equal(MAX_DECIDING_VALUE, 32 * 1024);
    for (const name of ['Access-Control-Allow-Headers', 'access-control-request-headers', 'ACCESS-CONTROL-MAX-AGE', 'Vary', 'Origin', 'Location']) {
      assert.equal(decidesVerdict(name), true, name);
    }
    for (const name of ['Content-Type', 'X-Access-Control-Allow-Origin', 'Varying', 'Set-Cookie', 'Link']) assert.equal(decidesVerdict(name), false, name);
  });

  test('a 300-name Access-Control-Allow-Headers is kept whole, and the name past char 2,048 is allowed', () => {
    const acah = `${names(299)}, x-needed`;
    assert.ok(acah.indexOf('x-needed') > 2048, 'the requested name sits past the old 2 KiB cut');
    const headers = allow(acah);
    assert.equal(headers[2]?.value, acah);
    assert.equal(headers[2]?.truncated, undefined);
    const v = evaluate(put(headers));
    assert.equal(v.outcome, 'allowed');
    assert.equal(v.reason, 'ok');
  });

  test('a deciding value over 32 KiB is cut at 32 KiB and marked; the verdict is unknown: header too long', () => {
    const acah = `${names(4000)}, x-needed`;
    assert.ok(acah.length > MAX_DECIDING_VALUE);
    const headers = allow(acah);
    assert.equal(headers[2]?.value.length, MAX_DECIDING_VALUE);
    assert.equal(headers[2]?.truncated, true);
    const v = evaluate(put(headers));
    assert.equal(v.outcome, 'unknown');
    assert.equal(v.reason, 'header-too-long');
    assert.equal(v.params['header'], 'Access-Control-Allow-Headers');
    assert.equal(v.checks[v.failedCheck]?.detail, 'value-truncated');
  });

  test('a value at exactly its bound is whole, not marked', () => {
    const [deciding, other] = trimResponseHeaders([
      { name: 'Vary', value: 'v'.repeat(MAX_DECIDING_VALUE) },
      { name: 'X-Trace', value: 't'.repeat(MAX_KEPT_VALUE) },
    ]);
    assert.deepEqual([deciding?.value.length, deciding?.truncated], [MAX_DECIDING_VALUE, undefined]);
    assert.deepEqual([other?.value.length, other?.truncated], [MAX_KEPT_VALUE, undefined]);
  });

  test('other values are cut at 2 KiB and marked, request and response alike', () => {
    const [res] = trimResponseHeaders([{ name: 'X-Big', value: 'v'.repeat(70_000) }]);
    assert.deepEqual([res?.value.length, res?.truncated], [MAX_KEPT_VALUE, true]);
    const [req] = trimRequestHeaders([{ name: 'X-Big', value: 'v'.repeat(5000) }]);
    assert.deepEqual([req?.value.length, req?.truncated], [MAX_KEPT_VALUE, true]);
    const [origin] = trimRequestHeaders([{ name: 'Origin', value: `https://${'o'.repeat(5000)}.test` }]);
    assert.equal(origin?.truncated, undefined, 'Origin decides: kept up to 32 KiB');
  });

  test('a cut value that decides nothing changes nothing in the verdict', () => {
    const base = put(allow('x-needed'));
    const own = [
      { name: 'Access-Control-Allow-Origin', value: PAGE },
      { name: 'Vary', value: 'Origin' },
      { name: 'X-Big', value: 'v'.repeat(70_000) },
    ];
    const whole: Exchange = { ...base, response: { kind: 'response', status: 200, headers: own } };
    const kept = trimResponseHeaders(own);
    assert.equal(kept[2]?.truncated, true);
    assert.deepEqual(evaluate({ ...base, response: { kind: 'response', status: 200, headers: kept } }), evaluate(whole));
  });

  test('a cut request header value (over 2 KiB) is still judged unsafe: the same verdict as whole', () => {
    const contentType = `application/json; x=${'p'.repeat(3000)}`;
    const [kept] = trimRequestHeaders([{ name: 'Content-Type', value: contentType }]);
    assert.equal(kept?.truncated, true);
    const asCaptured = evaluate(put(allow('content-type'), kept === undefined ? [] : [kept], 'content-type'));
    const asSent = evaluate(put(allow('content-type'), [{ name: 'Content-Type', value: contentType }], 'content-type'));
    assert.equal(asSent.reason, 'ok');
    assert.deepEqual(
      asCaptured.checks.map((c) => [c.id, c.status, c.detail]),
      asSent.checks.map((c) => [c.id, c.status, c.detail]),
    );
    assert.equal(asCaptured.reason, asSent.reason);
  });
});
