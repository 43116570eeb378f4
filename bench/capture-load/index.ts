// Load benchmark of the capture lifecycle (issue "A capture that never loses, duplicates or
// invents a record"): a page makes 10,000 cross-origin requests, half of them PUTs with their
// own preflight, in waves. Then, from the extension's own panel protocol and storage:
//  - kept + dropped must equal 10,000 exactly, every kept record complete, none duplicated;
//  - worker heap per kept record (used heap after GC, before and after the traffic);
//  - storage.session bytes per kept record (getBytesInUse);
//  - how long the panel page takes to list the full log, against opening it on an empty log
//    in the same run (the baseline).
// Run: npm run build && npm run bench -- capture-load
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'puppeteer';
import { CorsSession } from '../../test/support/cors-session.ts';
import { median } from '../median.ts';

const REQUESTS = 10_000;
const WAVE = 500;
const PANEL_ROUNDS = 5;
const GLOBAL_TIMEOUT_MS = 240_000;

const hardStop = setTimeout(() => {
  console.error(`capture-load bench: gave up after ${GLOBAL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, GLOBAL_TIMEOUT_MS);

interface PortView {
  records: number;
  ids: number;
  complete: number;
  preflighted: number;
  dropped: number;
  storageBytes: number;
}

async function usedHeapAfterGc(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  return (await session.send('Runtime.getHeapUsage')).usedSize;
}

/** The tab's log as a panel gets it (reset, then rows; whole records on request), with the dropped count. */
function readLog(reader: Page, tabId: number): Promise<PortView> {
  return reader.evaluate(`(async () => {
    const port = chrome.runtime.connect({ name: 'cors-lens-panel:${tabId}' });
    const records = new Map();
    let all = 0;
    let dropped = -1;
    const rows = new Map();
    await new Promise((resolve, reject) => {
      let quiet;
      let asked = false;
      // The list comes as rows; the whole records (preflight status) are asked for, 500 ids a request.
      const settle = () => { clearTimeout(quiet); quiet = setTimeout(() => {
        const missing = [...rows.keys()].filter((id) => !records.has(id));
        if (asked && missing.length === 0) return resolve();
        asked = true;
        for (let i = 0; i < missing.length; i += 500) port.postMessage({ type: 'records', ids: missing.slice(i, i + 500) });
        settle();
      }, 500); };
      port.onMessage.addListener((m) => {
        if (typeof m === 'string') m = JSON.parse(m); // large messages come as JSON text
        if (m.type === 'reset') { dropped = m.state.dropped; records.clear(); rows.clear(); all = 0; }
        else if (m.type === 'state') dropped = m.state.dropped;
        // Rows come packed (src/shared/row.ts packRows): the id is each row's first item.
        else if (m.type === 'rows') for (const id of m.rows ? m.rows.map((r) => r.id) : m.packed.r.map((r) => r[0])) { rows.set(id, true); records.delete(id); all++; }
        else if (m.type === 'upsert') for (const r of m.records) { if (!rows.has(r.id)) all++; rows.set(r.id, r); records.set(r.id, r); }
        else if (m.type === 'remove') for (const id of m.ids) { rows.delete(id); records.delete(id); }
        settle();
      });
      setTimeout(() => reject(new Error('no answer from the panel port')), 20000);
    });
    port.disconnect();
    const list = [...records.values()];
    return {
      records: all,
      ids: list.length,
      complete: list.filter((r) => r.complete).length,
      preflighted: list.filter((r) => r.preflight && r.preflight.status !== undefined).length,
      dropped,
      storageBytes: await chrome.storage.session.getBytesInUse(null),
    };
  })()`) as Promise<PortView>;
}

/** ms from navigation start until the panel page lists `expected` records (the All filter's count). */
async function panelListTime(page: Page, url: string, expected: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(
    (n: number) => {
      const connected = document.querySelector('[data-testid="connection"]')?.textContent === 'connected';
      const count = document.querySelector('[data-testid="filter-all"] [data-testid="filter-count"]')?.textContent;
      return connected && (n === 0 ? document.querySelector('[data-testid="empty-state"]') !== null : count === String(n));
    },
    { timeout: 20_000, polling: 'mutation' },
    expected,
  );
  return page.evaluate(() => performance.now());
}

async function main(): Promise<number> {
  if (!existsSync(join(import.meta.dirname, '../../dist/chrome/manifest.json'))) throw new Error('dist/chrome is missing: run `npm run build` first');
  const s = await CorsSession.start();
  try {
    const target = await s.ext.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${s.ext.extensionId}/`), {
      timeout: 10_000,
    });
    const worker = await target.worker();
    if (!worker) throw new Error('no service worker');
    const heapBefore = await usedHeapAfterGc(worker.client);

    const started = Date.now();
    const outcome = (await s.page.evaluate(`(async () => {
      const api = ${JSON.stringify(s.api.origin)};
      let ok = 0, failed = 0;
      for (let base = 0; base < ${REQUESTS}; base += ${WAVE}) {
        const wave = [];
        for (let i = base; i < base + ${WAVE}; i++) {
          const put = i % 2 === 1;
          const url = api + (put ? '/put/' : '/get/') + i + '?acao=*' + (put ? '&acam=PUT' : '');
          wave.push(fetch(url, { method: put ? 'PUT' : 'GET' }).then((r) => r.arrayBuffer().then(() => ok++), () => failed++));
        }
        await Promise.all(wave);
      }
      return { ok, failed };
    })()`)) as { ok: number; failed: number };
    const trafficMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 1500));
    const heapAfter = await usedHeapAfterGc(worker.client);
    const reader = await s.ext.browser.newPage();
    await reader.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=999999`);
    const log = await readLog(reader, s.tabId);

    const methods: Record<string, number> = {};
    for (const e of s.api.log) methods[e.method] = (methods[e.method] ?? 0) + 1;
    console.log(
      `traffic: ${REQUESTS} requests in waves of ${WAVE}, ${trafficMs} ms; page: ${outcome.ok} ok, ${outcome.failed} failed; server saw ${JSON.stringify(methods)}`,
    );
    console.log(
      `log: ${log.ids} kept (${log.complete} complete, ${log.preflighted} with their preflight) + ${log.dropped} dropped = ${log.ids + log.dropped} (expected ${REQUESTS}); ${log.records - log.ids} duplicated`,
    );
    const heapPerRecord = (heapAfter - heapBefore) / log.ids;
    console.log(
      `worker heap: ${(heapBefore / 1024).toFixed(0)} KB → ${(heapAfter / 1024).toFixed(0)} KB, ${(heapPerRecord / 1024).toFixed(2)} KB per kept record`,
    );
    console.log(`storage.session: ${(log.storageBytes / 1024).toFixed(0)} KB, ${(log.storageBytes / log.ids / 1024).toFixed(2)} KB per kept record`);

    // The panel, opened on the full log and (baseline) on an empty one, alternating.
    const panel = await s.ext.browser.newPage();
    const full: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < PANEL_ROUNDS; i++) {
      full.push(await panelListTime(panel, `chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`, log.ids));
      empty.push(await panelListTime(panel, `chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId + 1000}`, 0));
    }
    console.log(
      `panel lists the full log (${log.ids} records): median ${median(full).toFixed(0)} ms (${full.map((x) => x.toFixed(0)).join(', ')}); empty log (baseline): median ${median(empty).toFixed(0)} ms; ratio ${(median(full) / median(empty)).toFixed(2)}x`,
    );

    const problems: string[] = [];
    if (outcome.ok !== REQUESTS) problems.push(`${REQUESTS - outcome.ok} requests did not succeed in the page`);
    if (log.ids + log.dropped !== REQUESTS) problems.push(`kept + dropped = ${log.ids + log.dropped}, not ${REQUESTS}`);
    if (log.complete !== log.ids) problems.push(`${log.ids - log.complete} kept records still pending`);
    if (log.records !== log.ids) problems.push(`${log.records - log.ids} duplicated records`);
    for (const p of problems) console.error(`FAILED: ${p}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await s.close();
  }
}

main().then(
  (code) => {
    clearTimeout(hardStop);
    process.exit(code);
  },
  (e: unknown) => {
    console.error(`capture-load bench could not measure: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(2);
  },
);
