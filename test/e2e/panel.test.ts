// The CORS panel in real Chromium: a page makes an allowed, a blocked-at-preflight and a
// blocked-on-response request (plus one whose header carries HTML); the panel, both inside
// DevTools and as a standalone page, lists them with the right badges, filters and counts,
// and explains each with the engine's reason, the browsers' names and the fix. Also takes the
// README screenshots at three docked sizes, light and dark (docs/panel-chromium-*.png, and
// the wide ones as docs/panel-light.png / panel-dark.png), asserting their layout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Frame, Page } from 'puppeteer';
import { en, evaluate, REASONS, renderSummary } from '../../src/core/index.ts';
import { toExchange } from '../../src/shared/to-exchange.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { openCorsPanel } from '../../scripts/devtools-panel.ts';
import { CorsSession } from '../support/cors-session.ts';
import { until } from '../support/poll.ts';
import { assertAnswerFirst, assertCommon, assertHeaderTables, assertRightDock, layoutScript, SIZES, type LayoutFacts } from './panel-layout.ts';

const XSS = '<img src=x onerror=alert(1)>';
const DOCS = resolve(import.meta.dirname, '../../docs');

type Surface = Page | Frame;

interface Urls {
  allowed: string;
  preflightBlocked: string;
  responseBlocked: string;
  xss: string;
}

async function rows(p: Surface): Promise<Array<{ id: string; kind: string; reason: string }>> {
  return p.$$eval('[data-testid="request-row"]', (els) =>
    els.map((e) => ({
      id: e.getAttribute('data-id') ?? '',
      kind: e.getAttribute('data-kind') ?? '',
      reason: e.querySelector('[data-testid="row-reason"]')?.textContent ?? '',
    })),
  );
}

async function counts(p: Surface): Promise<Record<string, number>> {
  return p.$$eval('[data-testid^="filter-"] [data-testid="filter-count"]', (els) =>
    Object.fromEntries(els.map((e) => [(e.closest('button')?.getAttribute('data-testid') ?? '').replace('filter-', ''), Number(e.textContent)])),
  );
}

async function openDetail(p: Surface, id: string): Promise<void> {
  await p.click(`[data-testid="request-row"][data-id="${id}"]`);
  await p.waitForSelector(`[data-testid="detail"][data-id="${id}"]`);
}

const text = (p: Surface, sel: string) => p.$eval(sel, (e) => e.textContent ?? '');

/** The detail of `r` shows the engine's summary, the browsers' names and (when blocked) a fix. */
async function assertDetail(p: Surface, r: CaptureRecord): Promise<void> {
  const v = r.verdict;
  assert.ok(v);
  await openDetail(p, r.id);
  assert.equal(await text(p, '[data-testid="detail-summary"]'), renderSummary(v, en));
  assert.equal(await text(p, '[data-testid="chromium-name"]'), REASONS[v.reason].chromium ?? '—');
  assert.equal(await text(p, '[data-testid="firefox-name"]'), REASONS[v.reason].firefox ?? '—');
  const checks = await p.$$eval('[data-testid="check"]', (els) => els.length);
  // Records come back without their trace (stored-form.ts); the panel derives it, as here.
  assert.equal(checks, evaluate(toExchange(r)).checks.length);
  if (v.outcome === 'blocked') {
    assert.equal(await p.$eval('[data-testid="fix"]', (e) => e.getAttribute('data-needed')), 'true');
    const snippet = await text(p, '[data-testid="snippet"]');
    assert.match(snippet, new RegExp(r.initiator?.replaceAll('.', '\\.') ?? 'none'), 'the Express snippet allows the exact page origin');
  }
  // Back to the list (a narrow panel shows the detail instead of the list).
  await p.click('[data-testid="back"], [data-testid="close"]');
  await p.waitForSelector('[data-testid="detail"]', { hidden: true });
}

