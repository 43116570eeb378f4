import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioResponse } from '../../../demo/scenario.ts';

const q = (s: string) => new URLSearchParams(s);

test('shared headers go on both the preflight and the actual response', () => {
  const pre = scenarioResponse(q('acao=*&acam=PUT'), 'OPTIONS', 'http://a.test');
  const act = scenarioResponse(q('acao=*&acam=PUT'), 'PUT', 'http://a.test');
  assert.deepEqual(pre, {
    status: 204,
    headers: [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'PUT'],
    ],
    delayMs: 0,
  });
  assert.equal(act.status, 200);
  assert.deepEqual(act.headers, pre.headers);
});

test('pre.* and act.* replace a shared header for one phase; none drops it', () => {
  const s = q('acao=*&pre.acao=none&act.acao=$origin&pre.status=401');
  assert.deepEqual(scenarioResponse(s, 'OPTIONS', 'http://a.test'), { status: 401, headers: [], delayMs: 0 });
  assert.deepEqual(scenarioResponse(s, 'GET', 'http://a.test').headers, [['Access-Control-Allow-Origin', 'http://a.test']]);
});

test('a repeated parameter sends the header twice, in order', () => {
  const r = scenarioResponse(q('acao=http://a.test&acao=http://b.test'), 'GET', undefined);
  assert.deepEqual(r.headers, [
    ['Access-Control-Allow-Origin', 'http://a.test'],
    ['Access-Control-Allow-Origin', 'http://b.test'],
  ]);
});

test('$origin with no Origin header reflects null', () => {
  assert.deepEqual(scenarioResponse(q('acao=$origin'), 'GET', undefined).headers, [['Access-Control-Allow-Origin', 'null']]);
});

test('redirects apply to the actual request only', () => {
  const s = q('acao=*&redirect=http://b.test/x&redirect.status=302');
  assert.equal(scenarioResponse(s, 'GET', 'http://a.test').status, 302);
  assert.deepEqual(scenarioResponse(s, 'GET', 'http://a.test').headers.at(-1), ['Location', 'http://b.test/x']);
  assert.equal(scenarioResponse(s, 'OPTIONS', 'http://a.test').status, 204);
});

test('a nonsense status becomes 500 rather than crashing the server', () => {
  assert.equal(scenarioResponse(q('status=abc'), 'GET', undefined).status, 500);
  assert.equal(scenarioResponse(q('status=99'), 'GET', undefined).status, 500);
});

test('delay applies to the actual response only and is bounded', () => {
  assert.equal(scenarioResponse(q('delay=500'), 'GET', undefined).delayMs, 500);
  assert.equal(scenarioResponse(q('delay=500'), 'OPTIONS', undefined).delayMs, 0);
  assert.equal(scenarioResponse(q('delay=99999999'), 'GET', undefined).delayMs, 30_000);
  assert.equal(scenarioResponse(q('delay=-5'), 'GET', undefined).delayMs, 0);
  assert.equal(scenarioResponse(q('delay=abc'), 'GET', undefined).delayMs, 0);
});

test('h.<name> adds a header to the actual response only; a bad name or value is left out', () => {
  const s = q('acao=*&h.X-Total-Count=42&h.bad%20name=1&h.X-Evil=a%0d%0ab');
  assert.deepEqual(scenarioResponse(s, 'GET', undefined).headers, [
    ['Access-Control-Allow-Origin', '*'],
    ['X-Total-Count', '42'],
  ]);
  assert.deepEqual(scenarioResponse(s, 'OPTIONS', 'http://a.test').headers, [['Access-Control-Allow-Origin', '*']]);
});
