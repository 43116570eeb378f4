// One end-to-end CORS session: Chromium with CORS Lens, a page on one origin (localhost), an
// API on another (127.0.0.1), a third origin for redirects, and two witnesses: what the page
// saw (did fetch resolve) and Chromium's own CORS verdict from the DevTools Protocol.
import type { CDPSession, Page, Target } from 'puppeteer';
import { startCorsServer, type CorsServer } from '../../demo/cors-server.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import type { TabState } from '../../src/shared/protocol.ts';
import { panelSendScript, snapshotScript } from './snapshot-script.ts';
import { launchWithExtension, type LaunchOptions, type LaunchedExtension } from './browser.ts';
import { completeRecordsFor, pageFetch, type FetchResult } from './page-traffic.ts';
import { until } from './poll.ts';

export type { FetchResult } from './page-traffic.ts';

export interface ChromiumVerdict {
  /** `Network.loadingFailed.corsErrorStatus.corsError`, or null when the request did not fail on CORS. */
  corsError: string | null;
  failedParameter?: string;
  errorText?: string;
}

export class CorsSession {
  private cdp!: CDPSession;
  private readonly cdpRequests = new Map<string, { url: string; method: string; preflight: boolean }>();
  private readonly cdpFailures = new Map<string, ChromiumVerdict>();
  /** Cross-origin frames' targets by URL: settled once their network events are watched. */
  private readonly framesWatched = new Map<string, Promise<void>>();
  ext!: LaunchedExtension;
  page!: Page;
  api!: CorsServer;
  other!: CorsServer;
  site!: CorsServer;
  tabId!: number;
  private reader!: Page;

