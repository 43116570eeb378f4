// The demo lab's scenarios (`npm start`): named cross-origin requests in groups, each with one
// line saying what it shows, staged with the scenario language of the demo API (scenario.ts).
// In a path, `{page}` stands for the page's origin and `{api}` for the API's (URL-encoded).
// test/e2e/lab.test.ts runs every one in real Chromium and checks CORS Lens's verdict against
// Chromium's own.

export interface LabScenario {
  readonly group: LabGroup;
  /** Unique: also the scenario's id in the page and in tests. */
  readonly label: string;
  /** What it shows, in one line. */
  readonly says: string;
  readonly path: string;
  readonly init: {
    method?: string;
    headers?: Record<string, string>;
    credentials?: 'include' | 'omit' | 'same-origin';
    mode?: 'cors' | 'no-cors';
    redirect?: 'follow' | 'manual' | 'error';
  };
  /** Sent twice in a row (the second is answered by the preflight cache). */
  readonly twice?: true;
}

export const LAB_GROUPS = [
  'Allowed',
  'Blocked on the response',
  'Blocked at the preflight',
  'Credentials',
  'Redirects',
  'Warnings',
  'Preflight cache',
  'Not CORS',
] as const;
export type LabGroup = (typeof LAB_GROUPS)[number];

const JSON_PUT = { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'lab-1' } };

