// Node.js: the CORS middleware of Express, fastify, Koa and Hono share one shape (an options
// object, registered before the routes and auth), so they are one table; Next.js has none and
// gets a middleware that sets the headers itself.
import { js, list } from './quote.ts';
import { anyOrigin, expose, has, routeGlob, routeOf, type CorsRequirements } from './requirements.ts';

interface OptionsLibrary {
  readonly import: string;
  /** Option names: origin, methods, request headers, exposed headers, credentials, max age. */
  readonly keys: readonly [string, string, string, string, string, string];
  /** The origin option's value for one exact origin. */
  readonly origin: (origin: string) => string;
  /** Extra options (after the shared ones). */
  readonly extra: readonly string[];
  /** The registration line(s), given the options object's name. */
  readonly register: (r: CorsRequirements) => readonly string[];
}

const LIBRARIES = {
  express: {
    import: "import cors from 'cors';",
    keys: ['origin', 'methods', 'allowedHeaders', 'exposedHeaders', 'credentials', 'maxAge'],
    origin: (o) => `[${js(o)}]`,
    extra: [],
    register: (r) => {
      const route = routeOf(r.path);
      // app.use(path, …) matches the path and everything under it.
      const scope = route.pinned
        ? [
            `// ${r.path} is one resource: configure its route, ${route.prefix}, so all of them are covered.`,
            '// To cover the whole API at once: app.use(cors(corsOptions));',
          ]
        : [];
      return [...scope, `app.use(${js(route.prefix)}, cors(corsOptions));`];
    },
  },
  fastify: {
    import: "import cors from '@fastify/cors';",
    keys: ['origin', 'methods', 'allowedHeaders', 'exposedHeaders', 'credentials', 'maxAge'],
    origin: (o) => `[${js(o)}]`,
    extra: ["  hook: 'onRequest', // before your auth hooks: onRequest hooks run in registration order"],
    register: () => [
      '// On the root instance, before your routes and auth (not inside a plugin: that would scope it to its routes).',
      'await fastify.register(cors, corsOptions);',
    ],
  },
  koa: {
    import: "import cors from '@koa/cors';",
    keys: ['origin', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'credentials', 'maxAge'],
    origin: (o) => js(o),
    extra: ['  keepHeadersOnError: true,'],
    register: () => ['// The first app.use(): before auth and the router, so it answers OPTIONS itself.', 'app.use(cors(corsOptions));'],
  },
  hono: {
    import: "import { cors } from 'hono/cors';",
    keys: ['origin', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'credentials', 'maxAge'],
    origin: (o) => js(o),
    extra: [],
    register: (r) => ['// Before any auth middleware: app.use() runs in the order it is called.', `app.use(${js(routeGlob(r))}, cors(corsOptions));`],
  },
} as const satisfies Readonly<Record<string, OptionsLibrary>>;

export type NodeLibrary = keyof typeof LIBRARIES;

/** The options-object snippet of Express (`cors`), fastify, Koa or Hono. */
export function optionsSnippet(name: NodeLibrary, r: CorsRequirements): string {
  const lib: OptionsLibrary = LIBRARIES[name];
  const [origin, methods, headers, exposed, credentials, maxAge] = lib.keys;
  const lines = [`  ${origin}: ${anyOrigin(r) ? js('*') : lib.origin(r.origin)},`];
  if (r.preflight) {
    lines.push(`  ${methods}: [${list(r.methods, js)}],`);
    lines.push(`  ${headers}: [${list(r.headers, js)}],`);
    lines.push(`  ${maxAge}: ${r.maxAge},`);
  }
  if (expose(r).length > 0) lines.push(`  ${exposed}: [${list(expose(r), js)}],`);
  if (r.credentials) lines.push(`  ${credentials}: true,`);
  lines.push(...lib.extra);
  return [lib.import, '', 'const corsOptions = {', ...lines, '};', '', ...lib.register(r)].join('\n');
}

/** Express with the `cors` middleware (it answers OPTIONS itself and adds Vary: Origin). */
export const expressSnippet = (r: CorsRequirements): string => optionsSnippet('express', r);

/** Next.js: middleware.js (proxy.js from Next.js 16) runs before route handlers and their auth. */
export function nextSnippet(r: CorsRequirements): string {
  const any = anyOrigin(r);
  const every: string[] = [];
  if (r.credentials) every.push(`  'Access-Control-Allow-Credentials': 'true',`);
  if (expose(r).length > 0) every.push(`  'Access-Control-Expose-Headers': ${js(expose(r).join(', '))},`);
  const preflight = r.preflight
    ? [
        `  'Access-Control-Allow-Methods': ${js(r.methods.join(', '))},`,
        `  'Access-Control-Allow-Headers': ${js(r.headers.join(', '))},`,
        `  'Access-Control-Max-Age': ${js(String(r.maxAge))},`,
      ]
    : [];
  return [
    "import { NextResponse } from 'next/server';",
    '',
    `const allowedOrigin = ${js(r.origin)};`,
    `const corsHeaders = {\n${every.join('\n')}${every.length > 0 ? '\n' : ''}};`,
    `const preflightHeaders = {\n${preflight.join('\n')}${preflight.length > 0 ? '\n' : ''}};`,
    '',
    '// The default export: Next.js runs it from middleware.js and, from Next.js 16, from proxy.js',
    '// (where a function named `middleware` is refused).',
    "/** @param {import('next/server').NextRequest} request */",
    'export default function middleware(request) {',
    any ? "  const origin = '*';" : "  const origin = request.headers.get('origin') === allowedOrigin ? allowedOrigin : null;",
    `  const cors = origin === null ? {} : { 'Access-Control-Allow-Origin': origin, ...corsHeaders };`,
    ...(any ? [] : ["  const vary = { Vary: 'Origin' };"]),
    has(r, 'preflight-auth')
      ? '  // Answered here, before the route handler and its authentication check.'
      : '  // The preflight: answered here, before any route handler.',
    "  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {",
    `    return new NextResponse(null, { status: 204, headers: { ...cors, ...${any ? '' : 'vary, ...'}(origin === null ? {} : preflightHeaders) } });`,
    '  }',
    '  const response = NextResponse.next();',
    `  for (const [name, value] of Object.entries({ ...cors${any ? '' : ', ...vary'} })) response.headers.set(name, value);`,
    '  return response;',
    '}',
    '',
    `export const config = { matcher: ${js(routeGlob(r, ':path*'))} };`,
  ].join('\n');
}
