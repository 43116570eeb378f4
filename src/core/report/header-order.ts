// Which headers a report shows, in which order: the CORS ones first (what the server owner
// must look at), then the rest as captured, without the transport noise every request has.
import type { HeaderEntry } from '../exchange.ts';

const CORS_FIRST = [
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-expose-headers',
  'vary',
];

// Present on nearly every exchange and never part of a CORS problem.
const NOISE =
  /^(accept-encoding|accept-language|connection|keep-alive|transfer-encoding|date|host|user-agent|priority|sec-ch-ua.*|sec-fetch-(dest|site|user)|:.*)$/i;

function rank(name: string): number {
  const i = CORS_FIRST.indexOf(name.toLowerCase());
  if (i >= 0) return i;
  return name.toLowerCase().startsWith('access-control-') ? CORS_FIRST.length : CORS_FIRST.length + 1;
}

/** The headers worth showing, CORS ones first (stable otherwise), and the names left out. */
export function headersThatMatter(headers: readonly HeaderEntry[]): { shown: HeaderEntry[]; omitted: string[] } {
  const shown = headers
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => !NOISE.test(h.name))
    .sort((a, b) => rank(a.h.name) - rank(b.h.name) || a.i - b.i)
    .map(({ h }) => h);
  const omitted = [...new Set(headers.filter((h) => NOISE.test(h.name)).map((h) => h.name))];
  return { shown, omitted };
}
