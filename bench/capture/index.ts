// Capture cost benchmark (tracker issue 4, "Speed and memory"). One run measures:
//  - page time for REQUESTS cross-origin fetches (half PUTs, each with its own preflight) in
//    four browsers: no extension, the "floor" extension (CORS Lens's webRequest listeners
//    with empty callbacks), CORS Lens, and "nowitness" (CORS Lens without the page witness's
//    content scripts, nowitness-extension.ts: lens/nowitness is the witness's cost, issue 10);
//    zero-latency burst and LATENCY_MS server latency; rounds alternate between the browsers
//    (see conductor.ts, page.ts);
//  - afterwards, CORS Lens's worker heap and storage.session bytes per record (measure-heap.ts).
// Reports against the goals; exits non-zero only when it could not measure.
// Run: npm run build && npm run bench -- capture
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startCorsServer, type CorsServer } from '../../demo/cors-server.ts';
import { launchBenchBrowser, launchFirefoxBenchBrowser, type BenchBrowser } from './browsers.ts';
import { startConductor, type Conductor } from './conductor.ts';
import { buildFloorExtension, type BuiltExtension } from './floor-extension.ts';
import { buildNoWitnessExtension, buildPageOnlyExtension } from './nowitness-extension.ts';
import { measureHeap, type HeapFigures } from './measure-heap.ts';
import type { TurnReport } from './page.ts';
import { machineBusyMs, treeCpuMs, waitQuiet } from './quiet.ts';
import { cpuByKind, minus, PROCESS_KINDS, type KindCpu } from './process-cpu.ts';
import { BROWSERS, PHASES, perBrowser, summarize, type BrowserName, type Phase, type Times } from './report.ts';
import { median } from '../median.ts';
import { hodgesLehmann, type Interval, meanInterval } from '../paired-stats.ts';

const REQUESTS = 1000;
const LATENCY_MS = 20;
const WARMUP_ROUNDS = 1;
/**
 * `npm run bench -- capture --witness [rounds]`: only CORS Lens and nowitness, many paired
 * rounds (default 12), and the witness's cost as an interval. Four rounds of four browsers
 * cannot resolve 2%: whole runs of the full bench gave +7.5% and -10.4% on the same build.
 */
const WITNESS_ONLY = process.argv.includes('--witness');
/**
 * `--witness [rounds] --firefox`: the same paired rounds in Firefox (dist/firefox and it without
 * the witness), two Firefox instances driven as browsers.ts says. CPU is read per browser tree
 * only: the split by process kind (process-cpu.ts) knows Chromium's processes.
 */
const FIREFOX = process.argv.includes('--firefox');
/**
 * `--witness [rounds] --page-only`: "lens" is CORS Lens whose relay drops every batch
 * (nowitness-extension.ts), so the ratio is the page's share of the witness's cost.
 */
const PAGE_ONLY = process.argv.includes('--page-only');
const witnessRounds = Number(process.argv[process.argv.indexOf('--witness') + 1]);
const ROUNDS = WITNESS_ONLY ? (Number.isInteger(witnessRounds) && witnessRounds > 1 ? witnessRounds : 12) : 4;
/** The browsers this run launches. */
const RUN: readonly BrowserName[] = WITNESS_ONLY ? ['lens', 'nowitness'] : BROWSERS;
/** Longest wait for the browsers to go quiet between turns (quiet.ts). */
const QUIET_TIMEOUT_MS = 4_000;
const TURN_TIMEOUT_MS = 60_000;
/** Four browsers, 9 turns each, plus launch and the heap phase: ~6.5 min on a busy 2-core machine. */
const GLOBAL_TIMEOUT_MS = WITNESS_ONLY ? 60_000 * (2 + ROUNDS) : 480_000;

/** The build measured as CORS Lens: dist/<this>. */
const DIST_NAME = FIREFOX ? 'firefox' : 'chrome';
const DIST = join(import.meta.dirname, '../../dist', DIST_NAME);

const startedAt = Date.now();
const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;
const cleanup = () =>
  (cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  })());

