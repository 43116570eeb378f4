// Enrichment from DevTools: when DevTools is open on the tab, the devtools page reports
// where in the page's code each request came from; it is attached to the matching record.
import type { PageToBackground } from '../shared/protocol.ts';
import type { CaptureRecord } from '../shared/record.ts';

/** How far apart the HAR start time and the webRequest start time may be. */
const MATCH_WINDOW_MS = 2000;

type SourceMessage = Extract<PageToBackground, { type: 'source' }>;

/** Attaches the source to the closest unenriched record with that URL and method. */
export function applySource(records: readonly CaptureRecord[], message: SourceMessage): CaptureRecord | undefined {
  let best: CaptureRecord | undefined;
  let bestGap = MATCH_WINDOW_MS;
  for (const record of records) {
    if (record.source || record.url !== message.url || record.method !== message.method) continue;
    const gap = Math.abs(record.startedAt - message.startedAt);
    if (gap <= bestGap) {
      best = record;
      bestGap = gap;
    }
  }
  if (!best) return undefined;
  best.source = {
    kind: message.source.kind.slice(0, 32),
    ...(message.source.url !== undefined ? { url: message.source.url.slice(0, 2048) } : {}),
    ...(message.source.line !== undefined ? { line: message.source.line } : {}),
    ...(message.source.column !== undefined ? { column: message.source.column } : {}),
    ...(message.source.stack ? { stack: message.source.stack.slice(0, 10).map((f) => f.slice(0, 512)) } : {}),
  };
  return best;
}
