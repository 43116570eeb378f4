// Cloudflare Workers: no middleware, so the fetch handler answers the preflight itself before
// any auth check, and decorates every response, errors included.
import { js } from './quote.ts';
import { anyOrigin, headerLines, type CorsRequirements } from './requirements.ts';

const entries = (pairs: ReadonlyArray<[string, string]>): string => pairs.map(([n, v]) => `  ${js(n)}: ${js(v)},`).join('\n');

/** A Worker wrapping your existing handler (`handle`). */
export function workersSnippet(r: CorsRequirements): string {
  const every = headerLines(r, false);
  const preflight = headerLines(r, true);
  const out = [
    '// The Worker entry: the preflight is answered before your handler (and its auth) runs,',
    '// and every response, errors included, gets the headers.',
    `const ALLOWED_ORIGIN = ${js(r.origin)};`,
    `const CORS = {\n${entries(every)}\n};`,
    `const PREFLIGHT = {\n${entries(preflight)}\n};`,
    '',
    'export default {',
    '  async fetch(request, env, ctx) {',
    anyOrigin(r) ? '    const allowed = true;' : "    const allowed = request.headers.get('Origin') === ALLOWED_ORIGIN;",
    "    if (request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method')) {",
    `      return new Response(null, { status: 204, headers: ${anyOrigin(r) ? 'PREFLIGHT' : "allowed ? PREFLIGHT : { Vary: 'Origin' }"} });`,
    '    }',
    '    let response;',
    '    try {',
    '      response = await handle(request, env, ctx); // your existing handler',
    '    } catch {',
    "      response = new Response('Internal Server Error', { status: 500 });",
    '    }',
    '    response = new Response(response.body, response);',
    '    if (allowed) for (const [name, value] of Object.entries(CORS)) response.headers.set(name, value);',
    ...(anyOrigin(r) ? [] : ["    else response.headers.append('Vary', 'Origin');"]),
    '    return response;',
    '  },',
    '};',
  ];
  return out.join('\n');
}
