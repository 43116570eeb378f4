// One end-to-end CORS session in Firefox: firefox-esr with CORS Lens (dist/firefox), a page on
// one origin (localhost), an API on another (127.0.0.1), a third origin for redirects, and two
// witnesses: what the page saw (did fetch resolve) and Firefox's own CORS reason keys.
//
// puppeteer drives Firefox over WebDriver BiDi but cannot navigate to moz-extension:// pages.
// So the session launches Firefox with --remote-allow-system-access and uses BiDi's
// `"moz:scope": "chrome"` to run script in Firefox's parent process (the browser window).
// From there it (1) opens the extension's own panel page in a tab with the system principal,
// then talks to the extension from that page exactly as the panel does (BiDi script.evaluate
// in the tab's context), and (2) listens to the console service, where every
// "Cross-Origin Request Blocked" message carries its reason key as its category. Nothing in the
// product knows it is being tested. Everything that depends on Firefox or puppeteer internals
// is in this file.
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startCorsServer, type CorsServer } from '../../demo/cors-server.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { panelSendScript, snapshotScript } from './snapshot-script.ts';
import { completeRecordsFor, pageFetch, type FetchResult } from './page-traffic.ts';

export const DIST_FIREFOX = resolve(import.meta.dirname, '../../dist/firefox');

export { findFirefox } from '../../scripts/firefox-path.ts';
import { findFirefox } from '../../scripts/firefox-path.ts';

export type { FetchResult } from './page-traffic.ts';

/** One "Cross-Origin Request Blocked/Warning" console message of Firefox. */
export interface FirefoxCorsMessage {
  /** The reason key as documented on MDN (`CORSMissingAllowOrigin`), see `firefoxReasonKey`. */
  key: string;
  /** The console category exactly as Firefox logged it (`CORSMissingAllowOrigin2`). */
  category: string;
  /** The resource URL the message names. */
  url: string;
  warning: boolean;
  message: string;
}

/**
 * Firefox logs a CORS message with its localisation key as the console category, and versions
 * the key when the sentence changes (`CORSMissingAllowOrigin2`, `CORSPreflightDidNotSucceed3`,
 * `CORSDidNotSucceed2` in Firefox 153, see security.properties in omni.ja). The reason names
 * (MDN's, and `REASONS[…].firefox`) are the keys without that version number.
 */
function firefoxReasonKey(category: string): string {
  return category.replace(/\d+$/, '');
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text?: string };
}

/** puppeteer's own BiDi connection (Firefox accepts one WebDriver session only). */
function bidiOf(browser: Browser): BidiConnection {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (typeof connection?.send !== 'function') {
    throw new Error('puppeteer no longer exposes its BiDi connection as browser.connection: update test/support/firefox-session.ts');
  }
  return connection;
}

export class FirefoxSession {
  browser!: Browser;
  bidi!: BidiConnection;
  page!: Page;
  api!: CorsServer;
  other!: CorsServer;
  site!: CorsServer;
  tabId!: number;
  extensionId!: string;
  /** `moz-extension://<uuid>` of this run's install. */
  extensionOrigin!: string;
  /** BiDi context of Firefox's browser window (parent process, system principal). */
  private chromeContext!: string;
  /** BiDi context of the extension page the session reads records through. */
  private reader!: string;

