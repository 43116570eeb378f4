// Compares what the capture recorded with the ground truth of a run: the requests the page
// made (and what its own script saw of them) and what the servers received. Never the
// extension's own idea of what happened. The counts are the ones of docs/lifecycle.md: every
// request once, with its real preflight, nothing pending, nothing invented, no cache guessed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'puppeteer';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { burstWithFaults, planRequests, type PageOutcome, type PlannedRequest, type ServerPool, type ServerSeen } from './fault-traffic.ts';
import { sleep } from './poll.ts';

export interface CaptureTally {
  /** Requests the page made. */
  requests: number;
  /** Records of those requests. */
  records: number;
  /** URLs the page requested or a server received (actual request) with no record. */
  lost: string[];
  /** URLs with more than one record (each URL names one request). */
  duplicated: string[];
  /** URLs whose record is still `complete: false`. */
  pending: string[];
  /** `preflightCached: true` although the server received that request's OPTIONS. */
  falseCacheClaims: string[];
  /** The server received an OPTIONS, the record has no `preflight` and claims no gap. */
  unpairedPreflights: string[];
  /**
   * The server received an OPTIONS, the record has no `preflight`, and it says it may have
   * missed events (`gaps.start` or `gaps.restart`, docs/lifecycle.md): honest, counted apart.
   */
  honestlyUnpaired: string[];
  /** A `preflight` on a record whose URL never received an OPTIONS at the server. */
  phantomPreflights: string[];
  /** Records whose URL the page never requested. */
  invented: string[];
  /** Records carrying any gap (information only). */
  withGaps: number;
  /** Page fetches that rejected (information: the scenarios here are all allowed). */
  pageFailures: string[];
}

export interface Truth {
  planned: readonly PlannedRequest[];
  /** The page's own results, when the page lived to report them. */
  page?: readonly PageOutcome[];
  server: readonly ServerSeen[];
  records: readonly CaptureRecord[];
}

export function tallyCapture({ planned, page, server, records }: Truth): CaptureTally {
  const plannedUrls = new Set(planned.map((p) => p.url));
  const byUrl = new Map<string, CaptureRecord[]>();
  for (const r of records) byUrl.set(r.url, [...(byUrl.get(r.url) ?? []), r]);
  const optionsAt = new Set(server.filter((s) => s.method === 'OPTIONS').map((s) => s.url));
  const actualAt = new Set(server.filter((s) => s.method !== 'OPTIONS').map((s) => s.url));
  // Every request the page made, and every actual request a server received.
  const truthUrls = new Set([...plannedUrls, ...actualAt]);
  const ours = records.filter((r) => plannedUrls.has(r.url));

  const tally: CaptureTally = {
    requests: planned.length,
    records: ours.length,
    lost: [...truthUrls].filter((u) => !byUrl.has(u)),
    duplicated: [...byUrl].filter(([u, rs]) => plannedUrls.has(u) && rs.length > 1).map(([u]) => u),
    pending: ours.filter((r) => !r.complete).map((r) => r.url),
    falseCacheClaims: ours.filter((r) => r.preflightCached === true && optionsAt.has(r.url)).map((r) => r.url),
    unpairedPreflights: [],
    honestlyUnpaired: [],
    phantomPreflights: ours.filter((r) => r.preflight !== undefined && !optionsAt.has(r.url)).map((r) => r.url),
    invented: records.filter((r) => !plannedUrls.has(r.url)).map((r) => r.url),
    withGaps: ours.filter((r) => r.gaps !== undefined).length,
    pageFailures: (page ?? []).filter((o) => !o.resolved).map((o) => `${o.url}: ${o.message ?? ''}`),
  };
  for (const url of optionsAt) {
    for (const r of byUrl.get(url) ?? []) {
      if (r.preflight !== undefined) continue;
      if (r.gaps?.start || r.gaps?.restart) tally.honestlyUnpaired.push(url);
      else tally.unpairedPreflights.push(url);
    }
  }
  return tally;
}

