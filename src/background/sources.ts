// Enrichment from DevTools: when DevTools is open on the tab, the devtools page reports
// where in the page's code each request came from; it is attached to the matching record.
import type { PageToBackground } from '../shared/protocol.ts';
import type { CaptureRecord, RequestSource } from '../shared/record.ts';
import type { IndexEntry } from './tab-log.ts';

/** How far apart the HAR start time and the webRequest start time may be. */
const MATCH_WINDOW_MS = 2000;

type SourceMessage = Extract<PageToBackground, { type: 'source' }>;

/** The id of the closest not-yet-enriched record with that URL and method, if any. */
export function matchSource(entries: Iterable<[string, IndexEntry]>, message: SourceMessage): string | undefined {
  let best: string | undefined;
  let bestGap = MATCH_WINDOW_MS;
  for (const [id, e] of entries) {
    if (e.hasSource || e.url !== message.url || e.method !== message.method) continue;
    const gap = Math.abs(e.startedAt - message.startedAt);
    if (gap <= bestGap) {
      best = id;
      bestGap = gap;
    }
  }
  return best;
}

/** The source as stored: bounded, whatever the devtools page sent. */
export function boundedSource(source: RequestSource): RequestSource {
  return {
    kind: source.kind.slice(0, 32),
    ...(source.url !== undefined ? { url: source.url.slice(0, 2048) } : {}),
    ...(source.line !== undefined ? { line: source.line } : {}),
    ...(source.column !== undefined ? { column: source.column } : {}),
    ...(source.stack ? { stack: source.stack.slice(0, 10).map((f) => f.slice(0, 512)) } : {}),
  };
}

export function withSource(record: CaptureRecord, source: RequestSource): CaptureRecord {
  return { ...record, source: boundedSource(source) };
}
