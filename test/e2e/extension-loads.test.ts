// Foundation proof: the built extension installs in the system Chromium, its worker runs,
// DevTools shows a CORS panel that loads without errors, and the manifest is the one we built.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchWithExtension, type LaunchedExtension } from '../support/browser.ts';
import { until } from '../support/poll.ts';
import { openCorsPanel } from '../../scripts/devtools-panel.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the built extension in Chromium', () => {
  let ext: LaunchedExtension;
  before(async () => {
    ext = await launchWithExtension();
  });
  after(async () => {
    await ext?.close();
  });

  test('its service worker runs and sees the manifest we built', async () => {
    const worker = await ext.worker();
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    assert.equal(manifest.name, 'CORS Lens');
    assert.equal(manifest.version, pkg.version);
    assert.equal(manifest.manifest_version, 3);
    assert.deepEqual(manifest.background, { service_worker: 'background.js' });
    assert.deepEqual([...(manifest.permissions ?? [])].sort(), ['storage', 'webRequest']);
    assert.deepEqual(manifest.host_permissions, ['<all_urls>']);
    assert.equal(ext.extensionId, 'nlapoeikonampomalabbfofkknbcbifa', 'the manifest key pins the extension id');
    assert.deepEqual(ext.extensionErrors, []);
    // The error watch covers the worker: a probe error logged there is caught.
    await worker.evaluate(() => console.error('probe error from the worker'));
    await until(() => ext.extensionErrors.length > 0, 'the probe error to reach the error watch');
    assert.deepEqual(ext.extensionErrors, ['background.js: probe error from the worker']);
    ext.extensionErrors.length = 0;
  });

  test('DevTools shows a CORS panel that renders without errors', async () => {
    const page = await ext.browser.newPage();
    await page.goto('data:text/html,<title>inspected</title><h1>inspected page</h1>');
    const { devtools, panel } = await openCorsPanel(page, ext.extensionId);

    const toolbar = await panel.$eval('[data-testid="toolbar"]', (el) => el.textContent ?? '');
    assert.match(toolbar, new RegExp(`CORS Lens ${pkg.version.replaceAll('.', '\\.')}`));
    const text = await panel.$eval('[data-testid="empty-state"]', (el) => el.textContent ?? '');
    assert.match(text, /No cross-origin requests yet/);
    await panel.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected');
    const tabId = await panel.evaluate(() => chrome.devtools.inspectedWindow.tabId);
    assert.equal(typeof tabId, 'number');
    // A data: page's title is out of the extension's host permissions: the tab is named by its
    // id (test/e2e/panel.test.ts checks an http page is named by its title).
    await panel.waitForFunction((id) => document.querySelector('[data-testid="inspected-tab"]')?.textContent === `Inspecting tab ${id}.`, {}, tabId);

    // The panel hears storage.local's changes only: a storage.onChanged listener would be sent
    // every storage.session write of the capture (old and new value of each record).
    await panel.waitForFunction(() => chrome.storage.local.onChanged.hasListeners());
    assert.equal(await panel.evaluate(() => chrome.storage.onChanged.hasListeners()), false);

    // Nothing in the devtools page, the panel or the worker logged an error ...
    assert.deepEqual(ext.extensionErrors, []);
    // ... and that watch really sees the panel frame: a probe error logged there is caught.
    await panel.evaluate(() => console.error('probe error from the panel'));
    await until(() => ext.extensionErrors.length > 0, 'the probe error to reach the error watch');
    assert.deepEqual(ext.extensionErrors, ['panel.html: probe error from the panel']);
    ext.extensionErrors.length = 0;
    await devtools.close();
    await page.close();
  });

  test('the background accepts a panel connection from the extension and starts it with a reset', async () => {
    const page = await ext.browser.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/panel.html?tabId=7`);
    // No tab 7 exists: the panel says so (its list could only ever be empty).
    await page.waitForFunction(() => /^Tab 7 does not exist/.test(document.querySelector('[data-testid="inspected-tab"]')?.textContent ?? ''));
    const text = await page.$eval('[data-testid="inspected-tab"]', (el) => el.textContent);
    assert.equal(text, 'Tab 7 does not exist (closed?): nothing to show.');
    const hello = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const port = chrome.runtime.connect({ name: 'cors-lens-panel:7' });
          port.onMessage.addListener((m) => resolve(m));
        }),
    );
    assert.deepEqual(hello, {
      type: 'reset',
      version: pkg.version,
      tabId: 7,
      state: { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true },
    });
    assert.deepEqual(ext.extensionErrors, []);
    await page.close();
  });
});
