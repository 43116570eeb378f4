// `npm start`: builds the extension, serves the demo page on one origin and the demo API on
// another, and starts Chromium with CORS Lens loaded on that page, in a maximised window,
// DevTools docked at the bottom on the CORS panel (the list and the detail side by side, the
// page above). With no display (a server, CI) Chromium runs headless and this says so.
// `npm start -- --port N --api-port N` chooses the ports (else any free ones).
// `npm start -- --smoke` stops once the demo page has run: a check that start works.
import puppeteer from 'puppeteer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_FLAGS, findChrome } from './chrome-path.ts';
import { dockDevTools, openCorsPanel } from './devtools-panel.ts';
import { LAB_SCENARIOS } from '../demo/lab.ts';
import { browserOrExit, headless, root, smoke, startLab } from './lab-server.ts';

const executablePath = browserOrExit(findChrome);
const { api, site } = await startLab();

// A fresh profile each start, removed when it stops.
const profile = mkdtempSync(join(tmpdir(), 'cors-lens-start-'));
const browser = await puppeteer.launch({
  executablePath,
  headless,
  pipe: true,
  enableExtensions: [join(root, 'dist', 'chrome')],
  handleDevToolsAsPage: true,
  defaultViewport: null,
  args: [...CHROME_FLAGS, '--start-maximized', `--user-data-dir=${profile}`],
});
const shutdown = async (code: number) => {
  await browser.close().catch(() => undefined);
  await Promise.all([api.close(), site.close()]);
  rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const extensionId = await (async () => {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  return new URL(target.url()).host;
})();
// The worker target exists before its script has registered the webRequest listeners: a
// port from an extension page answers only once it runs, so the demo's first request is seen.
const waker = await browser.newPage();
await waker.goto(`chrome-extension://${extensionId}/panel.html?tabId=0`);
await waker.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected', { timeout: 10_000 });
await waker.close();
const [page = await browser.newPage()] = await browser.pages();
await page.goto(`${site.origin}/`);
const { panel, devtools } = await openCorsPanel(page, extensionId);
console.log(`DevTools: docked at the ${await dockDevTools(devtools, 'bottom')}, on the CORS panel`);
await page.waitForSelector('body[data-done="true"]');
const results = await page.$$eval('[data-label]', (items) => items.map((el) => el.textContent ?? ''));
console.log(results.map((r) => `  ${r}`).join('\n'));
// What the panel shows once every lab request has its verdict (the list is windowed: its
// counts, not its rows in the DOM).
const requests = LAB_SCENARIOS.reduce((n, s) => n + (s.twice ? 2 : 1), 0);
await panel.waitForFunction(
  (n: number) => {
    const list = document.querySelector('[data-testid="request-list"]');
    return Number(list?.getAttribute('data-count')) >= n && list?.getAttribute('data-pending') === '0';
  },
  { timeout: 15_000 },
  requests,
);
const all = await panel.$eval('[data-testid="request-list"]', (el) => Number(el.getAttribute('data-count')));
const blocked = await panel.$eval('[data-testid="filter-blocked"] [data-testid="filter-count"]', (el) => Number(el.textContent));
console.log(`CORS panel: ${all} requests, ${blocked} blocked`);

if (smoke) {
  console.log('start: ok');
  await shutdown(0);
} else if (headless) {
  console.log(
    '\nNo display found, so Chromium runs headless. For a window: run `npm start` on a desktop, or `xvfb-run -a npm start` with a VNC viewer. Ctrl-C stops.',
  );
} else {
  console.log('\nChromium is open on the demo page with DevTools on the CORS panel. Ctrl-C stops.');
}
