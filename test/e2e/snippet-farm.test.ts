// The snippet farm (issue 12): every fix snippet CORS Lens prints for a farm stack is proven in
// real Chromium against the real server software. The cases are failing exchanges
// (farm/scenarios.ts); for each, the requirements come from the engine as in the product, and:
//   1. a server answering exactly as the failing exchange says is refused by Chromium (the case
//      is a real failure), or, where the failure is a header hidden from script, the page's
//      request passes and it reads nothing for that header;
//   2. for each stack, ONE server holding every case, each configured with the stack's snippet
//      for that case verbatim, is started; the page's request, replayed from the page's origin,
//      now passes (status and, where the page reads one, the exposed header), and the same request
//      from another origin is still refused by Chromium (unless the fix is `*`, by design).
// A stack whose server software is missing fails, never skips.
// FARM_STACKS=nginx,django runs only those stacks (farm/stacks.ts); unset, it runs them all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { stackSnippets } from '../../src/core/index.ts';
import { CHROME_FLAGS, findChrome } from '../../scripts/chrome-path.ts';
import type { Host } from './farm/host.ts';
import { scratch } from './farm/process.ts';
import { farmCases, type FarmCase } from './farm/scenarios.ts';
import { FARM_HOSTS, selectedStacks } from './farm/stacks.ts';

interface Seen {
  ok: boolean;
  status?: number;
  total?: string | null;
  error?: string;
}

/** The page's fetch, as the page made it. */
function replay(page: Page, c: FarmCase, origin: string): Promise<Seen> {
  return page.evaluate(
    async (url: string, method: string, headers: Record<string, string>, credentials: RequestCredentials) => {
      try {
        const r = await fetch(url, { method, headers, credentials });
        await r.text();
        return { ok: true, status: r.status, total: r.headers.get('x-total-count') };
      } catch (e) {
        return { ok: false, error: String(e) };
      }
    },
    `${origin}${c.path}`,
    c.failing.method,
    { ...c.failing.headers },
    c.failing.credentials,
  ) as Promise<Seen>;
}

/** What the server answers the request from `pageOrigin` (its preflight first), for a failure's message. */
async function wire(c: FarmCase, origin: string, pageOrigin: string): Promise<string> {
  const show = async (method: string, headers: Record<string, string>): Promise<string> => {
    try {
      const r = await fetch(`${origin}${c.path}`, { method, headers: { Origin: pageOrigin, ...headers } });
      await r.arrayBuffer();
      return `${method} ${r.status}\n${[...r.headers].map(([n, v]) => `  ${n}: ${v}`).join('\n')}`;
    } catch (e) {
      return `${method}: ${String(e)}`;
    }
  };
  const unsafe = Object.keys(c.failing.headers)
    .map((h) => h.toLowerCase())
    .sort()
    .join(',');
  const out: string[] = [];
  if (c.failing.preflight !== undefined) {
    out.push(
      await show('OPTIONS', { 'Access-Control-Request-Method': c.failing.method, ...(unsafe === '' ? {} : { 'Access-Control-Request-Headers': unsafe }) }),
    );
  }
  out.push(await show(c.failing.method, { ...c.failing.headers }));
  return out.join('\n');
}

/** A page server: the same empty page at each origin. */
function pageServer(servers: http.Server[]): Promise<string> {
  return new Promise((resolve) => {
    const s = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>farm page</title>');
    });
    servers.push(s);
    s.listen(0, '127.0.0.1', () => resolve(`http://localhost:${(s.address() as { port: number }).port}`));
  });
}

