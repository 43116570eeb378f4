// Panel open benchmark (issue: "opening the panel on a full 2,000-record log takes 2.6 s").
// Real headless Chromium with the built extension (dist/chrome, or CORS_LENS_DIST): a page
// on one origin makes 2,000 cross-origin requests to another (a quarter each: allowed GET,
// GET blocked on the response, preflighted PUT allowed, PUT blocked at its preflight), so the
// tab's log is full (the per-tab cap). Then, in alternating rounds, a fresh page opens
// `panel.html?tabId=<that tab>` and, as the baseline, `panel.html?tabId=<a tab with an empty
// log>`; each round measures the time from navigation start to the list being complete
// (the All count reads 2000 and rows are in the DOM; for the empty log, the empty state),
// with a breakdown from the panel's side: script start → port opened → `reset` received
// (the background read the log back) → last snapshot chunk received → list complete.
// Reports medians and the ratio full/empty. Goal: the full log listed in under 300 ms.
// Exits non-zero only when it could not measure.
// `-- --profile` adds one full-log open under the CPU profiler (worker and panel) and one
// under the tracer (the panel thread's time by kind of work); `-- --verbose` prints each
// open's message and long-task timeline. CORS_LENS_DIST=dir measures another build, and
// CORS_LENS_DIST=before=dir1,after=dir2 several in one run, rounds interleaved (each build
// in a browser of its own, with its own full log); PANEL_OPEN_ROUNDS=n (default 7).
// Run: npm run build && npm run bench -- panel-open   (wrap in flock /tmp/browser.lock)
import type { Browser, Page, Protocol, WebWorker } from 'puppeteer';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCorsServer, type CorsServer } from '../../demo/cors-server.ts';
import { launchChromium } from '../../test/support/browser.ts';
import { waitQuiet } from '../capture/quiet.ts';
import { PROBE, type ProbeResult } from './probe.ts';
import { profileLines, traceLines } from './profile.ts';
import { median } from '../median.ts';

const RECORDS = 2000;
const WARMUP_ROUNDS = 1;
const ROUNDS = Number(process.env.PANEL_OPEN_ROUNDS ?? 7);
const GOAL_MS = 300;
const OPEN_TIMEOUT_MS = 30_000;
/** Per build measured: filling the log takes 15-30 s, the rounds about as long again. */
const TIMEOUT_PER_BUILD_MS = 120_000;
const PROFILE = process.argv.includes('--profile');

const cleanups: Array<() => Promise<unknown>> = [];
const cleanup = async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
};
const GLOBAL_TIMEOUT_MS = 60_000 + TIMEOUT_PER_BUILD_MS * builds().length;
const hardStop = setTimeout(() => {
  console.error(`panel-open bench: gave up after ${GLOBAL_TIMEOUT_MS / 1000} s`);
  void cleanup().finally(() => process.exit(1));
}, GLOBAL_TIMEOUT_MS);

const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '    -' : x.toFixed(0).padStart(5));

/** The page's traffic: `n` cross-origin fetches, at most 32 at a time. A string (see probe.ts). */
function trafficScript(api: string, n: number): string {
  return `(async () => {
    const api = ${JSON.stringify(api)};
    const run = Date.now().toString(36);
    const request = (i) => {
      const path = api + '/items/' + run + '/' + i;
      const json = { 'Content-Type': 'application/json' };
      switch (i % 4) {
        case 0: return [path + '?acao=*', { method: 'GET' }];
        case 1: return [path + '?status=200', { method: 'GET' }]; // no Access-Control-Allow-Origin
        case 2: return [path + '?acao=*&acam=PUT', { method: 'PUT', headers: json, body: '{}' }];
        default: return [path + '?acao=*', { method: 'PUT', headers: json, body: '{}' }]; // PUT not allowed
      }
    };
    let next = 0;
    const outcomes = { ok: 0, failed: 0 };
    const worker = async () => {
      while (next < ${n}) {
        const [url, init] = request(next++);
        try { const r = await fetch(url, init); await r.text(); outcomes.ok++; } catch { outcomes.failed++; }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    return outcomes;
  })()`;
}

interface LogView {
  reset: boolean;
  records: number;
  complete: number;
  blocked: number;
  preflighted: number;
  dropped: number;
}

