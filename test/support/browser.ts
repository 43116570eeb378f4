// Launches the system Chromium headless with the built extension (dist/chrome) installed.
// One helper for every end-to-end test, so flags, loading and error watching stay in one place.
import puppeteer, { type Browser, type Target, type WebWorker } from 'puppeteer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROME_FLAGS, findChrome } from '../../scripts/chrome-path.ts';

const DIST_CHROME = resolve(import.meta.dirname, '../../dist/chrome');

export interface LaunchedExtension {
  browser: Browser;
  extensionId: string;
  /** Console errors and uncaught exceptions of every extension page, panel frame and the worker. */
  extensionErrors: string[];
  worker(): Promise<WebWorker>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * Keep puppeteer off the service worker target: attaching to a worker that is then
   * stopped and woken kills the whole browser connection (see docs/browser-testing.md).
   */
  detachFromWorker?: boolean;
  /** The unpacked extension to install (default dist/chrome; the packaged test unzips the store zip). */
  extensionDir?: string;
  /**
   * The browser's UI language (`--lang`, and LANGUAGE, which Chromium on Linux reads first).
   * Debian's Chromium has it only with its language pack (chromium-l10n: .ci/run installs it).
   */
  lang?: string;
}

/** What launchChromium adds to its defaults. */
interface ChromiumOptions {
  /** Kept off the service worker target (LaunchOptions.detachFromWorker). */
  detachFromWorker?: boolean;
  /** Command line flags after CHROME_FLAGS and the profile's. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** DevTools windows as puppeteer pages (the e2e tests drive the DevTools panel). */
  handleDevToolsAsPage?: boolean;
}

/**
 * The system Chromium, headless, over a pipe, extensions allowed, in a fresh profile (a
 * folder named from `profilePrefix`) that `close` removes. The e2e tests and the benches
 * that time the built extension launch it here.
 */
export async function launchChromium(profilePrefix: string, options: ChromiumOptions = {}): Promise<{ browser: Browser; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), profilePrefix));
  const browser = await puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    pipe: true,
    enableExtensions: true,
    ...(options.handleDevToolsAsPage ? { handleDevToolsAsPage: true } : {}),
    args: [...CHROME_FLAGS, `--user-data-dir=${userDataDir}`, ...(options.args ?? [])],
    ...(options.env ? { env: options.env } : {}),
    ...(options.detachFromWorker ? { targetFilter: (t: Target) => t.type() !== 'service_worker' } : {}),
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<LaunchedExtension> {
  const chromium = await launchChromium('cors-lens-e2e-', {
    detachFromWorker: options.detachFromWorker,
    handleDevToolsAsPage: true,
    ...(options.lang ? { args: [`--lang=${options.lang}`], env: { ...process.env, LANGUAGE: options.lang } } : {}),
  });
  const { browser } = chromium;
  const extensionErrors: string[] = [];
  let origin = 'chrome-extension://<not installed yet>/';
  const watched = new Set<Target>();
  // Panel and devtools page are out-of-process frames inside DevTools: their console does not
  // reach the DevTools Page object, so every extension target gets its own CDP session.
  const watch = async (target: Target) => {
    if (watched.has(target) || !target.url().startsWith(origin)) return;
    if (options.detachFromWorker && target.type() === 'service_worker') return;
    watched.add(target);
    const where = target.url().slice(origin.length) || target.type();
    try {
      // A second session on the service worker closes it; reuse puppeteer's own there.
      const worker = target.type() === 'service_worker' ? await target.worker() : null;
      const session = worker ? worker.client : await target.createCDPSession();
      session.on('Runtime.consoleAPICalled', (e) => {
        if (e.type === 'error' || e.type === 'assert') {
          extensionErrors.push(`${where}: ${e.args.map((a) => a.value ?? a.description ?? '').join(' ')}`);
        }
      });
      session.on('Runtime.exceptionThrown', (e) => {
        extensionErrors.push(`${where}: ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`);
      });
      // Runtime.enable replays what the target logged before we attached.
      await session.send('Runtime.enable');
    } catch {
      // The target went away before we could attach: nothing left to watch.
    }
  };
  browser.on('targetcreated', (t: Target) => void watch(t));
  browser.on('targetchanged', (t: Target) => void watch(t));

  const extensionId = await browser.installExtension(options.extensionDir ?? DIST_CHROME);
  origin = `chrome-extension://${extensionId}/`;
  await Promise.all(browser.targets().map(watch));

  const worker = async (): Promise<WebWorker> => {
    const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(origin), { timeout: 10_000 });
    const w = await target.worker();
    if (!w) throw new Error('extension service worker target has no worker');
    // Right after install the worker's context can be reached before the extension API is
    // bound to it: wait until `chrome.runtime` is there.
    const deadline = Date.now() + 10_000;
    while (!(await w.evaluate('typeof chrome === "object" && typeof chrome.runtime === "object"').catch(() => false))) {
      if (Date.now() > deadline) throw new Error('the extension API never appeared in the service worker');
      await new Promise((r) => setTimeout(r, 50));
    }
    return w;
  };
  return {
    browser,
    extensionId,
    extensionErrors,
    worker,
    close: chromium.close,
  };
}