describe('the CORS panel', () => {
  let s: CorsSession;
  let urls: Urls;
  const byUrl = new Map<string, CaptureRecord>();

  before(async () => {
    s = await CorsSession.start();
    urls = {
      allowed: `${s.api.origin}/items?acao=*`,
      preflightBlocked: `${s.api.origin}/items/7?acao=$origin&acam=PUT`,
      responseBlocked: `${s.api.origin}/search?status=200`,
      xss: `${s.api.origin}/profile?acao=*&aceh=${encodeURIComponent(XSS)}`,
    };
    await s.fetch(urls.allowed);
    await s.fetch(urls.preflightBlocked, { method: 'PUT', headers: { 'X-Request-Id': 'r7', 'Content-Type': 'application/json' }, body: '{}' });
    await s.fetch(urls.responseBlocked);
    await s.fetch(urls.xss);
    for (const url of Object.values(urls)) byUrl.set(url, (await s.recordsFor(url))[0]!);
  });
  after(async () => {
    await s?.close();
  });

  test('the recorded verdicts are the three cases (sanity)', () => {
    assert.equal(byUrl.get(urls.allowed)?.verdict?.outcome, 'allowed');
    assert.equal(byUrl.get(urls.preflightBlocked)?.verdict?.reason, 'header-not-allowed');
    assert.equal(byUrl.get(urls.responseBlocked)?.verdict?.reason, 'missing-allow-origin');
  });

  test('standalone page: rows, filters with counts, detail with reason and fix, keyboard', async () => {
    const page = await s.ext.browser.newPage();
    await page.setViewport({ width: 1200, height: 700 });
    await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="request-row"]').length === 4);

    const listed = await rows(page);
    const kindOf = (url: string) => listed.find((r) => r.id === byUrl.get(url)?.id)?.kind;
    assert.equal(kindOf(urls.allowed), 'allowed');
    assert.equal(kindOf(urls.preflightBlocked), 'blocked');
    assert.equal(kindOf(urls.responseBlocked), 'blocked');
    for (const r of listed) {
      const rec = [...byUrl.values()].find((x) => x.id === r.id);
      assert.equal(r.reason, renderSummary(rec!.verdict!, en), 'each row says its one-line reason');
    }
    const marks = await page.$$eval('[data-testid="preflight-mark"]', (els) => els.map((e) => e.getAttribute('data-mark')));
    assert.deepEqual(marks, ['failed']);

    const c = await counts(page);
    assert.equal(c['all'], 4);
    assert.equal(c['blocked'], 2);
    assert.equal(c['preflighted'], 1);
    await page.click('[data-testid="filter-blocked"]');
    assert.deepEqual(
      (await rows(page)).map((r) => r.kind),
      ['blocked', 'blocked'],
    );
    await page.click('[data-testid="filter-preflighted"]');
    assert.deepEqual(
      (await rows(page)).map((r) => r.id),
      [byUrl.get(urls.preflightBlocked)?.id],
    );
    await page.click('[data-testid="filter-all"]');
    await page.type('[data-testid="filter-text"]', '/search');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="request-row"]').length === 1);
    assert.equal((await counts(page))['all'], 1, 'counts follow the text filter');
    await page.$eval('[data-testid="filter-text"]', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('[data-testid="filter-text"]', ' ');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="request-row"]').length === 4);

    for (const url of [urls.allowed, urls.preflightBlocked, urls.responseBlocked]) await assertDetail(page, byUrl.get(url)!);
    // The preflight fix names the header the preflight must allow.
    await openDetail(page, byUrl.get(urls.preflightBlocked)!.id);
    assert.match(await text(page, '[data-testid="fix-preflight-headers"]'), /Access-Control-Allow-Headers: content-type, x-request-id/);
    assert.match(await text(page, '[data-testid="timeline"]'), /Preflight.*OPTIONS.*204.*Request.*PUT.*not sent/s);

    // Keyboard: Escape closes, Up/Down move, Enter opens.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="detail"]', { hidden: true });
    await page.focus('[data-testid="request-list"]');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid="detail"][data-id="${listed[1]?.id}"]`);
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector(`[data-testid="detail"][data-id="${listed[0]?.id}"]`);

    // Narrow: the detail replaces the list, with a back button.
    await page.setViewport({ width: 600, height: 700 });
    await page.waitForSelector('[data-testid="back"]');
    assert.equal(await page.$('[data-testid="request-list"]'), null);
    await page.click('[data-testid="back"]');
    await page.waitForSelector('[data-testid="request-list"]');
    assert.deepEqual(s.ext.extensionErrors, []);
    await page.close();
  });

  test('a header value with HTML is shown as literal text and runs nothing', async () => {
    const page = await s.ext.browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
    await page.waitForSelector('[data-testid="request-row"]');
    await openDetail(page, byUrl.get(urls.xss)!.id);
    const values = await page.$$eval('[data-testid="response-headers"] [data-testid="header-value"]', (els) => els.map((e) => e.textContent));
    assert.ok(values.includes(XSS), `the value is there as text: ${JSON.stringify(values)}`);
    assert.equal(await page.$$eval('img', (els) => els.length), 0, 'no img element was created');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(dialogs, []);
    assert.deepEqual(s.ext.extensionErrors, []);
    await page.close();
  });

  test('inside DevTools: the CORS panel lists the requests and explains them', async () => {
    const { devtools, panel } = await openCorsPanel(s.page, s.ext.extensionId);
    await panel.waitForFunction(() => document.querySelectorAll('[data-testid="request-row"]').length === 4);
    // The toolbar names the inspected page by its title (the test page's is "page"), its URL as the tooltip.
    await panel.waitForFunction(() => document.querySelector('[data-testid="inspected-tab"]')?.textContent === 'page');
    assert.equal(await panel.$eval('[data-testid="inspected-tab"]', (el) => el.getAttribute('title')), `Inspected page: ${s.site.origin}/`);
    const c = await counts(panel);
    assert.deepEqual([c['all'], c['blocked'], c['preflighted']], [4, 2, 1]);
    const themeName = await panel.evaluate(() => chrome.devtools.panels.themeName);
    assert.equal(
      await panel.evaluate(() => document.documentElement.className),
      themeName === 'dark' ? 'theme-dark' : 'theme-light',
      'the panel follows the DevTools theme',
    );
    for (const url of [urls.allowed, urls.preflightBlocked, urls.responseBlocked]) await assertDetail(panel, byUrl.get(url)!);
    // Copy works inside DevTools (clipboard API or the execCommand fallback).
    await openDetail(panel, byUrl.get(urls.responseBlocked)!.id);
    // A DOM click: puppeteer's mouse coordinates miss buttons scrolled inside the DevTools frame.
    await panel.$eval('[data-testid="copy-snippet"]', (e) => (e as HTMLElement).click());
    await panel.waitForSelector('[data-testid="copy-snippet"]:not([data-state="idle"])', { timeout: 3000 });
    assert.equal(await panel.$eval('[data-testid="copy-snippet"]', (e) => e.getAttribute('data-state')), 'copied');
    assert.deepEqual(s.ext.extensionErrors, []);
    await devtools.close();
  });

  test('screenshots at the right dock (480x700), the bottom dock (1200x300) and wide (1200x700), light and dark, with their layout asserted', async () => {
    // A fuller log for the picture: a paired preflight, a cache hit, a warning, a redirect, not-CORS.
    const extra = `${s.api.origin}/items/8?acao=$origin&vary=Origin&acam=PUT&acah=content-type&maxage=600`;
    await s.fetch(extra, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    await s.fetch(extra, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    await s.fetch(`${s.api.origin}/me?acao=$origin`);
    await s.fetch(`${s.api.origin}/old?acao=*&redirect=${encodeURIComponent(`${s.other.origin}/new?acao=*`)}`);
    await s.fetch(`${s.api.origin}/pixel`, { mode: 'no-cors' });
    await s.fetch(`${s.api.origin}/orders?acao=*&acam=DELETE&pre.status=401`, { method: 'DELETE' });
    const paired = (await s.recordsFor(extra, 2))[0]!;
    const blocked = byUrl.get(urls.preflightBlocked)!.id;
    const page = await s.ext.browser.newPage();
    const facts = async () => (await page.evaluate(layoutScript())) as LayoutFacts;
    const shoot = async (name: string) => {
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await page.waitForFunction((t: string) => document.documentElement.classList.contains(`theme-${t}`), {}, theme);
        await page.screenshot({ path: `${DOCS}/panel-chromium-${name}-${theme}.png` as `${string}.png` });
      }
    };
    for (const size of SIZES) {
      await page.setViewport({ width: size.width, height: size.height });
      await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="request-row"]').length === 10);
      await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected');
      const where = `Chromium ${size.name}`;
      if (size.width < 700) {
        // The right dock: the list (the detail would take the whole panel).
        await assertRightDock({ facts, shoot }, where, size.name, () => openDetail(page, paired.id));
      } else {
        await openDetail(page, blocked);
        const f = await facts();
        assertCommon(f, where);
        assertAnswerFirst(f, where);
        await shoot(size.name);
        if (size.height >= 700) {
          // The README's wide pictures (docs/store-listing.md names them too).
          for (const theme of ['light', 'dark'] as const) {
            await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
            await page.waitForFunction((t: string) => document.documentElement.classList.contains(`theme-${t}`), {}, theme);
            await page.screenshot({ path: `${DOCS}/panel-${theme}.png` as `${string}.png` });
          }
          await openDetail(page, paired.id);
          assertHeaderTables(await facts(), `${where}, detail`);
        }
      }
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    }
    // The ⋯ menu at the right dock: every control that left the row is in it, and it works by keyboard.
    await page.setViewport({ width: 480, height: 700 });
    await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
    await page.waitForSelector('[data-testid="toolbar-more"]');
    await page.focus('[data-testid="toolbar-more"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="toolbar-menu"]:not([hidden])');
    assert.equal(await page.$eval('[data-testid="toolbar-more"]', (e) => e.getAttribute('aria-expanded')), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')?.startsWith('menuitem')), true, 'the focus is on the first item');
    const menuBox = await page.$eval('[data-testid="toolbar-menu"]', (e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    assert.ok(menuBox.left >= 0 && menuBox.right <= 480, `the open menu is inside the panel: ${JSON.stringify(menuBox)}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="toolbar-menu"]', { hidden: true });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'toolbar-more', 'Escape gives the focus back');
    assert.deepEqual(s.ext.extensionErrors, []);
    await page.close();
  });

  test('toolbar: preserve and clear go to the background', async () => {
    const page = await s.ext.browser.newPage();
    await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
    await page.waitForSelector('[data-testid="request-row"]');
    await page.click('[data-testid="preserve"]');
    // The background keeps the switch: a freshly opened panel shows it on (once the background has it).
    await until(async () => (await s.state()).preserve, 'the background to hold Preserve log on');
    await page.reload();
    await page.waitForFunction(() => (document.querySelector('[data-testid="preserve"]') as HTMLInputElement | null)?.checked === true);
    await page.click('[data-testid="preserve"]');
    await page.click('[data-testid="clear"]');
    await page.waitForSelector('[data-testid="empty-state"]');
    assert.equal((await s.records()).length, 0);
    assert.deepEqual(s.ext.extensionErrors, []);
    await page.close();
  });

  test('the toolbar popup (opened as a page for the test tab): counts and the last blocked request', async () => {
    // Its own blocked request: an earlier test clears the log.
    const url = `${s.api.origin}/popup?status=200`;
    await s.fetch(url);
    await s.recordsFor(url);
    const records = await s.records();
    const blocked = records.filter((r) => r.verdict?.outcome === 'blocked');
    assert.ok(blocked.length > 0);
    const page = await s.ext.browser.newPage();
    await page.goto(`chrome-extension://${s.ext.extensionId}/popup.html?tabId=${s.tabId}`);
    await page.waitForFunction(
      (n: number) => document.querySelector('[data-testid="popup-all"]')?.textContent === `${n} cross-origin in all`,
      { timeout: 5000 },
      records.length,
    );
    assert.equal(await text(page, '[data-testid="popup-blocked"]'), `${blocked.length} blocked`);
    const last = blocked.at(-1)!;
    assert.ok((await text(page, '[data-testid="popup-last-blocked"]')).includes(renderSummary(last.verdict!, en)));
    const manifest = await page.evaluate(() => chrome.runtime.getManifest());
    assert.equal((manifest.action as { default_popup?: string }).default_popup, 'popup.html', 'the toolbar icon opens it');
    assert.deepEqual(s.ext.extensionErrors, []);
    await page.close();
  });

  test('what-if on a captured failure: the simulated verdict is what Chromium does when the server really sends that header', async () => {
    const blocked = `${s.api.origin}/whatif?status=200`;
    await s.fetch(blocked);
    const [r] = await s.recordsFor(blocked);
    assert.equal(r?.verdict?.reason, 'missing-allow-origin');
    const page = await s.ext.browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
    await page.waitForSelector(`[data-testid="request-row"][data-id="${r!.id}"]`);
    await openDetail(page, r!.id);
    await page.click('[data-testid="whatif-open"]');
    await page.waitForSelector('[data-testid="whatif-result"][data-outcome="blocked"]');
    // The page witness saw how the page called fetch(): no credentials assumption to make.
    assert.equal(await page.$('[data-testid="whatif-credentials"]'), null);
    await page.click('[data-testid="whatif-response-add"]');
    await page.type('[data-testid="whatif-response-header"]:last-child [data-testid="whatif-response-name"]', 'Access-Control-Allow-Origin');
    await page.type('[data-testid="whatif-response-header"]:last-child [data-testid="whatif-response-value"]', `${s.site.origin}/`);
    await page.waitForSelector('[data-testid="whatif-result"][data-outcome="blocked"][data-reason="allow-origin-mismatch"]');
    await page.keyboard.press('Backspace');
    await page.waitForSelector('[data-testid="whatif-result"][data-outcome="allowed"]');
    assert.equal(await text(page, '[data-testid="whatif-patch"]'), `# Response (GET ${blocked})\n+ Access-Control-Allow-Origin: ${s.site.origin}`);
    // Ground truth: the server really sends the header (trailing slash, then exact): Chromium agrees each time.
    for (const [acao, corsError] of [
      [`${s.site.origin}/`, 'AllowOriginMismatch'],
      [s.site.origin, null],
    ] as const) {
      const url = `${s.api.origin}/whatif-real?acao=${encodeURIComponent(acao)}`;
      await s.fetch(url);
      await s.recordsFor(url);
      assert.equal(s.chromiumVerdict(url).corsError, corsError, acao);
    }
    assert.deepEqual(s.ext.extensionErrors, []);
    await page.close();
  });
});
