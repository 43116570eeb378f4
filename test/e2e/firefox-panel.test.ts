// The CORS panel's layout in real Firefox (firefox-esr), as the Chromium screenshot test in
// panel.test.ts: the panel page opened the way firefox-session.ts opens it, at the right dock
// (480x700), the bottom dock (1200x300) and wide (1200x700), light and dark, written to
// docs/panel-firefox-*.png, each with its layout asserted (one toolbar row, nothing past the
// right edge, hosts whole, header values not broken into one-letter lines, the error code
// NS_ERROR_DOM_BAD_URI on one line). Needs firefox-esr (or FIREFOX_PATH): fails without it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FirefoxSession } from '../support/firefox-session.ts';
import { assertAnswerFirst, assertCommon, assertHeaderTables, assertRightDock, layoutScript, SIZES, type LayoutFacts } from './panel-layout.ts';

const DOCS = resolve(import.meta.dirname, '../../docs');
/** Firefox's pref for the colour scheme pages see: 0 dark, 1 light. */
const SCHEME_PREF = 'layout.css.prefers-color-scheme.content-override';

describe('the CORS panel in Firefox: layout at three docked sizes', () => {
  let s: FirefoxSession;
  const ids: Record<string, string> = {};

  before(async () => {
    s = await FirefoxSession.start();
    const api = s.api.origin;
    const urls = {
      allowed: `${api}/items?acao=*`,
      preflightBlocked: `${api}/items/7?acao=$origin&acam=PUT`,
      responseBlocked: `${api}/search?status=200`,
      paired: `${api}/items/8?acao=$origin&vary=Origin&acam=PUT&acah=content-type&maxage=600`,
    };
    await s.fetch(urls.allowed);
    await s.fetch(urls.preflightBlocked, { method: 'PUT', headers: { 'X-Request-Id': 'r7', 'Content-Type': 'application/json' }, body: '{}' });
    await s.fetch(urls.responseBlocked);
    await s.fetch(urls.paired, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    await s.fetch(urls.paired, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    await s.fetch(`${api}/me?acao=$origin`);
    await s.fetch(`${api}/old?acao=*&redirect=${encodeURIComponent(`${s.other.origin}/new?acao=*`)}`);
    await s.fetch(`${api}/pixel`, { mode: 'no-cors' });
    await s.fetch(`${api}/orders?acao=*&acam=DELETE&pre.status=401`, { method: 'DELETE' });
    for (const [name, url] of Object.entries(urls)) ids[name] = (await s.recordsFor(url))[0]!.id;
  });
  after(async () => {
    await s?.inChrome(`(Services.prefs.clearUserPref(${JSON.stringify(SCHEME_PREF)}), true)`).catch(() => undefined);
    await s?.close();
  });

  test('screenshots at 480x700, 1200x300 and 1200x700, light and dark, with their layout asserted', async () => {
    const records = await s.records();
    const panel = await s.openExtensionPage(`/panel.html?tabId=${s.tabId}`);
    await s.bidi.send('browsingContext.activate', { context: panel });
    const run = <T>(expression: string) => s.inExtension<T>(panel, expression);
    const facts = () => run<LayoutFacts>(layoutScript());
    /** Resolves once `condition` (an expression) is true in the panel page. */
    const until = (condition: string) =>
      run<boolean>(`new Promise((resolve, reject) => {
        const deadline = Date.now() + 5000;
        const poll = () => (${condition}) ? resolve(true) : Date.now() > deadline ? reject(new Error(${JSON.stringify(`timed out: ${condition}`)})) : setTimeout(poll, 50);
        poll();
      })`);
    const openDetail = async (id: string) => {
      await run(`(document.querySelector('[data-testid="request-row"][data-id="${id}"]').click(), true)`);
      await until(`document.querySelector('[data-testid="detail"][data-id="${id}"]')`);
    };
    const closeDetail = async () => {
      await run(`(document.querySelector('[data-testid="back"], [data-testid="close"]')?.click(), true)`);
      await until(`!document.querySelector('[data-testid="detail"]')`);
    };
    const settle = () => run(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 50))))`);
    const shoot = async (name: string) => {
      for (const [theme, value] of [
        ['light', 1],
        ['dark', 0],
      ] as const) {
        await s.inChrome(`(Services.prefs.setIntPref(${JSON.stringify(SCHEME_PREF)}, ${value}), true)`);
        await until(`document.documentElement.classList.contains('theme-${theme}')`);
        await settle();
        const { result } = (await s.bidi.send('browsingContext.captureScreenshot', { context: panel })) as { result: { data: string } };
        writeFileSync(`${DOCS}/panel-firefox-${name}-${theme}.png`, Buffer.from(result.data, 'base64'));
      }
      await s.inChrome(`(Services.prefs.setIntPref(${JSON.stringify(SCHEME_PREF)}, 1), true)`);
    };

    await until(`document.querySelectorAll('[data-testid="request-row"]').length === ${records.length}`);
    for (const size of SIZES) {
      await s.bidi.send('browsingContext.setViewport', { context: panel, viewport: { width: size.width, height: size.height } });
      await until(`innerWidth === ${size.width} && innerHeight === ${size.height}`);
      await settle();
      const where = `Firefox ${size.name}`;
      if (size.width < 700) {
        const d = await assertRightDock({ facts, shoot }, where, size.name, async () => {
          await openDetail(ids['paired']!);
          await settle();
        });
        // Firefox's own error for the failed preflight, whole on one line.
        await closeDetail();
        await openDetail(ids['preflightBlocked']!);
        await settle();
        const e = await facts();
        assert.ok(
          e.timelineOutcomes.some((t) => t.text === 'not sent (NS_ERROR_DOM_BAD_URI)' && t.lines === 1),
          `the timeline shows the request not sent, with Firefox's error, on one line: ${JSON.stringify(e.timelineOutcomes)}`,
        );
        assertCommon(e, `${where}, failed preflight`);
        assertHeaderTables({ ...e, headerValues: e.headerValues.length > 0 ? e.headerValues : d.headerValues }, `${where}, failed preflight`);
        await closeDetail();
      } else {
        await openDetail(ids['preflightBlocked']!);
        await settle();
        const f = await facts();
        assertCommon(f, where);
        assertAnswerFirst(f, where);
        for (const t of f.timelineOutcomes) assert.equal(t.lines, 1, `${where}: '${t.text}' on one line`);
        await shoot(size.name);
        await openDetail(ids['paired']!);
        await settle();
        assertHeaderTables(await facts(), `${where}, detail`);
        await closeDetail();
      }
    }
    assert.deepEqual(await s.extensionErrors(), []);
  });
});
