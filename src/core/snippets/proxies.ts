// nginx, Apache httpd and Caddy: the headers on every response, errors included, and the
// preflight answered with 204 by the proxy itself, before any authentication it does.
import { conf, configSafe } from './quote.ts';
import { dir, has, headerLines, routeOf, type CorsRequirements } from './requirements.ts';

/** Names that a configuration file can hold literally (a `$`, `%` or `{` would be interpreted). */
function literalOnly(r: CorsRequirements): CorsRequirements {
  return { ...r, headers: r.headers.filter(configSafe), methods: r.methods.filter(configSafe), expose: (r.expose ?? []).filter(configSafe) };
}

/** nginx: `always` so error responses carry the headers too; OPTIONS answered with 204. */
export function nginxSnippet(req: CorsRequirements): string {
  const r = literalOnly(req);
  const add = (indent: string, [n, v]: [string, string]): string => `${indent}add_header ${n} ${conf(v)} always;`;
  const route = routeOf(r.path);
  const out = route.pinned
    ? [
        `# ${r.path} is one resource: this prefix location covers every path under ${dir(route.prefix)}.`,
        '# To cover the whole API, put these lines in the location that serves it (e.g. location /api/).',
        `location ${dir(route.prefix)} {`,
      ]
    : [`location = ${r.path} {`];
  if (has(r, 'duplicate-origin')) {
    out.push('    # The app behind sends these too: hide its copies so the browser sees one value.');
    for (const n of ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials']) out.push(`    proxy_hide_header ${n};`);
  }
  if (r.preflight) {
    if (has(r, 'preflight-auth')) out.push('    # `return` runs in the rewrite phase, before auth_basic / auth_request: the preflight is never 401.');
    out.push('    if ($request_method = OPTIONS) {');
    for (const h of headerLines(r, true)) out.push(add('        ', h));
    out.push('        return 204;', '    }');
  }
  for (const h of headerLines(r, false)) out.push(add('    ', h));
  out.push('    # ...', '}');
  return out.join('\n');
}

/** Caddy v2: a named matcher answers the preflight; `header` decorates every other response. */
export function caddySnippet(req: CorsRequirements): string {
  const r = literalOnly(req);
  const out: string[] = [];
  const route = routeOf(r.path);
  const path = route.pinned ? `${dir(route.prefix)}*` : r.path;
  if (route.pinned) {
    out.push(
      `# ${r.path} is one resource: these matchers cover every path under ${dir(route.prefix)}.`,
      '# To cover the whole API, match its prefix instead (e.g. /api/*).',
    );
  }
  if (has(r, 'duplicate-origin'))
    out.push('# The app behind sends Access-Control-Allow-Origin too: in its reverse_proxy block add `header_down -Access-Control-Allow-Origin`.');
  if (r.preflight) {
    if (has(r, 'preflight-auth'))
      out.push(
        '# basic_auth and forward_auth run before handle: keep the preflight out of them, e.g. `@auth not method OPTIONS` then `basic_auth @auth { ... }`.',
      );
    out.push('@corsPreflight {', '    method OPTIONS', `    path ${path}`, '}', 'handle @corsPreflight {');
    for (const [n, v] of headerLines(r, true)) out.push(`    header ${n} ${conf(v)}`);
    out.push('    respond 204', '}');
  }
  out.push(`header ${path} {`);
  for (const [n, v] of headerLines(r, false)) out.push(`    ${n} ${conf(v)}`);
  out.push('}');
  return out.join('\n');
}

/** A path as an anchored regular expression (the path is sanitised: no quote, space or backslash). */
const re = (path: string): string => path.replace(/[.*+?()[\]{}|^$\\]/g, '\\$&');

/** Apache httpd 2.4 (mod_headers, mod_rewrite): the rewrite answers OPTIONS before authentication runs. */
export function apacheSnippet(req: CorsRequirements): string {
  const r = literalOnly(req);
  const route = routeOf(r.path);
  const pattern = route.pinned ? `^${re(dir(route.prefix))}` : `^${re(r.path)}$`;
  const out: string[] = [];
  if (route.pinned) out.push(`# ${r.path} is one resource: this block covers every path under ${dir(route.prefix)}.`);
  out.push(`<LocationMatch "${pattern}">`);
  if (has(r, 'duplicate-origin')) {
    // A proxied response's headers are in the default (onsuccess) table, headers set with
    // `always` in the other one: only unsetting both leaves the browser one value.
    out.push("    # The app behind sends its own copies: drop them (from both of mod_headers' tables) so the browser sees one value.");
    for (const n of ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials']) out.push(`    Header unset ${n}`, `    Header always unset ${n}`);
  }
  const every = headerLines(r, false);
  for (const [n, v] of every) out.push(n === 'Vary' ? `    Header always merge Vary ${conf(v)}` : `    Header always set ${n} ${conf(v)}`);
  if (r.preflight) {
    for (const [n, v] of headerLines(r, true)) {
      if (!every.some(([m]) => m === n)) out.push(`    Header always set ${n} ${conf(v)} "expr=%{REQUEST_METHOD} == 'OPTIONS'"`);
    }
  }
  out.push('</LocationMatch>');
  if (r.preflight) {
    out.push(
      '# In the VirtualHost: the preflight gets 204 at URL translation, before any Require / AuthType runs.',
      'RewriteEngine On',
      'RewriteCond %{REQUEST_METHOD} =OPTIONS',
      `RewriteRule "${pattern}" - [R=204,L]`,
    );
  }
  return out.join('\n');
}
