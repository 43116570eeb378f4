// The steps of one exchange in wire order: preflight (sent or from the cache), each redirect
// hop, the actual request; with status and timing relative to the request's start.
import type { CaptureRecord } from '../shared/record.ts';
import { neverSent } from '../shared/row.ts';

export interface Step {
  kind: 'preflight' | 'redirect' | 'request';
  method: string;
  url: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Network error, or "not sent". */
  error?: string;
  notSent?: boolean;
  /** Answered from the preflight cache (nothing went out). */
  cached?: boolean;
  /** Start offset and duration in ms; absent when webRequest gave no time. */
  offsetMs?: number;
  durationMs?: number;
}

const span = (start: number | undefined, end: number | undefined, origin: number) =>
  start === undefined ? {} : { offsetMs: Math.max(0, start - origin), ...(end === undefined ? {} : { durationMs: Math.max(0, end - start) }) };

export function timeline(r: CaptureRecord): Step[] {
  const steps: Step[] = [];
  if (r.preflight) {
    const p = r.preflight;
    steps.push({
      kind: 'preflight',
      method: 'OPTIONS',
      url: r.url,
      ...(p.status === undefined ? {} : { status: p.status }),
      ...(p.error === undefined ? {} : { error: p.error }),
      ...span(p.startedAt, p.endedAt, r.startedAt),
    });
  } else if (r.preflightCached) {
    steps.push({ kind: 'preflight', method: 'OPTIONS', url: r.url, cached: true });
  }
  for (const hop of r.redirects) steps.push({ kind: 'redirect', method: r.method, url: hop.url, status: hop.status });
  const finalUrl = r.redirects.at(-1)?.location ?? r.url;
  // A request whose preflight failed was never sent: its error belongs to the preflight.
  const notSent = neverSent(r);
  steps.push({
    kind: 'request',
    method: r.method,
    url: finalUrl,
    ...(r.status === undefined ? {} : { status: r.status }),
    ...(notSent ? { notSent: true } : {}),
    ...(r.error === undefined ? {} : { error: r.error }),
    ...(notSent ? {} : span(r.preflight?.endedAt ?? r.startedAt, r.endedAt, r.startedAt)),
  });
  return steps;
}

/** "12 ms", "1.4 s"; empty when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
