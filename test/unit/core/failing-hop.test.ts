// After a redirect, the summary names the server that failed ({target}), not the first URL's
// (issue 10: "the failing hop named"); the Markdown report says it too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../src/core/index.ts';
import { API, PAGE, ex, hop } from './helpers.ts';

const A = 'Access-Control-Allow-Origin';
const FINAL = 'https://cdn.example.test/final';
const THIRD = 'https://third.example.test/x';

describe('the failing server of a redirected request', () => {
  it('the final response lacks ACAO: the final server is the target', () => {
    const v = evaluate(ex({ credentials: 'omit', redirects: [hop(API, FINAL, { [A]: '*' }, 307)], response: { headers: {} }, outcome: 'net::ERR_FAILED' }));
    assert.equal(v.reason, 'missing-allow-origin');
    assert.equal(v.params['target'], 'https://cdn.example.test');
  });

  it("the second hop's redirect response fails: that hop's server is the target", () => {
    const v = evaluate(
      ex({
        credentials: 'omit',
        redirects: [hop(API, FINAL, { [A]: '*' }, 307), hop(FINAL, THIRD, {}, 307)],
        response: { headers: { [A]: '*' } },
        outcome: 'net::ERR_FAILED',
      }),
    );
    assert.equal(v.reason, 'missing-allow-origin');
    assert.equal(v.params['hop'], 2);
    assert.equal(v.params['target'], 'https://cdn.example.test');
  });

  it('the preflight re-sent after a redirect fails: its server (the redirect target) is the target', () => {
    const v = evaluate(
      ex({
        method: 'PUT',
        credentials: 'omit',
        preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' } },
        redirects: [
          {
            ...hop(API, THIRD, { [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' }, 307),
            preflight: {
              requestHeaders: [
                { name: 'Origin', value: 'null' },
                { name: 'Access-Control-Request-Method', value: 'PUT' },
              ],
              result: { kind: 'response', status: 204, headers: [{ name: A, value: PAGE }] },
            },
          },
        ],
        response: 'not-sent',
        outcome: 'net::ERR_FAILED',
      }),
    );
    assert.equal(v.reason, 'preflight-allow-origin-mismatch');
    assert.equal(v.params['target'], 'https://third.example.test');
  });

  it("without redirects the target stays the request's own server", () => {
    const v = evaluate(ex({ credentials: 'omit', response: { headers: {} }, outcome: 'net::ERR_FAILED' }));
    assert.equal(v.params['target'], 'https://api.example.test');
  });
});