const hardStop = setTimeout(() => {
  console.error(`capture bench: gave up after ${GLOBAL_TIMEOUT_MS / 1000} s`);
  void cleanup().finally(() => process.exit(1));
}, GLOBAL_TIMEOUT_MS);

/** Which build is measured: dist/ holds whatever was built last, by anyone. */
function buildNote(): string {
  const built = statSync(join(DIST, 'background.js')).mtimeMs;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const path = join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  const stale = newest(join(import.meta.dirname, '../../src')) > built ? ' (OLDER than src/: run `npm run build` to measure the current code)' : '';
  return `measuring dist/${DIST_NAME} built ${new Date(built).toISOString().slice(11, 19)} UTC${stale}`;
}

/**
 * Round r's order, a row of a Williams Latin square: over BROWSERS.length rounds each browser
 * takes every position once and (for an even count, as 4 is) follows every other browser once.
 * A plain rotation would put nowitness after lens in every round, so whatever late work lens
 * leaves would always land on the browser it is compared with.
 */
function orderOf(r: number): BrowserName[] {
  // Two browsers: AB, BA, AB, … (each goes first as often, each follows the other as often).
  if (RUN.length === 2) return r % 2 === 0 ? [...RUN] : [...RUN].reverse();
  const n = BROWSERS.length;
  // 0, 1, n-1, 2, n-2, …, then shifted by r.
  return BROWSERS.map((_, i) => BROWSERS[((i % 2 === 1 ? (i + 1) / 2 : i === 0 ? 0 : n - i / 2) + r) % n]!);
}

/** Fails the run when a turn did not do what was asked: then its time means nothing. */
function checkTurn(what: string, report: TurnReport, api: CorsServer): void {
  const methods = { GET: 0, PUT: 0, OPTIONS: 0 } as Record<string, number>;
  for (const entry of api.log) methods[entry.method] = (methods[entry.method] ?? 0) + 1;
  api.log.length = 0; // keep the server's memory (and GC) flat across turns
  const problems: string[] = [];
  if (report.error) problems.push(`page error: ${report.error}`);
  if (report.ok !== REQUESTS) problems.push(`${report.ok} of ${REQUESTS} responses ok (${report.notOk} not ok, ${report.failed} failed)`);
  const half = REQUESTS / 2;
  if (methods.GET !== half || methods.PUT !== half || methods.OPTIONS !== half) {
    problems.push(`server saw GET ${methods.GET}, PUT ${methods.PUT}, OPTIONS ${methods.OPTIONS}; expected ${half} each`);
  }
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}

// Other processes' CPU during the run (machine busy time minus this process tree, browsers
// included) says how far page times can be trusted.
const busyAtStart = machineBusyMs();
const ownAtStart = treeCpuMs([process.pid]);
const otherCpuShare = () =>
  Math.max(0, machineBusyMs() - busyAtStart - (treeCpuMs([process.pid]) - ownAtStart)) / ((Date.now() - startedAt) * availableParallelism());

