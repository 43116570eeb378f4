// A page that prerenders a link (speculation rules) in real Chromium: the page stays the tab's
// page while the prerender runs, so nothing of its log is lost (docs/browsers.md,
// "Prerendering"). Chromium shows the prerender's main-frame requests (a prefetch the page
// makes, then the prerender's own navigation) while the page is still shown; taken for
// navigations, they cleared the log and dropped the page's later requests as a page left's.
// No debugger may be attached to the page: Chromium refuses to prerender then
// (PrerenderingDisabledByDevTools), so the tab is opened from a browser-level session and the
// records are read from an extension page of its own, as bench/capture does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type CDPSession } from 'puppeteer';
import { startCorsServer, type CorsServer } from '../../demo/cors-server.ts';
import { CHROME_FLAGS, findChrome } from '../../scripts/chrome-path.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { readUntil, until } from '../support/poll.ts';
import { snapshotScript } from '../support/snapshot-script.ts';

const EXTENSION = join(import.meta.dirname, '../../dist/chrome');

// The shown page: a fetch, a prerender of /target, a fetch once the prerendered page made its
// own (it says so in localStorage), then it follows the link once the test serves /go.
const SHOWN = `<!doctype html><title>shown</title><script>
const API = new URLSearchParams(location.search).get('api');
const target = '/target?api=' + encodeURIComponent(API);
localStorage.removeItem('prerendered');
fetch(API + '/pr-before?acao=*');
const rules = document.createElement('script');
rules.type = 'speculationrules';
rules.textContent = JSON.stringify({ prerender: [{ source: 'list', urls: [target] }] });
document.head.append(rules);
const waitFor = (ok, then) => { const t = setInterval(async () => { if (await ok()) { clearInterval(t); then(); } }, 50); };
waitFor(() => localStorage.getItem('prerendered') === 'yes', () =>
  fetch(API + '/pr-during?acao=*').then(() => waitFor(() => fetch('/go').then((r) => r.text()).then((t) => t === 'go'), () => { location.href = target; })));
</script>`;
// The prerendered page: its own fetch while prerendering, another once activated.
const TARGET = `<!doctype html><title>target</title><script>
const API = new URLSearchParams(location.search).get('api');
fetch(API + '/pr-in-prerender?acao=*&prerendering=' + document.prerendering).then(() => localStorage.setItem('prerendered', 'yes'));
document.addEventListener('prerenderingchange', () => fetch(API + '/pr-activated?acao=*'));
</script>`;

describe('a page that prerenders a link (Chromium)', () => {
  let browser: Browser;
  let profile: string;
  let api: CorsServer;
  let site: CorsServer;
  const pages: Record<string, string> = { '/shown': SHOWN, '/target': TARGET };
  let panel: CDPSession;
  let tabId: number;
  let whileShown: string[] = [];
  let afterActivation: string[] = [];

  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await panel.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`extension page: ${exceptionDetails.text}`);
    return result.value as T;
  };
  const listed = async () => (await evaluate<CaptureRecord[]>(snapshotScript('chrome', tabId))).map((r) => new URL(r.url).pathname);
  const apiSaw = (path: string) => api.log.some((e) => e.url.startsWith(path));

  before(async () => {
    api = await startCorsServer({ host: '127.0.0.1' });
    site = await startCorsServer({ host: 'localhost', pages });
    profile = mkdtempSync(join(tmpdir(), 'cors-lens-prerender-'));
    browser = await puppeteer.launch({
      executablePath: findChrome(),
      headless: true,
      enableExtensions: true,
      waitForInitialPage: false,
      // No target is attached by puppeteer: the extension page below is, by hand; the tab never.
      targetFilter: () => false,
      args: [...CHROME_FLAGS, `--user-data-dir=${profile}`, `--load-extension=${EXTENSION}`, `--disable-extensions-except=${EXTENSION}`],
    });
    const root = await browser.target().createCDPSession();
    const worker = await readUntil(
      async () => (await root.send('Target.getTargets')).targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://')),
      (t) => t !== undefined,
    );
    const id = new URL(worker!.url).host;
    const { targetId } = await root.send('Target.createTarget', { url: `chrome-extension://${id}/panel.html?tabId=0` });
    const { sessionId } = await root.send('Target.attachToTarget', { targetId, flatten: true });
    panel = root.connection()!.session(sessionId)!;
    await until(
      async () => (await evaluate<string | null>(`document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') ?? null`)) === 'connected',
      'the extension page connected',
    );
    const url = `${site.origin}/shown?api=${encodeURIComponent(api.origin)}`;
    tabId = await evaluate<number>(`chrome.tabs.create({ url: ${JSON.stringify(url)} }).then((t) => t.id)`);
    await until(() => apiSaw('/pr-during'), 'the shown page fetched /pr-during after the prerendered page fetched', 20_000);
    whileShown = await readUntil(listed, (log) => log.includes('/pr-during'), 5000);
    pages['/go'] = 'go';
    await until(() => apiSaw('/pr-activated'), 'the prerendered page was activated', 20_000);
    afterActivation = await readUntil(listed, (log) => log.includes('/pr-activated'), 5000);
  });
  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await api?.close();
    await site?.close();
  });

  test('ground truth: Chromium prerendered the link, and the page fetched again while it was shown', () => {
    const order = api.log.map((e) => e.url);
    const prerendered = order.findIndex((u) => u.startsWith('/pr-in-prerender'));
    assert.ok(order[prerendered]?.includes('prerendering=true'), `the target page ran as a prerender: ${order.join(' ')}`);
    assert.ok(prerendered < order.findIndex((u) => u.startsWith('/pr-during')), 'the shown page fetched after the prerender started');
  });

  test("while the page is shown, its log keeps every request: before, during and the prerendered page's own", () => {
    assert.deepEqual([...whileShown].sort(), ['/pr-before', '/pr-during', '/pr-in-prerender']);
  });

  test('after the activation, its fetch is recorded once', () => {
    assert.equal(afterActivation.filter((p) => p === '/pr-activated').length, 1, `log: ${afterActivation.join(' ')}`);
  });
});
