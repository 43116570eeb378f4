// Next.js: ONE app (app router) holding every case, built with `next build` and served by
// `next start` (production) on loopback. Each case's routes are one route handler for every path
// under its prefix (`app/s3/[...path]/route.js`), exporting only the case's method (no OPTIONS
// handler), with the case's auth check and failure, and the exposed header.
//
// The snippet is a whole middleware file, and Next.js takes exactly one per app (`proxy.js` from
// Next.js 16, as the snippet's `where` says). So each case's snippet is written verbatim as its
// own module (`cors/s3.js`), and the app's `proxy.js` only routes: its `config.matcher` is the
// list of every snippet's own matcher, copied as the snippet spells it (Next.js reads it
// statically, so it must be a literal in that file), and a request it lets in goes to the default
// export (what Next.js runs) of its path's prefix's snippet. The prefixes are disjoint and each
// snippet's matcher starts with its own prefix, so a request reaches a snippet's function exactly
// when that snippet's matcher matches it, as Next.js itself decides: the same calls, with the
// same requests, as if that snippet were the app's only proxy.js. The dispatcher is itself a
// default-exported function in proxy.js, the form the snippet has.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { code, starting, type HostCase, type StartHost } from './host.ts';
import { freePorts, portOpen, ROOT, start } from './process.ts';

const NEXT = join(ROOT, 'node_modules/next/dist/bin/next');

/**
 * A route handler: only the case's method, as `AppBehaviour` says. Like the other app stacks'
 * apps (node.ts, python.ts, go.ts, ruby.ts), it sends no Access-Control-Allow-Origin of its own:
 * `ownAcao` is the app behind a proxy (node.ts BACKEND), whose snippet must hide it; here the
 * snippet is the app's CORS.
 */
const route = (c: HostCase): string => `const cfg = ${JSON.stringify(c.app)};

export const dynamic = 'force-dynamic';

export async function ${c.app.method}(request) {
  if (cfg.auth && !request.headers.get('x-token')) return new Response('no token', { status: 401 });
  if (cfg.fails) throw new Error('the route failed');
  return Response.json({ ok: true }, { headers: cfg.expose ? { 'X-Total-Count': '42' } : {} });
}
`;

/** The snippet's `config.matcher` value, as the snippet spells it. */
function matcher(snippet: string): string {
  const m = /^export const config = \{ matcher: (.+) \};$/m.exec(snippet);
  if (m === null) throw new Error(`the Next.js snippet has no config.matcher:\n${snippet}`);
  return m[1]!;
}

/** The app's one proxy.js: every snippet's matcher, and the request handed to its prefix's snippet. */
function proxy(cases: readonly HostCase[]): string {
  const name = (c: HostCase): string => c.prefix.slice(1);
  return `${cases.map((c) => `import ${name(c)} from './cors/${name(c)}.js';`).join('\n')}

const byPrefix = { ${cases.map((c) => `${JSON.stringify(c.prefix)}: ${name(c)}`).join(', ')} };

export default function proxy(request) {
  const m = /^\\/s[0-9]+(?=\\/)/.exec(request.nextUrl.pathname);
  return byPrefix[m[0]](request);
}

export const config = { matcher: [
${cases.map((c) => `  ${matcher(code(c, 'nextjs'))},`).join('\n')}
] };
`;
}

/** The deepest folder holding both `a` and `b` (absolute paths). */
function common(a: string, b: string): string {
  const [x, y] = [a.split(sep), b.split(sep)];
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return x.slice(0, n).join(sep) || sep;
}

export const nextHost: StartHost = (cases, dir) =>
  starting(async (started) => {
    const app = join(dir, 'next-app');
    mkdirSync(join(app, 'cors'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
    writeFileSync(join(app, 'package.json'), '{ "private": true, "type": "module" }\n');
    // node_modules is a link to the repository's: Turbopack compiles only files under its root,
    // so the root is the folder holding both the app and the repository.
    const root = JSON.stringify(common(app, ROOT));
    writeFileSync(join(app, 'next.config.mjs'), `export default { turbopack: { root: ${root} }, outputFileTracingRoot: ${root} };\n`);
    mkdirSync(join(app, 'app'), { recursive: true });
    writeFileSync(join(app, 'app/layout.js'), 'export default function Layout({ children }) { return children; }\n');
    for (const c of cases) {
      writeFileSync(join(app, 'cors', `${c.prefix.slice(1)}.js`), code(c, 'nextjs'));
      const folder = join(app, 'app', c.prefix.slice(1), '[...path]');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'route.js'), route(c));
    }
    writeFileSync(join(app, 'proxy.js'), proxy(cases));
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
    const build = start(process.execPath, [NEXT, 'build'], { cwd: app, env });
    started.push(build);
    const status = await new Promise<number | null>((resolve) => build.child.once('close', (n) => resolve(n)));
    if (status !== 0) throw new Error(`next build failed (${status}):\n${build.log()}`);
    const [port] = await freePorts(1);
    const server = start(process.execPath, [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: app, env });
    started.push(server);
    await portOpen('next start', port!, server);
    return () => `http://127.0.0.1:${port}`;
  });
