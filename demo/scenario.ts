// The scenario language of the demo / test API server: the request URL's query string says
// which CORS headers the server answers with, so a page or a test can stage any CORS case
// without a server per case. Parameters (repeat one to send the header twice):
//   acao, acac, acam, acah, aceh, maxage, vary  -> Access-Control-* / Vary on every response
//   pre.<name>   -> only on the preflight (OPTIONS) response, replacing the shared value
//   act.<name>   -> only on the actual response, replacing the shared value
//   status, pre.status  -> status codes (default 200 and 204)
//   redirect=<url>, redirect.status (default 307) -> the actual request is redirected
//   cookie=<name=value> -> the actual response sets that cookie
//   h.<name>=<value> -> the actual response carries that header (e.g. h.X-Total-Count=42)
//   delay=<ms>   -> the actual response waits that long (at most 30 s)
// The value `$origin` stands for the request's Origin header (a reflecting server).

export interface ScenarioResponse {
  status: number;
  headers: Array<[string, string]>;
  delayMs: number;
}

const HEADER_OF: Record<string, string> = {
  acao: 'Access-Control-Allow-Origin',
  acac: 'Access-Control-Allow-Credentials',
  acam: 'Access-Control-Allow-Methods',
  acah: 'Access-Control-Allow-Headers',
  aceh: 'Access-Control-Expose-Headers',
  maxage: 'Access-Control-Max-Age',
  vary: 'Vary',
};

export function scenarioResponse(query: URLSearchParams, method: string, origin: string | undefined): ScenarioResponse {
  const preflight = method === 'OPTIONS' && query.get('pre.skip') === null;
  const phase = preflight ? 'pre.' : 'act.';
  const headers: Array<[string, string]> = [];
  for (const [key, header] of Object.entries(HEADER_OF)) {
    const own = query.getAll(phase + key);
    const values = own.length > 0 ? own : query.getAll(key);
    for (const value of values) {
      // `none` lets a phase drop a shared header: `acao=*&pre.acao=none`.
      if (value === 'none') continue;
      headers.push([header, value === '$origin' ? (origin ?? 'null') : value]);
    }
  }
  const delay = Number(query.get('delay') ?? 0);
  const delayMs = preflight || !Number.isFinite(delay) ? 0 : Math.min(Math.max(delay, 0), 30_000);
  const redirect = query.get('redirect');
  if (!preflight && redirect) {
    headers.push(['Location', redirect]);
    return { status: Number(query.get('redirect.status') ?? 307), headers, delayMs };
  }
  const cookie = query.get('cookie');
  if (!preflight && cookie) headers.push(['Set-Cookie', `${cookie}; Path=/`]);
  if (!preflight) {
    for (const [key, value] of query) {
      const name = key.startsWith('h.') ? key.slice(2) : '';
      if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) && /^[\t\x20-\x7e]*$/.test(value)) headers.push([name, value]);
    }
  }
  const status = Number(query.get(preflight ? 'pre.status' : 'status') ?? (preflight ? 204 : 200));
  return { status: Number.isInteger(status) && status >= 200 && status <= 599 ? status : 500, headers, delayMs };
}
