// Whole-browser CPU of one 1,000-fetch burst (half PUTs with their preflights), per Chromium
// process kind, for several builds of CORS Lens side by side: what a change to the witness or
// the capture costs or saves, where page time is too noisy to say (bench/capture).
//
// Each build gets its own Chromium (same flags, fresh profile) with the bench page open; rounds
// alternate the order of the builds, and each burst's CPU is read from /proc before and after
// it (plus 2.5 s of late work: the worker's writes and the witness's last messages).
// Puppeteer drives the page over CDP, which costs every build the same. Run it on an idle
// machine: with other work on the two cores the CPU figures move by more than 1 s per burst
// (seen: a build without the witness measured above one with it while unit tests ran).
//
// Run: npm run bench -- build-ab [rounds] [name=extension-dir ...]
// Without builds: dist/chrome ("lens") against the same build without the page witness's
// content scripts ("nowitness"): the witness's cost in CPU.
import type { Browser, Page } from 'puppeteer';
import { join } from 'node:path';
import { startCorsServer } from '../../demo/cors-server.ts';
import { launchChromium } from '../../test/support/browser.ts';
import { cpuByKind, minus, PROCESS_KINDS, type KindCpu } from '../capture/process-cpu.ts';
import { buildNoWitnessExtension } from '../capture/nowitness-extension.ts';
import { median } from '../median.ts';

const REQUESTS = 1000;
const SETTLE_MS = 2500;
const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 7);
const named = args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as [string, string]);
/** Undone last first, each awaited (the browsers before the build they loaded is removed). */
const cleanups: Array<() => unknown> = [];
let builds = named;
if (builds.length === 0) {
  const lens = join(import.meta.dirname, '../../dist/chrome');
  const nowitness = buildNoWitnessExtension(lens);
  cleanups.push(nowitness.remove);
  builds = [
    ['lens', lens],
    ['nowitness', nowitness.dir],
  ];
}

const api = await startCorsServer({ host: '127.0.0.1' });
const site = await startCorsServer({ host: '127.0.0.1', pages: { '/': '<!doctype html><title>build-ab</title><p>bench page' } });
// Another origin than the API's: every request is cross-origin.
const pageUrl = `${site.origin.replace('127.0.0.1', 'localhost')}/`;
const run: Array<{ name: string; browser: Browser; page: Page; cpu: KindCpu[] }> = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
try {
  for (const [name, dir] of builds) {
    // launchChromium's close shuts the browser, then removes its profile.
    const chromium = await launchChromium(`cors-lens-build-ab-${name}-`, { args: [`--load-extension=${dir}`, `--disable-extensions-except=${dir}`] });
    const { browser } = chromium;
    cleanups.push(() => chromium.close().catch(() => undefined));
    await browser.waitForTarget((t) => t.type() === 'service_worker', { timeout: 20_000 });
    const page = await browser.newPage();
    await page.goto(pageUrl);
    run.push({ name, browser, page, cpu: [] });
  }
  await sleep(2000);
  // Round -1 warms up (JIT, first connections) and is not counted.
  for (let round = -1; round < rounds; round++) {
    for (const b of round % 2 === 0 ? run : [...run].reverse()) {
      await b.page.goto(pageUrl);
      await sleep(800);
      const pid = b.browser.process()?.pid;
      if (pid === undefined) throw new Error(`${b.name}: no browser process`);
      const before = cpuByKind(pid);
      const failed = await b.page.evaluate(
        async (origin: string, n: number, id: string) => {
          const list: Array<Promise<unknown>> = [];
          for (let i = 0; i < n; i++) {
            const url = i % 2 === 0 ? `${origin}/get/${id}/${i}?acao=*` : `${origin}/put/${id}/${i}?acao=*&acam=PUT`;
            list.push(fetch(url, { method: i % 2 === 0 ? 'GET' : 'PUT' }).then((r) => r.arrayBuffer()));
          }
          const results = await Promise.allSettled(list);
          return results.filter((r) => r.status === 'rejected').length;
        },
        api.origin,
        REQUESTS,
        `${b.name}-${round}`,
      );
      if (failed > 0) throw new Error(`${b.name}: ${failed} of ${REQUESTS} fetches failed`);
      await sleep(SETTLE_MS);
      const spent = minus(cpuByKind(pid), before);
      if (round >= 0) b.cpu.push(spent);
      const total = PROCESS_KINDS.reduce((sum, k) => sum + spent[k], 0);
      console.log(`  round ${round} ${b.name.padEnd(12)} CPU ${total} ms (${PROCESS_KINDS.map((k) => `${k} ${spent[k]}`).join(', ')})`);
    }
  }
  const first = run[0];
  const totalOf = (c: KindCpu) => PROCESS_KINDS.reduce((sum, k) => sum + c[k], 0);
  console.log(`\nCPU of one burst of ${REQUESTS} fetches, median of ${rounds} rounds (ms; against ${first?.name})`);
  for (const b of run) {
    const total = median(b.cpu.map(totalOf));
    const base = first ? median(first.cpu.map(totalOf)) : total;
    const kinds = PROCESS_KINDS.filter((k) => k !== 'gpu' && k !== 'other').map((k) => `${k} ${median(b.cpu.map((c) => c[k]))}`);
    console.log(
      `${b.name.padEnd(12)} total ${total} (${b === first ? 'baseline' : `${total - base >= 0 ? '+' : ''}${total - base} ms, x${(total / base).toFixed(3)}`}); ${kinds.join(', ')}`,
    );
  }
} finally {
  // Removing a profile while its Chromium still wrote to it failed the run at the end (ENOTEMPTY).
  for (const c of cleanups.reverse()) await c();
  await api.close();
  await site.close();
}
