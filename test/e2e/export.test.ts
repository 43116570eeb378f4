// Export in real Chromium: produce CORS failures, export them from the panel as files, and
// read the files the browser wrote: reason in both browsers' words, the fix, secrets redacted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer';
import { openCorsPanel } from '../../scripts/devtools-panel.ts';
import { CorsSession } from '../support/cors-session.ts';

let s: CorsSession;
let downloads: string;
let blockedUrl: string;
/** Finished downloads in order: the name the page suggested and the file Chrome wrote (by guid). */
const finished: Array<{ name: string; path: string }> = [];

before(async () => {
  s = await CorsSession.start();
  downloads = mkdtempSync(join(tmpdir(), 'cors-lens-downloads-'));
  const cdp = await s.ext.browser.target().createCDPSession();
  const names = new Map<string, string>();
  cdp.on('Browser.downloadWillBegin', (e) => names.set(e.guid, e.suggestedFilename));
  cdp.on('Browser.downloadProgress', (e) => {
    if (e.state === 'completed') finished.push({ name: names.get(e.guid) ?? '?', path: join(downloads, e.guid) });
  });
  // Files named by guid: exports of the same records share a name and would overwrite.
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath: downloads, eventsEnabled: true });
  blockedUrl = `${s.api.origin}/orders?status=200&access_token=secret-token-123`;
  assert.equal((await s.fetch(blockedUrl)).resolved, false);
  assert.equal((await s.fetch(`${s.api.origin}/ok?acao=*`)).resolved, true);
  assert.equal((await s.fetch(`${s.api.origin}/put?acao=*`, { method: 'PUT', headers: { 'X-Trace': '1' } })).resolved, false);
  await s.recordsFor(blockedUrl);
  // The toolbar export below must hold both blocked requests: the PUT's record is waited for too.
  await s.recordsFor(`${s.api.origin}/put?acao=*`);
});

after(async () => {
  await s?.close();
  rmSync(downloads, { recursive: true, force: true });
});

/** Waits for the next finished download and returns the suggested name and the text. */
async function nextDownload(ext: string): Promise<{ name: string; text: string }> {
  const deadline = Date.now() + 10_000;
  const before = taken;
  while (finished.length <= before) {
    if (Date.now() > deadline) throw new Error(`no download finished (${finished.length} so far)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  taken++;
  const { name, path } = finished[before]!;
  assert.ok(name.endsWith(ext), `${name} is a ${ext} file`);
  return { name, text: readFileSync(path, 'utf8') };
}
let taken = 0;

async function openRow(panel: Page | Frame, url: string): Promise<void> {
  const id = (await s.recordsFor(url))[0]!.id;
  await panel.waitForSelector(`[data-testid="request-row"][data-id="${id}"]`);
  await panel.$eval(`[data-testid="request-row"][data-id="${id}"]`, (el) => (el as HTMLElement).click());
  await panel.waitForSelector('[data-testid="export-save-md"]');
}

/**
 * A real mouse click: Chrome lets a page start one download on its own, and further ones
 * only from a user gesture, which a script's el.click() is not.
 */
async function press(panel: Page | Frame, selector: string): Promise<void> {
  const el = await panel.waitForSelector(selector);
  await el!.click();
}

test('from the detail view: the Markdown report of one blocked request, secrets redacted', async () => {
  const panel = await s.ext.browser.newPage();
  await panel.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
  await openRow(panel, blockedUrl);
  await press(panel, '[data-testid="export-save-md"]');
  const { name, text } = await nextDownload('.md');
  assert.match(name, /^cors-lens-127\.0\.0\.1-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[a-z0-9.-]+\.md$/);
  assert.match(text, /missing-allow-origin/);
  assert.match(text, /MissingAllowOriginHeader/);
  assert.match(text, /CORSMissingAllowOrigin/);
  assert.match(text, new RegExp(`Access-Control-Allow-Origin: ${s.site.origin.replaceAll('.', '\\.')}`));
  assert.match(text, /Chromium \d+/);
  assert.ok(!text.includes('secret-token-123'), 'the token in the URL is redacted');
  assert.match(text, /access_token=/);
  // Chromium's webRequest names no page; the browser named the frame that reported the call.
  const pageUrl = await s.page.evaluate(() => location.href.split('#')[0]!);
  assert.ok(text.includes(`**Page:** \`${pageUrl}\``), `the report names the page ${pageUrl}`);
  await panel.close();
});

test('from the toolbar: every blocked request as JSON; including secrets is an explicit choice', async () => {
  const panel = await s.ext.browser.newPage();
  await panel.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
  await press(panel, '[data-testid="export-blocked-save-json"]:not([disabled])');
  const redacted = JSON.parse((await nextDownload('.json')).text) as { format: string; version: number; exchanges: Array<{ verdict: { reason: string } }> };
  assert.equal(redacted.format, 'cors-lens-report');
  assert.deepEqual(redacted.exchanges.map((e) => e.verdict.reason).sort(), ['method-not-allowed', 'missing-allow-origin']);
  assert.ok(!JSON.stringify(redacted).includes('secret-token-123'));

  await press(panel, '[data-testid="include-secrets"]');
  await panel.waitForSelector('[data-testid="secrets-warning"]');
  await press(panel, '[data-testid="export-blocked-save-json"]');
  const full = (await nextDownload('.json')).text;
  assert.ok(full.includes('secret-token-123'), 'opted in: the token is kept');
  await panel.close();
});

test('inside the real DevTools panel too', async () => {
  const { devtools, panel } = await openCorsPanel(s.page, s.ext.extensionId);
  await openRow(panel, blockedUrl);
  // Puppeteer's mouse misses inside the DevTools frame; a key press is a user gesture too.
  await panel.focus('[data-testid="export-save-md"]');
  await devtools.keyboard.press('Enter');
  const { text } = await nextDownload('.md');
  assert.match(text, /MissingAllowOriginHeader/);
  await devtools.close();
  assert.deepEqual(s.ext.extensionErrors, []);
});