  static async start(options: LaunchOptions = {}): Promise<CorsSession> {
    const s = new CorsSession();
    s.api = await startCorsServer({ host: '127.0.0.1' });
    // A page of its own, for a third-party iframe on the page under test.
    s.other = await startCorsServer({ host: '127.0.0.1', pages: { '/frame': '<!doctype html><title>frame</title>' } });
    s.site = await startCorsServer({
      host: 'localhost',
      pages: {
        '/': '<!doctype html><title>page</title><h1>page</h1>',
        // A service worker that fetches what the page asks it to (its requests have no tab).
        // A service worker that answers the page's fetches of /sw-answered itself: no network
        // request, so no webRequest event, only the page witness sees them.
        '/sw-answer.js': {
          type: 'text/javascript',
          body: `self.addEventListener('install', () => self.skipWaiting());
          self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
          self.addEventListener('fetch', (e) => {
            if (new URL(e.request.url).pathname === '/sw-answered') e.respondWith(new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
          });`,
        },
        '/sw.js': {
          type: 'text/javascript',
          body: `self.addEventListener('message', (e) => {
            fetch(e.data.url).then((r) => ({ resolved: true, status: r.status }), (err) => ({ resolved: false, message: err.message }))
              .then((result) => e.source.postMessage(result));
          });`,
        },
      },
    });
    s.ext = await launchWithExtension(options);
    s.page = await s.ext.browser.newPage();
    s.cdp = await s.page.createCDPSession();
    await s.watchNetwork(s.cdp);
    // A cross-origin iframe runs in a process (and CDP target) of its own, watched once it has
    // its URL (the target is created blank, then changed).
    const watched = new WeakSet<Target>();
    const watchFrame = (t: Target) => {
      if (t.type() !== 'other' || !t.url().startsWith('http') || watched.has(t)) return;
      watched.add(t);
      s.framesWatched.set(
        t.url(),
        t.createCDPSession().then((frame) => s.watchNetwork(frame)),
      );
    };
    s.ext.browser.on('targetcreated', watchFrame);
    s.ext.browser.on('targetchanged', watchFrame);
    // Open an extension page first: its port wakes the freshly installed worker, so the
    // listeners are in place before the page's first navigation.
    s.reader = await s.ext.browser.newPage();
    await s.reader.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=0`);
    await s.reader.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected');
    await s.page.goto(`${s.site.origin}/`);
    s.tabId = await s.reader.evaluate(async (origin: string) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url?.startsWith(origin))?.id ?? -1;
    }, s.site.origin);
    if (s.tabId < 0) throw new Error('could not find the page tab');
    return s;
  }

  /** fetch() from the page, as the page's own script would. */
  fetch(url: string, init: RequestInit = {}): Promise<FetchResult> {
    return pageFetch(this.page, url, init);
  }

  /** fetch() from the page's own service worker (registered on first use). */
  workerFetch(url: string): Promise<FetchResult> {
    return this.page.evaluate(`(async () => {
      const reg = await navigator.serviceWorker.register('/sw.js');
      const worker = reg.active ?? (await navigator.serviceWorker.ready).active;
      return new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), { once: true });
        worker.postMessage({ url: ${JSON.stringify(url)} });
      });
    })()`) as Promise<FetchResult>;
  }

  /** Records what Chromium reports of each request of a target (the page, or one of its frames). */
  private async watchNetwork(cdp: CDPSession): Promise<void> {
    cdp.on('Network.requestWillBeSent', (e) => {
      this.cdpRequests.set(e.requestId, { url: e.request.url, method: e.request.method, preflight: e.initiator.type === 'preflight' });
    });
    cdp.on('Network.loadingFailed', (e) => {
      this.cdpFailures.set(e.requestId, {
        corsError: e.corsErrorStatus?.corsError ?? null,
        ...(e.corsErrorStatus?.failedParameter ? { failedParameter: e.corsErrorStatus.failedParameter } : {}),
        errorText: e.errorText,
      });
    });
    await cdp.send('Network.enable');
  }

  /** Resolves once the network events of the cross-origin frame at `url` are watched (5 s at most). */
  async frameWatched(url: string): Promise<void> {
    await until(() => this.framesWatched.has(url), `a frame target at ${url}`, 5000);
    await this.framesWatched.get(url);
  }

  /** Chromium's verdict on the last actual (non-preflight) request to this URL and method. */
  chromiumVerdict(url: string, method = 'GET'): ChromiumVerdict {
    const ids = [...this.cdpRequests].filter(([, r]) => r.url === url && r.method === method && !r.preflight).map(([id]) => id);
    const id = ids.at(-1);
    if (id === undefined) throw new Error(`Chromium saw no ${method} ${url}`);
    return this.cdpFailures.get(id) ?? { corsError: null };
  }

  /**
   * Chromium's verdict once its CORS error is in (CDP's loadingFailed may come after the page's
   * rejection and after the extension's record), or as it stands after `timeoutMs`.
   */
  async chromiumFailure(url: string, timeoutMs = 3000): Promise<ChromiumVerdict> {
    const deadline = Date.now() + timeoutMs;
    while (this.chromiumVerdict(url).corsError === null && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    return this.chromiumVerdict(url);
  }

  /** The tab's records, read through the same port protocol the panel uses. */
  async records(): Promise<CaptureRecord[]> {
    return this.reader.evaluate(snapshotScript('chrome', this.tabId)) as Promise<CaptureRecord[]>;
  }

  /**
   * The tab's state as the background holds it now: the `reset` a panel gets when it connects
   * (so a setting sent with `send` can be waited for, not slept on).
   */
  async state(): Promise<TabState> {
    return this.reader.evaluate(`new Promise((resolve, reject) => {
      const port = chrome.runtime.connect({ name: ${JSON.stringify(`cors-lens-panel:${this.tabId}`)} });
      const timer = setTimeout(() => reject(new Error('no reset within 5 s')), 5000);
      port.onMessage.addListener((m) => {
        if (typeof m === 'string') m = JSON.parse(m); // large messages come as JSON text
        if (m.type !== 'reset') return;
        clearTimeout(timer);
        port.disconnect();
        resolve(m.state);
      });
      port.onDisconnect.addListener(() => reject(new Error('port closed before the reset arrived')));
    })`) as Promise<TabState>;
  }

  /** Sends a protocol message to the background as the panel would. */
  async send(message: unknown): Promise<void> {
    await this.reader.evaluate(panelSendScript('chrome', this.tabId, message));
  }

  /** Waits until the records for `url` (the first URL) are complete, then returns them. */
  recordsFor(url: string, count = 1, timeoutMs = 5000): Promise<CaptureRecord[]> {
    return completeRecordsFor(() => this.records(), url, count, timeoutMs);
  }

  async close(): Promise<void> {
    await this.ext?.close();
    await Promise.all([this.api?.close(), this.other?.close(), this.site?.close()]);
  }
}
