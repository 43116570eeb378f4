// Cloudflare Workers: the real Workers runtime, `workerd` (npm `workerd`, whose platform package
// `@cloudflare/workerd-linux-64` carries the binary in its tarball: no install script runs, see
// package.json allowScripts), serving ONE config with one worker per case, each on its own
// 127.0.0.1 port.
//
// The snippet is a whole Worker module: it default-exports `{ fetch }` and calls `handle(request,
// env, ctx)`, "your existing handler", a name it leaves to the module. Each case's worker is one
// ES module: the case's handler declared as `handle`, then the snippet's text verbatim, unchanged
// (appended after a blank line). So the worker's entry is exactly the snippet's default export,
// wrapping the handler the snippet names, as it would in a real Worker file; nothing stands
// between workerd and the snippet.
//
// The handler behaves as `AppBehaviour` says: only the case's method (anything else, OPTIONS
// included, 404: a Worker has no OPTIONS handling of its own), 401 without X-Token, a thrown error
// where the case fails (the snippet's catch is the Worker's error path), X-Total-Count: 42 where
// the page reads it; like the other app stacks, no Access-Control-Allow-Origin of its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { code, starting, type HostCase, type StartHost } from './host.ts';
import { binary, freePorts, portOpen, ROOT, start } from './process.ts';

const WORKERD = join(ROOT, 'node_modules/@cloudflare/workerd-linux-64/bin/workerd');

/** The case's app: the handler the snippet wraps. */
const handler = (c: HostCase): string => `const cfg = ${JSON.stringify(c.app)};

async function handle(request, env, ctx) {
  if (request.method !== cfg.method) return new Response('not found', { status: 404 });
  if (cfg.auth && !request.headers.get('x-token')) return new Response('no token', { status: 401 });
  if (cfg.fails) throw new Error('the handler failed');
  return Response.json({ ok: true }, { headers: cfg.expose ? { 'X-Total-Count': '42' } : {} });
}
`;

const name = (c: HostCase): string => c.prefix.slice(1);

/** The workerd config: per case, a worker (its module) and a socket on its port. */
function config(cases: readonly HostCase[], ports: readonly number[]): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${cases.map((c) => `    (name = "${name(c)}", worker = (modules = [(name = "worker.js", esModule = embed "${name(c)}.js")], compatibilityDate = "2024-09-23")),`).join('\n')}
  ],
  sockets = [
${cases.map((c, i) => `    (name = "${name(c)}", address = "127.0.0.1:${ports[i]}", http = (), service = "${name(c)}"),`).join('\n')}
  ],
);
`;
}

export const workersHost: StartHost = (cases, dir) =>
  starting(async (started) => {
    const bin = binary('workerd', [WORKERD], 'npm install (the workerd devDependency)');
    const app = join(dir, 'workerd');
    mkdirSync(app, { recursive: true });
    for (const c of cases) writeFileSync(join(app, `${name(c)}.js`), `${handler(c)}\n${code(c, 'cloudflare-workers')}\n`);
    const ports = await freePorts(cases.length);
    writeFileSync(join(app, 'config.capnp'), config(cases, ports));
    const server = start(bin, ['serve', join(app, 'config.capnp')], { cwd: app });
    started.push(server);
    for (const p of ports) await portOpen('workerd', p, server);
    const byPrefix = new Map(cases.map((c, i) => [c.prefix, `http://127.0.0.1:${ports[i]}`]));
    return (prefix) => {
      const origin = byPrefix.get(prefix);
      if (origin === undefined) throw new Error(`workerd serves no case ${prefix}`);
      return origin;
    };
  });
