// Waits until the measured browsers have gone quiet before the next turn starts: CORS Lens
// keeps working after its page's last response (judging, batched storage.session writes, the
// log cleared by the reload), and that work must not land in another browser's turn. Reads
// the CPU time of the browsers' process trees from /proc (Linux), so other load on the
// machine does not count. Elsewhere it falls back to a fixed pause.
import { readFileSync } from 'node:fs';
import { inTree, readProc, TICK_MS } from './proc.ts';

const WINDOW_MS = 250;
/** Quiet = the browsers together used at most this share of one core over a window. */
const MAX_BUSY = 0.1;

/** CPU time (user + system) used so far by the process trees under `roots`, in ms. */
export function treeCpuMs(roots: number[]): number {
  let ticks = 0;
  for (const t of cpuTicks(roots).values()) ticks += t;
  return ticks * TICK_MS;
}

function cpuTicks(roots: number[]): Map<number, number> {
  const procs = readProc();
  const ticks = new Map<number, number>();
  // Reaped children count too: a renderer replaced by the reload no longer has an entry.
  for (const [pid, p] of procs) if (inTree(pid, roots, procs)) ticks.set(pid, p.own + p.reaped);
  return ticks;
}

/** CPU time the whole machine has spent busy (all cores), in ms; 0 without /proc. */
export function machineBusyMs(): number {
  try {
    const [, ...jiffies] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: everything but idle and iowait
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = jiffies;
    return (user + nice + system + irq + softirq + steal) * TICK_MS;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the time waited; gives up (without failing) after `timeoutMs`. */
export async function waitQuiet(rootPids: number[], timeoutMs: number): Promise<number> {
  const start = Date.now();
  let before: Map<number, number>;
  try {
    before = cpuTicks(rootPids);
  } catch {
    await sleep(1_000); // no /proc
    return Date.now() - start;
  }
  for (;;) {
    await sleep(WINDOW_MS);
    const after = cpuTicks(rootPids);
    let busyTicks = 0;
    for (const [pid, t] of after) busyTicks += t - (before.get(pid) ?? t);
    if (busyTicks * TICK_MS <= WINDOW_MS * MAX_BUSY || Date.now() - start >= timeoutMs) return Date.now() - start;
    before = after;
  }
}
