// Memory per record, measured apart from the timing rounds (a debugger on the worker costs):
// a second puppeteer connection to the CORS Lens browser attaches to its service worker and
// to one extension page, never to the bench page.
//  - worker heap: GC, used heap, one turn of traffic, ~1 s to settle, GC, used heap again;
//    the growth divided by the records the extension reports through its own panel protocol.
//  - storage.session: getBytesInUse(null) divided by those records (batched writes have
//    landed by then: they are at most 250 ms apart).
import puppeteer, { type Browser, type CDPSession } from 'puppeteer';
import type { TurnReport } from './page.ts';

/** What the extension's own protocol and storage say after the traffic. */
interface CaptureCounts {
  records: number;
  complete: number;
  allowed: number;
  preflighted: number;
  storageBytes: number;
  storageQuotaBytes: number;
}

export interface HeapFigures extends CaptureCounts {
  heapBeforeBytes: number;
  heapAfterBytes: number;
  report: TurnReport;
  /** ms from the page's report to the moment the records were read. */
  settleMs: number;
}

interface PanelView extends CaptureCounts {
  reset: boolean;
}

const SETTLE_MS = 1_000;

export async function measureHeap(options: {
  wsEndpoint: string;
  extensionOrigin: string;
  benchOrigin: string;
  /** Runs one turn of traffic in the CORS Lens browser's bench page (which then stays put). */
  runTurn: () => Promise<TurnReport>;
}): Promise<HeapFigures> {
  const { extensionOrigin, benchOrigin } = options;
  const browser = await puppeteer.connect({
    browserWSEndpoint: options.wsEndpoint,
    defaultViewport: null,
    // Everything but the bench page (and its tab).
    targetFilter: (t) => !t.url().startsWith(benchOrigin),
  });
  try {
    const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(extensionOrigin), { timeout: 10_000 });
    const worker = await target.worker();
    if (!worker) throw new Error('the CORS Lens service worker target has no worker');
    let workerGone = false;
    browser.on('targetdestroyed', (t) => {
      if (t === target) workerGone = true;
    });
    const before = await usedHeapAfterGc(worker.client);
    const report = await options.runTurn();
    const reportedAt = Date.now();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const after = await usedHeapAfterGc(worker.client);
    if (workerGone) throw new Error('the CORS Lens service worker restarted during the heap measurement');
    const settleMs = Date.now() - reportedAt;
    const view = await readThroughPanelProtocol(browser, extensionOrigin, benchOrigin);
    if (!view.reset) throw new Error('the panel port never sent its reset message');
    return {
      heapBeforeBytes: before,
      heapAfterBytes: after,
      records: view.records,
      complete: view.complete,
      allowed: view.allowed,
      preflighted: view.preflighted,
      storageBytes: view.storageBytes,
      storageQuotaBytes: view.storageQuotaBytes,
      report,
      settleMs,
    };
  } finally {
    await browser.disconnect().catch(() => undefined);
  }
}

async function usedHeapAfterGc(session: CDPSession): Promise<number> {
  // Twice: the first pass can leave garbage that only a second one frees (weak references).
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

/**
 * Counts the bench tab's records the way the panel gets them: a `cors-lens-panel:<tabId>` port
 * answers `reset`, then `upsert` chunks. Collected until the port has been quiet for 500 ms
 * after the first message.
 * A string expression: a function under tsx would carry a `__name` helper the page lacks.
 */
async function readThroughPanelProtocol(browser: Browser, extensionOrigin: string, benchOrigin: string): Promise<PanelView> {
  const page = await browser.newPage();
  try {
    await page.goto(`${extensionOrigin}panel.html`, { waitUntil: 'load', timeout: 10_000 });
    const expression = `(async () => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => (t.url || '').startsWith(${JSON.stringify(benchOrigin)}));
      if (!tab) throw new Error('bench tab not found among ' + JSON.stringify(tabs.map((t) => t.url)));
      const port = chrome.runtime.connect({ name: 'cors-lens-panel:' + tab.id });
      const records = new Map();
      const rows = new Map();
      let reset = false;
      await new Promise((resolve, reject) => {
        let quiet;
        let asked = false;
        // The list comes as rows; the whole records (preflight status) are asked for, 500 ids a request.
        const settle = () => { clearTimeout(quiet); quiet = setTimeout(() => {
          const missing = [...rows.keys()].filter((id) => !records.has(id));
          if (reset && asked && missing.length === 0) return resolve();
          if (reset) asked = true;
          for (let i = 0; i < missing.length; i += 500) port.postMessage({ type: 'records', ids: missing.slice(i, i + 500) });
          settle();
        }, 500); };
        port.onMessage.addListener((m) => {
          if (typeof m === 'string') m = JSON.parse(m); // large messages come as JSON text
          if (m.type === 'reset') { reset = true; records.clear(); rows.clear(); }
          // Rows come packed (src/shared/row.ts packRows): the id is each row's first item.
          else if (m.type === 'rows') for (const id of m.rows ? m.rows.map((r) => r.id) : m.packed.r.map((r) => r[0])) { rows.set(id, true); records.delete(id); }
          else if (m.type === 'upsert') for (const r of m.records) { rows.set(r.id, r); records.set(r.id, r); }
          else if (m.type === 'remove') for (const id of m.ids) { rows.delete(id); records.delete(id); }
          settle();
        });
        port.onDisconnect.addListener(() => reject(new Error('the panel port was disconnected')));
        // The worker answers once its state is restored; only then does quiet mean done.
        setTimeout(() => { if (!reset) reject(new Error('no reset message within 10 s')); }, 10000);
      });
      port.disconnect();
      const all = [...records.values()];
      return {
        reset,
        records: all.length,
        complete: all.filter((r) => r.complete).length,
        allowed: all.filter((r) => r.verdict && r.verdict.outcome === 'allowed').length,
        preflighted: all.filter((r) => r.preflight && r.preflight.status !== undefined).length,
        storageBytes: await chrome.storage.session.getBytesInUse(null),
        storageQuotaBytes: chrome.storage.session.QUOTA_BYTES,
      };
    })()`;
    return (await page.evaluate(expression)) as PanelView;
  } finally {
    await page.close().catch(() => undefined);
  }
}
