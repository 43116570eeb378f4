// "Copy as fetch" (issue 13, context menu): the request as a fetch() call for the page's
// console. Run here against a stub fetch, so what it would send is checked, not its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../src/core/index.ts';
import { renderFetch } from '../../../src/core/report/index.ts';
import { API, PAGE, ex } from '../core/helpers.ts';

type Call = [string, RequestInit & { headers?: Record<string, string> }];
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (name: string, body: string) => (f: unknown) => Promise<unknown>;

async function run(code: string): Promise<Call> {
  const calls: Call[] = [];
  await new AsyncFunction('fetch', code)((url: string, init: Call[1]) => {
    calls.push([url, init]);
    return Promise.resolve();
  });
  assert.equal(calls.length, 1);
  return calls[0]!;
}

const put = ex({
  method: 'PUT',
  credentials: 'include',
  headers: [
    ['Origin', PAGE],
    ['Content-Type', 'application/json'],
    ['X-Request-Id', 'r7\n"quoted"'],
    ['Authorization', 'Bearer tok-123'],
    ['Cookie', 'sid=1'],
    ['Sec-Fetch-Mode', 'cors'],
    ['User-Agent', 'x'],
  ],
  preflight: { status: 204, headers: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT' } },
  response: { headers: { 'Access-Control-Allow-Origin': PAGE } },
});

test('the call sends what the page set, not what the browser sets; secrets redacted unless asked', async () => {
  const input = { exchange: put, verdict: evaluate(put), requestBody: { text: '{"a":1}', mimeType: 'application/json' } };
  const code = renderFetch(input);
  assert.match(code, /^\/\/ Redacted: put in the real values of Authorization\./);
  const [url, init] = await run(code);
  assert.equal(url, API);
  assert.equal(init.method, 'PUT');
  assert.deepEqual(init.headers, { 'Content-Type': 'application/json', 'X-Request-Id': 'r7\n"quoted"', Authorization: 'Bearer [redacted]' });
  assert.equal(init.body, '{"a":1}');
  assert.equal(init.credentials, 'include');
  assert.equal(init.mode, 'cors');
  assert.equal(init.redirect, undefined, 'follow is the default');
  const [, kept] = await run(renderFetch(input, { redact: false }));
  assert.equal(kept.headers?.Authorization, 'Bearer tok-123');
});

test("an assumed credentials mode is said to be one; the page's facts are used when the witness saw them", async () => {
  const get = ex({ credentials: 'unseen', response: { headers: { 'Access-Control-Allow-Origin': '*' } } });
  const code = renderFetch({ exchange: get, verdict: evaluate(get) });
  assert.match(code, /credentials was not observed: ".*" is CORS Lens's assumption/);
  const seen = { ...get, page: { api: 'fetch' as const, mode: 'cors' as const, credentials: 'omit' as const, redirectMode: 'manual' as const } };
  const [, init] = await run(renderFetch({ exchange: seen, verdict: evaluate(seen) }));
  assert.equal(init.credentials, 'omit');
  assert.equal(init.redirect, 'manual');
  assert.doesNotMatch(renderFetch({ exchange: seen, verdict: evaluate(seen) }), /assumption/);
  assert.equal((await run(code))[1].body, undefined, 'a GET has no body');
});

test('a request never sent: the headers its preflight named, with values said to be missing', async () => {
  const never = ex({
    method: 'PUT',
    credentials: 'omit',
    headers: { 'X-Request-Id': 'r7', Authorization: 'x' },
    headersSeen: false,
    preflight: { status: 204, headers: { 'Access-Control-Allow-Origin': PAGE } },
    response: 'not-sent',
    outcome: 'net::ERR_FAILED',
  });
  const code = renderFetch({ exchange: never, verdict: evaluate(never) });
  assert.match(code, /Not captured \(the request was never sent\): the values of (authorization, x-request-id|x-request-id, authorization)\./);
  const [, init] = await run(code);
  assert.deepEqual(Object.keys(init.headers ?? {}).sort(), ['authorization', 'x-request-id']);
  assert.ok(Object.values(init.headers ?? {}).every((v) => v === '<value not captured>'));
});
