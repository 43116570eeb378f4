// Pairing preflights with their requests and redirect hops with the entry that followed them,
// in near-linear time, must pair exactly as the plain definition does (the quadratic search it
// replaced, kept here as the reference) on any file: repeated URLs, preflights before or after
// their request, ties, requests without a preflight, preflights without a request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HarEntry } from '../../../src/cli/har-file.ts';
import { isPreflight, pairPreflights, redirectChains } from '../../../src/cli/har.ts';
import { resolve } from '../../../src/core/origin.ts';

const header = (e: HarEntry, name: string): string | undefined => e.requestHeaders.find((h) => h.name.toLowerCase() === name)?.value;

/** The definition: each preflight, in file order, takes the nearest unpaired request (the earlier on a tie). */
function referencePairs(entries: readonly HarEntry[]): Map<number, number> {
  const paired = new Map<number, number>();
  entries.forEach((p, i) => {
    if (!isPreflight(p)) return;
    const method = header(p, 'access-control-request-method');
    let best = -1;
    entries.forEach((e, j) => {
      if (isPreflight(e) || paired.has(j) || e.url !== p.url || e.method !== method) return;
      if (best < 0 || Math.abs(j - i) < Math.abs(best - i)) best = j;
    });
    if (best >= 0) paired.set(best, i);
  });
  return paired;
}

/** The definition: each redirect, in file order, leads to the first later unclaimed non-preflight entry for its target. */
function referenceChains(entries: readonly HarEntry[]): Map<number, number> {
  const next = new Map<number, number>();
  const claimed = new Set<number>();
  entries.forEach((e, i) => {
    if (e.status < 300 || e.status > 399 || !e.redirectURL) return;
    const url = resolve(e.redirectURL, e.url);
    const j = entries.findIndex((f, k) => k > i && !claimed.has(k) && !isPreflight(f) && f.url === url);
    if (j >= 0) {
      next.set(i, j);
      claimed.add(j);
    }
  });
  return next;
}

const URLS = ['https://a.test/x', 'https://a.test/y', 'https://b.test/x'];

function entryOf(kind: number, url: number, target: number, index: number): HarEntry {
  const u = URLS[url] ?? '';
  const pf = kind === 0 || kind === 1;
  return {
    index,
    startedAt: 0,
    method: pf ? 'OPTIONS' : kind === 2 ? 'PUT' : 'GET',
    url: u,
    requestHeaders: pf ? [{ name: 'Access-Control-Request-Method', value: kind === 0 ? 'PUT' : 'GET' }] : [],
    status: kind === 4 ? 307 : 200,
    responseHeaders: [],
    redirectURL: kind === 4 ? (URLS[target] ?? '') : '',
    error: undefined,
    initiatorType: pf ? 'preflight' : 'script',
    resourceType: pf ? 'preflight' : 'fetch',
    pageref: undefined,
  };
}

const files = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { maxLength: 40 })
  .map((list) => list.map(([kind, url, target], i) => entryOf(kind, url, target, i)));

describe('pairing in a HAR file', () => {
  it('preflight ↔ request: the same pairs as the nearest-unpaired definition', () => {
    fc.assert(
      fc.property(files, (entries) => {
        const preflight = entries.map(isPreflight);
        assert.deepEqual(
          [...pairPreflights(entries, preflight)].sort((a, b) => a[0] - b[0]),
          [...referencePairs(entries)].sort((a, b) => a[0] - b[0]),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('redirect → next hop: the same chains as the first-later-unclaimed definition', () => {
    fc.assert(
      fc.property(files, (entries) => {
        const preflight = entries.map(isPreflight);
        assert.deepEqual(
          [...redirectChains(entries, preflight).next].sort((a, b) => a[0] - b[0]),
          [...referenceChains(entries)].sort((a, b) => a[0] - b[0]),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('a request between two preflights for it goes to the nearer one; a tie to the earlier request', () => {
    const e = [entryOf(0, 0, 0, 0), entryOf(2, 0, 0, 1), entryOf(3, 0, 0, 2), entryOf(2, 0, 0, 3), entryOf(0, 0, 0, 4), entryOf(2, 0, 0, 5)];
    // Preflight 0 takes request 1; preflight 4 is 1 away from 3 and 5: the earlier, 3.
    assert.deepEqual(
      [...pairPreflights(e, e.map(isPreflight))],
      [
        [1, 0],
        [3, 4],
      ],
    );
  });
});
