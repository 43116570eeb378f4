// Go: a net/http middleware written out, and github.com/rs/cors. Both wrap the whole handler,
// outside any auth middleware, so the preflight is answered before authentication.
import { go, list } from './quote.ts';
import { anyOrigin, expose, headerLines, methodsWithDefaults, type CorsRequirements } from './requirements.ts';

/** net/http: a handler wrapper; only the exact origin gets Access-Control-Allow-Origin. */
export function goNetHttpSnippet(r: CorsRequirements): string {
  const every = headerLines(r, false).filter(([n]) => n !== 'Vary');
  const preflight = headerLines(r, true).filter(([n]) => !every.some(([m]) => m === n) && n !== 'Vary');
  const set = (indent: string, [n, v]: [string, string]): string => `${indent}h.Set(${go(n)}, ${go(v)})`;
  const out = [
    '// Wrap the whole handler, outside auth: http.ListenAndServe(addr, withCORS(auth(mux))).',
    'func withCORS(next http.Handler) http.Handler {',
    '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
    '\t\th := w.Header()',
  ];
  if (anyOrigin(r)) {
    out.push('\t\tallowed := true');
  } else {
    out.push('\t\th.Add("Vary", "Origin")', `\t\tallowed := r.Header.Get("Origin") == ${go(r.origin)}`);
  }
  out.push('\t\tif allowed {', ...every.map((x) => set('\t\t\t', x)), '\t\t}');
  if (r.preflight) {
    out.push(
      '\t\tif r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {',
      '\t\t\tif allowed {',
      ...preflight.map((x) => set('\t\t\t\t', x)),
      '\t\t\t}',
      '\t\t\tw.WriteHeader(http.StatusNoContent)',
      '\t\t\treturn',
      '\t\t}',
    );
  }
  out.push('\t\tnext.ServeHTTP(w, r)', '\t})', '}');
  return out.join('\n');
}

/** rs/cors: it checks the actual request's method too, so its defaults (GET, HEAD, POST) stay. */
export function goRsCorsSnippet(r: CorsRequirements): string {
  const opts = [`\t\tAllowedOrigins:   []string{${go(r.origin)}},`, `\t\tAllowedMethods:   []string{${list(methodsWithDefaults(r), go)}},`];
  if (r.preflight && r.headers.length > 0) opts.push(`\t\tAllowedHeaders:   []string{${list(r.headers, go)}},`);
  if (expose(r).length > 0) opts.push(`\t\tExposedHeaders:   []string{${list(expose(r), go)}},`);
  if (r.credentials) opts.push('\t\tAllowCredentials: true,');
  if (r.preflight) opts.push(`\t\tMaxAge:           ${r.maxAge},`);
  return [
    '// import "github.com/rs/cors"',
    '// Wrap the whole handler, outside auth: http.ListenAndServe(addr, withCORS(auth(mux))).',
    'func withCORS(next http.Handler) http.Handler {',
    '\tc := cors.New(cors.Options{',
    ...opts,
    '\t})',
    '\treturn c.Handler(next)',
    '}',
  ].join('\n');
}
