// `cors-lens check` against real Chromium (issue 14, proof): local servers with known CORS
// configurations, each asked the same requests twice: once by `check` (the verdict it prints,
// with Chromium's name for the failure), once by a page on that origin in real Chromium (did
// its fetch resolve, and Chromium's own corsErrorStatus over CDP). They must agree on every
// request. Then `audit` on the same servers finds exactly the misconfiguration each one has,
// and nothing on the correct one.
// nginx (installed by .ci/run) is one of the servers: an allow-list in a `map`.
// Page origins are made-up hosts (app.test, evil.test, appxtest) that Chromium resolves to
// loopback (--host-resolver-rules); `null` is a sandboxed iframe's origin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer';
import { CHROME_FLAGS, findChrome } from '../../scripts/chrome-path.ts';
import { cli } from '../unit/cli/cors-server.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { binary, freePorts, portOpen, start, type Proc } from './farm/process.ts';
import { nginxConfig } from './farm/proxies.ts';

// Express and its `cors` middleware as the farm runs them (devDependencies without type packages).
const require = createRequire(import.meta.url);
type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
interface ExpressApp extends http.RequestListener {
  use(m: Middleware): void;
  all(path: string, h: (req: unknown, res: { json(v: unknown): void }) => void): void;
}
const express = require('express') as () => ExpressApp;
const cors = require('cors') as (options: { origin: string[]; credentials: boolean }) => Middleware;

