// The CORS check on the actual response (Fetch §4.9), expose-headers, and response warnings.
import { ex, PAGE, type Case } from '../helpers.ts';

const A = 'Access-Control-Allow-Origin';
const C = 'Access-Control-Allow-Credentials';
const acao = (v: string, extra: Record<string, string> = {}) => ({ headers: { [A]: v, ...extra } });

export const responseCases: Case[] = [
  {
    name: 'simple GET without ACAO is blocked',
    ex: ex({ outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-missing', expected: PAGE, actual: null },
  },
  {
    name: 'simple GET with ACAO * is allowed',
    ex: ex({ response: acao('*'), outcome: 'success' }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'allow-origin', status: 'pass', detail: 'acao-wildcard', actual: '*' },
    noWarnings: ['missing-vary-origin'],
  },
  {
    name: 'exact origin is allowed',
    ex: ex({ response: acao(PAGE, { Vary: 'Origin' }), outcome: 'success' }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'allow-origin', status: 'pass', detail: 'acao-match', actual: PAGE },
    noWarnings: ['missing-vary-origin'],
  },
  {
    name: 'exact origin without Vary: Origin warns',
    ex: ex({ response: acao(PAGE) }),
    outcome: 'allowed', reason: 'ok',
    warnings: ['missing-vary-origin'],
  },
  {
    name: 'Vary with several fields including Origin is fine',
    ex: ex({ response: acao(PAGE, { Vary: 'Accept-Encoding, Origin' }) }),
    outcome: 'allowed', reason: 'ok',
    noWarnings: ['missing-vary-origin'],
  },
  {
    name: 'Vary: * also covers Origin',
    ex: ex({ response: acao(PAGE, { Vary: '*' }) }),
    outcome: 'allowed', reason: 'ok',
    noWarnings: ['missing-vary-origin'],
  },
  {
    name: 'misconception: a comma-separated ACAO list is invalid',
    ex: ex({ initiator: 'http://a.test', response: acao('http://a.test, http://b.test'), outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'multiple-allow-origin-values',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-multiple', actual: 'http://a.test, http://b.test' },
    firefoxReason: 'CORSAllowOriginNotMatchingOrigin',
  },
  {
    // Firefox's webRequest joins repeated headers: one entry holding a list may have been one
    // line (Firefox: mismatch) or two (Firefox: multiple). The verdict names both.
    name: 'captured in Firefox, an ACAO list may have been one line or two: both Firefox names are given',
    ex: ex({ initiator: 'http://a.test', response: acao('http://a.test, http://a.test'), browser: 'firefox' }),
    outcome: 'blocked', reason: 'multiple-allow-origin-values',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-multiple' },
    firefoxAlternatives: ['CORSAllowOriginNotMatchingOrigin'],
  },
  {
    name: 'ACAO sent twice is multiple values',
    ex: ex({ response: { headers: [[A, PAGE], [A, 'https://b.test']] } }),
    outcome: 'blocked', reason: 'multiple-allow-origin-values',
  },
  {
    name: 'ACAO sent twice with the same value is still multiple values',
    ex: ex({ response: { headers: [[A, PAGE], [A, PAGE]] } }),
    outcome: 'blocked', reason: 'multiple-allow-origin-values',
  },
  {
    name: 'ACAO * sent twice is multiple values',
    ex: ex({ response: { headers: [[A, '*'], [A, '*']] } }),
    outcome: 'blocked', reason: 'multiple-allow-origin-values',
  },
  {
    name: 'ACAO space-separated list is multiple values',
    ex: ex({ response: acao(`${PAGE} https://b.test`) }),
    outcome: 'blocked', reason: 'multiple-allow-origin-values', firefoxReason: 'CORSAllowOriginNotMatchingOrigin',
  },
  {
    name: 'ACAO with a trailing slash mismatches',
    ex: ex({ response: acao(`${PAGE}/`) }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-trailing-slash', actual: `${PAGE}/` },
  },
  {
    name: 'ACAO with a path mismatches',
    ex: ex({ response: acao(`${PAGE}/app`) }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-path' },
  },
  {
    name: 'ACAO comparison is case-sensitive',
    ex: ex({ response: acao('HTTP://LOCALHOST:5173') }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-case' },
  },
  {
    name: 'ACAO with another port mismatches',
    ex: ex({ response: acao('http://localhost:3000') }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-port' },
  },
  {
    name: 'ACAO with https instead of http mismatches',
    ex: ex({ response: acao('https://localhost:5173') }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-scheme' },
  },
  {
    name: 'ACAO 127.0.0.1 does not match localhost',
    ex: ex({ response: acao('http://127.0.0.1:5173') }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-host' },
  },
  {
    name: 'ACAO with an explicit default port mismatches byte-wise',
    ex: ex({ initiator: 'https://app.test', response: acao('https://app.test:443') }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-default-port', expected: 'https://app.test' },
  },
  {
    name: 'ACAO null does not match a real origin',
    ex: ex({ response: acao('null') }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-null' },
  },
  {
    name: 'ACAO host:port without a scheme parses as another scheme and mismatches',
    ex: ex({ response: acao('localhost:5173') }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch', actual: 'localhost:5173' },
  },
  {
    name: 'ACAO without a scheme is invalid',
    ex: ex({ response: acao('localhost') }),
    outcome: 'blocked', reason: 'invalid-allow-origin-value',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-invalid', actual: 'localhost' },
  },
  {
    name: 'ACAO wildcard pattern is invalid',
    ex: ex({ response: acao('https://*.example.test:x') }),
    outcome: 'blocked', reason: 'invalid-allow-origin-value',
  },
  {
    name: 'ACAO surrounded by whitespace is trimmed and matches',
    ex: ex({ response: acao(`  ${PAGE}\t`, { Vary: 'Origin' }) }),
    outcome: 'allowed', reason: 'ok',
  },
  {
    name: 'ACAO * with credentials include',
    ex: ex({ credentials: 'include', response: acao('*', { [C]: 'true' }) }),
    outcome: 'blocked', reason: 'wildcard-origin-with-credentials',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-wildcard-credentials', expected: PAGE, actual: '*' },
  },
  {
    name: 'a Cookie header proves credentials, so ACAO * fails',
    ex: ex({ headers: { Cookie: 'sid=1' }, response: acao('*'), credentials: 'unseen' }),
    outcome: 'blocked', reason: 'wildcard-origin-with-credentials',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-cookie' },
    credentials: 'include',
  },
  {
    name: 'credentials with exact origin and ACAC true',
    ex: ex({ credentials: 'include', response: acao(PAGE, { [C]: 'true', Vary: 'Origin' }), outcome: 'success' }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'allow-credentials', status: 'pass', detail: 'acac-true' },
  },
  {
    name: 'credentials without ACAC',
    ex: ex({ credentials: 'include', response: acao(PAGE) }),
    outcome: 'blocked', reason: 'invalid-allow-credentials',
    check: { id: 'allow-credentials', status: 'fail', detail: 'acac-invalid', expected: 'true', actual: null },
  },
  {
    name: 'ACAC True (capital T) fails',
    ex: ex({ credentials: 'include', response: acao(PAGE, { [C]: 'True' }) }),
    outcome: 'blocked', reason: 'invalid-allow-credentials',
    check: { id: 'allow-credentials', status: 'fail', actual: 'True' },
  },
  {
    name: 'ACAC sent twice fails',
    ex: ex({ credentials: 'include', response: { headers: [[A, PAGE], [C, 'true'], [C, 'true']] } }),
    outcome: 'blocked', reason: 'invalid-allow-credentials',
    check: { id: 'allow-credentials', status: 'fail', actual: 'true, true' },
  },
  {
    name: 'ACAC is not needed without credentials',
    ex: ex({ credentials: 'omit', response: acao(PAGE, { Vary: 'Origin' }) }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'allow-credentials', status: 'skipped', detail: 'acac-not-needed' },
  },
  {
    name: 'credentials same-origin behaves like omit cross-origin',
    ex: ex({ credentials: 'same-origin', response: acao('*') }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-given' },
  },
  {
    name: 'a 500 without CORS headers: the server error is the real problem',
    ex: ex({ response: { status: 500, headers: {} }, outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    warnings: ['response-error-status'],
  },
  {
    name: 'a 404 with CORS headers is allowed (the page sees the 404)',
    ex: ex({ response: { status: 404, headers: { [A]: '*' } } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'response', status: 'pass', detail: 'response-received' },
    noWarnings: ['response-error-status'],
  },
  {
    name: 'a network error on the actual request is not CORS',
    ex: ex({ response: { error: 'net::ERR_CONNECTION_REFUSED' }, outcome: 'net::ERR_CONNECTION_REFUSED' }),
    outcome: 'unknown', reason: 'network-error',
    check: { id: 'response', status: 'fail', detail: 'response-network-error' },
    warnings: ['network-error-not-cors'],
  },
  {
    name: 'Access-Control-Expose-Headers makes a header readable',
    ex: ex({ response: { headers: { [A]: '*', 'Content-Type': 'application/json', 'X-Total-Count': '3', ETag: '"a"', 'Access-Control-Expose-Headers': 'X-Total-Count' } } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'expose-headers', status: 'pass', detail: 'expose-readable', actual: 'X-Total-Count' },
  },
  {
    name: 'Expose-Headers * with credentials does not work',
    ex: ex({ credentials: 'include', response: acao(PAGE, { [C]: 'true', Vary: 'Origin', 'Access-Control-Expose-Headers': '*' }) }),
    outcome: 'allowed', reason: 'ok',
    warnings: ['expose-wildcard-with-credentials'],
  },
  {
    name: 'Expose-Headers * without credentials is fine',
    ex: ex({ response: acao('*', { 'Access-Control-Expose-Headers': '*' }) }),
    outcome: 'allowed', reason: 'ok',
    noWarnings: ['expose-wildcard-with-credentials'],
  },
  {
    name: 'an opaque origin trusted through ACAO null',
    ex: ex({ initiator: null, response: acao('null') }),
    outcome: 'allowed', reason: 'ok',
    warnings: ['null-origin-allowed'],
  },
  {
    name: 'null origin trusted with credentials looks like reflection',
    ex: ex({ initiator: null, credentials: 'include', response: acao('null', { [C]: 'true', Vary: 'Origin' }) }),
    outcome: 'allowed', reason: 'ok',
    warnings: ['null-origin-allowed', 'reflected-origin-with-credentials'],
  },
  {
    name: 'per-request origin with credentials is flagged for an allow-list check',
    ex: ex({ credentials: 'include', response: acao(PAGE, { [C]: 'true', Vary: 'Origin' }) }),
    outcome: 'allowed', reason: 'ok',
    warnings: ['reflected-origin-with-credentials'],
  },
  {
    name: 'an https API trusting a plain-http origin',
    ex: ex({ initiator: 'http://app.example.test', response: acao('http://app.example.test', { Vary: 'Origin' }) }),
    outcome: 'allowed', reason: 'ok',
    warnings: ['insecure-origin-allowed'],
  },
  {
    name: 'an https API trusting http://localhost is not flagged',
    ex: ex({ response: acao(PAGE, { Vary: 'Origin' }) }),
    outcome: 'allowed', reason: 'ok',
    noWarnings: ['insecure-origin-allowed'],
  },
  {
    name: 'no final response captured is incomplete',
    ex: ex({ response: 'not-sent' }),
    outcome: 'unknown', reason: 'incomplete',
    check: { id: 'response', status: 'skipped', detail: 'skipped-no-response' },
  },
];