/** A server answering each case's preflight and request exactly as its failing exchange says. */
function failingServer(cases: readonly FarmCase[], pageOrigin: string, servers: http.Server[]): Promise<string> {
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const c = cases.find((x) => req.url === x.path);
      const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
      const answer = c === undefined ? undefined : preflight ? c.failing.preflight : c.failing.response;
      if (answer === undefined) {
        res.statusCode = 404;
        return res.end();
      }
      res.statusCode = answer.status;
      const headers = answer.headers(pageOrigin);
      const names = [...new Set(headers.map(([n]) => n))];
      for (const n of names)
        res.setHeader(
          n,
          headers.filter(([m]) => m === n).map(([, v]) => v),
        );
      res.end(preflight ? '' : '{}');
    });
    servers.push(s);
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as { port: number }).port}`));
  });
}

describe('the snippet farm: each fix, in the real server, in real Chromium', () => {
  let browser: Browser;
  let pages: { trusted: Page; other: Page };
  let cases: FarmCase[] = [];
  const servers: http.Server[] = [];
  const work = scratch();
  const startedAt = Date.now();

  before(async () => {
    const trusted = await pageServer(servers);
    const other = await pageServer(servers);
    cases = farmCases(trusted);
    browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, pipe: true, args: CHROME_FLAGS });
    const open = async (origin: string): Promise<Page> => {
      const p = await browser.newPage();
      await p.goto(`${origin}/`);
      return p;
    };
    pages = { trusted: await open(trusted), other: await open(other) };
  });

  after(async () => {
    await browser?.close();
    for (const s of servers) s.close();
    work.remove();
    console.log(`snippet farm: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  });

  test('every case fails in Chromium as its exchange says (the cases are real failures)', async () => {
    const origin = await failingServer(cases, pages.trusted.url().replace(/\/$/, ''), servers);
    for (const c of cases) {
      const seen = await replay(pages.trusted, c, origin);
      if (c.failing.unread === undefined) assert.equal(seen.ok, false, `${c.name}: ${JSON.stringify(seen)}`);
      else assert.deepEqual([seen.ok, seen.total], [true, null], `${c.name}: the header is hidden from the page: ${JSON.stringify(seen)}`);
    }
  });

  for (const stack of selectedStacks()) {
    describe(stack, () => {
      let host: Host | undefined;
      // A server that could not start (not installed, a bad configuration) fails every case with its reason.
      let failed: unknown;
      let t0 = 0;
      before(async () => {
        t0 = Date.now();
        const hostCases = cases.map((c) => ({ prefix: c.prefix, app: c.app, snippet: stackSnippets(c.req, stack)[0]! }));
        try {
          host = await FARM_HOSTS[stack](hostCases, work.dir);
        } catch (e) {
          failed = e;
        }
      });
      after(async () => {
        await host?.stop();
        console.log(`  ${stack}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      });
      // The case names are known before the page's origin is: the same list, for another origin.
      for (const [i, name] of farmCases('http://localhost:1')
        .map((c) => c.name)
        .entries()) {
        test(name, async () => {
          if (host === undefined) throw new Error(`${stack} did not start: ${failed instanceof Error ? failed.message : String(failed)}`);
          const c = cases[i]!;
          const origin = host.originOf(c.prefix);
          const snippet = stackSnippets(c.req, stack)[0]!.code;
          const why = async (what: string, seen: Seen, page: Page): Promise<string> =>
            `${what}: ${JSON.stringify(seen)}\n--- snippet\n${snippet}\n--- the server answers\n${await wire(c, origin, new URL(page.url()).origin)}`;
          const mine = await replay(pages.trusted, c, origin);
          if (!mine.ok || mine.status !== (c.app.fails ? 500 : 200) || (c.app.expose && mine.total !== '42')) {
            assert.fail(
              await why(
                `the page's own request passes${c.app.fails ? ' (a 500 the page can read)' : ''}${c.app.expose ? ' and the page reads X-Total-Count' : ''}`,
                mine,
                pages.trusted,
              ),
            );
          }
          const other = await replay(pages.other, c, origin);
          if (other.ok === c.refusesOthers) {
            assert.fail(await why(c.refusesOthers ? 'another origin is still refused' : 'any origin is what this fix allows', other, pages.other));
          }
        });
      }
    });
  }
});