interface Listening {
  origin: string;
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener): Promise<Listening> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A server deciding ACAO (and the rest) from the Origin header; preflights allow what they are asked for. */
function handwritten(allow: (origin: string) => string | null, opts: { credentials: boolean; vary: boolean }): http.RequestListener {
  return (req, res) => {
    const origin = req.headers.origin ?? '';
    const allowed = allow(origin);
    if (allowed !== null) {
      res.setHeader('Access-Control-Allow-Origin', allowed);
      if (opts.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (opts.vary) res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (allowed !== null) {
        res.setHeader('Access-Control-Allow-Methods', String(req.headers['access-control-request-method']));
        const acrh = req.headers['access-control-request-headers'];
        if (acrh) res.setHeader('Access-Control-Allow-Headers', String(acrh));
      }
      res.writeHead(204);
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.writeHead(200);
    res.end('{"ok":true}');
  };
}

interface Request {
  name: string;
  method: string;
  headers: Record<string, string>;
  credentials: boolean;
}

/** nginx with an allow-list in a `map`, as deployments write it (add_header repeated inside `if`, `always` for errors). */
async function nginxAllowList(dir: string, trusted: string): Promise<Listening & { proc: Proc }> {
  const nginx = binary('nginx', ['/usr/sbin/nginx', '/usr/bin/nginx'], 'apt-get install nginx-light');
  const [port] = await freePorts(1);
  const prefix = join(dir, 'nginx');
  mkdirSync(prefix, { recursive: true });
  const cors = `add_header Access-Control-Allow-Origin $cors_origin always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Vary Origin always;`;
  const file = join(prefix, 'nginx.conf');
  writeFileSync(
    file,
    nginxConfig(
      prefix,
      `map $http_origin $cors_origin { default ""; "${trusted}" $http_origin; }
  server {
    listen 127.0.0.1:${port};
    location / {
      if ($request_method = OPTIONS) {
        ${cors}
        add_header Access-Control-Allow-Methods "GET, PUT" always;
        add_header Access-Control-Allow-Headers "X-Token" always;
        return 204;
      }
      ${cors}
      default_type application/json;
      return 200 '{"ok":true}';
    }
  }`,
    ),
  );
  const proc = start(nginx, ['-c', file, '-p', prefix, '-e', 'stderr']);
  await portOpen('nginx', port!, proc);
  return { origin: `http://127.0.0.1:${port}`, proc, close: () => proc.stop() };
}

const REQUESTS: Request[] = [
  { name: 'simple GET', method: 'GET', headers: {}, credentials: false },
  { name: 'GET with credentials', method: 'GET', headers: {}, credentials: true },
  { name: 'PUT with X-Token (preflighted)', method: 'PUT', headers: { 'X-Token': 'k' }, credentials: false },
];

/** What Chromium did with one request: resolved, or failed with its corsErrorStatus. */
interface ChromiumSaw {
  resolved: boolean;
  corsError: string | null;
}

describe('cors-lens check agrees with real Chromium; audit finds what is planted', () => {
  let browser: Browser;
  let userDataDir: string;
  let scratchDir: string | undefined;
  let site: Listening;
  let pagePort: number;
  const servers: Record<string, Listening> = {};
  /** The origins pages are on. */
  let TRUSTED: string;
  let EVIL: string;
  let DOTLESS: string;
  const pages = new Map<string, { page: Page; cdp: CDPSession; failures: Map<string, string | null>; ids: Map<string, string> }>();

  before(async () => {
    site = await listen((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>page</title><body></body>');
    });
    pagePort = Number(new URL(site.origin).port);
    TRUSTED = `http://app.test:${pagePort}`;
    EVIL = `http://evil.test:${pagePort}`;
    DOTLESS = `http://appxtest:${pagePort}`;
    const allowList = [TRUSTED];
    const app = express();
    app.use(cors({ origin: allowList, credentials: true }));
    app.all('/{*any}', (_req, res) => res.json({ ok: true }));
    servers['express allow-list (correct)'] = await listen(app);
    servers['reflects any origin, with credentials'] = await listen(handwritten((o) => (o === '' ? null : o), { credentials: true, vary: true }));
    servers['trusts null'] = await listen(handwritten((o) => (o === 'null' || allowList.includes(o) ? o : null), { credentials: true, vary: true }));
    // The classic mistake: the dot of the host unescaped in a regular expression.
    const unescaped = new RegExp(`^http://app.test:${pagePort}$`);
    servers['regex allow-list, unescaped dot'] = await listen(handwritten((o) => (unescaped.test(o) ? o : null), { credentials: true, vary: true }));
    servers['allow-list without Vary'] = await listen(handwritten((o) => (allowList.includes(o) ? o : null), { credentials: true, vary: false }));
    scratchDir = mkdtempSync(join(tmpdir(), 'cors-lens-check-nginx-'));
    servers['nginx allow-list in a map (correct)'] = await nginxAllowList(scratchDir, TRUSTED);

    userDataDir = mkdtempSync(join(tmpdir(), 'cors-lens-check-e2e-'));
    browser = await puppeteer.launch({
      executablePath: findChrome(),
      headless: true,
      pipe: true,
      args: [...CHROME_FLAGS, `--user-data-dir=${userDataDir}`, '--host-resolver-rules=MAP *.test 127.0.0.1, MAP appxtest 127.0.0.1'],
    });
    for (const origin of [TRUSTED, EVIL, DOTLESS]) {
      const page = await browser.newPage();
      const cdp = await page.createCDPSession();
      const failures = new Map<string, string | null>();
      const ids = new Map<string, string>();
      cdp.on('Network.requestWillBeSent', (e) => {
        if (e.request.method !== 'OPTIONS') ids.set(`${e.request.method} ${e.request.url}`, e.requestId);
      });
      cdp.on('Network.loadingFailed', (e) => failures.set(e.requestId, e.corsErrorStatus?.corsError ?? null));
      await cdp.send('Network.enable');
      await page.goto(`${origin}/`);
      pages.set(origin, { page, cdp, failures, ids });
    }
  });

  after(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await Promise.all([site?.close(), ...Object.values(servers).map((s) => s.close())]);
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  });

  /** The request made by a page on `origin` (`null`: from a sandboxed iframe of the trusted page). */
  async function inChromium(origin: string, url: string, r: Request): Promise<ChromiumSaw> {
    const at = pages.get(origin === 'null' ? TRUSTED : origin)!;
    const call = `fetch(${JSON.stringify(url)}, { method: ${JSON.stringify(r.method)}, headers: ${JSON.stringify(r.headers)}, credentials: ${r.credentials ? "'include'" : "'same-origin'"} }).then((x) => x.text().then(() => true), () => false)`;
    // An opaque origin: a sandboxed iframe of the trusted page (Chromium sends Origin: null).
    const sandboxed = `new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-scripts');
      frame.srcdoc = ${JSON.stringify(`<script>${call}.then((ok) => parent.postMessage({ ok }, '*'))</script>`)};
      const on = (e) => {
        if (e.source !== frame.contentWindow) return;
        removeEventListener('message', on);
        frame.remove();
        resolve(e.data.ok);
      };
      addEventListener('message', on);
      document.body.appendChild(frame);
    })`;
    const resolved = (await at.page.evaluate(origin === 'null' ? sandboxed : call)) as boolean;
    // loadingFailed comes right after the page saw the failure; give CDP a moment.
    let id: string | undefined;
    for (let i = 0; i < 50 && (id = at.ids.get(`${r.method} ${url}`)) !== undefined && !resolved && !at.failures.has(id); i++)
      await new Promise((res) => setTimeout(res, 20));
    assert.ok(id, `Chromium sent ${r.method} ${url}`);
    return { resolved, corsError: at.failures.get(id) ?? null };
  }

  async function withCheck(origin: string, url: string, r: Request): Promise<{ allowed: boolean; chromium: string | null; reason: string }> {
    const args = ['check', url, '--origin', origin, '--method', r.method, '--json'];
    for (const [name, value] of Object.entries(r.headers)) args.push('--header', `${name}: ${value}`);
    if (r.credentials) args.push('--credentials');
    const run = await cli(args);
    assert.ok(run.code === 0 || run.code === 1, `check exit ${run.code}: ${run.stderr}`);
    const verdict = (JSON.parse(run.stdout) as { exchanges: Array<{ verdict: { outcome: string; reason: string; chromium: string | null } }> }).exchanges[0]!
      .verdict;
    assert.equal(run.code, verdict.outcome === 'allowed' ? 0 : 1, 'exit code follows the verdict');
    return { allowed: verdict.outcome === 'allowed', chromium: verdict.chromium, reason: verdict.reason };
  }

  test("every server × page origin × request: check says what Chromium did, with Chromium's name for the failure", async () => {
    let n = 0;
    let blocked = 0;
    const disagreements: string[] = [];
    for (const [name, server] of Object.entries(servers)) {
      for (const origin of [TRUSTED, EVIL, DOTLESS, 'null']) {
        for (const r of REQUESTS) {
          const url = `${server.origin}/c${n++}`;
          const browserSaw = await inChromium(origin, url, r);
          const checkSaid = await withCheck(origin, url, r);
          if (!browserSaw.resolved) blocked++;
          if (checkSaid.allowed !== browserSaw.resolved || checkSaid.chromium !== browserSaw.corsError) {
            disagreements.push(
              `${name}, from ${origin}, ${r.name}: check ${checkSaid.allowed ? 'allowed' : 'blocked'} (${checkSaid.reason}, ${checkSaid.chromium}), Chromium ${browserSaw.resolved ? 'resolved' : `failed (${browserSaw.corsError})`}`,
            );
          }
        }
      }
    }
    assert.deepEqual(disagreements, []);
    console.log(
      `check vs Chromium: ${n} requests (${Object.keys(servers).length} servers x 4 page origins x ${REQUESTS.length} requests), ${blocked} blocked, all agree`,
    );
    // Not vacuous: both outcomes occur, many times.
    assert.ok(blocked >= 15 && n - blocked >= 15, `${blocked} blocked of ${n}`);
  });

  test('audit finds exactly the planted misconfiguration of each server, and nothing on the correct one', async () => {
    const planted: Record<string, string[]> = {
      'express allow-list (correct)': [],
      'reflects any origin, with credentials': ['arbitrary-origin'],
      'trusts null': ['null-origin'],
      'regex allow-list, unescaped dot': ['unescaped-dot'],
      'allow-list without Vary': ['missing-vary'],
      'nginx allow-list in a map (correct)': [],
    };
    for (const [name, server] of Object.entries(servers)) {
      const run = await cli(['audit', `${server.origin}/a`, '--origin', TRUSTED, '--credentials', '--fail-on', 'medium', '--json']);
      assert.ok(run.code === 0 || run.code === 1, `${name}: audit exit ${run.code}: ${run.stderr}`);
      const kinds = [...new Set((JSON.parse(run.stdout) as { findings: Array<{ kind: string }> }).findings.map((f) => f.kind))].sort();
      // A server reflecting every origin is also caught by every narrower probe; the widest is what was planted.
      const got = name.startsWith('reflects') ? kinds.filter((k) => k === 'arbitrary-origin' || k === 'null-origin') : kinds;
      const want = name.startsWith('reflects') ? ['arbitrary-origin', 'null-origin'] : planted[name]!;
      assert.deepEqual(got, want, `${name}: ${kinds.join(', ') || 'no findings'}`);
      assert.equal(run.code, want.length === 0 ? 0 : 1, `${name}: exit code`);
    }
  });
});
