// The deciding check of verdicts decided by a rule that could not be judged (a value cut by the
// capture, a preflight not observed): `failedCheck` points at that check, not at a later failure
// or at an earlier cache entry's note.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, MAX_DECIDING_VALUE, type Exchange } from '../../../src/core/index.ts';
import { ex, PAGE } from './helpers.ts';

const cut = (value: string) => ({ value: value.slice(0, MAX_DECIDING_VALUE), truncated: true as const });

it('a cut ACAO on the response decides, not the cut list of the cached preflight before it', () => {
  const base = ex({
    method: 'PUT',
    credentials: 'omit',
    headers: { 'X-A': '1' },
    preflight: { cachedFrom: { headers: { 'Access-Control-Allow-Origin': PAGE } } },
    outcome: 'net::ERR_FAILED',
  });
  assert.ok(base.preflight.kind === 'cached' && base.preflight.earlier?.result.kind === 'response');
  const earlier = base.preflight.earlier;
  const exchange: Exchange = {
    ...base,
    preflight: {
      kind: 'cached',
      earlier: { ...earlier, result: { kind: 'response', status: 204, headers: [{ name: 'Access-Control-Allow-Headers', ...cut('x-b, '.repeat(9000)) }] } },
    },
    response: { kind: 'response', status: 200, headers: [{ name: 'Access-Control-Allow-Origin', ...cut('h'.repeat(40_000)) }] },
  };
  const v = evaluate(exchange);
  assert.equal(v.reason, 'header-too-long');
  assert.deepEqual([v.checks[v.failedCheck]?.id, v.checks[v.failedCheck]?.status], ['allow-origin', 'skipped']);
  assert.equal(v.params['header'], 'Access-Control-Allow-Origin');
});

it('a cut Allow-Methods decides before a later header rule that fails', () => {
  const e = ex({
    method: 'PUT',
    credentials: 'omit',
    headers: { 'X-A': '1' },
    preflight: { headers: { 'Access-Control-Allow-Origin': PAGE } },
    response: 'not-sent',
    outcome: 'net::ERR_FAILED',
  });
  assert.ok(e.preflight.kind === 'observed' && e.preflight.result.kind === 'response');
  const exchange: Exchange = {
    ...e,
    preflight: {
      ...e.preflight,
      result: { ...e.preflight.result, headers: [...e.preflight.result.headers, { name: 'Access-Control-Allow-Methods', ...cut('M, '.repeat(20_000)) }] },
    },
  };
  const v = evaluate(exchange);
  assert.equal(v.reason, 'header-too-long');
  assert.equal(v.checks[v.failedCheck]?.id, 'preflight-allow-methods');
  assert.ok(
    v.checks.some((c) => c.id === 'preflight-header' && c.status === 'fail'),
    'the header rule after it did fail',
  );
});

it('a preflight not observed is the deciding check of preflight-not-observed', () => {
  const v = evaluate(
    ex({
      method: 'PUT',
      credentials: 'omit',
      headersSeen: false,
      preflight: 'unknown',
      response: 'not-sent',
      outcome: 'net::ERR_FAILED',
      capture: { restarted: true },
    }),
  );
  assert.equal(v.reason, 'preflight-not-observed');
  assert.deepEqual([v.checks[v.failedCheck]?.id, v.checks[v.failedCheck]?.detail], ['preflight-seen', 'preflight-not-observed']);
});
