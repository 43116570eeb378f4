// Summary of a CDP CPU profile (Profiler.stop): the functions with the most time, self and
// inclusive (a sample counts once per function on its stack, so recursion is not doubled).
import type { Protocol } from 'puppeteer';

type Profile = Protocol.Profiler.Profile;

interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(frame: Protocol.Runtime.CallFrame): string {
  const file = frame.url.split('/').at(-1) ?? '';
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file}:${frame.lineNumber + 1}` : name;
}

function summarizeProfile(profile: Profile): { totalMs: number; functions: FunctionTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalMs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(samples[i]!);
    if (!leaf || leaf.callFrame.functionName === '(idle)' || leaf.callFrame.functionName === '(program)') continue;
    totalMs += ms;
    const leafName = label(leaf.callFrame);
    self.set(leafName, (self.get(leafName) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id);
      if (!node) break;
      const name = label(node.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  const functions = [...total].map(([name, t]) => ({ name, selfMs: self.get(name) ?? 0, totalMs: t }));
  return { totalMs, functions };
}

/** Lines for the top `n` by inclusive and by self time. */
export function profileLines(title: string, profile: Profile, n = 15): string[] {
  const { totalMs, functions } = summarizeProfile(profile);
  const row = (f: FunctionTime) => `    ${f.totalMs.toFixed(1).padStart(8)} ${f.selfMs.toFixed(1).padStart(8)}  ${f.name}`;
  const skip = (f: FunctionTime) => f.name.startsWith('(root)');
  const top = (key: 'totalMs' | 'selfMs', by: string) => [
    `    ${'total ms'.padStart(8)} ${'self ms'.padStart(8)}  function (by ${by})`,
    ...functions
      .filter((f) => !skip(f))
      .sort((a, b) => b[key] - a[key])
      .slice(0, n)
      .map(row),
  ];
  return [`  ${title}: ${totalMs.toFixed(0)} ms of JavaScript (sampled)`, ...top('totalMs', 'total'), ...top('selfMs', 'self')];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { frames?: Array<{ url?: string; processId?: number }>; url?: string } };
}

/**
 * Where the panel page's main thread spent its time in a Chrome trace (devtools.timeline):
 * self time per event name on the renderer main thread of the process that ran panel.html,
 * from `fromUs` (trace clock) on.
 */
export function traceLines(trace: { traceEvents: TraceEvent[] }, n = 14): string[] {
  const events = trace.traceEvents;
  const panelPids = new Set<number>();
  for (const e of events) {
    for (const f of e.args?.data?.frames ?? []) if (f.url?.includes('panel.html') && f.processId !== undefined) panelPids.add(f.processId);
  }
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && panelPids.has(e.pid)).map((e) => `${e.pid}:${e.tid}`),
  );
  const complete = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  let busy = 0;
  // Nesting by time: an event's self time is its duration minus its direct children's.
  const stack: Array<{ e: TraceEvent; end: number; children: number }> = [];
  const close = (upTo: number) => {
    while (stack.length > 0 && stack.at(-1)!.end <= upTo) {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + (top.e.dur! - top.children) / 1000);
      if (stack.length > 0) stack.at(-1)!.children += top.e.dur!;
      else busy += top.e.dur! / 1000;
    }
  };
  for (const e of complete) {
    close(e.ts);
    stack.push({ e, end: e.ts + e.dur!, children: 0 });
  }
  close(Infinity);
  const top = [...self]
    .filter(([name]) => name !== 'ThreadControllerImpl::RunTask' && name !== 'RunTask')
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
  return [
    `  panel main thread (trace): busy ${busy.toFixed(0)} ms; self time by event`,
    ...top.map(([name, t]) => `    ${t.toFixed(1).padStart(8)} ms  ${name}`),
  ];
}
