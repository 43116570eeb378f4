// Is it CORS at all? Same-origin, navigation, no-cors, non-CORS resources, modes, schemes.
import { API, PAGE, ex, hop, type Case } from '../helpers.ts';

const ok = { 'Access-Control-Allow-Origin': '*' };

export const classificationCases: Case[] = [
  {
    name: 'same-origin fetch is not CORS',
    ex: ex({ url: `${PAGE}/api/items` }),
    outcome: 'not-cors', reason: 'same-origin',
    check: { id: 'cross-origin', status: 'pass', detail: 'is-same-origin' },
  },
  {
    name: 'localhost and 127.0.0.1 are different origins',
    ex: ex({ url: 'http://127.0.0.1:5173/api' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'cross-origin', status: 'pass', detail: 'is-cross-origin' },
  },
  {
    name: 'port 3000 and 3001 are different origins',
    ex: ex({ initiator: 'http://localhost:3000', url: 'http://localhost:3001/api', response: { headers: ok } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'cross-origin', status: 'pass', detail: 'is-cross-origin' },
  },
  {
    name: 'explicit default port is the same origin',
    ex: ex({ initiator: 'https://app.test', url: 'https://app.test:443/x' }),
    outcome: 'not-cors', reason: 'same-origin',
  },
  {
    name: 'host case does not make a different origin',
    ex: ex({ initiator: 'https://app.test', url: 'https://APP.test/x' }),
    outcome: 'not-cors', reason: 'same-origin',
  },
  {
    name: 'top-level navigation is not CORS',
    ex: ex({ type: 'main_frame', url: 'https://other.test/' }),
    outcome: 'not-cors', reason: 'navigation',
    check: { id: 'mode', status: 'pass', detail: 'mode-navigation-type' },
  },
  {
    name: 'iframe navigation is not CORS',
    ex: ex({ type: 'sub_frame', url: 'https://other.test/embed' }),
    outcome: 'not-cors', reason: 'navigation',
  },
  {
    name: 'Sec-Fetch-Mode navigate marks a navigation',
    ex: ex({ type: 'other', headers: { 'Sec-Fetch-Mode': 'navigate' } }),
    outcome: 'not-cors', reason: 'navigation',
    check: { id: 'mode', status: 'pass', detail: 'mode-sec-fetch' },
  },
  {
    name: '<img> without crossorigin is not CORS',
    ex: ex({ type: 'image', url: 'https://cdn.test/a.png' }),
    outcome: 'not-cors', reason: 'not-cors-resource',
    check: { id: 'mode', status: 'pass', detail: 'mode-no-origin-header' },
  },
  {
    name: 'classic <script> without crossorigin is not CORS',
    ex: ex({ type: 'script', url: 'https://cdn.test/a.js' }),
    outcome: 'not-cors', reason: 'not-cors-resource',
  },
  {
    name: 'stylesheet without crossorigin is not CORS',
    ex: ex({ type: 'stylesheet', url: 'https://cdn.test/a.css' }),
    outcome: 'not-cors', reason: 'not-cors-resource',
  },
  {
    name: 'module script (Origin on GET) is CORS and needs ACAO',
    ex: ex({ type: 'script', url: 'https://cdn.test/m.js', headers: { Origin: PAGE } }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'mode', status: 'pass', detail: 'mode-origin-header' },
  },
  {
    name: 'crossorigin <img> with ACAO * is allowed',
    ex: ex({ type: 'image', url: 'https://cdn.test/a.png', headers: { Origin: PAGE }, response: { headers: ok } }),
    outcome: 'allowed', reason: 'ok',
  },
  {
    name: 'fonts are always CORS',
    ex: ex({ type: 'font', url: 'https://fonts.test/a.woff2' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'mode', status: 'pass', detail: 'mode-always-cors-type' },
  },
  {
    name: 'font with ACAO * is allowed',
    ex: ex({ type: 'font', url: 'https://fonts.test/a.woff2', response: { headers: ok } }),
    outcome: 'allowed', reason: 'ok',
  },
  {
    name: 'Sec-Fetch-Mode cors on a stylesheet makes it CORS',
    ex: ex({ type: 'stylesheet', headers: { 'Sec-Fetch-Mode': 'cors' }, response: { headers: ok } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'mode', status: 'pass', detail: 'mode-sec-fetch' },
  },
  {
    name: 'fetch with mode no-cors (Sec-Fetch-Mode) is not CORS',
    ex: ex({ headers: { 'Sec-Fetch-Mode': 'no-cors' } }),
    outcome: 'not-cors', reason: 'no-cors',
  },
  {
    name: 'fetch with mode no-cors (reported) is not CORS',
    ex: ex({ mode: 'no-cors', method: 'POST', headers: { 'Content-Type': 'text/plain' } }),
    outcome: 'not-cors', reason: 'no-cors',
    check: { id: 'mode', status: 'pass', detail: 'mode-given' },
  },
  {
    name: 'beacon without CORS is not CORS',
    ex: ex({ type: 'ping', method: 'POST', headers: { Origin: PAGE, 'Content-Type': 'text/plain' } }),
    outcome: 'not-cors', reason: 'not-cors-resource',
  },
  {
    name: 'mode same-origin to another origin is disallowed',
    ex: ex({ mode: 'same-origin' }),
    outcome: 'blocked', reason: 'disallowed-by-mode',
    check: { id: 'mode', status: 'fail', detail: 'mode-same-origin-cross-origin', expected: 'same-origin' },
  },
  {
    name: 'mode same-origin to the same origin is fine',
    ex: ex({ mode: 'same-origin', url: `${PAGE}/x` }),
    outcome: 'not-cors', reason: 'same-origin',
  },
  {
    name: 'no-cors with redirect mode manual is rejected',
    ex: ex({ mode: 'no-cors', redirectMode: 'manual' }),
    outcome: 'blocked', reason: 'no-cors-redirect-mode',
    check: { id: 'mode', status: 'fail', detail: 'mode-no-cors-redirect', expected: 'follow', actual: 'manual' },
  },
  {
    name: 'no-cors with redirect mode follow is just no-cors',
    ex: ex({ mode: 'no-cors', redirectMode: 'follow' }),
    outcome: 'not-cors', reason: 'no-cors',
  },
  {
    name: 'cors request to file: is a disabled scheme',
    ex: ex({ url: 'file:///etc/hosts' }),
    outcome: 'blocked', reason: 'cors-disabled-scheme',
    check: { id: 'url', status: 'fail', detail: 'url-cors-disabled-scheme', actual: 'file' },
  },
  {
    name: 'cors request to a custom scheme is a disabled scheme',
    ex: ex({ url: 'myapp://open/thing' }),
    outcome: 'blocked', reason: 'cors-disabled-scheme',
  },
  {
    name: 'data: URL is answered without CORS',
    ex: ex({ url: 'data:text/plain,hello' }),
    outcome: 'not-cors', reason: 'not-cors-resource',
    check: { id: 'url', status: 'pass', detail: 'url-scheme-fetch' },
  },
  {
    name: 'WebSocket handshakes are not CORS',
    ex: ex({ type: 'websocket', url: 'wss://rt.test/socket' }),
    outcome: 'not-cors', reason: 'not-cors-resource',
    check: { id: 'mode', status: 'pass', detail: 'mode-websocket' },
  },
  {
    name: 'unknown initiator and no Origin header',
    ex: ex({ unknownInitiator: true }),
    outcome: 'unknown', reason: 'unknown-initiator',
    check: { id: 'initiator', status: 'skipped', detail: 'initiator-unknown' },
  },
  {
    name: 'unknown initiator recovered from the Origin header',
    ex: ex({ unknownInitiator: true, headers: { Origin: 'https://app.test' }, response: { headers: { 'Access-Control-Allow-Origin': 'https://app.test', Vary: 'Origin' } } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'initiator', status: 'pass', detail: 'initiator-from-origin-header', actual: 'https://app.test' },
  },
  {
    name: 'the Origin header wins over a reported initiator that differs (e.g. a sandboxed iframe)',
    ex: ex({ headers: { Origin: 'null' }, response: { headers: { 'Access-Control-Allow-Origin': PAGE } } }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'initiator', status: 'warn', detail: 'initiator-origin-header-differs', actual: 'null' },
  },
  {
    name: 'unparsable URL is incomplete',
    ex: ex({ url: 'http://[broken' }),
    outcome: 'unknown', reason: 'incomplete',
    check: { id: 'url', status: 'fail', detail: 'url-unparsable' },
  },
  {
    name: 'opaque origin is always cross-origin and matched by *',
    ex: ex({ initiator: null, response: { headers: ok } }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'initiator', status: 'pass', detail: 'initiator-opaque' },
  },
  {
    name: 'opaque origin is not matched by a real origin',
    ex: ex({ initiator: null, response: { headers: { 'Access-Control-Allow-Origin': PAGE } } }),
    outcome: 'blocked', reason: 'allow-origin-mismatch',
    check: { id: 'allow-origin', status: 'fail', detail: 'acao-mismatch-expected-null', expected: 'null' },
  },
  {
    name: 'same-origin request redirected to another origin becomes CORS',
    ex: ex({ url: `${PAGE}/go`, redirects: [hop(`${PAGE}/go`, API)] }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'redirect-allow-origin', status: 'skipped', detail: 'hop-not-cors', hop: 0 },
  },
  // An observed preflight proves cors mode (Fetch #main-fetch): navigator.sendBeacon with a JSON
  // body is preflighted, and its resource type (ping / beacon) says nothing about its mode.
  {
    name: 'sendBeacon with a JSON body whose preflight failed (Chromium, ping) is blocked by that preflight, not "not CORS"',
    ex: ex({
      type: 'ping', method: 'POST', headersSeen: false, headers: { 'Content-Type': 'application/json' },
      preflight: { status: 204, headers: { 'Access-Control-Allow-Origin': PAGE } },
      response: 'not-sent', outcome: 'net::ERR_FAILED',
    }),
    outcome: 'blocked', reason: 'header-not-allowed',
    check: { id: 'mode', status: 'pass', detail: 'mode-preflighted' },
  },
  {
    name: 'sendBeacon in Firefox (beacon) whose preflight had no ACAO is blocked at the preflight',
    ex: ex({
      type: 'beacon', method: 'POST', browser: 'firefox', headersSeen: false, headers: { 'Content-Type': 'application/json' },
      preflight: { status: 200, headers: {} },
      response: 'not-sent', outcome: 'NS_ERROR_DOM_BAD_URI',
    }),
    outcome: 'blocked', reason: 'preflight-missing-allow-origin',
    check: { id: 'mode', status: 'pass', detail: 'mode-preflighted' },
  },
  {
    name: 'a beacon whose preflight came from the preflight cache is CORS too, and needs ACAO on its response',
    ex: ex({
      type: 'ping', method: 'POST', headers: { 'Content-Type': 'application/json', Origin: PAGE },
      preflight: 'cached', response: { headers: {} }, outcome: 'net::ERR_FAILED',
    }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'mode', status: 'pass', detail: 'mode-preflight-cached' },
  },
  {
    name: 'a beacon with a text/plain body is not preflighted and stays a no-cors load',
    ex: ex({ type: 'ping', method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: PAGE }, outcome: 'success' }),
    outcome: 'not-cors', reason: 'not-cors-resource',
    check: { id: 'mode', status: 'pass', detail: 'mode-no-origin-header' },
  },
];