  /** `extensionDir`: the unpacked extension to install (default dist/firefox). */
  static async start(options: { extensionDir?: string } = {}): Promise<FirefoxSession> {
    const executablePath = findFirefox();
    const dir = options.extensionDir ?? DIST_FIREFOX;
    if (!existsSync(resolve(dir, 'manifest.json'))) {
      throw new Error(`${dir} has no manifest.json: run \`npm run build\` first.`);
    }
    const s = new FirefoxSession();
    s.api = await startCorsServer({ host: '127.0.0.1' });
    // A page of its own, for a third-party iframe on the page under test.
    s.other = await startCorsServer({ host: '127.0.0.1', pages: { '/frame': '<!doctype html><title>frame</title>' } });
    s.site = await startCorsServer({ host: 'localhost', pages: { '/': '<!doctype html><title>page</title><h1>page</h1>' } });
    s.browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      // Lets BiDi evaluate in the parent process ("moz:scope": "chrome"), see the file comment.
      args: ['--remote-allow-system-access'],
      // The extension pages the session reads through are background tabs, whose timers Firefox
      // clamps to 1 s (this pref; `dom.min_background_timeout_value` changed nothing): every read
      // took a second. Only those test-side pages' timers change; capture runs in the background.
      // MDN documents the clamp: docs/browsers.md, "Browser workarounds and where they are reported".
      // Budget throttling (on by default) delays a background tab's timers further once its
      // timers have used their CPU budget: the reads parse more as a tab's log grows, and from
      // about the 20th case of witness-verdicts every read took ~2 s more (a 5 s wait then had
      // little margin). Mozilla's own test profiles (testing/profiles) switch it off.
      extraPrefsFirefox: {
        'dom.min_background_timeout_value_without_budget_throttling': 4,
        'dom.timeout.enable_budget_timer_throttling': false,
      },
    });
    s.bidi = bidiOf(s.browser);
    const tree = (await s.bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as {
      contexts: Array<{ context: string; url: string }>;
    };
    const window = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!window) {
      throw new Error(
        `Firefox has no browser window in chrome scope (got ${JSON.stringify(tree.contexts.map((c) => c.url))}): was it launched with --remote-allow-system-access?`,
      );
    }
    s.chromeContext = window.context;
    // Listen before installing, so errors of the background's first run are seen too.
    await s.inChrome(`(() => {
      const seen = { cors: [], errors: [] };
      globalThis.__corsLensTest = seen;
      Services.console.registerListener({
        observe(m) {
          if (!(m instanceof Ci.nsIScriptError)) return;
          const warning = (m.flags & Ci.nsIScriptError.warningFlag) !== 0;
          if (/^CORS/.test(m.category)) seen.cors.push({ category: m.category, warning, message: m.errorMessage });
          else if (!warning && (m.sourceName ?? '').startsWith('moz-extension://')) {
            seen.errors.push(m.sourceName + ':' + m.lineNumber + ': ' + m.errorMessage);
          }
        },
      });
      return true;
    })()`);
    const gecko = (
      JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as {
        browser_specific_settings?: { gecko?: { id?: string } };
      }
    ).browser_specific_settings?.gecko?.id;
    s.extensionId = await s.browser.installExtension(dir);
    if (gecko && s.extensionId !== gecko) throw new Error(`installed as ${s.extensionId}, manifest says ${gecko}`);
    const host = await s.inChrome<string>(`WebExtensionPolicy.getByID(${JSON.stringify(s.extensionId)}).mozExtensionHostname`);
    s.extensionOrigin = `moz-extension://${host}`;
    // The extension page first (as in the Chromium session), then the page under test.
    s.reader = await s.openExtensionPage('/panel.html?tabId=0');
    s.page = await s.browser.newPage();
    await s.page.goto(`${s.site.origin}/`);
    s.tabId = await s.inExtension<number>(
      s.reader,
      `browser.tabs.query({}).then((tabs) =>
      tabs.find((t) => (t.url ?? '').startsWith(${JSON.stringify(s.site.origin)}))?.id ?? -1)`,
    );
    if (s.tabId < 0) throw new Error('could not find the page tab');
    return s;
  }

  /** Evaluates `expression` (JSON-serialisable result, promises awaited) in a BiDi context. */
  private async evaluate<T>(context: string, expression: string): Promise<T> {
    const { result } = (await this.bidi.send('script.evaluate', {
      expression: `Promise.resolve(${expression}).then((v) => JSON.stringify(v === undefined ? null : v))`,
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    })) as { result: EvaluateResult };
    if (result.type !== 'success' || typeof result.result?.value !== 'string') {
      throw new Error(`evaluation failed: ${result.exceptionDetails?.text ?? JSON.stringify(result)}\n${expression}`);
    }
    return JSON.parse(result.result.value) as T;
  }

  /** Runs script in Firefox's parent process (the browser window, system principal). */
  inChrome<T>(expression: string): Promise<T> {
    return this.evaluate<T>(this.chromeContext, expression);
  }

  /** Runs script in an extension page opened by `openExtensionPage` (has `browser.*`). */
  inExtension<T>(context: string, expression: string): Promise<T> {
    return this.evaluate<T>(context, expression);
  }

  /**
   * Opens `moz-extension://<uuid><path>` in a new tab from the parent process (puppeteer's
   * goto refuses that scheme) and returns its BiDi context once the panel has connected.
   */
  async openExtensionPage(path: string): Promise<string> {
    const url = `${this.extensionOrigin}${path}`;
    await this.inChrome(`(gBrowser.addTab(${JSON.stringify(url)}, {
      triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
    }), true)`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const tree = (await this.bidi.send('browsingContext.getTree', { maxDepth: 0 })).result as {
        contexts: Array<{ context: string; url: string }>;
      };
      const found = tree.contexts.find((c) => c.url === url);
      if (found) {
        const connected = await this.evaluate<boolean>(
          found.context,
          `document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected'`,
        ).catch(() => false);
        if (connected) return found.context;
      }
      if (Date.now() > deadline) throw new Error(`${url} did not open and connect within 10 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** fetch() from the page, as the page's own script would. */
  fetch(url: string, init: RequestInit = {}): Promise<FetchResult> {
    return pageFetch(this.page, url, init);
  }

  /** The tab's records, read through the same port protocol the panel uses. */
  records(): Promise<CaptureRecord[]> {
    return this.inExtension<CaptureRecord[]>(this.reader, snapshotScript('browser', this.tabId));
  }

  /** Sends a protocol message to the background as the panel would. */
  async send(message: unknown): Promise<void> {
    await this.inExtension(this.reader, panelSendScript('browser', this.tabId, message));
  }

  /** Waits until the records for `url` (the first URL) are complete, then returns them. */
  recordsFor(url: string, count = 1, timeoutMs = 5000): Promise<CaptureRecord[]> {
    return completeRecordsFor(() => this.records(), url, count, timeoutMs);
  }

  /** Every CORS console message Firefox logged so far, in order. */
  async corsMessages(): Promise<FirefoxCorsMessage[]> {
    const raw = await this.inChrome<Array<{ category: string; warning: boolean; message: string }>>('globalThis.__corsLensTest.cors');
    return raw.map((m) => ({
      key: firefoxReasonKey(m.category),
      category: m.category,
      // "… the remote resource at <url>. (Reason: …" (some sentences quote the URL: ‘<url>’).
      url: /remote resource at ‘?(.+?)’?\. \(Reason:/.exec(m.message)?.[1] ?? '',
      warning: m.warning,
      message: m.message,
    }));
  }

  /**
   * Firefox's reason keys (MDN names) for `url`, errors only, in the order logged. Waits up to
   * `timeoutMs` for at least `atLeast` of them (the message and the fetch rejection race).
   */
  async firefoxReasons(url: string, atLeast = 1, timeoutMs = 2000): Promise<string[]> {
    const href = new URL(url).href;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const keys = (await this.corsMessages()).filter((m) => !m.warning && m.url === href).map((m) => m.key);
      if (keys.length >= atLeast || Date.now() > deadline) return keys;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Uncaught errors from any page of the extension (background included), from the console service. */
  async extensionErrors(): Promise<string[]> {
    const all = await this.inChrome<string[]>('globalThis.__corsLensTest.errors');
    return all.filter((e) => e.startsWith(`${this.extensionOrigin}/`));
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await Promise.all([this.api?.close(), this.other?.close(), this.site?.close()]);
  }
}
