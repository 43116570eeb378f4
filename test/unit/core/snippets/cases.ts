// Shared scenarios for the per-stack snippet tests: each a failing request's requirements, and
// the failing exchanges the engine derives them from (FAILING).
import { unsafeRequestHeaderNames, type CorsRequirements, type Exchange, type HeaderList } from '../../../../src/core/index.ts';

export const ORIGIN = 'http://localhost:5173';

const base: CorsRequirements = {
  path: '/api/search',
  origin: ORIGIN,
  credentials: false,
  methods: [],
  headers: [],
  preflight: false,
  maxAge: 600,
  expose: [],
  causes: [],
};

export const SCENARIOS: ReadonlyArray<readonly [string, CorsRequirements]> = [
  ['missing ACAO on a simple GET', base],
  ['credentials', { ...base, credentials: true }],
  ['preflight method, header and max-age', { ...base, path: '/items/7', methods: ['PUT'], headers: ['x-token'], preflight: true, maxAge: 777 }],
  ['preflight with credentials', { ...base, path: '/items/7', credentials: true, methods: ['DELETE'], headers: ['authorization', 'x-token'], preflight: true }],
  ['preflight 401 from an auth layer', { ...base, methods: ['PATCH'], headers: ['x-token'], preflight: true, causes: ['preflight-auth'] }],
  ['preflight 404 without an OPTIONS route', { ...base, methods: ['PUT'], preflight: true, causes: ['preflight-no-route'] }],
  ['exposed headers kept', { ...base, credentials: true, expose: ['x-total-count'] }],
  ['a 500 without CORS headers', { ...base, causes: ['error-status'] }],
  ['duplicate ACAO from a proxy and the app', { ...base, causes: ['duplicate-origin'] }],
  ['any origin, no credentials', { ...base, origin: '*', methods: ['PUT'], headers: ['x-token'], preflight: true }],
];

/**
 * The failing exchanges these requirements come from: what the page sent and what the server
 * answered. The engine (evaluate, then suggestFix) derives each `scenario`'s requirements from
 * its exchange (engine.test.ts), and the snippet farm serves exactly these answers to show that
 * Chromium refuses them before it proves the fix (test/e2e/snippet-farm.test.ts).
 */
export interface FailingExchange {
  readonly name: string;
  /** The index in SCENARIOS of the requirements the engine derives from it. */
  readonly scenario: number;
  readonly method: string;
  /** The page's own request headers (names as the page writes them). */
  readonly headers: Readonly<Record<string, string>>;
  readonly credentials: 'include' | 'omit';
  /** The preflight's answer; absent when the request is not preflighted. */
  readonly preflight?: Answer;
  /** The actual response; absent when the preflight failed (Chromium never sends the request). */
  readonly response?: Answer;
  /**
   * Response headers the page read and got nothing for (the page witness's `unread`): the
   * request passes, the failure is the header hidden from script.
   */
  readonly unread?: readonly string[];
}

/** A status and the headers, given the page's origin. */
interface Answer {
  readonly status: number;
  readonly headers: (origin: string) => ReadonlyArray<readonly [string, string]>;
}

const none = (): ReadonlyArray<readonly [string, string]> => [];