/** Reads a tab's list through the panel protocol (as the panel does) until the port is quiet. */
function logViewScript(tabId: number): string {
  return `new Promise((resolve, reject) => {
    const port = chrome.runtime.connect({ name: 'cors-lens-panel:${tabId}' });
    const byId = new Map();
    let reset = false, dropped = 0, quiet;
    port.onMessage.addListener((m) => {
      if (typeof m === 'string') m = JSON.parse(m); // large messages come as JSON text
      if (m.type === 'reset') { reset = true; byId.clear(); dropped = m.state.dropped; }
      if (m.type === 'state') dropped = m.state.dropped;
      // Packed rows (src/shared/row.ts packRows: flags 1 = complete, 4·mark; verdict's outcome
      // a string ref), plain rows, or whole records (builds before rows).
      const unpack = (p) => p.r.map((x) => ({ id: x[0], complete: (x[6] & 1) === 1, preflight: (x[6] >> 2) & 3, verdict: x[12] ? { outcome: p.s[x[12][0] - 1] } : undefined }));
      for (const r of m.packed ? unpack(m.packed) : m.rows || m.records || []) byId.set(r.id, r);
      for (const id of m.ids || []) byId.delete(id);
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        port.disconnect();
        const all = [...byId.values()];
        resolve({
          reset, dropped, records: all.length,
          complete: all.filter((r) => r.complete).length,
          blocked: all.filter((r) => r.verdict && r.verdict.outcome === 'blocked').length,
          preflighted: all.filter((r) => r.preflight).length,
        });
      }, 500);
    });
    port.onDisconnect.addListener(() => reject(new Error('the panel port was disconnected')));
    setTimeout(() => reject(new Error('no snapshot within 30 s')), 30000);
  })`;
}

interface Open {
  total: number;
  connect: number;
  reset: number;
  lastChunk: number;
  chunks: number;
  longTaskMs: number;
  firstRows: number;
  rows: number;
}

/** Opens the panel on `tabId` in a fresh page and waits until its list is complete. */
async function openPanel(browser: Browser, origin: string, tabId: number, expect: number): Promise<Open> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1200, height: 700 });
    await page.evaluateOnNewDocument(PROBE);
    await page.goto(`${origin}panel.html?tabId=${tabId}&expect=${expect}`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction('globalThis.__panelOpen && globalThis.__panelOpen.doneAt !== undefined', {
      timeout: OPEN_TIMEOUT_MS,
      polling: 50,
    });
    return summarizeOpen((await page.evaluate('globalThis.__panelOpen')) as ProbeResult);
  } finally {
    await page.close();
  }
}

const VERBOSE = process.argv.includes('--verbose');

function summarizeOpen(p: ProbeResult): Open {
  if (VERBOSE) {
    const at = (t: number) => t.toFixed(0);
    console.log(`    messages: ${p.messages.map(([t, type, n]) => `${at(t)} ${type}${n ? ` ${n}` : ''}`).join(', ')}`);
    console.log(
      `    long tasks: ${p.longTasks.map(([t, d]) => `${at(t)}+${at(d)}`).join(', ')}; first rows ${p.firstRowsAt?.toFixed(0)}, done ${p.doneAt?.toFixed(0)}`,
    );
  }
  const reset = p.messages.find((m) => m[1] === 'reset')?.[0];
  const chunks = p.messages.filter((m) => m[1] === 'rows' || m[1] === 'upsert');
  const done = p.doneAt ?? NaN;
  return {
    total: done,
    connect: p.connectAt ?? NaN,
    reset: reset ?? NaN,
    lastChunk: chunks.at(-1)?.[0] ?? reset ?? NaN,
    chunks: chunks.length,
    longTaskMs: p.longTasks.filter(([start]) => start < done).reduce((s, [, d]) => s + d, 0),
    firstRows: p.firstRowsAt ?? NaN,
    rows: p.rows ?? 0,
  };
}

