// Why a preflight was or was not needed: safelisted methods and headers (Fetch §2.2.2).
import { ex, PAGE, type Case } from '../helpers.ts';

const star = { 'Access-Control-Allow-Origin': '*' };
/** A preflight answer that allows everything this file needs, for a non-credentialed request. */
const allowAll = (methods = 'GET, POST, PUT, DELETE, patch', headers = 'content-type, x-api-key, x-requested-with, authorization, accept, accept-language, content-language, range') => ({
  status: 204,
  headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': methods, 'Access-Control-Allow-Headers': headers },
});
const long = (n: number) => 'a'.repeat(n);

export const preflightNeedCases: Case[] = [
  {
    name: 'misconception: a cross-origin GET with only safelisted headers is NOT preflighted',
    ex: ex({ headers: { Accept: 'application/json', 'Accept-Language': 'en-US,en;q=0.9' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'misconception: a POST with Content-Type text/plain is NOT preflighted',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'the verdict names the safelisted content type',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-safelisted', actual: 'text/plain;charset=UTF-8' },
  },
  {
    name: 'POST form-urlencoded is not preflighted',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'POST multipart/form-data with boundary is not preflighted',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=----x' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'HEAD is a safelisted method',
    ex: ex({ method: 'HEAD', response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'method', status: 'pass', detail: 'method-safelisted' },
  },
  {
    name: 'application/json needs a preflight (essence not safelisted)',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'application/json' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-content-type-not-safelisted', actual: 'application/json' },
  },
  {
    name: 'application/json preflight decision says needed',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'application/json' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-needed' },
  },
  {
    name: 'TEXT/PLAIN in upper case is still safelisted (essence is lowercased)',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'TEXT/PLAIN' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'a quoted charset contains an unsafe byte (")',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'text/plain; charset="utf-8"' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-unsafe-byte' },
  },
  {
    name: 'a Content-Type that is not a MIME type needs a preflight',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'text' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-content-type-unparsable' },
  },
  {
    name: 'a Content-Type list is not a MIME type',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'text/plain, application/json' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-content-type-unparsable' },
  },
  {
    name: 'Accept with an unsafe byte needs a preflight',
    ex: ex({ headers: { Accept: 'application/json; v="2"' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-unsafe-byte' },
  },
  {
    name: 'a safelisted header over 128 bytes needs a preflight',
    ex: ex({ headers: { Accept: long(129) }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-value-too-long' },
  },
  {
    name: 'exactly 128 bytes is still safelisted',
    ex: ex({ headers: { Accept: long(128) }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'safelisted values over 1024 bytes in total all become unsafe',
    ex: ex({ headers: Array.from({ length: 9 }, () => ['Accept', long(120)] as const), preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-over-total-limit' },
  },
  {
    name: 'exactly 1024 bytes in total stays safelisted',
    ex: ex({ headers: Array.from({ length: 8 }, () => ['Accept', long(128)] as const), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'Accept-Language with an underscore needs a preflight',
    ex: ex({ headers: { 'Accept-Language': 'en_US' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-language-chars' },
  },
  {
    name: 'Content-Language de-DE is safelisted',
    ex: ex({ method: 'POST', headers: { 'Content-Language': 'de-DE' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-safelisted' },
  },
  {
    name: 'Range bytes=0- is safelisted',
    ex: ex({ headers: { Range: 'bytes=0-' }, response: { status: 206, headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-safelisted' },
  },
  {
    name: 'Range bytes=0-499 is safelisted',
    ex: ex({ headers: { Range: 'bytes=0-499' }, response: { status: 206, headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'Range suffix bytes=-500 is not safelisted',
    ex: ex({ headers: { Range: 'bytes=-500' }, preflight: allowAll(), response: { status: 206, headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-range-not-simple' },
  },
  {
    name: 'Range with start after end is not safelisted',
    ex: ex({ headers: { Range: 'bytes=500-100' }, preflight: allowAll(), response: { status: 206, headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-range-not-simple' },
  },
  {
    name: 'a multi-range is not safelisted',
    ex: ex({ headers: { Range: 'bytes=0-1,5-6' }, preflight: allowAll(), response: { status: 206, headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-range-not-simple' },
  },
  {
    name: 'X-Requested-With is not a safelisted name',
    ex: ex({ headers: { 'X-Requested-With': 'XMLHttpRequest' }, preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-name-not-safelisted', header: 'x-requested-with' },
  },
  {
    name: 'PUT is not a safelisted method',
    ex: ex({ method: 'PUT', preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'method', status: 'pass', detail: 'method-not-safelisted', actual: 'PUT' },
  },
  {
    name: 'lower-case delete is normalised to DELETE',
    ex: ex({ method: 'delete', preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'method', status: 'pass', detail: 'method-not-safelisted', actual: 'DELETE' },
  },
  {
    name: 'patch stays patch (not normalised) and needs a preflight',
    ex: ex({ method: 'patch', preflight: allowAll(), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'method', status: 'pass', detail: 'method-not-normalised', actual: 'patch' },
  },
  {
    name: 'browser-added headers (User-Agent, Sec-*, Referer) do not trigger a preflight',
    ex: ex({ headers: { 'User-Agent': 'Mozilla/5.0 (X11)', 'Sec-Fetch-Mode': 'cors', Referer: `${PAGE}/`, Origin: PAGE, 'Accept-Encoding': 'gzip' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-needed', status: 'pass', detail: 'preflight-not-needed' },
  },
  {
    name: 'DevTools "Disable cache" headers are not counted',
    ex: ex({ headers: { 'Cache-Control': 'no-cache', Pragma: 'no-cache' }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-cache-added' },
  },
  {
    name: 'a script-set Cache-Control: max-age=0 is a preflight trigger',
    ex: ex({ headers: { 'Cache-Control': 'max-age=0' }, preflight: { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'cache-control' } }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'request-header', status: 'pass', detail: 'header-name-not-safelisted' },
  },
  {
    name: 'a needed preflight that was not captured is reported as served from the preflight cache',
    ex: ex({ method: 'PUT', response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-seen', status: 'warn', detail: 'preflight-missing-likely-cached' },
  },
  {
    name: 'a preflight cache hit reported by the capture',
    ex: ex({ method: 'PUT', preflight: 'cached', response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-seen', status: 'pass', detail: 'preflight-cached' },
  },
  {
    name: 'a cache hit is evaluated against the earlier preflight that filled it',
    ex: ex({ method: 'PUT', preflight: { cachedFrom: allowAll('PUT') }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-method', status: 'pass', detail: 'method-listed' },
  },
  {
    name: 'an earlier preflight that would not cover the request is only a warning',
    ex: ex({ method: 'PUT', headers: { 'X-Api-Key': 'k' }, preflight: { cachedFrom: allowAll('PUT', 'content-type') }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-header', status: 'warn', detail: 'header-not-listed' },
  },
  {
    name: 'a preflight for a simple-looking request is flagged (upload listener or stream body)',
    ex: ex({ method: 'POST', headers: { 'Content-Type': 'text/plain' }, preflight: { status: 204, headers: star, req: { Origin: PAGE, 'Access-Control-Request-Method': 'POST' } }, response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-seen', status: 'warn', detail: 'preflight-unexpected' },
  },
  {
    name: 'Access-Control-Request-Headers is lowercase, sorted, de-duplicated',
    ex: ex({ method: 'PUT', headers: [['X-B', '1'], ['x-a', '2'], ['X-A', '3'], ['Content-Type', 'application/json']], preflight: allowAll('PUT', 'content-type, x-a, x-b'), response: { headers: star } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'preflight-request-headers', status: 'pass', detail: 'acrh-matches', expected: 'content-type,x-a,x-b' },
  },
  {
    name: 'the browser\'s Access-Control-Request-Headers wins when it differs',
    ex: ex({ method: 'PUT', preflight: { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' }, req: { Origin: PAGE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'user-agent' } }, response: { headers: star } }),
    outcome: 'blocked', reason: 'header-not-allowed',
    check: { id: 'preflight-request-headers', status: 'warn', detail: 'acrh-differs', actual: 'user-agent' },
  },
];