export const LAB_SCENARIOS: readonly LabScenario[] = [
  {
    group: 'Allowed',
    label: 'Simple GET, allowed by *',
    says: 'No preflight; Access-Control-Allow-Origin: * lets any page read it.',
    path: '/items?acao=*',
    init: {},
  },
  {
    group: 'Allowed',
    label: 'GET, the exact origin with Vary',
    says: "The server names this page's origin and says the answer varies with Origin.",
    path: '/items?acao=$origin&vary=Origin',
    init: {},
  },
  {
    group: 'Allowed',
    label: 'PUT with a custom header, preflight allows it',
    says: 'A preflight asks for PUT and x-request-id; the server allows both.',
    path: '/items/1?acao=$origin&vary=Origin&acam=PUT&acah=content-type,x-request-id',
    init: JSON_PUT,
  },
  {
    group: 'Allowed',
    label: 'POST of JSON, preflight allows Content-Type',
    says: 'application/json is not a simple content type: it takes a preflight.',
    path: '/orders?acao=$origin&vary=Origin&acam=POST&acah=content-type',
    init: { method: 'POST', headers: { 'Content-Type': 'application/json' } },
  },
  {
    group: 'Blocked on the response',
    label: 'Simple GET, no Access-Control-Allow-Origin',
    says: 'The most common failure: the response names no origin.',
    path: '/items?status=200',
    init: {},
  },
  {
    group: 'Blocked on the response',
    label: 'GET, another origin allowed',
    says: "The server allows a different origin than this page's.",
    path: '/items?acao=https://other.example',
    init: {},
  },
  {
    group: 'Blocked on the response',
    label: 'GET with ACAO listing two origins',
    says: 'Access-Control-Allow-Origin takes one origin, not a list.',
    path: '/list?acao=https://a.example,%20https://b.example',
    init: {},
  },
  {
    group: 'Blocked on the response',
    label: 'GET, the origin with a trailing slash',
    says: 'An origin has no path: "http://host:port/" is not "http://host:port".',
    path: '/items?acao={page}%2F',
    init: {},
  },
  {
    group: 'Blocked on the response',
    label: 'A 500 without CORS headers',
    says: "The error response lost the CORS headers (the app's error path).",
    path: '/items?status=500',
    init: {},
  },
  {
    group: 'Blocked at the preflight',
    label: 'DELETE, the preflight answers 401',
    says: 'Authentication ran before CORS and refused the OPTIONS request.',
    path: '/items/2?acao=*&pre.status=401',
    init: { method: 'DELETE' },
  },
  {
    group: 'Blocked at the preflight',
    label: 'PUT, the preflight answers 404',
    says: 'No route answers OPTIONS.',
    path: '/items/3?acao=*&acam=PUT&pre.status=404',
    init: { method: 'PUT' },
  },
  {
    group: 'Blocked at the preflight',
    label: 'PUT, the preflight does not allow the header',
    says: 'Access-Control-Allow-Headers lacks x-request-id.',
    path: '/items/4?acao=$origin&acam=PUT',
    init: JSON_PUT,
  },
  {
    group: 'Blocked at the preflight',
    label: 'DELETE, the preflight allows only PUT',
    says: 'Access-Control-Allow-Methods lacks DELETE.',
    path: '/items/5?acao=*&acam=PUT',
    init: { method: 'DELETE' },
  },
  {
    group: 'Blocked at the preflight',
    label: 'PUT, the preflight without Access-Control-Allow-Origin',
    says: 'Only the actual response has CORS headers; the preflight has none.',
    path: '/items/6?acao=*&pre.acao=none&acam=PUT',
    init: { method: 'PUT' },
  },
  {
    group: 'Credentials',
    label: 'Credentialed GET against a wildcard',
    says: 'With credentials, * is not accepted: the exact origin is needed.',
    path: '/me?acao=*&acac=true',
    init: { credentials: 'include' },
  },
  {
    group: 'Credentials',
    label: 'Credentialed GET without Allow-Credentials',
    says: 'The exact origin, but no Access-Control-Allow-Credentials: true.',
    path: '/me?acao=$origin&vary=Origin',
    init: { credentials: 'include' },
  },
  {
    group: 'Credentials',
    label: 'Credentialed GET, Allow-Credentials "True"',
    says: 'The value must be exactly "true", lower case.',
    path: '/me?acao=$origin&vary=Origin&acac=True',
    init: { credentials: 'include' },
  },
  {
    group: 'Credentials',
    label: 'Credentialed GET, allowed',
    says: 'The exact origin and Access-Control-Allow-Credentials: true.',
    path: '/me?acao=$origin&vary=Origin&acac=true',
    init: { credentials: 'include' },
  },
  {
    group: 'Redirects',
    label: 'Redirect to a URL that allows it',
    says: 'Both responses allow the page: the redirect is followed.',
    path: '/old?acao=*&redirect={api}%2Fnew%3Facao%3D*',
    init: {},
  },
  {
    group: 'Redirects',
    label: 'Redirect to a URL without CORS headers',
    says: 'The redirect allows it, its target does not: the target is to fix.',
    path: '/old?acao=*&redirect={api}%2Fnew%3Fstatus%3D200',
    init: {},
  },
  {
    group: 'Redirects',
    label: 'Redirect with redirect: "manual"',
    says: 'The page asked not to follow: it gets an opaque redirect, not a CORS error.',
    path: '/old-manual?acao=*&redirect={api}%2Fnew-manual%3Facao%3D*',
    init: { redirect: 'manual' },
  },
  {
    group: 'Warnings',
    label: 'Origin reflected without Vary: Origin',
    says: 'Allowed, but a cache may serve this answer to another origin.',
    path: '/me?acao=$origin',
    init: {},
  },
  {
    group: 'Warnings',
    label: "Preflight max-age above the browser's cap",
    says: 'Allowed; the browsers cap Access-Control-Max-Age (Chromium: 2 hours).',
    path: '/items/7?acao=*&acam=PUT&maxage=86400',
    init: { method: 'PUT' },
  },
  {
    group: 'Preflight cache',
    label: 'The same PUT twice: the second from the cache',
    says: 'Max-age 600: the second PUT goes without a preflight.',
    path: '/items/8?acao=$origin&vary=Origin&acam=PUT&maxage=600',
    init: { method: 'PUT' },
    twice: true,
  },
  {
    group: 'Not CORS',
    label: 'A no-cors fetch',
    says: 'mode: "no-cors": the page gets an opaque response; CORS does not apply.',
    path: '/pixel',
    init: { mode: 'no-cors' },
  },
];

/** Every scenario has its own URL (a test or the panel tells them apart by it). */
export const LAB_URLS_UNIQUE = new Set(LAB_SCENARIOS.map((x) => x.path)).size === LAB_SCENARIOS.length;

/** The URL of a scenario for a page at `pageOrigin` calling the API at `apiOrigin`. */
export function labUrl(s: LabScenario, apiOrigin: string, pageOrigin: string): string {
  return apiOrigin + s.path.replaceAll('{page}', encodeURIComponent(pageOrigin)).replaceAll('{api}', encodeURIComponent(apiOrigin));
}
