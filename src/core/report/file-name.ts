// A file name for a saved report: cors-lens-<host>-<UTC time>-<what>.<ext>, e.g.
// cors-lens-api.example.com-2026-11-22T12-05-03Z-put-items-4f1k2a.md for one request and
// cors-lens-api.example.com-2026-11-22T12-05-03Z-3-requests-9x0b1c.md for several. The last part
// is a short digest of the exchanges exported, so two different exports (one request, then
// "Export blocked" with it first) never share a name, even within the same second. Only
// [A-Za-z0-9._-]: safe on every file system and in a shell without quotes.
import { isoUtc } from './facts.ts';
import { looksLikeToken } from './redact.ts';
import type { ReportInput } from './types.ts';

function urlOf(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function safe(s: string, max = 80): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/\.{2,}/g, '.');
  return out.slice(0, max).replace(/[.-]+$/, '') || 'request';
}

/** FNV-1a over the exported exchanges (method, URL, time, verdict), in base 36: stable for the same export. */
function digest(list: readonly ReportInput[]): string {
  let h = 0x811c9dc5;
  const text = list.map((i) => `${i.exchange.request.method} ${i.exchange.url} ${i.capturedAt ?? ''} ${i.verdict.reason}`).join('\n');
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

/** File name for a report of these exchanges; the time is the first capture time, else `now`. */
export function reportFileName(inputs: ReportInput | readonly ReportInput[], format: 'md' | 'json' | 'sh' | 'js' = 'md', now: number = Date.now()): string {
  const list: readonly ReportInput[] = Array.isArray(inputs) ? inputs : [inputs as ReportInput];
  const hosts = new Set(list.map((i) => urlOf(i.exchange.url)?.hostname ?? 'request'));
  const host = hosts.size === 1 ? ([...hosts][0] ?? 'request') : `${hosts.size}-hosts`;
  const time = (isoUtc(list[0]?.capturedAt) ?? isoUtc(now) ?? '1970-01-01T00:00:00Z').replace(/:/g, '-');
  const first = list[0];
  // One request: its method and the last word of its path (never a query value, which may be secret).
  const what =
    list.length === 1 && first !== undefined
      ? safe(
          `${first.exchange.request.method}-${
            urlOf(first.exchange.url)
              ?.pathname.split('/')
              .filter((s) => /^[A-Za-z][A-Za-z0-9_-]{0,23}$/.test(s) && !looksLikeToken(s))
              .at(-1) ?? ''
          }`,
          40,
        )
      : `${list.length}-requests`;
  return `cors-lens-${safe(host)}-${time}-${what}-${digest(list)}.${format}`;
}