async function main(): Promise<number> {
  if (FIREFOX && !WITNESS_ONLY) throw new Error('--firefox measures the witness only: add --witness [rounds]');
  if (PAGE_ONLY && !WITNESS_ONLY) throw new Error('--page-only measures the witness only: add --witness [rounds]');
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} is missing: run \`npm run build\` first`);
  console.log(buildNote());

  const floor: BuiltExtension = await buildFloorExtension();
  cleanups.push(async () => floor.remove());
  const noWitness: BuiltExtension = buildNoWitnessExtension(DIST);
  cleanups.push(async () => noWitness.remove());
  const pageOnly: BuiltExtension | undefined = PAGE_ONLY ? buildPageOnlyExtension(DIST) : undefined;
  if (pageOnly) cleanups.push(async () => pageOnly.remove());
  const apis: Record<Phase, CorsServer> = {
    burst: await startCorsServer({ host: '127.0.0.1' }),
    latency: await startCorsServer({ host: '127.0.0.1', delayMs: LATENCY_MS }),
  };
  cleanups.push(
    () => apis.burst.close(),
    () => apis.latency.close(),
  );
  const conductor: Conductor = await startConductor();
  cleanups.push(() => conductor.close());

  const extensionOf: Record<BrowserName, string | undefined> = {
    none: undefined,
    floor: floor.dir,
    lens: pageOnly?.dir ?? DIST,
    nowitness: noWitness.dir,
  };
  // Async: a build that is missing rejects like a failed launch, and the others are still closed.
  const launch = async (b: BrowserName) => {
    const dir = extensionOf[b];
    if (!FIREFOX) return launchBenchBrowser(b, conductor.pageUrl(b), dir);
    if (dir === undefined) throw new Error(`${b}: no Firefox build`);
    return launchFirefoxBenchBrowser(b, conductor.pageUrl(b), dir);
  };
  const launched = await Promise.allSettled(RUN.map((b) => launch(b)));
  const browsers = {} as Record<BrowserName, BenchBrowser>;
  for (const result of launched)
    if (result.status === 'fulfilled') {
      browsers[result.value.name as BrowserName] = result.value;
      cleanups.push(() => result.value.close());
    }
  const failedLaunch = launched.find((r) => r.status === 'rejected');
  if (failedLaunch) throw (failedLaunch as PromiseRejectedResult).reason;
  const lens = browsers.lens;
  const lensOrigin = lens.extensionOrigin;
  if (!lensOrigin) throw new Error('CORS Lens did not load');

  const pidOf = {} as Record<BrowserName, number>;
  for (const b of RUN) {
    const pid = browsers[b].browser.process()?.pid;
    if (pid === undefined) throw new Error(`${b}: no browser process id`);
    pidOf[b] = pid;
  }
  const pids = Object.values(pidOf);
  const times: Times = { burst: perBrowser(), latency: perBrowser() };
  const cpu: Times = { burst: perBrowser(), latency: perBrowser() };
  const tails = perBrowser();
  const kindLists = (): Record<BrowserName, KindCpu[]> => ({ none: [], floor: [], lens: [], nowitness: [] });
  const byKind: Record<Phase, Record<BrowserName, KindCpu[]>> = { burst: kindLists(), latency: kindLists() };
  const run = `${Date.now().toString(36)}`;
  await waitQuiet(pids, QUIET_TIMEOUT_MS);
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    const order = orderOf(round + WARMUP_ROUNDS);
    // Warm-up (JIT, first connections, the worker's first events): the burst is enough.
    for (const phase of round < 0 ? (['burst'] as const) : PHASES) {
      for (const b of order) {
        const cpuBefore = treeCpuMs([pidOf[b]]);
        const kindsBefore = cpuByKind(pidOf[b]);
        const id = `${run}-${phase}-${round}-${b}`;
        const report = await conductor.run(b, { id, api: apis[phase].origin, n: REQUESTS }, true, TURN_TIMEOUT_MS);
        checkTurn(`${phase} round ${round} in ${b}`, report, apis[phase]);
        // The page reloads, the browser finishes what the turn left (CORS Lens: judging,
        // storage writes, clearing the log): that is its after-work, and its CPU counts.
        const reported = Date.now();
        await conductor.waitIdle(b, TURN_TIMEOUT_MS);
        await waitQuiet(pids, QUIET_TIMEOUT_MS);
        const tail = Date.now() - reported;
        const cpuMs = treeCpuMs([pidOf[b]]) - cpuBefore;
        if (round >= 0) {
          times[phase][b].push(report.elapsedMs);
          cpu[phase][b].push(cpuMs);
          byKind[phase][b].push(minus(cpuByKind(pidOf[b]), kindsBefore));
          tails[b].push(tail);
        }
        const label = round < 0 ? 'warm-up' : `round ${round + 1}`;
        console.log(
          `  ${label} ${phase.padEnd(7)} ${b.padEnd(9)} ${String(Math.round(report.elapsedMs)).padStart(5)} ms  (browser CPU ${cpuMs} ms, quiet ${tail} ms later)`,
        );
      }
    }
  }

  // Which process the witness's CPU lands in (lens vs nowitness), median per kind.
  const cpuByProcess = (): string[] =>
    PHASES.flatMap((phase) =>
      (['lens', 'nowitness'] as const).map(
        (b) =>
          `cpu by process, ${phase} ${b.padEnd(9)} (median ms): ${PROCESS_KINDS.map((k) => `${k} ${median(byKind[phase][b].map((c) => c[k]))}`).join(', ')}`,
      ),
    );
  if (WITNESS_ONLY) {
    console.log(`\n${[...witnessSummary(times, cpu), ...(FIREFOX ? [] : cpuByProcess())].join('\n')}`);
    return 0;
  }

  // Heap phase: CORS Lens's page waits for one more turn, after which it stays put so the
  // records remain in the tab's log to be counted.
  await conductor.waitIdle('lens', TURN_TIMEOUT_MS);
  await waitQuiet(pids, QUIET_TIMEOUT_MS);
  const heap: HeapFigures = await measureHeap({
    wsEndpoint: lens.browser.wsEndpoint(),
    extensionOrigin: lensOrigin,
    benchOrigin: conductor.origin,
    runTurn: async () => {
      const report = await conductor.run('lens', { id: `${run}-heap`, api: apis.burst.origin, n: REQUESTS }, false, TURN_TIMEOUT_MS);
      checkTurn('heap turn in lens', report, apis.burst);
      return report;
    },
  });

  const lines = summarize({
    requests: REQUESTS,
    rounds: ROUNDS,
    latencyMs: LATENCY_MS,
    times,
    cpu,
    tails,
    heap,
    tookMs: Date.now() - startedAt,
    otherCpuShare: otherCpuShare(),
    cores: availableParallelism(),
  });
  console.log(`\n${lines.join('\n')}`);
  console.log(cpuByProcess().join('\n'));
  // Per-record figures need one record per request. Records that never completed are a
  // finding about CORS Lens, not a failure to measure: reported, not fatal.
  if (heap.records !== REQUESTS) {
    console.error(`capture bench: CORS Lens reported ${heap.records} records for ${REQUESTS} requests: per-record figures are off`);
    return 1;
  }
  return 0;
}

