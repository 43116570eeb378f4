// Redirect chains (Fetch §4.4): per-hop CORS check, Location checks, origin tainting, limit.
import { API, PAGE, ex, hop, type Case } from '../helpers.ts';

const A = 'Access-Control-Allow-Origin';
const CDN = 'https://cdn.example.test/items';
const allowPage = { [A]: PAGE, Vary: 'Origin' };

export const redirectCases: Case[] = [
  {
    name: 'same-origin hop then a cross-origin target keeps the real Origin',
    ex: ex({ url: `${PAGE}/go`, redirects: [hop(`${PAGE}/go`, API)], response: { headers: allowPage } }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'redirect-taint', status: 'pass', detail: 'origin-kept', hop: 0 },
  },
  {
    name: 'a redirect within the API origin keeps the Origin',
    ex: ex({ redirects: [hop(API, `${API}/v2`, allowPage, 301)], response: { headers: allowPage } }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'redirect-allow-origin', status: 'pass', detail: 'acao-match', hop: 0 },
    noWarnings: ['redirect-tainted-origin'],
  },
  {
    name: 'a cross-origin redirect taints the origin: the target then needs null or *',
    ex: ex({ redirects: [hop(API, CDN, allowPage)], response: { headers: allowPage }, outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked',
    reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-expected-null', expected: 'null', actual: PAGE },
    warnings: ['redirect-tainted-origin'],
  },
  {
    name: 'tainted origin with ACAO * on the target is allowed',
    ex: ex({ redirects: [hop(API, CDN, allowPage)], response: { headers: { [A]: '*' } } }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'redirect-taint', status: 'warn', detail: 'origin-tainted', hop: 0 },
  },
  {
    name: 'tainted origin with ACAO null on the target is allowed but risky',
    ex: ex({ redirects: [hop(API, CDN, allowPage)], response: { headers: { [A]: 'null', Vary: 'Origin' } } }),
    outcome: 'allowed',
    reason: 'ok',
    warnings: ['null-origin-allowed', 'redirect-tainted-origin'],
  },
  {
    name: 'a cross-origin redirect response without ACAO is blocked at the hop',
    ex: ex({ redirects: [hop(API, CDN, {})], response: { headers: { [A]: '*' } } }),
    outcome: 'blocked',
    reason: 'missing-allow-origin',
    check: { id: 'redirect-allow-origin', status: 'fail', detail: 'acao-missing', hop: 0 },
  },
  {
    name: 'the second hop is checked with Origin: null after tainting',
    ex: ex({ redirects: [hop(API, CDN, allowPage), hop(CDN, `${CDN}/2`, allowPage)], response: { headers: { [A]: '*' } } }),
    outcome: 'blocked',
    reason: 'allow-origin-mismatch',
    check: { id: 'redirect-allow-origin', status: 'fail', detail: 'acao-mismatch-expected-null', hop: 1 },
  },
  {
    name: "a redirect back to the page's own origin still needs CORS with Origin: null",
    ex: ex({ redirects: [hop(API, `${PAGE}/back`, allowPage)], response: { headers: {} } }),
    outcome: 'blocked',
    reason: 'missing-allow-origin',
    check: { id: 'allow-origin', status: 'fail', expected: 'null' },
  },
  {
    name: 'a credentialed hop needs ACAC too',
    ex: ex({
      credentials: 'include',
      redirects: [hop(API, `${API}/v2`, allowPage)],
      response: { headers: { ...allowPage, 'Access-Control-Allow-Credentials': 'true' } },
    }),
    outcome: 'blocked',
    reason: 'invalid-allow-credentials',
    check: { id: 'redirect-allow-credentials', status: 'fail', detail: 'acac-invalid', hop: 0 },
  },
  {
    name: 'a redirect URL with user:password is rejected',
    ex: ex({ redirects: [hop(API, 'https://user:pw@cdn.example.test/x', allowPage)], response: { headers: { [A]: '*' } } }),
    outcome: 'blocked',
    reason: 'redirect-contains-credentials',
    check: { id: 'redirect-location', status: 'fail', detail: 'location-credentials', hop: 0 },
  },
  {
    name: 'a redirect to a non-HTTP scheme is rejected',
    ex: ex({ redirects: [hop(API, 'ftp://files.example.test/x', allowPage)] }),
    outcome: 'blocked',
    reason: 'redirect-disallowed-scheme',
    check: { id: 'redirect-location', status: 'fail', detail: 'location-scheme', hop: 0 },
  },
  {
    name: 'a relative Location is resolved against the hop URL',
    ex: ex({ redirects: [hop(API, '/v2/items', allowPage)], response: { headers: allowPage } }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'redirect-location', status: 'pass', detail: 'location-ok', actual: 'https://api.example.test/v2/items' },
  },
  {
    name: 'an unparsable Location fails the request',
    ex: ex({ redirects: [hop(API, 'http://[oops', allowPage)] }),
    outcome: 'unknown',
    reason: 'network-error',
    check: { id: 'redirect-location', status: 'fail', detail: 'location-unparsable' },
  },
  {
    name: '20 redirects are allowed',
    ex: ex({ redirects: Array.from({ length: 20 }, (_, i) => hop(`${API}/${i}`, `${API}/${i + 1}`, allowPage)), response: { headers: allowPage } }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'redirect-count', status: 'pass', detail: 'redirects-within-limit' },
  },
  {
    name: 'the 21st redirect fails',
    ex: ex({ redirects: Array.from({ length: 21 }, (_, i) => hop(`${API}/${i}`, `${API}/${i + 1}`, allowPage)), response: { headers: allowPage } }),
    outcome: 'blocked',
    reason: 'too-many-redirects',
    check: { id: 'redirect-count', status: 'fail', detail: 'redirects-over-limit', actual: '21' },
  },
];

const THIRD = 'https://third.example.test/items';
const preflightHop = (preflightHeaders: Record<string, string>, status = 307) => ({
  ...hop(API, THIRD, { [A]: '*' }, status),
  preflight: {
    requestHeaders: [
      { name: 'Origin', value: 'null' },
      { name: 'Access-Control-Request-Method', value: 'PUT' },
    ],
    result: { kind: 'response' as const, status: 204, headers: Object.entries(preflightHeaders).map(([name, value]) => ({ name, value })) },
  },
});
const firstPreflight = { headers: { [A]: '*', 'Access-Control-Allow-Methods': 'PUT' } };

/** A preflighted request redirected cross-origin is preflighted again at the new origin. */
export const redirectPreflightCases: Case[] = [
  {
    name: 'a redirected PUT whose second preflight allows it',
    ex: ex({
      method: 'PUT',
      credentials: 'omit',
      preflight: firstPreflight,
      redirects: [preflightHop({ [A]: '*', 'Access-Control-Allow-Methods': 'PUT' })],
      response: { headers: { [A]: '*' } },
    }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'preflight-method', status: 'pass', detail: 'method-listed', hop: 0 },
  },
  {
    name: 'a redirected PUT whose second preflight does not list PUT',
    ex: ex({
      method: 'PUT',
      credentials: 'omit',
      preflight: firstPreflight,
      redirects: [preflightHop({ [A]: '*' })],
      response: 'not-sent',
      outcome: 'net::ERR_FAILED',
    }),
    outcome: 'blocked',
    reason: 'method-not-allowed',
    check: { id: 'preflight-method', status: 'fail', detail: 'method-not-listed', hop: 0 },
  },
  {
    name: 'the second preflight carries Origin: null after a cross-origin redirect',
    ex: ex({
      method: 'PUT',
      credentials: 'omit',
      preflight: firstPreflight,
      redirects: [preflightHop({ [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' })],
      response: 'not-sent',
    }),
    outcome: 'blocked',
    reason: 'preflight-allow-origin-mismatch',
    check: { id: 'preflight-allow-origin', status: 'fail', detail: 'acao-mismatch-expected-null', expected: 'null', hop: 0 },
  },
  {
    name: 'Firefox keeps the page origin on the second preflight: what the preflight carried is what ACAO is compared with',
    ex: ex({
      method: 'PUT',
      credentials: 'omit',
      browser: 'firefox',
      preflight: firstPreflight,
      redirects: [
        {
          ...preflightHop({ [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' }),
          preflight: {
            requestHeaders: [
              { name: 'Origin', value: PAGE },
              { name: 'Access-Control-Request-Method', value: 'PUT' },
            ],
            result: {
              kind: 'response' as const,
              status: 204,
              headers: [
                { name: A, value: PAGE },
                { name: 'Access-Control-Allow-Methods', value: 'PUT' },
              ],
            },
          },
        },
      ],
      response: { headers: { [A]: '*' } },
    }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'preflight-allow-origin', status: 'pass', hop: 0 },
  },
  {
    name: 'a 303 turns a JSON POST into a GET: Content-Type is dropped, so the next preflight need not allow it',
    ex: ex({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'omit',
      preflight: { headers: { [A]: '*', 'Access-Control-Allow-Headers': 'content-type' } },
      redirects: [
        {
          ...hop(API, THIRD, { [A]: '*' }, 303),
          preflight: { requestHeaders: [{ name: 'Origin', value: 'null' }], result: { kind: 'response', status: 204, headers: [{ name: A, value: '*' }] } },
        },
      ],
      response: { headers: { [A]: '*' } },
    }),
    outcome: 'allowed',
    reason: 'ok',
    check: { id: 'preflight-method', status: 'pass', detail: 'method-no-check-needed', hop: 0 },
  },
];
