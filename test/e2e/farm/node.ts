// Express, fastify, Koa and Hono: one Node process; each case is a whole app of its own (the
// snippet configures its app, e.g. fastify's and Koa's for every route), in its own module, with
// the snippet inserted verbatim right after the app is made (before the auth layer and the
// routes, as each snippet's `where` says). The process serves each app under its case's prefix.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { code, starting, type HostCase, type StartHost } from './host.ts';
import { listenLine, start } from './process.ts';

/** Per-case module: `__SNIPPET__` is the snippet, `cfg` the case's behaviour; exports a request listener. */
const APPS = {
  express: `import express from 'express';
const cfg = __CFG__;
const app = express();
__SNIPPET__
app.use((req, res, next) => {
  if (cfg.auth && !req.get('x-token')) return res.status(401).send('no token');
  next();
});
app.use((req, res) => {
  if (req.method !== cfg.method) return res.status(404).send('no route');
  if (cfg.fails) throw new Error('the route failed');
  if (cfg.expose) res.set('X-Total-Count', '42');
  res.json({ ok: true });
});
export default app;
`,
  fastify: `import http from 'node:http';
import Fastify from 'fastify';
const cfg = __CFG__;
let listener;
// Never listened on: the process's server hands it the requests of this case.
const fastify = Fastify({ serverFactory: (handler) => { listener = handler; return http.createServer(handler); } });
__SNIPPET__
fastify.addHook('onRequest', async (req, reply) => {
  if (cfg.auth && !req.headers['x-token']) return reply.code(401).send('no token');
});
fastify.route({ method: cfg.method, url: '/*', handler: async (req, reply) => {
  if (cfg.fails) throw new Error('the route failed');
  if (cfg.expose) reply.header('X-Total-Count', '42');
  return { ok: true };
} });
await fastify.ready();
export default (req, res) => listener(req, res);
`,
  koa: `import Koa from 'koa';
const cfg = __CFG__;
const app = new Koa();
app.silent = true;
__SNIPPET__
app.use(async (ctx, next) => {
  if (cfg.auth && !ctx.get('x-token')) { ctx.status = 401; ctx.body = 'no token'; return; }
  await next();
});
app.use(async (ctx) => {
  if (ctx.method !== cfg.method) { ctx.status = 404; ctx.body = 'no route'; return; }
  if (cfg.fails) throw new Error('the route failed');
  if (cfg.expose) ctx.set('X-Total-Count', '42');
  ctx.body = { ok: true };
});
export default app.callback();
`,
  hono: `import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
const cfg = __CFG__;
const app = new Hono();
__SNIPPET__
app.use('*', async (c, next) => {
  if (cfg.auth && !c.req.header('x-token')) return c.text('no token', 401);
  await next();
});
app.all('*', (c) => {
  if (c.req.method !== cfg.method) return c.text('no route', 404);
  if (cfg.fails) throw new Error('the route failed');
  if (cfg.expose) c.header('X-Total-Count', '42');
  return c.json({ ok: true });
});
export default getRequestListener(app.fetch);
`,
} as const;

export type NodeStack = keyof typeof APPS;

/** The process: each request goes to the app of its path's prefix (the path is passed on whole). */
function main(modules: ReadonlyArray<readonly [string, string]>): string {
  return `import http from 'node:http';
${modules.map(([, file], i) => `import app${i} from './${file}';`).join('\n')}
const apps = { ${modules.map(([prefix], i) => `${JSON.stringify(prefix)}: app${i}`).join(', ')} };
const server = http.createServer((req, res) => {
  const m = /^\\/s[0-9]+(?=\\/)/.exec(req.url ?? '');
  const app = m === null ? undefined : apps[m[0]];
  if (app === undefined) { res.statusCode = 404; return res.end('no case'); }
  app(req, res);
});
server.listen(0, '127.0.0.1', () => console.log('LISTEN ' + server.address().port));
`;
}

/** A Node app per case, in one process. */
export const nodeHost =
  (stack: NodeStack): StartHost =>
  (cases, dir) =>
    starting(async (started) => {
      const modules = cases.map((c: HostCase) => {
        const file = `${stack}${c.prefix.replace('/', '-')}.mjs`;
        writeFileSync(
          join(dir, file),
          APPS[stack].replace('__CFG__', JSON.stringify(c.app)).replace('__SNIPPET__', () => code(c, stack)),
        );
        return [c.prefix, file] as const;
      });
      const entry = join(dir, `${stack}-main.mjs`);
      writeFileSync(entry, main(modules));
      const p = start(process.execPath, [entry], { cwd: dir });
      started.push(p);
      const port = await listenLine(stack, p);
      return () => `http://127.0.0.1:${port}`;
    });

/**
 * The app behind a proxy (nginx, Apache, Caddy): no CORS of its own; per prefix the case's auth
 * layer, route and failure; with `ownAcao` its own Access-Control-Allow-Origin (the duplicate).
 */
export const BACKEND = `import http from 'node:http';
const cfgs = JSON.parse(process.env.FARM_CASES);
const server = http.createServer((req, res) => {
  const m = /^\\/s[0-9]+(?=\\/)/.exec(req.url ?? '');
  const cfg = m === null ? undefined : cfgs[m[0]];
  if (cfg === undefined) { res.statusCode = 404; return res.end('no case'); }
  if (cfg.ownAcao) res.setHeader('Access-Control-Allow-Origin', '*');
  if (cfg.auth && !req.headers['x-token']) { res.statusCode = 401; return res.end('no token'); }
  if (req.method !== cfg.method) { res.statusCode = 404; return res.end('no route'); }
  if (cfg.expose) res.setHeader('X-Total-Count', '42');
  res.statusCode = cfg.fails ? 500 : 200;
  res.setHeader('Content-Type', 'application/json');
  res.end(cfg.fails ? '{"error":"the route failed"}' : '{"ok":true}');
});
server.listen(0, '127.0.0.1', () => console.log('LISTEN ' + server.address().port));
`;