export const FAILING: readonly FailingExchange[] = [
  { name: 'missing ACAO', scenario: 0, method: 'GET', headers: {}, credentials: 'omit', response: { status: 200, headers: none } },
  {
    name: 'origin mismatch',
    scenario: 0,
    method: 'GET',
    headers: {},
    credentials: 'omit',
    response: { status: 200, headers: () => [['Access-Control-Allow-Origin', 'http://localhost:1']] },
  },
  {
    name: 'credentials with *',
    scenario: 1,
    method: 'GET',
    headers: {},
    credentials: 'include',
    response: {
      status: 200,
      headers: () => [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Credentials', 'true'],
      ],
    },
  },
  {
    name: 'preflight method (PUT)',
    scenario: 2,
    method: 'PUT',
    headers: { 'X-Token': 'farm' },
    credentials: 'omit',
    preflight: {
      status: 204,
      headers: (o) => [
        ['Access-Control-Allow-Origin', o],
        ['Access-Control-Allow-Headers', 'x-token'],
        ['Access-Control-Max-Age', '777'],
      ],
    },
  },
  {
    name: 'preflight header (Authorization)',
    scenario: 3,
    method: 'DELETE',
    headers: { Authorization: 'Bearer farm', 'X-Token': 'farm' },
    credentials: 'include',
    preflight: {
      status: 204,
      headers: (o) => [
        ['Access-Control-Allow-Origin', o],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'DELETE'],
        ['Access-Control-Allow-Headers', 'authorization'],
      ],
    },
  },
  {
    name: 'preflight 401 from an auth layer',
    scenario: 4,
    method: 'PATCH',
    headers: { 'X-Token': 'farm' },
    credentials: 'omit',
    preflight: { status: 401, headers: none },
  },
  { name: 'preflight 404 without an OPTIONS route', scenario: 5, method: 'PUT', headers: {}, credentials: 'omit', preflight: { status: 404, headers: none } },
  {
    name: 'exposed header the page reads',
    scenario: 6,
    method: 'GET',
    headers: {},
    credentials: 'include',
    response: {
      status: 200,
      headers: () => [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Expose-Headers', 'x-total-count'],
        ['X-Total-Count', '42'],
      ],
    },
  },
  {
    // Fetch #concept-filtered-response-cors: the page's fetch resolves, its headers.get gives null.
    name: 'missing expose-headers (the page reads X-Total-Count)',
    scenario: 6,
    method: 'GET',
    headers: {},
    credentials: 'include',
    response: {
      status: 200,
      headers: (o) => [
        ['Access-Control-Allow-Origin', o],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Vary', 'Origin'],
        ['X-Total-Count', '42'],
      ],
    },
    unread: ['x-total-count'],
  },
  { name: 'a 500 without CORS headers', scenario: 7, method: 'GET', headers: {}, credentials: 'omit', response: { status: 500, headers: none } },
  {
    name: 'duplicate ACAO from a proxy and the app',
    scenario: 8,
    method: 'GET',
    headers: {},
    credentials: 'omit',
    response: {
      status: 200,
      headers: (o) => [
        ['Access-Control-Allow-Origin', o],
        ['Access-Control-Allow-Origin', '*'],
      ],
    },
  },
  {
    name: 'any origin, preflight method',
    scenario: 9,
    method: 'PUT',
    headers: { 'X-Token': 'farm' },
    credentials: 'omit',
    preflight: {
      status: 204,
      headers: () => [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Headers', 'x-token'],
      ],
    },
  },
];

/** The exchange as the capture would record it, for a page at `origin` calling `url`. */
export function failingExchange(f: FailingExchange, origin: string, url: string): Exchange {
  const hl = (a: Answer | undefined): HeaderList => (a === undefined ? [] : a.headers(origin).map(([name, value]) => ({ name, value })));
  const requestHeaders: HeaderList = [{ name: 'Origin', value: origin }, ...Object.entries(f.headers).map(([name, value]) => ({ name, value }))];
  const unsafe = unsafeRequestHeaderNames(requestHeaders);
  const preflight: Exchange['preflight'] =
    f.preflight === undefined
      ? { kind: 'none' }
      : {
          kind: 'observed',
          requestHeaders: [
            { name: 'Origin', value: origin },
            { name: 'Access-Control-Request-Method', value: f.method },
            ...(unsafe.length > 0 ? [{ name: 'Access-Control-Request-Headers', value: unsafe.join(',') }] : []),
          ],
          result: { kind: 'response', status: f.preflight.status, headers: hl(f.preflight) },
        };
  return {
    initiator: origin,
    url,
    request: {
      method: f.method,
      headers: f.response === undefined ? [] : requestHeaders,
      ...(f.response === undefined ? { headersSeen: false } : {}),
      resourceType: 'xmlhttprequest',
      mode: 'cors',
      credentials: f.credentials,
    },
    preflight,
    redirects: [],
    response: f.response === undefined ? { kind: 'not-sent' } : { kind: 'response', status: f.response.status, headers: hl(f.response) },
    outcome: f.unread === undefined ? { kind: 'failure', error: 'net::ERR_FAILED' } : { kind: 'success' },
    browser: 'chromium',
    ...(f.unread === undefined
      ? {}
      : {
          page: {
            api: 'fetch',
            mode: 'cors',
            credentials: f.credentials,
            redirectMode: 'follow',
            outcome: { kind: 'resolved', type: 'cors', status: f.response?.status ?? 200 },
            unread: f.unread,
          },
        }),
  };
}
