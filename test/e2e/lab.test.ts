// The demo lab (issue 13): every scenario `npm start` shows, made by a page in real Chromium;
// CORS Lens's verdict agrees with Chromium's own (CDP corsErrorStatus: none for an allowed or
// no-cors request, and the same name when blocked), and each scenario shows what its group says.
// Then the store images (docs/store-listing.md) are taken from the lab's log.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REASONS } from '../../src/core/index.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { LAB_GROUPS, LAB_SCENARIOS, LAB_URLS_UNIQUE, labUrl } from '../../demo/lab.ts';
import { CorsSession } from '../support/cors-session.ts';
import { sessionFor } from '../support/session-hooks.ts';

const DOCS = resolve(import.meta.dirname, '../../docs');
/** Width and height of a PNG (its IHDR chunk). */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('the demo lab in Chromium', () => {
  const s = sessionFor(() => CorsSession.start());

  test('at least 25 scenarios, every group used, each its own URL', () => {
    assert.ok(LAB_SCENARIOS.length >= 25, String(LAB_SCENARIOS.length));
    assert.deepEqual([...new Set(LAB_SCENARIOS.map((x) => x.group))], [...LAB_GROUPS]);
    assert.ok(LAB_URLS_UNIQUE);
  });

  for (const sc of LAB_SCENARIOS) {
    test(`${sc.group}: ${sc.label}`, async () => {
      const url = labUrl(sc, s.api.origin, s.site.origin);
      const times = sc.twice ? 2 : 1;
      for (let i = 0; i < times; i++) await s.fetch(url, sc.init as RequestInit);
      const records: CaptureRecord[] = await s.recordsFor(url, times);
      const r = records.at(-1)!;
      const v = r.verdict!;
      // DevTools names a redirected request by its redirect target (also with redirect: "manual").
      const target = new URL(url).searchParams.get('redirect');
      const chromium = s.chromiumVerdict(target ?? url, sc.init.method ?? 'GET').corsError;
      const detail = `${v.outcome} ${v.reason}, Chromium ${chromium ?? 'no CORS error'}`;
      if (chromium === null) assert.notEqual(v.outcome, 'blocked', detail);
      else {
        assert.equal(v.outcome, 'blocked', detail);
        const name = REASONS[v.reason].chromium;
        if (name !== undefined) assert.equal(name, chromium, detail);
      }
      switch (sc.group) {
        case 'Allowed':
          assert.equal(v.outcome, 'allowed', detail);
          assert.deepEqual(
            v.warnings.map((w) => w.code),
            [],
            detail,
          );
          break;
        case 'Warnings':
          assert.equal(v.outcome, 'allowed', detail);
          assert.ok(v.warnings.length > 0, `a warning: ${detail}`);
          break;
        case 'Preflight cache':
          assert.equal(v.outcome, 'allowed', detail);
          assert.equal(r.preflightCached, true, 'the second from the cache');
          break;
        case 'Not CORS':
          assert.equal(v.outcome, 'not-cors', detail);
          break;
        case 'Credentials':
          assert.equal(v.outcome, sc.label.endsWith('allowed') ? 'allowed' : 'blocked', detail);
          break;
        case 'Redirects':
          assert.equal(v.outcome, sc.label.includes('without CORS') ? 'blocked' : sc.init.redirect === 'manual' ? v.outcome : 'allowed', detail);
          break;
        default:
          assert.equal(v.outcome, 'blocked', detail);
      }
    });
  }
  // docs/store-listing.md "Images": the store screenshots at Chrome's 1280×800, taken from the
  // lab's log (every scenario above), and the 440×280 small promo tile, from the extension icon.
  test('store images: two screenshots at 1280x800 from the lab, the 440x280 tile', async () => {
    const page = await s.ext.browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 800 });
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
      await page.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
      await page.waitForFunction((n: number) => document.querySelectorAll('[data-testid="request-row"]').length >= n, {}, 20);
      const records = await s.records();
      const blocked = records.find((r) => r.verdict?.reason === 'preflight-missing-allow-origin') ?? records.find((r) => r.verdict?.outcome === 'blocked');
      assert.ok(blocked, 'the lab made a blocked request');
      await page.click(`[data-testid="request-row"][data-id="${blocked.id}"]`);
      await page.waitForSelector(`[data-testid="detail"][data-id="${blocked.id}"]`);
      await page.waitForSelector('[data-testid="fix"]');
      const first = Buffer.from(await page.screenshot());
      writeFileSync(`${DOCS}/store-screenshot-1.png`, first);
      await page.click('[data-testid="whatif-open"]');
      await page.waitForSelector('[data-testid="whatif-apply-fix"]');
      await page.click('[data-testid="whatif-apply-fix"]');
      await page.waitForSelector('[data-testid="whatif-result"][data-outcome="allowed"]');
      await page.$eval('[data-testid="whatif"]', (e) => e.scrollIntoView());
      const second = Buffer.from(await page.screenshot());
      writeFileSync(`${DOCS}/store-screenshot-2.png`, second);
      for (const png of [first, second]) assert.deepEqual(pngSize(png), { width: 1280, height: 800 });

      const icon = readFileSync(resolve(import.meta.dirname, '../../icons/icon-128.png')).toString('base64');
      await page.setViewport({ width: 440, height: 280 });
      await page.setContent(`<!doctype html><meta charset="utf-8"><style>
        body { margin: 0; width: 440px; height: 280px; display: flex; align-items: center; gap: 24px; padding: 0 32px;
               box-sizing: border-box; font: 15px system-ui, sans-serif; background: #f3f6fb; color: #1f1f1f; }
        h1 { margin: 0 0 8px; font-size: 30px; } p { margin: 0; line-height: 1.35; color: #3c4043; }
      </style><img src="data:image/png;base64,${icon}" width="112" height="112" alt="">
      <div><h1>CORS Lens</h1><p>Every cross-origin request of the tab: allowed or blocked, why, and the server change that fixes it.</p></div>`);
      const tile = Buffer.from(await page.screenshot());
      assert.deepEqual(pngSize(tile), { width: 440, height: 280 });
      writeFileSync(`${DOCS}/store-tile-440x280.png`, tile);
    } finally {
      await page.close();
    }
  });
});
