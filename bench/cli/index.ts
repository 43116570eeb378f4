// The CLI on a big HAR (issue 11, "The CLI on big and hostile input"): `cors-lens explain` on a
// generated 100,000-entry HAR (the recorded Chromium HAR repeated: 62,500 exchanges, 25,000
// preflights, 12,500 redirects, 37,500 of them blocked or with warnings), timed and its peak
// memory taken, against a 10,000-entry HAR in the same run (the baseline: what the machine
// gives right now). Goal: 100k entries in under 10 s and under 1 GB, and time and memory
// growing linearly (×10 entries: about ×10, not ×100).
// Run: npm run bench -- cli (or npx tsx bench/cli/index.ts). Generated files go to the system
// temporary directory and are removed afterwards.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedHarChunks } from '../../test/unit/cli/support.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cors-lens.mjs');
const PEAK = join(import.meta.dirname, 'peak.mjs');
const BASELINE = 10_000;
const BIG = 100_000;
const GOAL_MS = 10_000;
const GOAL_BYTES = 1e9;

interface Run {
  readonly entries: number;
  readonly args: readonly string[];
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakBytes: number;
  readonly outBytes: number;
  readonly summary: string;
}

const dir = mkdtempSync(join(tmpdir(), 'cors-lens-bench-cli-'));
const fmt = (n: number): string => n.toLocaleString('en-US');
const mb = (bytes: number): string => (bytes >= 1e6 || bytes === 0 ? `${fmt(Math.round(bytes / 1e6))} MB` : `${fmt(Math.round(bytes / 1e3))} kB`);
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function generate(entries: number): string {
  const file = join(dir, `${entries}.har`);
  const fd = openSync(file, 'w');
  for (const chunk of generatedHarChunks(entries)) writeSync(fd, chunk);
  closeSync(fd);
  return file;
}

function explain(file: string, entries: number, args: readonly string[]): Run {
  const out = join(dir, 'out');
  const peakFile = join(dir, 'peak');
  const fd = openSync(out, 'w');
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', PEAK, BIN, 'explain', file, ...args], {
    stdio: ['ignore', fd, 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, CORS_LENS_BENCH_PEAK_FILE: peakFile },
    timeout: 300_000,
  });
  const ms = performance.now() - start;
  closeSync(fd);
  // Exit 1: blocked requests found, as the file holds some. Anything else is a failure of the CLI.
  if (r.status !== 1) throw new Error(`cors-lens explain ${args.join(' ')} on ${fmt(entries)} entries exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
  const usage = JSON.parse(readFileSync(peakFile, 'utf8')) as { maxRssKiB: number; cpuMicros: number };
  const run = { entries, args, ms, cpuMs: usage.cpuMicros / 1000, peakBytes: usage.maxRssKiB * 1024, outBytes: statSync(out).size, summary: r.stderr.trim() };
  rmSync(out);
  return run;
}

function line(r: Run, base?: Run): string {
  const ratio =
    base === undefined
      ? ' (baseline)'
      : `; ×${(r.ms / base.ms).toFixed(1)} time (×${(r.cpuMs / base.cpuMs).toFixed(1)} CPU), ×${(r.peakBytes / base.peakBytes).toFixed(1)} memory for ×${r.entries / base.entries} entries`;
  return `cli: explain ${[...r.args, ''].join(' ')}${fmt(r.entries)} entries: ${s(r.ms)} (CPU ${s(r.cpuMs)}), peak ${mb(r.peakBytes)}, ${mb(r.outBytes)} out${ratio}`;
}

let ok = true;
try {
  const small = generate(BASELINE);
  const big = generate(BIG);
  console.log(`cli: generated ${fmt(BASELINE)} entries (${mb(statSync(small).size)}) and ${fmt(BIG)} entries (${mb(statSync(big).size)})`);
  // The default report (grouped), then --all (the crash: 1 instead of a report).
  for (const args of [[], ['--all']]) {
    const base = explain(small, BASELINE, args);
    console.log(line(base));
    const r = explain(big, BIG, args);
    console.log(line(r, base));
    console.log(`cli:   ${r.summary}`);
    const met = r.ms < GOAL_MS && r.peakBytes < GOAL_BYTES;
    console.log(`cli: goal ${fmt(BIG)} entries in under ${s(GOAL_MS)} and under ${mb(GOAL_BYTES)}: ${met ? 'met' : 'NOT met'}`);
  }
} catch (e) {
  console.error(`cli bench: ${(e as Error).message}`);
  ok = false;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
