// Medians, spreads and the summary table. Ratios are given two ways: from the medians, and as
// the range of per-round ratios (each round runs the browsers back to back, so a per-round
// ratio cancels slow drift of the machine). Browser CPU time is printed next to page time: it
// hardly moves when something else loads the machine, page time does.
import type { HeapFigures } from './measure-heap.ts';
import { median } from '../median.ts';

export const BROWSERS = ['none', 'floor', 'lens', 'nowitness'] as const;
export type BrowserName = (typeof BROWSERS)[number];
export const PHASES = ['burst', 'latency'] as const;
export type Phase = (typeof PHASES)[number];

/** figures[phase][browser][round], in ms */
export type Times = Record<Phase, Record<BrowserName, number[]>>;

/** An empty list per browser (a literal, so the compiler checks it names every browser). */
export const perBrowser = (): Record<BrowserName, number[]> => ({ none: [], floor: [], lens: [], nowitness: [] });

const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const ms = (x: number) => `${Math.round(x)}`;
const times2 = (x: number) => `${x.toFixed(2)}x`;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const perRound = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);
const goal = (met: boolean) => (met ? 'met' : 'MISSED');
const cells = (row: Record<BrowserName, number[]>) => BROWSERS.map((b) => `${b} ${ms(median(row[b]))} ms [${range(row[b], ms)}]`).join(' | ');

export function summarize(opts: {
  requests: number;
  rounds: number;
  latencyMs: number;
  /** Page time: performance.now() around the page's Promise.all. */
  times: Times;
  /** CPU time of the browser's process tree from the turn's start until it was quiet again. */
  cpu: Times;
  /** Per browser: ms from its page's report until it had reloaded and every browser was quiet. */
  tails: Record<BrowserName, number[]>;
  heap: HeapFigures | undefined;
  tookMs: number;
  /** Share of the machine's CPU other processes used during the run: it widens the spreads. */
  otherCpuShare: number;
  cores: number;
}): string[] {
  const { times, cpu, tails, heap } = opts;
  const b = times.burst;
  const l = times.latency;
  const lensOverFloor = median(b.lens) / median(b.floor);
  const lensOverNone = median(l.lens) / median(l.none) - 1;
  const cpuRatio = (row: Record<BrowserName, number[]>) =>
    `lens/nowitness ${times2(median(row.lens) / median(row.nowitness))}, lens/floor ${times2(median(row.lens) / median(row.floor))}, floor/none ${times2(median(row.floor) / median(row.none))}`;
  // Issue 10: the page witness may cost at most 2% of page time, against CORS Lens without it.
  const witness = (row: Record<BrowserName, number[]>) => median(row.lens) / median(row.nowitness);
  const witnessLine = (row: Record<BrowserName, number[]>) =>
    `              lens/nowitness ${times2(witness(row))} (${pct(witness(row) - 1)}; per round ${range(
      perRound(row.lens, row.nowitness).map((x) => x - 1),
      pct,
    )}; witness goal <= +2%: ${goal(witness(row) <= 1.02)})`;
  const witnessMet = witness(b) <= 1.02 && witness(l) <= 1.02;
  const lines = [
    `capture bench (${opts.requests} requests/round, ${opts.requests / 2} preflighted, ${opts.rounds} rounds alternating ${BROWSERS.join('/')}; medians [min–max])`,
    `burst   page  ${cells(b)}`,
    `              lens/floor ${times2(lensOverFloor)} (per round ${range(perRound(b.lens, b.floor), times2)}; goal <= 1.05x: ${goal(lensOverFloor <= 1.05)})` +
      ` | floor/none ${times2(median(b.floor) / median(b.none))} (per round ${range(perRound(b.floor, b.none), times2)})`,
    witnessLine(b),
    `        CPU   ${cells(cpu.burst)} (${cpuRatio(cpu.burst)})`,
    `${`${opts.latencyMs} ms`.padEnd(8)}page  ${cells(l)}`,
    `              lens over none ${pct(lensOverNone)} (per round ${range(
      perRound(l.lens, l.none).map((x) => x - 1),
      pct,
    )}; goal <= 3%: ${goal(lensOverNone <= 0.03)})` + ` | floor over none ${pct(median(l.floor) / median(l.none) - 1)}`,
    witnessLine(l),
    `        CPU   ${cells(cpu.latency)} (${cpuRatio(cpu.latency)})`,
    `witness page time with the witness within 2% of CORS Lens without it (issue 10), burst and ${opts.latencyMs} ms: ${goal(witnessMet)}` +
      ` (burst ${pct(witness(b) - 1)}, ${opts.latencyMs} ms ${pct(witness(l) - 1)})`,
    `after   quiet again after a turn (reload + late work): ${cells(tails)}`,
  ];
  if (heap) {
    const kbPerRecord = (heap.heapAfterBytes - heap.heapBeforeBytes) / heap.records / 1024;
    const storagePerRecord = heap.storageBytes / heap.records;
    const holds = Math.floor(heap.storageQuotaBytes / storagePerRecord);
    const mb = (x: number) => (x / 1048576).toFixed(2);
    lines.push(
      `capture ${heap.records} records for ${heap.report.ok} responses; ${heap.complete} complete, ${heap.allowed} allowed, ${heap.preflighted} with their preflight` +
        (heap.complete < heap.records ? ` (${heap.records - heap.complete} still in flight ${heap.settleMs} ms after the page's last response)` : ''),
      `heap    ${kbPerRecord.toFixed(2)} KB/record (goal < 0.5 KB: ${goal(kbPerRecord < 0.5)}; worker heap after GC ${mb(heap.heapBeforeBytes)} -> ${mb(heap.heapAfterBytes)} MB for ${heap.records} records)`,
      `storage storage.session ${(storagePerRecord / 1024).toFixed(2)} KB/record (${mb(heap.storageBytes)} MB in use; the ${(heap.storageQuotaBytes / 1048576).toFixed(0)} MB quota holds ~${holds.toLocaleString('en-US')} records)` +
        // An in-flight record is smaller than a complete one (no response, no verdict).
        (heap.complete < heap.records ? `; underestimated: ${heap.records - heap.complete} records are stored in their in-flight form` : ''),
    );
  } else {
    lines.push('heap    not measured');
  }
  const busy = opts.otherCpuShare > 0.1 ? ': page times are noisy, CPU times less so' : '';
  lines.push(
    `took    ${(opts.tookMs / 1000).toFixed(0)} s; other processes used ${(opts.otherCpuShare * 100).toFixed(0)}% of the ${opts.cores} cores meanwhile${busy}`,
  );
  return lines;
}
