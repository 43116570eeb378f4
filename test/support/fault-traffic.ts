// Traffic for the fault tests (worker deaths, tabs closed and pages navigated mid-flight): a
// plan of uniquely named requests spread over several API servers, run by the page's own
// script, and the servers' logs merged into one witness of what really went over the wire.
// Both browsers' fault tests use it; nothing here knows which browser runs the page.
import type { Page } from 'puppeteer';
import { startCorsServer, type CorsServer, type ServeOptions } from '../../demo/cors-server.ts';
import type { FetchResult } from './page-traffic.ts';
import { sleep } from './poll.ts';

/** One request the page will make. Its URL is unique in the run: it names the request. */
export interface PlannedRequest {
  url: string;
  method: 'GET' | 'PUT';
  headers?: Record<string, string>;
  /** True when the browser must send a preflight first (a PUT with a custom header). */
  preflighted: boolean;
}

/** What the page's own script saw of one planned request. */
export interface PageOutcome extends FetchResult {
  url: string;
}

/** A request as a server received it, with its absolute URL (comparable with record.url). */
export interface ServerSeen {
  method: string;
  url: string;
}

/**
 * Several API servers on 127.0.0.1 (distinct ports, so distinct origins and distinct
 * connection pools: Chromium keeps at most 6 HTTP/1.1 connections per host and port, and a
 * burst spread over several servers keeps more requests in flight at once).
 */
export class ServerPool {
  private constructor(readonly servers: CorsServer[]) {}

  static async start(count: number, options: Omit<ServeOptions, 'host'> = {}): Promise<ServerPool> {
    const servers = await Promise.all(Array.from({ length: count }, () => startCorsServer({ ...options, host: '127.0.0.1' })));
    return new ServerPool(servers);
  }

  /** Everything the servers received so far (favicon and static pages aside). */
  seen(): ServerSeen[] {
    return this.servers.flatMap((s) => s.log.map((l) => ({ method: l.method, url: new URL(l.url, s.origin).href })));
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.close()));
  }
}

/**
 * `count` requests named `/<label>/<i>`, round-robin over `servers`: every odd one a PUT with
 * a custom header (preflighted: the server allows PUT and x-a), the others simple GETs. Every
 * response is allowed (`acao=*`); `delayMs(i)` is the actual response's latency (the demo
 * server never delays a preflight by query; give a server `delayMs` to slow those).
 */
export function planRequests(servers: readonly CorsServer[], label: string, count: number, delayMs: (i: number) => number = () => 0): PlannedRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const origin = servers[i % servers.length]!.origin;
    const delay = delayMs(i);
    const preflighted = i % 2 === 1;
    const query = preflighted ? `acao=*&acam=PUT&acah=x-a&delay=${delay}` : `acao=*&delay=${delay}`;
    const url = new URL(`/${label}/${i}?${query}`, origin).href;
    return preflighted ? { url, method: 'PUT', headers: { 'X-A': String(i) }, preflighted } : { url, method: 'GET', preflighted };
  });
}

// Page scripts are strings: tsx's keepNames would inject a `__name` helper the page lacks.
const fetchAllScript = (plan: readonly PlannedRequest[]) => `Promise.all(${JSON.stringify(plan)}.map((r) =>
  fetch(r.url, { method: r.method, headers: r.headers ?? {} })
    .then((res) => res.text().then(() => ({ url: r.url, resolved: true, status: res.status })))
    .catch((e) => ({ url: r.url, resolved: false, message: String(e && e.message) }))))`;

/** The page fires every planned request at once and resolves when all have settled. */
export function fetchAll(page: Page, plan: readonly PlannedRequest[]): Promise<PageOutcome[]> {
  return page.evaluate(fetchAllScript(plan)) as Promise<PageOutcome[]>;
}

/**
 * The page fires every planned request at once and returns at once: for traffic that the test
 * cuts short (tab closed, page navigated away), when the page will not be there to report.
 */
export async function fireAndForget(page: Page, plan: readonly PlannedRequest[]): Promise<void> {
  await page.evaluate(`(window.__faultTraffic = ${fetchAllScript(plan)}, true)`);
}

/**
 * The page runs `plan` as one burst while `fault` is injected `times` times, every `everyMs`
 * (a worker stop, an event page termination): what the page got, how long the burst took,
 * and each fault's result with when it happened and whether the burst was still running.
 */
export async function burstWithFaults<T>(
  page: Page,
  plan: readonly PlannedRequest[],
  times: number,
  everyMs: number,
  fault: () => Promise<T>,
): Promise<{ outcomes: PageOutcome[]; burstMs: number; faults: Array<{ result: T; atMs: number; duringBurst: boolean }> }> {
  const started = Date.now();
  let burstMs = 0;
  let done = false;
  const burst = fetchAll(page, plan).then((results) => {
    done = true;
    burstMs = Date.now() - started;
    return results;
  });
  const faults: Array<{ result: T; atMs: number; duringBurst: boolean }> = [];
  for (let k = 0; k < times; k++) {
    await sleep(everyMs);
    const result = await fault();
    faults.push({ result, atMs: Date.now() - started, duringBurst: !done });
  }
  const outcomes = await burst;
  return { outcomes, burstMs, faults };
}
