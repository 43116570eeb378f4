// Where a browser's CPU goes, by Chromium process kind (Linux /proc): the browser process,
// page renderers, extension renderers (CORS Lens's service worker; --extension-process), the
// network service, the GPU process, the rest. Page time on two cores follows the CPU every
// process of the browser burns, so this is what says which side of the witness costs what.
import { readFileSync } from 'node:fs';
import { inTree, readProc, TICK_MS } from './proc.ts';

export const PROCESS_KINDS = ['browser', 'page', 'extension', 'network', 'gpu', 'other'] as const;
type ProcessKind = (typeof PROCESS_KINDS)[number];
export type KindCpu = Record<ProcessKind, number>;

function kindOf(cmdline: string[]): ProcessKind {
  const type = cmdline.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return 'browser';
  if (type === 'renderer') return cmdline.includes('--extension-process') ? 'extension' : 'page';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility' && cmdline.some((a) => a.includes('network.mojom.NetworkService'))) return 'network';
  return 'other';
}

/** CPU (user + system, of the process itself: reaped children are not attributable) per kind, in ms, of the tree under `root`. */
export function cpuByKind(root: number): KindCpu {
  const procs = readProc();
  const out = Object.fromEntries(PROCESS_KINDS.map((k) => [k, 0])) as KindCpu;
  for (const [pid, p] of procs) {
    if (!inTree(pid, [root], procs)) continue;
    let cmdline: string[];
    try {
      // Chromium rewrites its process title: the arguments may be one space-separated string.
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    } catch {
      continue;
    }
    out[kindOf(cmdline)] += p.own * TICK_MS;
  }
  return out;
}

export function minus(a: KindCpu, b: KindCpu): KindCpu {
  return Object.fromEntries(PROCESS_KINDS.map((k) => [k, a[k] - b[k]])) as KindCpu;
}