async function profileOpen(browser: Browser, origin: string, worker: WebWorker | null, fullTab: number, emptyTab: number): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1200, height: 700 });
    await page.evaluateOnNewDocument(PROBE);
    // Load the panel once (empty log) so the page already lives in the extension's process,
    // then profile the navigation to the full log in the same process.
    await page.goto(`${origin}panel.html?tabId=${emptyTab}&expect=0`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction('globalThis.__panelOpen && globalThis.__panelOpen.doneAt !== undefined', { timeout: OPEN_TIMEOUT_MS });
    const session = await page.createCDPSession();
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    if (worker) {
      await worker.client.send('Profiler.enable');
      await worker.client.send('Profiler.setSamplingInterval', { interval: 200 });
      await worker.client.send('Profiler.start');
    }
    await session.send('Profiler.start');
    await page.goto(`${origin}panel.html?tabId=${fullTab}&expect=${RECORDS}`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction('globalThis.__panelOpen && globalThis.__panelOpen.doneAt !== undefined', { timeout: OPEN_TIMEOUT_MS, polling: 50 });
    const open = summarizeOpen((await page.evaluate('globalThis.__panelOpen')) as ProbeResult);
    const panel: Protocol.Profiler.StopResponse = await session.send('Profiler.stop');
    const lines = [`profiled open of the full log: list complete at ${open.total.toFixed(0)} ms (with the profiler on)`];
    if (worker) {
      const background: Protocol.Profiler.StopResponse = await worker.client.send('Profiler.stop');
      lines.push(...profileLines('background (service worker)', background.profile));
    } else {
      lines.push('  background: no worker target to profile');
    }
    lines.push(...profileLines('panel page', panel.profile));
    // Once more under the tracer (no profiler): the panel thread's time by kind of work.
    await page.goto(`${origin}panel.html?tabId=${emptyTab}&expect=0`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction('globalThis.__panelOpen && globalThis.__panelOpen.doneAt !== undefined', { timeout: OPEN_TIMEOUT_MS });
    await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', 'toplevel'] });
    await page.goto(`${origin}panel.html?tabId=${fullTab}&expect=${RECORDS}`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction('globalThis.__panelOpen && globalThis.__panelOpen.doneAt !== undefined', { timeout: OPEN_TIMEOUT_MS, polling: 50 });
    const traced = summarizeOpen((await page.evaluate('globalThis.__panelOpen')) as ProbeResult);
    const trace = JSON.parse(new TextDecoder().decode(await page.tracing.stop())) as Parameters<typeof traceLines>[0];
    lines.push(`traced open: list complete at ${traced.total.toFixed(0)} ms`, ...traceLines(trace));
    return lines;
  } finally {
    await page.close();
  }
}

/** One measured build: a browser with it installed, a full tab and an empty one. */
interface Subject {
  label: string;
  dir: string;
  browser: Browser;
  origin: string;
  pid: number | undefined;
  fullTab: number;
  emptyTab: number;
}

/** CORS_LENS_DIST: one build, or several to compare in one run ("label=dir,label=dir" or "dir,dir"). */
function builds(): Array<{ label: string; dir: string }> {
  const spec = process.env.CORS_LENS_DIST;
  if (!spec) return [{ label: 'dist/chrome', dir: resolve(import.meta.dirname, '../../dist/chrome') }];
  return spec.split(',').map((item) => {
    const eq = item.indexOf('=');
    const dir = resolve(eq < 0 ? item : item.slice(eq + 1));
    return { label: eq < 0 ? dir : item.slice(0, eq), dir };
  });
}

function buildNote(dir: string): string {
  const built = statSync(join(dir, 'panel.js')).mtimeMs;
  return `panel.js built ${new Date(built).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Starts a browser with the build and fills one tab's log with RECORDS complete records. */
async function setUp(label: string, dir: string, api: CorsServer, site: CorsServer, errors: string[]): Promise<Subject> {
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} is missing: run \`npm run build\` first`);
  // No debugger on the worker while timing (only when profiling).
  const chromium = await launchChromium('cors-lens-bench-panel-open-', { detachFromWorker: !PROFILE });
  const { browser } = chromium;
  cleanups.push(chromium.close);
  const extensionId = await browser.installExtension(dir);
  const origin = `chrome-extension://${extensionId}/`;

  // An extension page first: its port wakes the worker before the page's first request.
  const reader: Page = await browser.newPage();
  reader.on('pageerror', (e) => errors.push(`${label} reader: ${String(e)}`));
  await reader.goto(`${origin}panel.html?tabId=0`);
  await reader.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected', { timeout: 10_000 });
  const page = await browser.newPage();
  await page.goto(`${site.origin}/`);
  const empty = await browser.newPage();
  await empty.goto(`${site.origin}/empty`);
  const tabIdOf = (url: string) =>
    reader.evaluate(`chrome.tabs.query({}).then((tabs) => (tabs.find((t) => t.url === ${JSON.stringify(url)}) || { id: -1 }).id)`) as Promise<number>;
  const fullTab = await tabIdOf(`${site.origin}/`);
  const emptyTab = await tabIdOf(`${site.origin}/empty`);
  if (fullTab < 0 || emptyTab < 0) throw new Error('could not find the bench tabs');

  const t0 = Date.now();
  const outcome = (await page.evaluate(trafficScript(api.origin, RECORDS))) as { ok: number; failed: number };
  let view: LogView;
  for (;;) {
    view = (await reader.evaluate(logViewScript(fullTab))) as LogView;
    if (view.complete >= RECORDS || Date.now() - t0 > 60_000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const emptyView = (await reader.evaluate(logViewScript(emptyTab))) as LogView;
  console.log(
    `${label} (${buildNote(dir)}): ${view.records} records (${view.complete} complete, ${view.blocked} blocked, ` +
      `${view.preflighted} preflighted, ${view.dropped} dropped) after ${outcome.ok + outcome.failed} fetches ` +
      `(${outcome.failed} failed in the page), ${((Date.now() - t0) / 1000).toFixed(1)} s; baseline tab: ${emptyView.records} records`,
  );
  if (view.records !== RECORDS || view.complete !== RECORDS)
    throw new Error(`${label}: expected ${RECORDS} complete records, have ${view.complete} of ${view.records}`);
  if (emptyView.records !== 0) throw new Error(`${label}: the baseline tab has records`);
  await reader.close();
  api.log.length = 0;
  return { label, dir, browser, origin, pid: browser.process()?.pid, fullTab, emptyTab };
}

type Kind = 'empty' | 'full';

async function main(): Promise<number> {
  const api: CorsServer = await startCorsServer({ host: '127.0.0.1' });
  const site: CorsServer = await startCorsServer({
    host: 'localhost',
    pages: { '/': '<!doctype html><title>page</title>', '/empty': '<!doctype html><title>empty</title>' },
  });
  cleanups.push(
    () => api.close(),
    () => site.close(),
  );
  const errors: string[] = [];
  const subjects: Subject[] = [];
  for (const { label, dir } of builds()) subjects.push(await setUp(label, dir, api, site, errors));
  const pids = subjects.map((s) => s.pid).filter((p): p is number => p !== undefined);

  // Rounds alternate the order of builds and of empty/full, so none always follows the same.
  const results = new Map(subjects.map((s) => [s, { empty: [] as Open[], full: [] as Open[] }]));
  const turns = subjects.flatMap((s) => (['empty', 'full'] as const).map((kind) => ({ s, kind })));
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    const shift = (round + WARMUP_ROUNDS) % turns.length;
    const order = [...turns.slice(shift), ...turns.slice(0, shift)];
    if (round % 2 !== 0) order.reverse();
    for (const { s, kind } of order) {
      await waitQuiet(pids, 3_000);
      const open = await openPanel(s.browser, s.origin, kind === 'full' ? s.fullTab : s.emptyTab, kind === 'full' ? RECORDS : 0);
      if (round >= 0) results.get(s)![kind].push(open);
      console.log(
        `  ${round < 0 ? 'warm-up' : `round ${round + 1}`} ${subjects.length > 1 ? `${s.label} ` : ''}${kind.padEnd(5)} list complete ${ms(open.total)} ms ` +
          `(port ${ms(open.connect)}, reset ${ms(open.reset)}, last chunk ${ms(open.lastChunk)}, ${open.chunks} chunks, ` +
          `first rows ${ms(open.firstRows)}, long tasks ${ms(open.longTaskMs)} ms, ${open.rows} rows)`,
      );
    }
  }

  console.log(`\npanel open, ${RECORDS.toLocaleString('en-US')}-record log vs empty log: median of ${ROUNDS} rounds (headless Chromium)`);
  const fullMedians: number[] = [];
  let met = true;
  for (const s of subjects) {
    const r = results.get(s)!;
    const m = (kind: Kind, f: (o: Open) => number) => median(r[kind].map(f));
    if (subjects.length > 1) console.log(`  ${s.label}:`);
    console.log(`  ${''.padEnd(38)} ${'empty'.padStart(5)}    ${'full'.padStart(5)}`);
    const line = (label: string, f: (o: Open) => number) => console.log(`  ${label.padEnd(38)} ${ms(m('empty', f))} ms ${ms(m('full', f))} ms`);
    line('navigation → list complete', (o) => o.total);
    line('navigation → port opened', (o) => o.connect);
    line('port opened → reset (background read)', (o) => o.reset - o.connect);
    line('reset → last chunk received', (o) => o.lastChunk - o.reset);
    line('last chunk → list complete', (o) => o.total - o.lastChunk);
    line('navigation → first rows', (o) => (o.rows > 0 ? o.firstRows : NaN));
    line('long tasks on the panel thread', (o) => o.longTaskMs);
    const full = m('full', (o) => o.total);
    const base = m('empty', (o) => o.total);
    fullMedians.push(full);
    if (full >= GOAL_MS) met = false;
    console.log(`  ratio full / empty: ${(full / base).toFixed(2)}`);
  }
  if (subjects.length > 1) {
    subjects.forEach((s, i) =>
      console.log(`  ${s.label}: full log ${fullMedians[i]!.toFixed(0)} ms = ${(fullMedians[i]! / fullMedians[0]!).toFixed(2)} × ${subjects[0]!.label}`),
    );
  }
  console.log(`panel-open: goal under ${GOAL_MS} ms for the full log: ${met ? 'met' : 'NOT met'} (${fullMedians.map((x) => x.toFixed(0)).join(', ')} ms)`);

  if (PROFILE) {
    for (const s of subjects) {
      let worker: WebWorker | null = null;
      const target = s.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(s.origin));
      if (target) worker = await target.worker();
      console.log(`\n${s.label}`);
      for (const l of await profileOpen(s.browser, s.origin, worker, s.fullTab, s.emptyTab)) console.log(l);
    }
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`panel-open bench: could not measure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await cleanup();
  clearTimeout(hardStop);
}
process.exit(code);
