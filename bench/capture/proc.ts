// One pass over Linux /proc: each process's parent and CPU ticks, and which belong to a tree.
// quiet.ts (CPU of the browsers' trees) and process-cpu.ts (the same, per process kind) read it.
import { readdirSync, readFileSync } from 'node:fs';

export const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface ProcStat {
  ppid: number;
  /** utime + stime: the process's own CPU. */
  own: number;
  /** cutime + cstime: CPU of its children that ended and were reaped (no /proc entry any more). */
  reaped: number;
}

export function readProc(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Whether `pid` is one of `roots` or descends from one. */
export function inTree(pid: number, roots: readonly number[], procs: Map<number, ProcStat>): boolean {
  for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 20; p = procs.get(p)?.ppid, hops++) {
    if (roots.includes(p)) return true;
  }
  return false;
}
