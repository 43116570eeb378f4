// Ready-to-paste server configuration for a computed set of CORS requirements. Code only:
// the explanations are fix notes from the catalogue. Inputs are sanitised (origin already
// serialised by the URL parser; header names filtered to tokens) so nothing can break out.

/** What the server must do, independent of server software. */
export interface CorsRequirements {
  /** Path of the API route, e.g. `/api/items`. */
  readonly path: string;
  /** The one origin to allow (`*` only without credentials and for opaque origins). */
  readonly origin: string;
  readonly credentials: boolean;
  /** Empty when no preflight is involved. */
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  readonly preflight: boolean;
  readonly maxAge: number;
}

/** Configuration text per server. */
export interface Snippets {
  readonly express: string;
  readonly nginx: string;
  readonly caddy: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SAFE_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

function q(s: string): string {
  return JSON.stringify(s);
}

/** Keep only values that cannot break the generated syntax. */
export function sanitize(req: CorsRequirements): CorsRequirements {
  return {
    ...req,
    path: SAFE_PATH.test(req.path) && !req.path.includes('"') ? req.path : '/',
    origin: /^[A-Za-z0-9+.\-:/[\]*]+$/.test(req.origin) ? req.origin : 'https://example.invalid',
    methods: req.methods.filter((m) => TOKEN.test(m)),
    headers: req.headers.filter((h) => TOKEN.test(h)),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path segment that names one resource, not a route: a number, a UUID, a hex id, a long opaque token, a redacted value. */
function isResourceId(seg: string): boolean {
  return /^\d+$/.test(seg) || UUID.test(seg) || (/^[0-9a-f]{8,}$/i.test(seg) && /\d/.test(seg))
    || (seg.length >= 16 && /\d/.test(seg) && /[A-Za-z]/.test(seg) && /^[A-Za-z0-9_.~-]+$/.test(seg));
}

/**
 * The route to configure for a request path: the path itself, or, when a segment names one
 * resource (`/items/7`), the prefix before it (`/items`), so every resource of that route is covered.
 */
export function routeOf(path: string): { readonly prefix: string; readonly pinned: boolean } {
  const segments = path.split('/');
  const at = segments.findIndex((seg, i) => i > 0 && isResourceId(seg));
  if (at < 0) return { prefix: path, pinned: false };
  return { prefix: segments.slice(0, at).join('/') || '/', pinned: true };
}

/** `/items` → `/items/` (a prefix that matches only whole segments); `/` stays. */
function dir(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** Express with the `cors` middleware (it answers OPTIONS itself and adds Vary: Origin). */
export function expressSnippet(r: CorsRequirements): string {
  const lines = [`  origin: ${r.origin === '*' ? q('*') : `[${q(r.origin)}]`},`];
  if (r.preflight) {
    lines.push(`  methods: [${r.methods.map(q).join(', ')}],`);
    lines.push(`  allowedHeaders: [${r.headers.map(q).join(', ')}],`);
    lines.push(`  maxAge: ${r.maxAge},`);
  }
  if (r.credentials) lines.push('  credentials: true,');
  const route = routeOf(r.path);
  // app.use(path, …) matches the path and everything under it.
  const scope = route.pinned
    ? [`// ${r.path} is one resource: configure its route, ${route.prefix}, so all of them are covered.`, '// To cover the whole API at once: app.use(cors(corsOptions));']
    : [];
  return [
    "import cors from 'cors';",
    '',
    'const corsOptions = {',
    ...lines,
    '};',
    '',
    ...scope,
    `app.use(${q(route.prefix)}, cors(corsOptions));`,
  ].join('\n');
}

function headerLines(r: CorsRequirements, preflight: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [['Access-Control-Allow-Origin', r.origin]];
  if (r.credentials) out.push(['Access-Control-Allow-Credentials', 'true']);
  if (preflight) {
    if (r.methods.length > 0) out.push(['Access-Control-Allow-Methods', r.methods.join(', ')]);
    if (r.headers.length > 0) out.push(['Access-Control-Allow-Headers', r.headers.join(', ')]);
    out.push(['Access-Control-Max-Age', String(r.maxAge)]);
  }
  if (r.origin !== '*') out.push(['Vary', 'Origin']);
  return out;
}

/** nginx: `always` so error responses carry the headers too; OPTIONS answered with 204. */
export function nginxSnippet(r: CorsRequirements): string {
  const add = (indent: string, [n, v]: [string, string]): string => `${indent}add_header ${n} ${q(v)} always;`;
  const route = routeOf(r.path);
  const out = route.pinned
    ? [
      `# ${r.path} is one resource: this prefix location covers every path under ${dir(route.prefix)}.`,
      '# To cover the whole API, put these lines in the location that serves it (e.g. location /api/).',
      `location ${dir(route.prefix)} {`,
    ]
    : [`location = ${r.path} {`];
  if (r.preflight) {
    out.push('    if ($request_method = OPTIONS) {');
    for (const h of headerLines(r, true)) out.push(add('        ', h));
    out.push('        return 204;', '    }');
  }
  for (const h of headerLines(r, false)) out.push(add('    ', h));
  out.push('    # ...', '}');
  return out.join('\n');
}

/** Caddy v2: a named matcher answers the preflight; `header` decorates every other response. */
export function caddySnippet(r: CorsRequirements): string {
  const out: string[] = [];
  const route = routeOf(r.path);
  const path = route.pinned ? `${dir(route.prefix)}*` : r.path;
  if (route.pinned) {
    out.push(`# ${r.path} is one resource: these matchers cover every path under ${dir(route.prefix)}.`, '# To cover the whole API, match its prefix instead (e.g. /api/*).');
  }
  if (r.preflight) {
    out.push('@corsPreflight {', '    method OPTIONS', `    path ${path}`, '}', 'handle @corsPreflight {');
    for (const [n, v] of headerLines(r, true)) out.push(`    header ${n} ${q(v)}`);
    out.push('    respond 204', '}');
  }
  out.push(`header ${path} {`);
  for (const [n, v] of headerLines(r, false)) out.push(`    ${n} ${q(v)}`);
  out.push('}');
  return out.join('\n');
}

/** All snippets for one set of requirements. */
export function snippets(req: CorsRequirements): Snippets {
  const r = sanitize(req);
  return { express: expressSnippet(r), nginx: nginxSnippet(r), caddy: caddySnippet(r) };
}
