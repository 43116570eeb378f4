// The server stacks CORS Lens writes a fix for: their ids (the CLI's `--stack`), names, where
// each snippet goes, and the generator. VERIFIED_STACKS are the ones the snippet farm proves
// (test/e2e/snippet-farm.test.ts); every stack links to its own CORS documentation.
import { goNetHttpSnippet, goRsCorsSnippet } from './go.ts';
import { aspnetSnippet, springMvcSnippet, springSecuritySnippet } from './jvm-dotnet.ts';
import { nextSnippet, optionsSnippet } from './node.ts';
import { apacheSnippet, caddySnippet, nginxSnippet } from './proxies.ts';
import { djangoSnippet, fastapiSnippet, flaskSnippet } from './python.ts';
import { sanitize, type CorsRequirements } from './requirements.ts';
import { rackCorsSnippet } from './ruby.ts';
import { workersSnippet } from './workers.ts';
import { en } from '../messages/en.ts';

export const STACK_IDS = [
  'express',
  'fastify',
  'koa',
  'hono',
  'nextjs',
  'nginx',
  'apache',
  'caddy',
  'django',
  'flask',
  'fastapi',
  'go',
  'go-rs-cors',
  'rails',
  'spring',
  'spring-security',
  'aspnet',
  'cloudflare-workers',
] as const;
export type StackId = (typeof STACK_IDS)[number];

export interface Stack {
  readonly id: StackId;
  /** The stack's name, e.g. `Express (cors)`. */
  readonly name: string;
  /** The code block's language (a Markdown fence info string). */
  readonly language: string;
  /** The stack's own CORS documentation. */
  readonly docs: string;
  /** Where the snippet goes (file, block, middleware order), in one line. */
  readonly where: string;
  readonly generate: (r: CorsRequirements) => string;
}

/** The stacks the snippet farm does not run: their snippets are marked "not verified". */
const NOT_FARMED: ReadonlySet<StackId> = new Set<StackId>(['spring', 'spring-security', 'aspnet']);

/**
 * The stacks whose snippets the snippet farm proves: for every failing scenario, the real server
 * configured with exactly the snippet makes the page's request pass in real Chromium, and another
 * origin is still refused. Only stacks the farm runs (test/e2e/farm/stacks.ts FARM_STACKS) may be
 * here: test/unit/core/snippets/verified.test.ts checks it. The others are marked "not verified".
 */
export const VERIFIED_STACKS: readonly StackId[] = STACK_IDS.filter((id) => !NOT_FARMED.has(id));

// Where each snippet goes is prose: the catalogue's (`stackWhere`), English here; a report in
// another language reads its own catalogue's line.
const s = (id: StackId, name: string, language: string, docs: string, generate: (r: CorsRequirements) => string): Stack => ({
  id,
  name,
  language,
  docs,
  where: en.stackWhere[id],
  generate,
});

export const STACKS: readonly Stack[] = [
  s('express', 'Express (cors)', 'js', 'https://expressjs.com/en/resources/middleware/cors.html', (r) => optionsSnippet('express', r)),
  s('fastify', 'fastify (@fastify/cors)', 'js', 'https://github.com/fastify/fastify-cors', (r) => optionsSnippet('fastify', r)),
  s('koa', 'Koa (@koa/cors)', 'js', 'https://github.com/koajs/cors', (r) => optionsSnippet('koa', r)),
  s('hono', 'Hono (hono/cors)', 'js', 'https://hono.dev/docs/middleware/builtin/cors', (r) => optionsSnippet('hono', r)),
  s('nextjs', 'Next.js (middleware)', 'js', 'https://nextjs.org/docs/app/api-reference/file-conventions/proxy', nextSnippet),
  s('nginx', 'nginx', 'nginx', 'https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header', nginxSnippet),
  s('apache', 'Apache httpd', 'apache', 'https://httpd.apache.org/docs/2.4/mod/mod_headers.html', apacheSnippet),
  s('caddy', 'Caddy', 'caddy', 'https://caddyserver.com/docs/caddyfile/directives/header', caddySnippet),
  s('django', 'Django (django-cors-headers)', 'python', 'https://github.com/adamchainz/django-cors-headers', djangoSnippet),
  s('flask', 'Flask (flask-cors)', 'python', 'https://flask-cors.readthedocs.io/', flaskSnippet),
  s('fastapi', 'FastAPI / Starlette (CORSMiddleware)', 'python', 'https://fastapi.tiangolo.com/tutorial/cors/', fastapiSnippet),
  s('go', 'Go (net/http)', 'go', 'https://pkg.go.dev/net/http#Handler', goNetHttpSnippet),
  s('go-rs-cors', 'Go (rs/cors)', 'go', 'https://github.com/rs/cors', goRsCorsSnippet),
  s('rails', 'Rails (rack-cors)', 'ruby', 'https://github.com/cyu/rack-cors', rackCorsSnippet),
  s('spring', 'Spring Boot (MVC)', 'java', 'https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html', springMvcSnippet),
  s(
    'spring-security',
    'Spring Boot (Security)',
    'java',
    'https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html',
    springSecuritySnippet,
  ),
  s('aspnet', 'ASP.NET Core', 'csharp', 'https://learn.microsoft.com/aspnet/core/security/cors', aspnetSnippet),
  s('cloudflare-workers', 'Cloudflare Workers', 'js', 'https://developers.cloudflare.com/workers/examples/cors-header-proxy/', workersSnippet),
];

export const isStackId = (id: string): id is StackId => (STACK_IDS as readonly string[]).includes(id);

function stackOf(id: StackId): Stack {
  const found = STACKS.find((x) => x.id === id);
  if (found === undefined) throw new Error(`no stack ${id}`);
  return found;
}

/** One stack's snippet for a set of requirements. */
export interface StackSnippet {
  readonly stack: StackId;
  readonly name: string;
  readonly language: string;
  readonly where: string;
  readonly docs: string;
  /** The snippet farm proves this stack's snippets in a real browser against the real server (VERIFIED_STACKS). */
  readonly verified: boolean;
  readonly code: string;
}

/** Every stack's snippet, the chosen one first. */
export function stackSnippets(req: CorsRequirements, first?: StackId): StackSnippet[] {
  const r = sanitize(req);
  const ordered = first === undefined ? STACKS : [stackOf(first), ...STACKS.filter((x) => x.id !== first)];
  return ordered.map((x) => ({
    stack: x.id,
    name: x.name,
    language: x.language,
    where: x.where,
    docs: x.docs,
    verified: VERIFIED_STACKS.includes(x.id),
    code: x.generate(r),
  }));
}