/** One line of counts, for the test log. */
export function describeTally(t: CaptureTally): string {
  return [
    `requests=${t.requests}`,
    `records=${t.records}`,
    `lost=${t.lost.length}`,
    `duplicated=${t.duplicated.length}`,
    `pending=${t.pending.length}`,
    `falseCacheClaims=${t.falseCacheClaims.length}`,
    `unpairedPreflights=${t.unpairedPreflights.length}`,
    `honestlyUnpaired=${t.honestlyUnpaired.length}`,
    `phantomPreflights=${t.phantomPreflights.length}`,
    `invented=${t.invented.length}`,
    `withGaps=${t.withGaps}`,
    `pageFailures=${t.pageFailures.length}`,
  ].join(' ');
}

/** The first few entries of a list, for an assertion message. */
export function sample(list: readonly string[], n = 5): string {
  return list.length === 0 ? 'none' : `${list.slice(0, n).join(', ')}${list.length > n ? ` … (${list.length} in all)` : ''}`;
}

/**
 * The lifecycle's strict numbers after a burst with background kills, the same in both
 * browsers (docs/lifecycle.md); each browser's file adds its own "0 lost" test.
 */
export function burstLifecycleTests(tallied: () => CaptureTally): void {
  test('0 duplicated: no request has two records', () => {
    assert.equal(tallied().duplicated.length, 0, `duplicated: ${sample(tallied().duplicated)}`);
  });

  test('0 pending 5 s after the burst', () => {
    assert.equal(tallied().pending.length, 0, `pending: ${sample(tallied().pending)}`);
  });

  test('0 false cache claims: no record whose OPTIONS reached the server says "preflight cached"', () => {
    assert.equal(tallied().falseCacheClaims.length, 0, `false cache claims: ${sample(tallied().falseCacheClaims)}`);
  });

  test('every preflight the servers received is paired with its record (unless the record says it missed it)', () => {
    assert.equal(tallied().unpairedPreflights.length, 0, `unpaired, with no gap: ${sample(tallied().unpairedPreflights)}`);
    assert.equal(tallied().phantomPreflights.length, 0, `a preflight on a request that had none: ${sample(tallied().phantomPreflights)}`);
  });

  test('nothing invented: every record is a request the page made', () => {
    assert.equal(tallied().invented.length, 0, `invented: ${sample(tallied().invented)}`);
  });
}

/** docs/lifecycle.md rule 8: a record that crossed a restart ends 3 s after it; 5 s is the settle. */
export const SETTLE_MS = 5000;

/** A burst with background kills, as both browsers' fault tests run it, and its first tally. */
export interface SettledBurst<T> {
  plan: PlannedRequest[];
  page: PageOutcome[];
  burstMs: number;
  faults: Array<{ result: T; atMs: number; duringBurst: boolean }>;
  /** The records SETTLE_MS after the burst, and their tally against the page and the servers. */
  records: CaptureRecord[];
  tally: CaptureTally;
}

/**
 * The page runs 200 requests over `pool` (half preflighted: PUT + X-A; 50-250 ms latency on
 * every actual response) while `fault` is injected `times` times, every `everyMs`; SETTLE_MS
 * later the capture's `records` are tallied against what the page and the servers saw.
 */
export async function settledFaultBurst<T>(
  page: Page,
  pool: ServerPool,
  fault: { times: number; everyMs: number; inject: () => Promise<T> },
  records: () => Promise<CaptureRecord[]>,
): Promise<SettledBurst<T>> {
  const plan = planRequests(pool.servers, 'burst', 200, (i) => 50 + (i % 5) * 50);
  const run = await burstWithFaults(page, plan, fault.times, fault.everyMs, fault.inject);
  await sleep(SETTLE_MS);
  const settled = await records();
  const tally = tallyCapture({ planned: plan, page: run.outcomes, server: pool.seen(), records: settled });
  return { plan, page: run.outcomes, burstMs: run.burstMs, faults: run.faults, records: settled, tally };
}

/**
 * The burst's ground truth: 200 requests made and answered in the page, 100 preflights and
 * 200 actual requests at the servers, every fault injected. Each browser's test adds that a
 * fault hit a running background while the burst was in flight.
 */
export function assertBurstGroundTruth(burst: SettledBurst<unknown>, pool: ServerPool, times: number): void {
  assert.equal(burst.page.length, 200);
  assert.deepEqual(burst.tally.pageFailures, [], 'every request succeeded in the page');
  const seen = pool.seen();
  assert.equal(seen.filter((x) => x.method === 'OPTIONS').length, 100);
  assert.equal(seen.filter((x) => x.method !== 'OPTIONS').length, 200);
  assert.equal(burst.faults.length, times);
}
