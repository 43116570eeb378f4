// A file name for a saved report: cors-lens-<host>-<UTC time>.<ext>, e.g.
// cors-lens-api.example.com-2026-11-22T12-05-03Z.md. Only [A-Za-z0-9._-]: safe on every
// file system and in a shell without quotes.
import { isoUtc } from './facts.ts';
import type { ReportInput } from './types.ts';

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function safe(s: string): string {
  const out = s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '').replace(/\.{2,}/g, '.');
  return out.slice(0, 80) || 'request';
}

/** File name for a report of these exchanges; the time is the first capture time, else `now`. */
export function reportFileName(inputs: ReportInput | readonly ReportInput[], format: 'md' | 'json' | 'sh' = 'md', now: number = Date.now()): string {
  const list: readonly ReportInput[] = Array.isArray(inputs) ? inputs : [inputs as ReportInput];
  const hosts = new Set(list.map((i) => hostOf(i.exchange.url) ?? 'request'));
  const host = hosts.size === 1 ? [...hosts][0] ?? 'request' : `${hosts.size}-hosts`;
  const time = (isoUtc(list[0]?.capturedAt) ?? isoUtc(now) ?? '1970-01-01T00:00:00Z').replace(/:/g, '-');
  return `cors-lens-${safe(host)}-${time}.${format}`;
}
