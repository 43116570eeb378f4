// What each stack's snippet must say: how it writes credentials, whether it writes Vary itself,
// and its ordering rule (CORS before auth, before CommonMiddleware, added last, ...).
import type { StackId } from '../../../../src/core/index.ts';

export interface Rule {
  /** Present exactly when credentials are allowed. */
  readonly credentials: RegExp;
  /** The snippet writes Vary: Origin itself (the libraries add it on their own). */
  readonly vary: boolean;
  /** The stack's ordering rule holds in the code. */
  readonly order: (code: string) => boolean;
}

/** `a` appears before `b` (both present). */
const before = (code: string, ...parts: string[]): boolean =>
  parts.every((p, i) => code.includes(p) && (i === 0 || code.indexOf(parts[i - 1] ?? '') < code.indexOf(p)));

export const RULES: Readonly<Record<StackId, Rule>> = {
  express: { credentials: /credentials: true/, vary: false, order: (c) => /^app\.use\(/m.test(c) },
  fastify: {
    credentials: /credentials: true/,
    vary: false,
    order: (c) => /^await fastify\.register\(cors, corsOptions\);$/m.test(c) && c.includes("hook: 'onRequest'"),
  },
  koa: { credentials: /credentials: true/, vary: false, order: (c) => /first app\.use\(\)/.test(c) && c.includes('keepHeadersOnError: true') },
  hono: {
    credentials: /credentials: true/,
    vary: false,
    order: (c) => /Before any auth middleware/.test(c) && /app\.use\(".*", cors\(corsOptions\)\)/.test(c),
  },
  nextjs: {
    credentials: /'Access-Control-Allow-Credentials': 'true'/,
    vary: true,
    order: (c) => before(c, "request.method === 'OPTIONS'", 'status: 204', 'NextResponse.next()'),
  },
  nginx: {
    credentials: /Access-Control-Allow-Credentials "true" always;/,
    vary: true,
    order: (c) =>
      c
        .split('\n')
        .filter((l) => l.includes('add_header'))
        .every((l) => l.endsWith(' always;')) &&
      (!c.includes('OPTIONS') || before(c, 'if ($request_method = OPTIONS)', 'return 204;')),
  },
  apache: {
    credentials: /Header always set Access-Control-Allow-Credentials "true"/,
    vary: true,
    order: (c) => !/Header set/.test(c) && (!c.includes('OPTIONS') || /RewriteRule ".*" - \[R=204,L\]/.test(c)),
  },
  caddy: {
    credentials: /Access-Control-Allow-Credentials "true"/,
    vary: true,
    order: (c) => !c.includes('OPTIONS') || before(c, 'method OPTIONS', 'respond 204'),
  },
  django: {
    credentials: /^CORS_ALLOW_CREDENTIALS = True$/m,
    vary: false,
    order: (c) => before(c, '"corsheaders.middleware.CorsMiddleware"', '"django.middleware.common.CommonMiddleware"'),
  },
  flask: {
    credentials: /"supports_credentials": True/,
    vary: false,
    order: (c) => /right after app = Flask\(__name__\)/.test(c) && /request\.method == "OPTIONS"/.test(c),
  },
  fastapi: {
    credentials: /allow_credentials=True/,
    vary: false,
    order: (c) => /after every other add_middleware/.test(c) && /app\.add_middleware\(\n    CORSMiddleware,/.test(c),
  },
  go: {
    credentials: /h\.Set\("Access-Control-Allow-Credentials", "true"\)/,
    vary: true,
    order: (c) =>
      /withCORS\(auth\(mux\)\)/.test(c) && (!c.includes('MethodOptions') || before(c, 'http.MethodOptions', 'http.StatusNoContent', 'next.ServeHTTP')),
  },
  'go-rs-cors': { credentials: /AllowCredentials: true/, vary: false, order: (c) => /withCORS\(auth\(mux\)\)/.test(c) && c.includes('c.Handler(next)') },
  rails: { credentials: /credentials: true/, vary: false, order: (c) => /middleware\.insert_before 0, Rack::Cors do/.test(c) },
  spring: { credentials: /\.allowCredentials\(true\)/, vary: false, order: (c) => /Spring Security/.test(c) && c.includes('registry.addMapping(') },
  'spring-security': {
    credentials: /setAllowCredentials\(true\)/,
    vary: false,
    order: (c) => before(c, 'http.cors(Customizer.withDefaults())', 'return http.build()'),
  },
  aspnet: {
    credentials: /\.AllowCredentials\(\)/,
    vary: false,
    order: (c) => before(c, 'app.UseRouting();', 'app.UseCors("CorsLens");', 'app.UseAuthentication();', 'app.UseAuthorization();'),
  },
  'cloudflare-workers': {
    credentials: /"Access-Control-Allow-Credentials": "true"/,
    vary: true,
    order: (c) => before(c, "request.method === 'OPTIONS'", 'status: 204', 'await handle('),
  },
};
