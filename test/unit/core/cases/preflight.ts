// The preflight response, in Chromium's order: redirect, ACAO, ACAC, status, ACAM/ACAH syntax,
// method, headers, max-age (Fetch §4.8 step 7; docs/cors-rules.md §3, §9).
import type { Exchange } from '../../../../src/core/exchange.ts';
import { ex, PAGE, type Case } from '../helpers.ts';

const A = 'Access-Control-Allow-Origin';
const good = (extra: Record<string, string> = {}) => ({ [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type, x-api-key', Vary: 'Origin', ...extra });
const put = { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'k' } } as const;
const okResponse = { headers: { [A]: PAGE, Vary: 'Origin' } };
const credResponse = { headers: { [A]: PAGE, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } };

/** The same exchange as captured when the request was never sent: no request headers seen. */
function unseen(e: Exchange): Exchange {
  return { ...e, request: { ...e.request, headers: [], headersSeen: false } };
}

export const preflightCases: Case[] = [
  {
    name: 'preflighted PUT with correct headers is allowed',
    ex: ex({ ...put, preflight: { status: 204, headers: good() }, response: okResponse, outcome: 'success' }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-method', status: 'pass', detail: 'method-listed', expected: 'PUT' },
  },
  {
    name: 'preflight answered 200 is fine',
    ex: ex({ ...put, preflight: { status: 200, headers: good() }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-status', status: 'pass', detail: 'status-ok', actual: '200' },
  },
  {
    name: 'Chromium order: a 404 preflight without CORS headers is missing ACAO, not a bad status',
    ex: ex({ ...put, preflight: { status: 404, headers: {} }, response: 'not-sent', outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'preflight-missing-allow-origin',
    check: { id: 'preflight-allow-origin', status: 'fail', detail: 'acao-missing', actual: null },
    warnings: ['preflight-no-route-status'],
    noWarnings: ['preflight-error-status', 'preflight-auth-status', 'preflight-server-error-status'],
  },
  {
    name: 'Chromium order: a 401 preflight with valid CORS headers is a bad status',
    ex: ex({ ...put, preflight: { status: 401, headers: good() }, response: 'not-sent', outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-status', status: 'fail', detail: 'status-auth', expected: '200-299', actual: '401' },
    warnings: ['preflight-auth-status'],
    noWarnings: ['preflight-error-status', 'preflight-no-route-status', 'preflight-server-error-status'],
  },
  {
    name: 'a 403 preflight from an auth layer',
    ex: ex({ ...put, preflight: { status: 403, headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-status', status: 'fail', detail: 'status-auth', actual: '403' },
    warnings: ['preflight-auth-status'],
  },
  {
    name: 'a 405 preflight (no OPTIONS route) with CORS headers',
    ex: ex({ ...put, preflight: { status: 405, headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-status', status: 'fail', detail: 'status-no-route', actual: '405' },
    warnings: ['preflight-no-route-status'],
  },
  {
    name: 'a 500 preflight without CORS headers is missing ACAO, with the server failure as a warning',
    ex: ex({ ...put, preflight: { status: 500, headers: {} }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-missing-allow-origin',
    warnings: ['preflight-server-error-status'],
    noWarnings: ['preflight-error-status', 'preflight-auth-status', 'preflight-no-route-status'],
  },
  {
    name: 'a 502 preflight with CORS headers: the server failed',
    ex: ex({ ...put, preflight: { status: 502, headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-status', status: 'fail', detail: 'status-server-error', actual: '502' },
    warnings: ['preflight-server-error-status'],
  },
  {
    name: 'a 429 preflight: another error status, no guessed cause',
    ex: ex({ ...put, preflight: { status: 429, headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-status', status: 'fail', detail: 'status-not-ok', actual: '429' },
    warnings: ['preflight-error-status'],
    noWarnings: ['preflight-auth-status', 'preflight-no-route-status', 'preflight-server-error-status'],
  },
  {
    name: 'a 304 preflight is not ok: a redirect-class status',
    ex: ex({ ...put, preflight: { status: 304, headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-status', status: 'fail', detail: 'status-redirect', actual: '304' },
  },
  {
    name: 'a redirected preflight fails before anything else',
    ex: ex({ ...put, preflight: { status: 301, headers: { ...good(), Location: 'https://api.example.test/items/' } }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-redirect',
    check: { id: 'preflight-redirect', status: 'fail', detail: 'redirected', actual: 'https://api.example.test/items/' },
  },
  {
    name: 'a 307 preflight redirect without CORS headers is still a redirect failure',
    ex: ex({ ...put, preflight: { status: 307, headers: { Location: '/login' } }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-redirect',
  },
  {
    name: 'a 302 without Location is not a redirect, just a bad status',
    ex: ex({ ...put, preflight: { status: 302, headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-redirect', status: 'pass', detail: 'no-redirect' },
  },
  {
    name: 'preflight ACAO * with credentials',
    ex: ex({ ...put, credentials: 'include', preflight: { headers: good({ [A]: '*', 'Access-Control-Allow-Credentials': 'true' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-wildcard-origin-with-credentials',
    check: { id: 'preflight-allow-origin', status: 'fail', detail: 'acao-wildcard-credentials', expected: PAGE, actual: '*' },
  },
  {
    name: 'preflight ACAO for another origin',
    ex: ex({ ...put, preflight: { headers: good({ [A]: 'https://app.example.test' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-allow-origin-mismatch',
    check: { id: 'preflight-allow-origin', status: 'fail', detail: 'acao-mismatch-host', actual: 'https://app.example.test' },
  },
  {
    name: 'preflight ACAO sent twice',
    ex: ex({ ...put, preflight: { headers: [[A, PAGE], [A, PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type, x-api-key']] }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-multiple-allow-origin-values',
    check: { id: 'preflight-allow-origin', status: 'fail', detail: 'acao-multiple', actual: `${PAGE}, ${PAGE}` },
  },
  {
    name: 'preflight ACAO as a comma list',
    ex: ex({ ...put, preflight: { headers: good({ [A]: `${PAGE}, https://b.test` }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-multiple-allow-origin-values', firefoxReason: 'CORSAllowOriginNotMatchingOrigin',
  },
  {
    name: 'preflight ACAO that is not an origin',
    ex: ex({ ...put, preflight: { headers: good({ [A]: '*.example.test' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-allow-origin-value',
    check: { id: 'preflight-allow-origin', status: 'fail', detail: 'acao-invalid' },
  },
  {
    name: 'preflight without ACAC for a credentialed request',
    ex: ex({ ...put, credentials: 'include', preflight: { headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-allow-credentials',
    check: { id: 'preflight-allow-credentials', status: 'fail', detail: 'acac-invalid', expected: 'true', actual: null },
  },
  {
    name: 'preflight ACAC True (capital T) fails',
    ex: ex({ ...put, credentials: 'include', preflight: { headers: good({ 'Access-Control-Allow-Credentials': 'True' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-allow-credentials',
    check: { id: 'preflight-allow-credentials', status: 'fail', actual: 'True' },
  },
  {
    name: 'credentialed preflighted PUT with exact origin and ACAC true',
    ex: ex({ ...put, credentials: 'include', preflight: { headers: good({ 'Access-Control-Allow-Credentials': 'true' }) }, response: credResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-allow-credentials', status: 'pass', detail: 'acac-true' },
  },
  {
    name: 'ACAM with spaces between methods does not parse',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Methods': 'GET PUT' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'invalid-allow-methods',
    check: { id: 'preflight-allow-methods', status: 'fail', detail: 'list-invalid', actual: 'GET PUT' },
  },
  {
    name: 'ACAM with semicolons does not parse',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Methods': 'GET;PUT' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'invalid-allow-methods',
  },
  {
    name: 'ACAM with empty list elements parses',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Methods': 'GET,, PUT ,' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-allow-methods', status: 'pass', detail: 'list-parsed' },
  },
  {
    name: 'ACAH with a colon does not parse',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Headers': 'content-type, x-api-key:' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'invalid-allow-headers',
    check: { id: 'preflight-allow-headers', status: 'fail', detail: 'list-invalid' },
  },
  {
    name: 'ACAH with quotes does not parse',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Headers': '"content-type"' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'invalid-allow-headers',
  },
  {
    name: 'ACAM is parsed before ACAH',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Methods': 'P U T', 'Access-Control-Allow-Headers': 'a b' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'invalid-allow-methods',
  },
  {
    name: 'PUT not in ACAM',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Methods': 'GET, POST' }) }, response: 'not-sent', outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'method-not-allowed',
    check: { id: 'preflight-method', status: 'fail', detail: 'method-not-listed', expected: 'PUT', actual: 'GET, POST' },
  },
  {
    name: 'ACAM is case-sensitive: put does not allow PUT',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Methods': 'put' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'method-not-allowed',
    check: { id: 'preflight-method', status: 'fail', detail: 'method-case-mismatch' },
  },
  {
    name: 'patch is not allowed by PATCH',
    ex: ex({ method: 'patch', preflight: { headers: { [A]: '*', 'Access-Control-Allow-Methods': 'PATCH' } }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'method-not-allowed',
    check: { id: 'preflight-method', status: 'fail', detail: 'method-case-mismatch', expected: 'patch' },
  },
  {
    name: 'patch is allowed by patch',
    ex: ex({ method: 'patch', preflight: { headers: { [A]: '*', 'Access-Control-Allow-Methods': 'patch' } }, response: { headers: { [A]: '*' } } }),
    outcome: 'allowed', reason: 'ok',
  },
  {
    name: 'ACAM * allows PUT without credentials',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Methods': '*' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-method', status: 'pass', detail: 'method-wildcard' },
  },
  {
    name: 'ACAM * does not cover PUT with credentials',
    ex: ex({ ...put, credentials: 'include', preflight: { headers: good({ 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Credentials': 'true' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'method-not-allowed',
    check: { id: 'preflight-method', status: 'fail', detail: 'method-wildcard-credentials' },
  },
  {
    name: 'a safelisted method needs no ACAM entry',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'application/json' }, preflight: { headers: { [A]: '*', 'Access-Control-Allow-Headers': 'Content-Type' } }, response: { headers: { [A]: '*' } } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-method', status: 'pass', detail: 'method-no-check-needed' },
  },
  {
    name: 'a custom header missing from ACAH',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Headers': 'content-type' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'header-not-allowed',
    check: { id: 'preflight-header', status: 'fail', detail: 'header-not-listed', header: 'x-api-key', expected: 'x-api-key' },
  },
  {
    // Chromium never sends a request whose preflight failed: its headers are known only from
    // the preflight's Access-Control-Request-Headers.
    name: 'request never sent, headers unseen: the preflight names the unsafe headers',
    ex: unseen(ex({ method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Request-Id': '1' }, preflight: { headers: good({ 'Access-Control-Allow-Headers': 'x-request-id' }) }, response: 'not-sent' })),
    outcome: 'blocked', reason: 'header-not-allowed',
    check: { id: 'request-header', status: 'pass', detail: 'header-unsafe-per-preflight', header: 'content-type', actual: null },
  },
  {
    name: 'request never sent: the preflight-request-headers comparison is skipped, not an empty warning',
    ex: unseen(ex({ method: 'PUT', headers: { 'X-Request-Id': '1' }, preflight: { headers: good({}) }, response: 'not-sent' })),
    outcome: 'blocked', reason: 'header-not-allowed',
    check: { id: 'preflight-request-headers', status: 'skipped', detail: 'acrh-request-not-sent', actual: 'x-request-id' },
  },
  {
    name: 'content-type missing from ACAH for a JSON POST',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'application/json' }, preflight: { headers: { [A]: '*' } }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'header-not-allowed',
    check: { id: 'preflight-header', status: 'fail', header: 'content-type', actual: null },
  },
  {
    name: 'ACAH matching is case-insensitive',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Headers': 'Content-Type, X-API-KEY' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-header', status: 'pass', detail: 'header-listed', header: 'x-api-key' },
  },
  {
    name: 'ACAH * covers custom headers without credentials',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Allow-Headers': '*' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-header', status: 'pass', detail: 'header-wildcard', header: 'x-api-key' },
  },
  {
    name: 'ACAH * does not cover headers with credentials',
    ex: ex({ ...put, credentials: 'include', preflight: { headers: good({ 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Credentials': 'true' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'header-not-allowed',
    check: { id: 'preflight-header', status: 'fail', detail: 'header-wildcard-credentials' },
  },
  {
    name: 'Authorization under ACAH * is tolerated by browsers, with a warning',
    ex: ex({ method: 'GET', headers: { Authorization: 'Bearer x' }, preflight: { headers: { [A]: '*', 'Access-Control-Allow-Headers': '*' } }, response: { headers: { [A]: '*' } } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-header', status: 'warn', detail: 'authorization-wildcard', header: 'authorization' },
    warnings: ['authorization-covered-by-wildcard'],
  },
  {
    name: 'Authorization listed explicitly needs no warning',
    ex: ex({ method: 'GET', headers: { Authorization: 'Bearer x' }, preflight: { headers: { [A]: '*', 'Access-Control-Allow-Headers': 'authorization' } }, response: { headers: { [A]: '*' } } }),
    outcome: 'allowed', reason: 'ok',
    noWarnings: ['authorization-covered-by-wildcard'],
  },
  {
    name: 'the method is checked before the headers',
    ex: ex({ ...put, preflight: { headers: { [A]: PAGE } }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'method-not-allowed',
  },
  {
    name: 'the status is checked before ACAM syntax',
    ex: ex({ ...put, preflight: { status: 405, headers: good({ 'Access-Control-Allow-Methods': 'GET PUT' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
  },
  {
    name: 'ACAO is checked before ACAM',
    ex: ex({ ...put, preflight: { headers: { 'Access-Control-Allow-Methods': 'GET' } }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-missing-allow-origin',
  },
  {
    name: 'Max-Age above Chromium\'s cap warns',
    ex: ex({ ...put, browser: 'chromium', preflight: { headers: good({ 'Access-Control-Max-Age': '86400' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-max-age', status: 'warn', detail: 'max-age-capped', actual: '86400' },
    warnings: ['max-age-above-cap'],
  },
  {
    name: 'Max-Age 86400 is within Firefox\'s cap',
    ex: ex({ ...put, browser: 'firefox', preflight: { headers: good({ 'Access-Control-Max-Age': '86400' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-max-age', status: 'pass', detail: 'max-age-ok' },
    noWarnings: ['max-age-above-cap'],
  },
  {
    name: 'Max-Age above Firefox\'s cap warns in Firefox',
    ex: ex({ ...put, browser: 'firefox', preflight: { headers: good({ 'Access-Control-Max-Age': '100000' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    warnings: ['max-age-above-cap'],
  },
  {
    name: 'Max-Age that is not a number',
    ex: ex({ ...put, preflight: { headers: good({ 'Access-Control-Max-Age': '1h' }) }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-max-age', status: 'warn', detail: 'max-age-invalid' },
  },
  {
    name: 'no Max-Age means the 5-second default',
    ex: ex({ ...put, preflight: { headers: good() }, response: okResponse }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-max-age', status: 'pass', detail: 'max-age-default', actual: null },
  },
  {
    name: 'a failed preflight is not cached, whatever its Max-Age',
    ex: ex({ ...put, preflight: { status: 401, headers: good({ 'Access-Control-Max-Age': '86400' }) }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'preflight-max-age', status: 'skipped', detail: 'max-age-not-cached', actual: '86400' },
    noWarnings: ['max-age-above-cap'],
  },
  {
    name: 'preflight network error',
    ex: ex({ ...put, preflight: { error: 'net::ERR_CONNECTION_REFUSED' }, response: 'not-sent', outcome: 'net::ERR_FAILED' }),
    outcome: 'unknown', reason: 'preflight-network-error',
    check: { id: 'preflight-network', status: 'fail', detail: 'network-failed', actual: 'net::ERR_CONNECTION_REFUSED' },
    warnings: ['network-error-not-cors'],
  },
  {
    name: 'a failed preflight means the actual request was never sent',
    ex: ex({ ...put, preflight: { status: 401, headers: good() }, response: 'not-sent' }),
    outcome: 'blocked', reason: 'preflight-invalid-status',
    check: { id: 'allow-origin', status: 'skipped', detail: 'skipped-not-sent' },
  },
  {
    name: 'preflight passes but the actual response lacks ACAO',
    ex: ex({ ...put, preflight: { headers: good() }, response: { headers: {} }, outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-missing' },
  },
  {
    name: 'Firefox reports a failed preflight as NS_ERROR_DOM_BAD_URI',
    ex: ex({ ...put, browser: 'firefox', preflight: { headers: good({ 'Access-Control-Allow-Methods': 'GET' }) }, response: 'not-sent', outcome: 'NS_ERROR_DOM_BAD_URI' }),
    outcome: 'blocked', reason: 'method-not-allowed',
    check: { id: 'outcome', status: 'pass', detail: 'outcome-agrees' },
  },
];