/**
 * The witness's cost from paired rounds: each round's lens / nowitness ratio (the two ran back
 * to back), as a mean with its 95% t interval and as the typical round (Hodges-Lehmann) with
 * its 95% Wilcoxon interval (bench/paired-stats.ts says when each is the one to read). The
 * goal (page time within 2%) is judged by each interval on its own: met when its upper bound
 * is at most +2%, missed when its lower bound is above.
 */
function witnessSummary(times: Times, cpu: Times): string[] {
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const shown = (i: Interval) => `${pct(i.estimate)} (95% interval ${pct(i.low)} to ${pct(i.high)})`;
  const goal = (i: Interval) => (i.high <= 0.02 ? 'met' : i.low > 0.02 ? 'MISSED' : 'not shown either way');
  const lines = [
    `${PAGE_ONLY ? "the page script's share of the witness's cost (its relay drops every batch)" : 'witness cost'} in ${FIREFOX ? 'Firefox' : 'Chromium'}, ${ROUNDS} paired rounds of ${REQUESTS} requests (lens / nowitness per round, back to back, order alternating)`,
  ];
  for (const phase of PHASES) {
    for (const [what, table] of [
      ['page', times],
      ['CPU', cpu],
    ] as const) {
      const ratios = table[phase].lens.map((l, i) => l / table[phase].nowitness[i]! - 1);
      const mean = meanInterval(ratios);
      const typical = hodgesLehmann(ratios);
      const sorted = [...ratios].sort((a, b) => a - b);
      const goals = what === 'page' ? `; goal <= +2%: by the mean ${goal(mean)}, by the typical round ${goal(typical)}` : '';
      lines.push(
        `${phase.padEnd(7)} ${what.padEnd(4)} mean ${shown(mean)}, typical round ${shown(typical)}, median round ${pct(median(ratios))}; rounds ${pct(sorted[0]!)} to ${pct(sorted[sorted.length - 1]!)}${goals}`,
      );
    }
  }
  return lines;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`capture bench: could not measure: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await cleanup();
  clearTimeout(hardStop);
}
process.exit(code);
