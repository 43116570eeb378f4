// The panel in Spanish, as a Spanish-speaking developer gets it (issue 16): Chromium started in
// Spanish (--lang=es, with Debian's language pack), no choice made in the panel. A request the
// browser blocked is explained and fixed in Spanish, with the verdict Chromium itself gave.
// Its picture is docs/panel-es.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer';
import { renderSummary } from '../../src/core/index.ts';
import { catalogueFor } from '../../src/core/report/index.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { PANEL_WORDS } from '../../src/panel/words.ts';
import { CorsSession } from '../support/cors-session.ts';

const DOCS = new URL('../../docs/', import.meta.url).pathname;
const es = catalogueFor('es');
let s: CorsSession;
let uiLanguage = '';
let blocked: CaptureRecord;
let page: Page;

before(async () => {
  s = await CorsSession.start({ lang: 'es' });
  const url = `${s.api.origin}/pedidos?cache=no`;
  const r = await s.fetch(url);
  assert.equal(r.resolved, false, 'the browser blocked the fetch');
  blocked = (await s.recordsFor(url))[0]!;
  page = await s.ext.browser.newPage();
  await page.setViewport({ width: 1200, height: 700 });
  await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
  uiLanguage = (await page.evaluate('chrome.i18n.getUILanguage()')) as string;
  await page.waitForSelector(`[data-testid="request-row"][data-id="${blocked.id}"]`);
  await page.click(`[data-testid="request-row"][data-id="${blocked.id}"]`);
  await page.waitForSelector(`[data-testid="detail"][data-id="${blocked.id}"]`);
});
after(async () => {
  await s?.close();
});

const text = (sel: string) => page.$eval(sel, (e) => e.textContent ?? '');

test('ground truth: Chromium runs in Spanish and blocked the request for a missing Access-Control-Allow-Origin', () => {
  assert.match(uiLanguage, /^es\b/, `chrome.i18n.getUILanguage() is ${uiLanguage}: Chromium has no Spanish UI here (Debian: apt-get install chromium-l10n)`);
  assert.equal(s.chromiumVerdict(blocked.url).corsError, 'MissingAllowOriginHeader');
  assert.equal(blocked.verdict?.outcome, 'blocked');
  assert.equal(blocked.verdict?.reason, 'missing-allow-origin');
});

test('the panel speaks Spanish without being asked: toolbar, explanation and fix', async () => {
  assert.equal(await page.$eval('[data-testid="clear"]', (e) => e.textContent?.trim() ?? ''), PANEL_WORDS.es.clear);
  assert.equal(await text('[data-testid="detail-summary"]'), renderSummary(blocked.verdict!, es));
  const fix = await text('[data-testid="fix"]');
  assert.ok(fix.includes(PANEL_WORDS.es.fixResponse), `the fix's heading in Spanish: ${fix.slice(0, 200)}`);
  assert.ok(!fix.includes(PANEL_WORDS.en.fixResponse), 'no English heading');
  await page.screenshot({ path: `${DOCS}/panel-es.png` as `${string}.png` });
});

test('the Spanish words fit: no verdict badge or toolbar control cut, wide and at the right dock', async () => {
  const cut = () =>
    page.$$eval('.c-verdict, [data-testid="toolbar"] button, [data-testid="toolbar"] label', (els) =>
      els.filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1).map((e) => `${e.className || e.tagName}: ${e.textContent}`),
    );
  assert.deepEqual(await cut(), [], 'wide (1200x700)');
  await page.setViewport({ width: 480, height: 700 });
  // The panel turns narrow on its media query's change event, after setViewport returns: the
  // wide layout's close button is replaced by the narrow one's back button. Clicking before that
  // hit a button being removed ("Node is detached from document", once in a full e2e run).
  await page.waitForSelector('main.narrow [data-testid="back"]');
  await page.click('[data-testid="back"]');
  await page.waitForSelector('[data-testid="detail"]', { hidden: true });
  assert.deepEqual(await cut(), [], 'right dock (480x700)');
});
