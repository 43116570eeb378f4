// What both browsers' end-to-end sessions do the same way: make a request as the page's own
// script would, and wait until the extension has complete records for a URL.
import type { Page } from 'puppeteer';
import type { CaptureRecord } from '../../src/shared/record.ts';

/** What the page itself saw of a fetch(). */
export interface FetchResult {
  resolved: boolean;
  status?: number;
  message?: string;
}

/** fetch() from the page, as the page's own script would. */
export function pageFetch(page: Page, url: string, init: RequestInit = {}): Promise<FetchResult> {
  return page.evaluate(
    async (u: string, i: RequestInit) => {
      try {
        const res = await fetch(u, i);
        await res.text();
        return { resolved: true, status: res.status };
      } catch (e) {
        return { resolved: false, message: (e as Error).message };
      }
    },
    url,
    init as Record<string, unknown>,
  );
}

/**
 * Polls `read` until the record for `url` (its first URL) satisfies `done`, then returns it;
 * throws with what the record held when `timeoutMs` passed.
 */
export async function recordWhen(
  read: () => Promise<CaptureRecord[]>,
  url: string,
  done: (r: CaptureRecord) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<CaptureRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = (await read()).find((x) => x.url === url);
    if (r !== undefined && done(r)) return r;
    if (Date.now() > deadline) {
      throw new Error(
        `no record for ${url} ${what} within ${timeoutMs} ms; have ${r === undefined ? 'none' : JSON.stringify({ complete: r.complete, witness: r.witness })}`,
      );
    }
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Polls `read` until `count` complete records for `url` (its first URL) are there. */
export async function completeRecordsFor(read: () => Promise<CaptureRecord[]>, url: string, count = 1, timeoutMs = 5000): Promise<CaptureRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await read()).filter((r) => r.url === url);
    if (found.length >= count && found.every((r) => r.complete)) return found;
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} complete record(s) for ${url}, have ${JSON.stringify(found.map((r) => r.complete))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
