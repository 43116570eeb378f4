// What a report says about what the capture could not keep or see: values cut at their bound
// and, for records with capture gaps, the preflight that was not observed. The JSON stays valid
// against docs/report.schema.json.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, MAX_DECIDING_VALUE, type Exchange } from '../../../src/core/index.ts';
import { renderJson, renderMarkdown } from '../../../src/core/report/index.ts';
import { assertValidReport } from '../report/support.ts';
import { ex, PAGE } from './helpers.ts';
import { names } from './cases/truncation.ts';

function report(exchange: Exchange) {
  return { exchange, verdict: evaluate(exchange) };
}

describe('reports of values cut by the capture', () => {
  const base = ex({
    method: 'PUT',
    credentials: 'omit',
    headers: { 'X-Needed': '1' },
    preflight: { headers: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT' } },
    response: 'not-sent',
    outcome: 'net::ERR_FAILED',
  });
  assert.ok(base.preflight.kind === 'observed' && base.preflight.result.kind === 'response');
  const acah = { name: 'Access-Control-Allow-Headers', value: names(5000).slice(0, MAX_DECIDING_VALUE), truncated: true as const };
  const exchange: Exchange = {
    ...base,
    preflight: { ...base.preflight, result: { ...base.preflight.result, headers: [...base.preflight.result.headers, acah] } },
  };

  it('the Markdown names the header that was cut', () => {
    const md = renderMarkdown(report(exchange));
    assert.match(md, /Too long to keep whole, only the beginning was captured: Access-Control-Allow-Headers/);
    assert.match(md, /Header too long to judge/);
  });

  it('the JSON keeps the mark and validates', () => {
    const json = renderJson(report(exchange));
    assertValidReport(json);
    assert.match(json, /"truncated": true/);
    assert.match(json, /"reason": "header-too-long"/);
  });
});

describe('reports of records with capture gaps', () => {
  const exchange = ex({
    method: 'PUT',
    credentials: 'omit',
    headersSeen: false,
    headers: { 'Content-Type': 'application/json' },
    preflight: 'unknown',
    response: 'not-sent',
    outcome: 'net::ERR_FAILED',
    capture: { missedStart: true },
  });

  it('the Markdown says the preflight was not observed, never that it came from the cache', () => {
    const md = renderMarkdown(report(exchange));
    assert.match(md, /Not observed: the capture missed part of this request, so a preflight may have been sent without being seen\./);
    assert.match(md, /CORS Lens did not see the start of this request \(its background restarted while the request was in flight\)/);
    assert.doesNotMatch(md, /preflight cache/i);
  });

  it('the JSON has preflight kind "unknown", the gap warnings, and validates', () => {
    const json = renderJson(report(exchange));
    assertValidReport(json);
    const doc = JSON.parse(json) as { exchanges: Array<{ preflight: { kind: string }; warnings: Array<{ code: string }>; verdict: { reason: string } }> };
    const e = doc.exchanges[0];
    assert.equal(e?.preflight.kind, 'unknown');
    assert.equal(e?.verdict.reason, 'preflight-not-observed');
    assert.deepEqual(
      e?.warnings.map((w) => w.code).filter((c) => c.startsWith('capture-') || c === 'preflight-not-observed'),
      ['preflight-not-observed', 'capture-missed-start'],
    );
  });
});
