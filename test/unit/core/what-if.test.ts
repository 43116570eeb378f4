// What-if (issue 13): the exchange with the server's answers edited, judged by the same engine.
// The browser's and the page's outcomes are not carried into the simulation (they belong to the
// answers the server really gave); the page's facts are; the credentials can be assumed when
// nothing observed says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../src/core/index.ts';
import { headerChanges, headerPatch, hasEditablePreflight, preflightAnswer, responseAnswer, simulate } from '../../../src/core/what-if.ts';
import { API, PAGE, ex, hl } from './helpers.ts';

test('ACAO with a trailing slash, edited to the exact origin: blocked becomes allowed', () => {
  const base = ex({ credentials: 'omit', response: { headers: { 'Access-Control-Allow-Origin': `${PAGE}/` } }, outcome: 'net::ERR_FAILED' });
  assert.equal(evaluate(base).outcome, 'blocked');
  const sent = responseAnswer(base)!;
  const edited = { status: sent.status, headers: hl({ 'Access-Control-Allow-Origin': PAGE }) };
  const v = evaluate(simulate(base, { response: edited }));
  assert.equal(v.outcome, 'allowed');
  assert.equal(v.reason, 'ok');
});

test('a credentialed request: removing Access-Control-Allow-Credentials blocks it with the right reason', () => {
  const good = ex({ credentials: 'include', response: { headers: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' } } });
  assert.equal(evaluate(good).outcome, 'allowed');
  const v = evaluate(simulate(good, { response: { status: 200, headers: hl({ 'Access-Control-Allow-Origin': PAGE }) } }));
  assert.equal(v.outcome, 'blocked');
  assert.equal(v.reason, 'invalid-allow-credentials');
});

test('the browser\'s outcome is not carried over: an allowed request edited to fail is blocked, not "unexpected"', () => {
  const base = ex({ credentials: 'omit', response: { headers: { 'Access-Control-Allow-Origin': '*' } }, outcome: 'success' });
  const v = evaluate(simulate(base, { response: { status: 200, headers: [] } }));
  assert.equal(v.outcome, 'blocked');
  assert.equal(v.reason, 'missing-allow-origin');
});

test('unseen credentials stay a condition unless the user assumes them', () => {
  const base = ex({ credentials: 'unseen', response: { headers: { 'Access-Control-Allow-Origin': '*' } }, outcome: 'net::ERR_FAILED' });
  const unchanged = evaluate(simulate(base, {}));
  assert.notEqual(unchanged.outcome, 'allowed', 'never a flat "allowed" on a guess');
  assert.equal(evaluate(simulate(base, { credentials: 'omit' })).outcome, 'allowed');
  const withCreds = evaluate(simulate(base, { credentials: 'include' }));
  assert.equal(withCreds.outcome, 'blocked');
  assert.equal(withCreds.reason, 'wildcard-origin-with-credentials');
});

test('the preflight is editable when observed or when the cache filler was captured; fixing it lets a never-sent request through', () => {
  const base = ex({
    credentials: 'omit',
    method: 'PUT',
    headers: { 'X-Api-Key': 'k' },
    headersSeen: false,
    preflight: { status: 200, headers: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT' } },
    response: 'not-sent',
    outcome: 'net::ERR_FAILED',
  });
  assert.equal(evaluate(base).reason, 'header-not-allowed');
  assert.ok(hasEditablePreflight(base));
  assert.equal(responseAnswer(base), null, 'never sent: no response to start from');
  const pre = preflightAnswer(base)!;
  const fixedPreflight = { status: 204, headers: [...pre.headers, ...hl({ 'Access-Control-Allow-Headers': 'x-api-key' })] };
  const v = evaluate(simulate(base, { preflight: fixedPreflight, response: { status: 200, headers: hl({ 'Access-Control-Allow-Origin': PAGE }) } }));
  assert.equal(v.outcome, 'allowed', JSON.stringify(v.checks.filter((c) => c.status === 'fail')));
  assert.equal(hasEditablePreflight(ex({ preflight: 'cached' })), false, 'a cache hit whose filler was not captured');
  const cached = ex({ method: 'PUT', preflight: { cachedFrom: { status: 204, headers: { 'Access-Control-Allow-Origin': PAGE } } } });
  assert.ok(hasEditablePreflight(cached));
  assert.equal(preflightAnswer(cached)?.status, 204);
});

test("the page witness's facts are kept, its outcome is not", () => {
  const base = ex({ credentials: 'include', response: { headers: { 'Access-Control-Allow-Origin': PAGE } }, outcome: 'net::ERR_FAILED' });
  const withPage = {
    ...base,
    page: {
      api: 'fetch' as const,
      mode: 'cors' as const,
      credentials: 'include' as const,
      redirectMode: 'follow' as const,
      outcome: { kind: 'rejected' as const, error: 'TypeError: Failed to fetch' },
    },
  };
  const sim = simulate(withPage, {
    response: { status: 200, headers: hl({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }) },
  });
  assert.deepEqual(sim.page, { api: 'fetch', mode: 'cors', credentials: 'include', redirectMode: 'follow' });
  assert.deepEqual(sim.outcome, { kind: 'not-observed' });
  assert.equal(evaluate(sim).outcome, 'allowed');
});

test('header changes: case-insensitive names, repeated names by occurrence, status, as a patch', () => {
  const sent = hl([
    ['Access-Control-Allow-Origin', `${PAGE}/`],
    ['Vary', 'Accept'],
    ['X-Keep', '1'],
    ['Set-Cookie', 'a=1'],
    ['Set-Cookie', 'b=2'],
  ]);
  const edited = hl([
    ['access-control-allow-origin', PAGE],
    ['X-Keep', '1'],
    ['Set-Cookie', 'a=1'],
    ['Access-Control-Allow-Credentials', 'true'],
  ]);
  const changes = headerChanges(sent, edited);
  assert.deepEqual(changes, [
    { kind: 'changed', name: 'access-control-allow-origin', from: `${PAGE}/`, to: PAGE },
    { kind: 'removed', name: 'Vary', value: 'Accept' },
    { kind: 'removed', name: 'Set-Cookie', value: 'b=2' },
    { kind: 'added', name: 'Access-Control-Allow-Credentials', value: 'true' },
  ]);
  assert.equal(
    headerPatch(`Response to GET ${API}`, 401, { status: 200, headers: edited }, changes),
    [
      `# Response to GET ${API}`,
      '- status 401',
      '+ status 200',
      `- access-control-allow-origin: ${PAGE}/`,
      `+ access-control-allow-origin: ${PAGE}`,
      '- Vary: Accept',
      '- Set-Cookie: b=2',
      '+ Access-Control-Allow-Credentials: true',
    ].join('\n'),
  );
  assert.deepEqual(headerChanges(sent, sent), []);
});
