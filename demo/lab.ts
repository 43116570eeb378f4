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

// The requests' inits that several rows share, and the flag of the one scenario sent twice.
type LabInit = LabScenario['init'];
const PUT: LabInit = { method: 'PUT' };
const DELETE: LabInit = { method: 'DELETE' };
const JSON_PUT: LabInit = { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'lab-1' } };
const CREDENTIALED: LabInit = { credentials: 'include' };
const TWICE = true;

/** One scenario of a group, as a row of the table below; no init: a plain GET. */
type Row = readonly [label: string, says: string, path: string, init?: LabInit, twice?: true];

/** The scenarios of each group, in the order the lab shows them. */
const TABLE: Readonly<Record<LabGroup, readonly Row[]>> = {
  Allowed: [
    ['Simple GET, allowed by *', 'No preflight; Access-Control-Allow-Origin: * lets any page read it.', '/items?acao=*'],
    ['GET, the exact origin with Vary', "The server names this page's origin and says the answer varies with Origin.", '/items?acao=$origin&vary=Origin'],
    [
      'PUT with a custom header, preflight allows it',
      'A preflight asks for PUT and x-request-id; the server allows both.',
      '/items/1?acao=$origin&vary=Origin&acam=PUT&acah=content-type,x-request-id',
      JSON_PUT,
    ],
    [
      'POST of JSON, preflight allows Content-Type',
      'application/json is not a simple content type: it takes a preflight.',
      '/orders?acao=$origin&vary=Origin&acam=POST&acah=content-type',
      { method: 'POST', headers: { 'Content-Type': 'application/json' } },
    ],
  ],
  'Blocked on the response': [
    ['Simple GET, no Access-Control-Allow-Origin', 'The most common failure: the response names no origin.', '/items?status=200'],
    ['GET, another origin allowed', "The server allows a different origin than this page's.", '/items?acao=https://other.example'],
    ['GET with ACAO listing two origins', 'Access-Control-Allow-Origin takes one origin, not a list.', '/list?acao=https://a.example,%20https://b.example'],
    ['GET, the origin with a trailing slash', 'An origin has no path: "http://host:port/" is not "http://host:port".', '/items?acao={page}%2F'],
    ['A 500 without CORS headers', "The error response lost the CORS headers (the app's error path).", '/items?status=500'],
  ],
  'Blocked at the preflight': [
    ['DELETE, the preflight answers 401', 'Authentication ran before CORS and refused the OPTIONS request.', '/items/2?acao=*&pre.status=401', DELETE],
    ['PUT, the preflight answers 404', 'No route answers OPTIONS.', '/items/3?acao=*&acam=PUT&pre.status=404', PUT],
    ['PUT, the preflight does not allow the header', 'Access-Control-Allow-Headers lacks x-request-id.', '/items/4?acao=$origin&acam=PUT', JSON_PUT],
    ['DELETE, the preflight allows only PUT', 'Access-Control-Allow-Methods lacks DELETE.', '/items/5?acao=*&acam=PUT', DELETE],
    [
      'PUT, the preflight without Access-Control-Allow-Origin',
      'Only the actual response has CORS headers; the preflight has none.',
      '/items/6?acao=*&pre.acao=none&acam=PUT',
      PUT,
    ],
  ],
  Credentials: [
    ['Credentialed GET against a wildcard', 'With credentials, * is not accepted: the exact origin is needed.', '/me?acao=*&acac=true', CREDENTIALED],
    [
      'Credentialed GET without Allow-Credentials',
      'The exact origin, but no Access-Control-Allow-Credentials: true.',
      '/me?acao=$origin&vary=Origin',
      CREDENTIALED,
    ],
    ['Credentialed GET, Allow-Credentials "True"', 'The value must be exactly "true", lower case.', '/me?acao=$origin&vary=Origin&acac=True', CREDENTIALED],
    ['Credentialed GET, allowed', 'The exact origin and Access-Control-Allow-Credentials: true.', '/me?acao=$origin&vary=Origin&acac=true', CREDENTIALED],
  ],
  Redirects: [
    ['Redirect to a URL that allows it', 'Both responses allow the page: the redirect is followed.', '/old?acao=*&redirect={api}%2Fnew%3Facao%3D*'],
    [
      'Redirect to a URL without CORS headers',
      'The redirect allows it, its target does not: the target is to fix.',
      '/old?acao=*&redirect={api}%2Fnew%3Fstatus%3D200',
    ],
    [
      'Redirect with redirect: "manual"',
      'The page asked not to follow: it gets an opaque redirect, not a CORS error.',
      '/old-manual?acao=*&redirect={api}%2Fnew-manual%3Facao%3D*',
      { redirect: 'manual' },
    ],
  ],
  Warnings: [
    ['Origin reflected without Vary: Origin', 'Allowed, but a cache may serve this answer to another origin.', '/me?acao=$origin'],
    [
      "Preflight max-age above the browser's cap",
      'Allowed; the browsers cap Access-Control-Max-Age (Chromium: 2 hours).',
      '/items/7?acao=*&acam=PUT&maxage=86400',
      PUT,
    ],
  ],
  'Preflight cache': [
    [
      'The same PUT twice: the second from the cache',
      'Max-age 600: the second PUT goes without a preflight.',
      '/items/8?acao=$origin&vary=Origin&acam=PUT&maxage=600',
      PUT,
      TWICE,
    ],
  ],
  'Not CORS': [['A no-cors fetch', 'mode: "no-cors": the page gets an opaque response; CORS does not apply.', '/pixel', { mode: 'no-cors' }]],
};

function scenario(group: LabGroup, [label, says, path, init = {}, twice]: Row): LabScenario {
  return twice ? { group, label, says, path, init, twice } : { group, label, says, path, init };
}

export const LAB_SCENARIOS: readonly LabScenario[] = LAB_GROUPS.flatMap((group) => TABLE[group].map((row) => scenario(group, row)));

/** Every scenario has its own URL (a test or the panel tells them apart by it). */
export const LAB_URLS_UNIQUE = new Set(LAB_SCENARIOS.map((x) => x.path)).size === LAB_SCENARIOS.length;

/** The URL of a scenario for a page at `pageOrigin` calling the API at `apiOrigin`. */
export function labUrl(s: LabScenario, apiOrigin: string, pageOrigin: string): string {
  return apiOrigin + s.path.replaceAll('{page}', encodeURIComponent(pageOrigin)).replaceAll('{api}', encodeURIComponent(apiOrigin));
}
