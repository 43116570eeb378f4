// What the server must do for one failing request, independent of server software, and the
// helpers every snippet generator shares. Inputs are sanitised here, once: the origin as the URL
// parser serialises it, header names and methods filtered to tokens, the path to URL characters.

/** A failure the snippet must fix by where it puts CORS, not only by which headers it sends. */
export type CorsCause =
  /** The preflight was answered 401/403: authentication ran before CORS. */
  | 'preflight-auth'
  /** The preflight was answered 404/405: no OPTIONS route. */
  | 'preflight-no-route'
  /** An error status (5xx) came back without CORS headers. */
  | 'error-status'
  /** Access-Control-Allow-Origin was sent twice (e.g. by a proxy and by the app). */
  | 'duplicate-origin';

/** What the server must do, independent of server software. */
export interface CorsRequirements {
  /** Path of the API route, e.g. `/api/items`. */
  readonly path: string;
  /** The one origin to allow (`*` only without credentials and for opaque origins). */
  readonly origin: string;
  /** The page sends credentials: Access-Control-Allow-Credentials: true, and no `*` anywhere. */
  readonly credentials: boolean;
  /**
   * Methods to allow: the server's own list (from a preflight it answered) plus the request's
   * method when that needs a preflight; so it may be empty, or listed while `preflight` is false.
   * Libraries that check the actual request's method too (Spring, rs/cors, rack-cors) print it
   * either way (methodsWithDefaults).
   */
  readonly methods: readonly string[];
  /**
   * Request headers to allow (Access-Control-Allow-Headers): the server's own list plus the
   * non-safelisted headers the request sent, lower-cased as the preflight names them.
   */
  readonly headers: readonly string[];
  /** The request is preflighted, so the OPTIONS answer must carry the allow lists too. */
  readonly preflight: boolean;
  /**
   * Access-Control-Max-Age in seconds: the server's own value when valid under both browsers'
   * caps, else the suggested 600 (fix.ts SUGGESTED_MAX_AGE). Only sent on a preflight.
   */
  readonly maxAge: number;
  /** Response headers the page may read (Access-Control-Expose-Headers); kept from the server. */
  readonly expose?: readonly string[];
  /** Ordering failures seen in this exchange. */
  readonly causes?: readonly CorsCause[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SAFE_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/** Keep only values that cannot break the generated syntax. */
export function sanitize(req: CorsRequirements): CorsRequirements {
  return {
    ...req,
    path: SAFE_PATH.test(req.path) && !req.path.includes('"') ? req.path : '/',
    origin: /^[A-Za-z0-9+.\-:/[\]*]+$/.test(req.origin) ? req.origin : 'https://example.invalid',
    methods: req.methods.filter((m) => TOKEN.test(m)),
    headers: req.headers.filter((h) => TOKEN.test(h)),
    expose: (req.expose ?? []).filter((h) => TOKEN.test(h)),
    causes: req.causes ?? [],
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path segment that names one resource, not a route: a number, a UUID, a hex id, a long opaque token, a redacted value. */
function isResourceId(seg: string): boolean {
  return (
    /^\d+$/.test(seg) ||
    UUID.test(seg) ||
    (/^[0-9a-f]{8,}$/i.test(seg) && /\d/.test(seg)) ||
    (seg.length >= 16 && /\d/.test(seg) && /[A-Za-z]/.test(seg) && /^[A-Za-z0-9_.~-]+$/.test(seg))
  );
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
export function dir(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** The route as a glob: `/items/*` when pinned to a prefix, else the exact path. */
export function routeGlob(r: CorsRequirements, star = '*'): string {
  const route = routeOf(r.path);
  return route.pinned ? `${dir(route.prefix)}${star}` : r.path;
}

export const has = (r: CorsRequirements, cause: CorsCause): boolean => (r.causes ?? []).includes(cause);
export const anyOrigin = (r: CorsRequirements): boolean => r.origin === '*';
export const expose = (r: CorsRequirements): readonly string[] => r.expose ?? [];

/** Methods for libraries that also check the actual request's method (Spring, rs/cors): their defaults kept. */
export function methodsWithDefaults(r: CorsRequirements): string[] {
  return [...new Set(['GET', 'HEAD', 'POST', ...r.methods])];
}

/** The CORS header lines of a response: every response, or (`preflight`) the OPTIONS answer. */
export function headerLines(r: CorsRequirements, preflight: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [['Access-Control-Allow-Origin', r.origin]];
  if (r.credentials) out.push(['Access-Control-Allow-Credentials', 'true']);
  if (preflight) {
    if (r.methods.length > 0) out.push(['Access-Control-Allow-Methods', r.methods.join(', ')]);
    if (r.headers.length > 0) out.push(['Access-Control-Allow-Headers', r.headers.join(', ')]);
    out.push(['Access-Control-Max-Age', String(r.maxAge)]);
  } else if (expose(r).length > 0) out.push(['Access-Control-Expose-Headers', expose(r).join(', ')]);
  if (r.origin !== '*') out.push(['Vary', 'Origin']);
  return out;
}
