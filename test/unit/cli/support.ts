// The HAR recorded from Chromium (scripts/record-har.ts), and the same HAR as Firefox's
// DevTools would have saved it: no _initiator, _resourceType or _error, creator "Firefox".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const HAR_PATH = join(import.meta.dirname, '..', '..', 'fixtures', 'chromium.har');
export const HAR_TEXT = readFileSync(HAR_PATH, 'utf8');

export function firefoxHar(): string {
  const har = JSON.parse(HAR_TEXT) as {
    log: { creator: unknown; browser?: unknown; entries: Array<Record<string, unknown> & { response: Record<string, unknown> }> };
  };
  har.log.creator = { name: 'Firefox', version: '153.0' };
  har.log.browser = { name: 'Firefox', version: '153.0' };
  for (const e of har.log.entries) {
    delete e['_initiator'];
    delete e['_resourceType'];
    delete e['_priority'];
    delete e.response['_error'];
  }
  return JSON.stringify(har);
}

/**
 * A large HAR made of the recorded entries repeated: cycle c holds the 8 entries of the
 * recorded HAR (5 exchanges: 2 blocked, 1 with warnings, 2 allowed; 2 preflights, 1 redirect),
 * with the same URLs in every cycle (so preflights and redirects must be paired by position)
 * except `/no-acao`, whose query gets `&n=<c>` (one misconfigured endpoint, many URLs), and
 * start times 1 s apart per cycle. Yielded in pieces so a 100k-entry file never has to be
 * one string. `entries` is rounded up to whole cycles.
 */
export function* generatedHarChunks(entries: number): Generator<string> {
  const har = JSON.parse(HAR_TEXT) as { log: Record<string, unknown> & { entries: Array<Record<string, unknown> & { request: { url: string } }> } };
  const templates = har.log.entries.map((e) => {
    const copy = {
      ...e,
      startedDateTime: '@TIME@',
      request: { ...e.request, url: e.request.url.includes('/no-acao?') ? `${e.request.url}&n=@N@` : e.request.url },
    };
    return JSON.stringify(copy);
  });
  const base = Date.parse('2026-11-22T12:00:00.000Z');
  const { entries: _, ...log } = har.log;
  const head = JSON.stringify({ log: { ...log, entries: [] } });
  yield `${head.slice(0, -3)}\n`; // `{"log":{…,"entries":[` — drop the closing `]}}`
  const cycles = Math.ceil(entries / templates.length);
  let piece: string[] = [];
  for (let c = 0; c < cycles; c++) {
    templates.forEach((t, k) => {
      const time = new Date(base + c * 1000 + k).toISOString();
      piece.push(`${c === 0 && k === 0 ? '' : ','}${t.replace('@TIME@', time).replace('@N@', String(c))}\n`);
    });
    if (piece.length >= 800) {
      yield piece.join('');
      piece = [];
    }
  }
  yield `${piece.join('')}]}}\n`;
}

/** The same, as one string (for in-process tests of a few thousand entries). */
export const generatedHar = (entries: number): string => [...generatedHarChunks(entries)].join('');
