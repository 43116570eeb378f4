// nginx, Apache httpd and Caddy in front of the app (node.ts BACKEND, one process for every
// case): each case's snippet verbatim in the server's configuration, the proxying to the app
// where the snippet says the route's own handling goes. Each server runs in the foreground as a
// single process, on ports asked of the OS just before.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { behaviours, code, starting, type HostCase, type StartHost } from './host.ts';
import { BACKEND } from './node.ts';
import { binary, freePorts, listenLine, portOpen, start, type Proc } from './process.ts';

/** The app behind the proxy; resolves to its origin. */
async function backend(cases: readonly HostCase[], dir: string, started: Proc[]): Promise<string> {
  const file = join(dir, 'backend.mjs');
  writeFileSync(file, BACKEND);
  const p = start(process.execPath, [file], { env: { ...process.env, FARM_CASES: behaviours(cases) } });
  started.push(p);
  return `http://127.0.0.1:${await listenLine('the app behind the proxy', p)}`;
}

/** What a proxy host is given: its binary, the app's origin, a folder of its own, the processes started. */
interface ProxyParts {
  cases: readonly HostCase[];
  bin: string;
  app: string;
  root: string;
  started: Proc[];
}

/**
 * A host that is `proxy` in front of the app: its binary found (or an error saying how to
 * install it), the app started, a folder made under `dir`; `serve` starts the proxy itself.
 */
const proxyHost =
  (
    proxy: { what: string; paths: readonly string[]; install: string; folder: string },
    serve: (parts: ProxyParts) => Promise<(prefix: string) => string>,
  ): StartHost =>
  (cases, dir) =>
    starting(async (started) => {
      const bin = binary(proxy.what, proxy.paths, proxy.install);
      const app = await backend(cases, dir, started);
      const root = join(dir, proxy.folder);
      mkdirSync(root, { recursive: true });
      return serve({ cases, bin, app, root, started });
    });

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');

/** Starts a server told its ports; on "address in use" (taken between asking and binding) it tries other ports. */
async function withPorts(name: string, n: number, run: (ports: number[]) => { proc: Proc; config: string }, started: Proc[]): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts(n);
    const { proc, config } = run(ports);
    started.push(proc);
    try {
      for (const port of ports) await portOpen(name, port, proc, `\n--- configuration\n${config}`);
      return ports;
    } catch (e) {
      await proc.stop();
      if (attempt < 3 && /in use/i.test(proc.log())) continue;
      throw e;
    }
  }
}

/**
 * A whole nginx.conf for an unprivileged nginx in the foreground with everything under `prefix`
 * (pid, temp paths), errors on stderr, no access log; `http` is the http block's own content.
 */
export function nginxConfig(prefix: string, http: string): string {
  const temp = (n: string): string => `${n}_temp_path ${join(prefix, n)};`;
  return `daemon off;
master_process off;
pid ${join(prefix, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 64; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  ${http}
}
`;
}

/** nginx: every case's location in one server block; the snippet's `# ...` is where the location proxies to the app. */
export const nginxHost = proxyHost(
  { what: 'nginx', paths: ['/usr/sbin/nginx', '/usr/bin/nginx'], install: 'apt-get install nginx-light', folder: 'nginx' },
  async ({ cases, bin: nginx, app, root: prefix, started }) => {
    const locations = cases.map((c) => {
      const snippet = code(c, 'nginx');
      if (!/^ *# \.\.\.$/m.test(snippet)) throw new Error(`the nginx snippet does not say where the location's handling goes:\n${snippet}`);
      return snippet.replace(/^( *)# \.\.\.$/m, `$1proxy_pass ${app};`);
    });
    const [port] = await withPorts(
      'nginx',
      1,
      ([p]) => {
        const config = nginxConfig(
          prefix,
          `server {
    listen 127.0.0.1:${p};
${indent(locations.join('\n'), '    ')}
  }`,
        );
        const file = join(prefix, `nginx-${p}.conf`);
        writeFileSync(file, config);
        return { proc: start(nginx, ['-c', file, '-p', prefix, '-e', 'stderr']), config };
      },
      started,
    );
    return () => `http://127.0.0.1:${port}`;
  },
);

/** Apache httpd: every case's snippet in one VirtualHost, which proxies each case's prefix to the app. */
export const apacheHost = proxyHost(
  { what: 'Apache httpd', paths: ['/usr/sbin/apache2', '/usr/sbin/httpd'], install: 'apt-get install apache2', folder: 'apache' },
  async ({ cases, bin: httpd, app, root, started }) => {
    const modules = '/usr/lib/apache2/modules';
    const snippets = cases.map((c) => code(c, 'apache'));
    const [port] = await withPorts(
      'Apache httpd',
      1,
      ([p]) => {
        const config = `ServerRoot ${root}
ServerName 127.0.0.1
Listen 127.0.0.1:${p}
PidFile ${join(root, `httpd-${p}.pid`)}
Mutex file:${root} default
ErrorLog "|/bin/cat"
LogLevel warn
${['mpm_event', 'authz_core', 'headers', 'rewrite', 'proxy', 'proxy_http'].map((m) => `LoadModule ${m}_module ${modules}/mod_${m}.so`).join('\n')}
<VirtualHost 127.0.0.1:${p}>
${indent(snippets.join('\n'), '    ')}
    ProxyPass "/" "${app}/"
</VirtualHost>
`;
        const file = join(root, `httpd-${p}.conf`);
        writeFileSync(file, config);
        return { proc: start(httpd, ['-X', '-f', file, '-DFOREGROUND']), config };
      },
      started,
    );
    return () => `http://127.0.0.1:${port}`;
  },
);

/**
 * Caddy: a site per case (its snippet's named matcher is the site's), all in one Caddy, each
 * site proxying to the app. The snippet's instruction for the proxy block is followed where it
 * gives one (a duplicate Access-Control-Allow-Origin: `header_down -Access-Control-Allow-Origin`).
 */
export const caddyHost = proxyHost(
  { what: 'Caddy', paths: ['/usr/bin/caddy', '/usr/local/bin/caddy'], install: 'apt-get install caddy', folder: 'caddy' },
  async ({ cases, bin: caddy, app, root, started }) => {
    const ports = await withPorts(
      'Caddy',
      cases.length,
      (ps) => {
        const sites = cases.map((c, i) => {
          const snippet = code(c, 'caddy');
          const down = /header_down -Access-Control-Allow-Origin/.test(snippet) ? ' {\n    header_down -Access-Control-Allow-Origin\n}' : '';
          return `http://127.0.0.1:${ps[i]} {\n${indent(snippet, '    ')}\n    reverse_proxy ${app.replace('http://', '')}${indent(down, '    ').replace(/^ {4}/, '')}\n}`;
        });
        const config = `{\n    admin off\n    auto_https off\n    storage file_system ${join(root, 'data')}\n}\n${sites.join('\n')}\n`;
        const file = join(root, `Caddyfile-${ps[0]}`);
        writeFileSync(file, config);
        return {
          proc: start(caddy, ['run', '--adapter', 'caddyfile', '--config', file], {
            env: { ...process.env, HOME: root, XDG_DATA_HOME: root, XDG_CONFIG_HOME: root },
          }),
          config,
        };
      },
      started,
    );
    return (prefix) => `http://127.0.0.1:${ports[cases.findIndex((c) => c.prefix === prefix)]}`;
  },
);
