// docs/lifecycle.md rule 11's end-to-end scenario, the same in both browsers: a page that keeps
// starting requests while it is left (a 2 ms timer, a keepalive fetch on pagehide), navigated
// away from with Preserve log off. The new page's log must hold its own requests only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer';
import { fetchAll, planRequests, ServerPool, type PlannedRequest } from './fault-traffic.ts';
import { readUntil, sleep, until } from './poll.ts';

/** What a session running the left-page scenario needs: the page, its site, the tab's records. */
interface LeftPageSession {
  page: Page;
  site: { origin: string };
  records(): Promise<Array<{ url: string }>>;
}

/**
 * docs/lifecycle.md rule 11's scenario, for both browsers: the page runs a 2 ms timer of fetches
 * and a keepalive fetch on pagehide (named `/<label>-tick/<n>` and `/<label>-pagehide` at
 * `api`), then navigates (Preserve log off) and the new page makes two requests of its own.
 * Returns what the server saw of the old page, the new page's plan and the new log's URLs.
 */
async function leavePageStillRequesting(
  s: LeftPageSession,
  api: ServerPool,
  label: string,
): Promise<{ ticks: number; pagehide: boolean; fresh: PlannedRequest[]; logged: string[] }> {
  const origin = api.servers[0]!.origin;
  await s.page.evaluate(`(() => {
    addEventListener('pagehide', () => { fetch('${origin}/${label}-pagehide?acao=*', { keepalive: true }); });
    let i = 0;
    setInterval(() => { fetch('${origin}/${label}-tick/' + (i++) + '?acao=*&delay=200').catch(() => {}); }, 2);
  })()`);
  await until(() => api.seen().filter((x) => x.url.includes(`/${label}-tick/`)).length >= 5, 'the timer of the old page to be running');
  await s.page.goto(`${s.site.origin}/?${label}`);
  const fresh = planRequests(api.servers, `${label}-new-page`, 2);
  const outcomes = await fetchAll(s.page, fresh);
  if (!outcomes.every((r) => r.resolved)) throw new Error(`the new page's requests failed: ${JSON.stringify(outcomes)}`);
  // Their records come some time after the fetches resolved: polled for (bounded; if they never
  // come, the test's assertion says what was listed) ...
  await readUntil(
    async () => new Set((await s.records()).map((r) => r.url)),
    (urls) => fresh.every((r) => urls.has(r.url)),
  );
  // ... then a second more, for any late request of the old page to land there if it would.
  await sleep(1000);
  const logged = (await s.records()).map((r) => r.url);
  const wire = api.seen().map((x) => new URL(x.url).pathname);
  return { ticks: wire.filter((p) => p.startsWith(`/${label}-tick/`)).length, pagehide: wire.includes(`/${label}-pagehide`), fresh, logged };
}

/** The scenario's tests, on a session `start` opens (and the describe closes), URLs named by `label`. */
export function describeLeftPage(title: string, start: () => Promise<LeftPageSession & { close(): Promise<void> }>, label: string): void {
  describe(title, () => {
    let s: (LeftPageSession & { close(): Promise<void> }) | undefined;
    let api: ServerPool | undefined;
    let run: Awaited<ReturnType<typeof leavePageStillRequesting>>;

    before(async () => {
      s = await start();
      api = await ServerPool.start(1);
      run = await leavePageStillRequesting(s, api, label);
    });
    after(async () => {
      await s?.close();
      await api?.close();
    });

    test("ground truth: the old page's timer and its pagehide fetch reached the server", (t) => {
      t.diagnostic(
        `old page: ${run.ticks} timer fetches, pagehide fetch ${run.pagehide ? 'sent' : 'not sent'}; new log: ${run.logged.map((u) => new URL(u).pathname).join(' ')}`,
      );
      assert.ok(run.ticks >= 5);
      assert.ok(run.pagehide, 'the pagehide keepalive fetch was sent');
    });

    test("the new page's log is exactly its own requests", () => {
      assert.deepEqual([...run.logged].sort(), run.fresh.map((r) => r.url).sort());
    });
  });
}
