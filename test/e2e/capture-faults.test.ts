// The capture under faults, in real Chromium: the proof of the record lifecycle
// (docs/lifecycle.md). The service worker is stopped again and again during a burst, a tab
// closes with requests in flight, a page navigates away while its preflights are at the
// server. Ground truth is the browser (what the page's own script saw) and the servers' logs
// (what went over the wire), never the extension's idea of what happened. Each part prints
// its counts; the assertions are the contract's strict numbers, whatever the timing of a
// run: every request once, its real preflight, nothing pending 5 s later, no cache guessed,
// nothing left of a closed tab, nothing carried over a navigation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer';
import type { CaptureRecord } from '../../src/shared/record.ts';
import {
  assertBurstGroundTruth,
  burstLifecycleTests,
  describeTally,
  sample,
  SETTLE_MS,
  settledFaultBurst,
  tallyCapture,
  type CaptureTally,
  type SettledBurst,
} from '../support/capture-truth.ts';
import { CorsSession } from '../support/cors-session.ts';
import { ExtensionInspector } from '../support/extension-inspect.ts';
import { fetchAll, fireAndForget, planRequests, ServerPool, type PlannedRequest } from '../support/fault-traffic.ts';
import { readUntil, sleep, until } from '../support/poll.ts';
import { WorkerControl } from '../support/worker-control.ts';
import { JOIN_WINDOW_MS } from '../../src/background/witness-join.ts';
import { describeLeftPage } from '../support/left-page.ts';

describe('a burst of 200 requests while the service worker is stopped 8 times', () => {
  const STOPS = 8;
  let s: CorsSession;
  let pool: ServerPool;
  let burst: SettledBurst<string>;
  let tally: CaptureTally;
  let records: CaptureRecord[];
  let stops: Array<{ atMs: number; was: string; duringBurst: boolean }> = [];
  /** Records still pending SETTLE_MS after the burst (the later waits below do not excuse any). */
  let pendingAtSettle: CaptureTally['pending'] = [];
  let lostAtSettle = 0;
  let extraWaitMs = 0;

  before(async () => {
    s = await CorsSession.start({ detachFromWorker: true });
    // Two API origins: twice Chromium's 6 connections per origin in flight at once.
    pool = await ServerPool.start(2);
    // The panel is open on the tab, as a user watching the burst would have it.
    const panel = await s.ext.browser.newPage();
    await panel.goto(`chrome-extension://${s.ext.extensionId}/panel.html?tabId=${s.tabId}`);
    await panel.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'connected');
    const worker = await WorkerControl.attach(panel, s.ext.extensionId);
    await worker.waitFor('running');

    burst = await settledFaultBurst(s.page, pool, { times: STOPS, everyMs: 300, inject: () => worker.stopDuringTraffic() }, () => s.records());
    stops = burst.faults.map((f) => ({ atMs: f.atMs, was: f.result, duringBurst: f.duringBurst }));
    ({ records, tally } = burst);
    pendingAtSettle = tally.pending;
    lostAtSettle = tally.lost.length;
    const waitFrom = Date.now();
    // A request whose every network event was dropped is listed from the page witness's report
    // within its documented wait (docs/lifecycle.md rule 10: at most JOIN_WINDOW_MS after the
    // report reached the background); a report sent again after a stop may come a little later.
    const deadline = Date.now() + JOIN_WINDOW_MS;
    while (tally.lost.length > 0 && Date.now() < deadline) {
      await sleep(500);
      records = await s.records();
      tally = tallyCapture({ planned: burst.plan, page: burst.page, server: pool.seen(), records });
    }
    extraWaitMs = lostAtSettle > 0 ? Date.now() - waitFrom : 0;
  });
  after(async () => {
    await s?.close();
    await pool?.close();
  });

  test('counts (printed)', (t) => {
    t.diagnostic(`burst took ${burst.burstMs} ms; stops at ${stops.map((x) => `${x.atMs}ms/${x.was}${x.duringBurst ? '' : '/after'}`).join(', ')}`);
    t.diagnostic(describeTally(tally));
    if (tally.honestlyUnpaired.length > 0) t.diagnostic(`preflights the records say they may have missed (gaps): ${tally.honestlyUnpaired.length}`);
    t.diagnostic(`extension errors: ${s.ext.extensionErrors.length}`);
  });

  test('ground truth: 200 requests made and answered, 100 preflights and 200 actual requests at the servers, the worker stopped mid-burst', () => {
    assertBurstGroundTruth(burst, pool, STOPS);
    assert.ok(
      stops.some((x) => x.duringBurst && x.was === 'running'),
      'at least one stop hit a running worker while the burst was in flight',
    );
  });

  // Chromium drops the events in transit to a worker it stops (before the page witness: 0 lost
  // in 6 runs, 8 and 22 of 200 in two others). A request whose every event was dropped is still
  // seen by the page witness and becomes a record of its own marked as seen by the page only.
  // The witness's own messages can be lost in transit too: the relay sends each until the
  // background acknowledges it (src/witness/relay-core.ts Delivery), so none is lost.
  test('0 lost, and every record seen by the page only says so', (t) => {
    const unseen = records.filter((r) => r.gaps?.unseen === true);
    t.diagnostic(
      `records seen by the page only (every network event dropped): ${unseen.length}; not yet listed ${SETTLE_MS} ms after the burst: ${lostAtSettle} (listed ${extraWaitMs} ms later)`,
    );
    assert.equal(tally.lost.length, 0, `lost: ${sample(tally.lost)}`);
    for (const r of unseen)
      assert.ok(
        r.verdict?.warnings.some((w) => w.code === 'capture-network-unseen'),
        'and each says so',
      );
  });

  burstLifecycleTests(() => ({ ...tally, pending: pendingAtSettle }));
});

describe('a tab closed with requests in flight', () => {
  let s: CorsSession;
  let fast: ServerPool;
  let slowPreflights: ServerPool;
  let inspector: ExtensionInspector;
  let tabId: number;
  let beforeClose: CaptureRecord[];
  let stored: Awaited<ReturnType<ExtensionInspector['storage']>>;
  let afterClose: CaptureRecord[];

  before(async () => {
    s = await CorsSession.start();
    fast = await ServerPool.start(1);
    // Every answer of this one waits 3 s, its preflights' too: they are at the server when the tab closes.
    slowPreflights = await ServerPool.start(1, { delayMs: 3000 });
    inspector = await ExtensionInspector.open(s.ext);
    const second: Page = await s.ext.browser.newPage();
    const url = `${s.site.origin}/?closing`;
    await second.goto(url);
    tabId = await inspector.tabId(url);
    // 20 requests: 10 to `fast` whose actual responses take 4 s (5 preflighted, their
    // preflights answered at once), 10 to `slowPreflights` (5 preflighted, held 3 s at the server).
    const plan = [...planRequests(fast.servers, 'closing-fast', 10, () => 4000), ...planRequests(slowPreflights.servers, 'closing-slow', 10, () => 0)];
    await fireAndForget(second, plan);
    await until(
      () => fast.seen().filter((x) => x.method === 'OPTIONS').length === 5 && slowPreflights.seen().filter((x) => x.method === 'OPTIONS').length === 5,
      'every preflight of the closing tab to reach its server',
    );
    beforeClose = await inspector.records(tabId);
    await second.close();
    // Aborted requests report after the tab is gone (ERR_ABORTED may follow tabs.onRemoved).
    await sleep(2000);
    stored = await inspector.storage();
    afterClose = await inspector.records(tabId);
  });
  after(async () => {
    await s?.close();
    await fast?.close();
    await slowPreflights?.close();
  });

  test('counts (printed)', (t) => {
    t.diagnostic(
      `tab ${tabId}: ${beforeClose.length} records before closing (${beforeClose.filter((r) => !r.complete).length} in flight); after: ${afterClose.length} through the panel protocol, ${stored.records.filter((r) => r.tabId === tabId).length} r: entries and ${stored.metaKeys.filter((k) => k === `m:${tabId}`).length} m:${tabId} in storage.session`,
    );
  });

  test('ground truth: the tab had requests in flight when it closed', () => {
    assert.ok(
      beforeClose.some((r) => !r.complete),
      'the capture had in-flight records of the tab',
    );
  });

  test('storage.session holds no record of the closed tab', () => {
    const left = stored.records.filter((r) => r.tabId === tabId);
    assert.equal(left.length, 0, `left: ${sample(left.map((r) => `${r.id} ${r.url} complete=${r.complete}`))}`);
  });

  test('storage.session holds no meta of the closed tab', () => {
    assert.deepEqual(
      stored.metaKeys.filter((k) => k === `m:${tabId}`),
      [],
    );
  });

  test('the panel protocol returns nothing for the closed tab', () => {
    assert.equal(afterClose.length, 0, `records: ${sample(afterClose.map((r) => `${r.url} complete=${r.complete}`))}`);
  });
});

describe('a navigation while preflights are at the server', () => {
  let s: CorsSession;
  let slow: ServerPool;
  let api: ServerPool;
  const off: { old: PlannedRequest[]; fresh: PlannedRequest[]; records: CaptureRecord[] } = { old: [], fresh: [], records: [] };
  const on: { old: PlannedRequest[]; records: CaptureRecord[]; tally?: CaptureTally } = { old: [], records: [] };

  /** 6 preflighted PUTs held at `slow` (800 ms, preflights included) and 4 GETs of 2 s at `api`. */
  function oldPageTraffic(label: string): PlannedRequest[] {
    return [
      ...planRequests(slow.servers, `${label}-held`, 12, () => 0).filter((r) => r.preflighted),
      ...planRequests(api.servers, `${label}-slow-get`, 8, () => 2000).filter((r) => !r.preflighted),
    ];
  }

  async function navigateMidPreflight(label: string, next: string): Promise<PlannedRequest[]> {
    const traffic = oldPageTraffic(label);
    const options = new Set(traffic.filter((r) => r.preflighted).map((r) => r.url));
    await fireAndForget(s.page, traffic);
    await until(
      () => slow.seen().filter((x) => x.method === 'OPTIONS' && options.has(x.url)).length === options.size,
      `the ${label} preflights to reach the server`,
    );
    await s.page.goto(`${s.site.origin}/?${next}`);
    return traffic;
  }

  before(async () => {
    s = await CorsSession.start();
    slow = await ServerPool.start(1, { delayMs: 800 });
    api = await ServerPool.start(1);

    // Preserve log off: the navigation starts a new log.
    off.old = await navigateMidPreflight('off', 'after-off');
    // The new page's own traffic: it must be there, and alone.
    off.fresh = planRequests(api.servers, 'off-new-page', 2);
    const fresh = await fetchAll(s.page, off.fresh);
    assert.ok(
      fresh.every((r) => r.resolved),
      "the new page's requests succeeded",
    );
    await sleep(SETTLE_MS);
    off.records = await s.records();

    // Preserve log on: the old page's records stay, with what really happened to them.
    await s.send({ type: 'set-preserve', preserve: true });
    on.old = await navigateMidPreflight('on', 'after-on');
    await sleep(SETTLE_MS);
    on.records = (await s.records()).filter((r) => r.url.includes('/on-'));
    on.tally = tallyCapture({ planned: on.old, server: [...slow.seen(), ...api.seen()].filter((x) => x.url.includes('/on-')), records: on.records });
  });
  after(async () => {
    await s?.close();
    await slow?.close();
    await api?.close();
  });

  test('counts (printed)', (t) => {
    const oldUrls = new Set(off.old.map((r) => r.url));
    t.diagnostic(
      `preserve off: ${off.records.length} records in the new log, ${off.records.filter((r) => oldUrls.has(r.url)).length} of the old page, ${off.records.filter((r) => r.preflightCached).length} "preflight cached"`,
    );
    t.diagnostic(`preserve on: ${describeTally(on.tally!)}; ${on.records.filter((r) => r.gaps?.end === 'navigated').length} ended as navigated`);
    for (const [label, traffic] of [
      ['off', off.old],
      ['on', on.old],
    ] as const) {
      const urls = new Set(traffic.map((r) => r.url));
      const wire = [...slow.seen(), ...api.seen()].filter((x) => urls.has(x.url));
      t.diagnostic(
        `old page (${label}): the servers received ${wire.filter((x) => x.method === 'OPTIONS').length} OPTIONS and ${wire.filter((x) => x.method !== 'OPTIONS').length} actual requests of its ${traffic.length}`,
      );
    }
    t.diagnostic(
      `preserve on, old records: ${on.records.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.error ?? r.status ?? '-'}${r.preflight ? ' +preflight' : ''}${r.preflightCached ? ' cached' : ''}${r.gaps ? ` gaps=${JSON.stringify(r.gaps)}` : ''}`).join('; ')}`,
    );
  });

  test("preserve off: the new page's log holds none of the old page's requests", () => {
    const oldUrls = new Set(off.old.map((r) => r.url));
    const carried = off.records.filter((r) => oldUrls.has(r.url));
    assert.equal(
      carried.length,
      0,
      `misattributed: ${sample(carried.map((r) => `${r.url} complete=${r.complete} error=${r.error} preflight=${r.preflight !== undefined} cached=${r.preflightCached === true}`))}`,
    );
  });

  test('preserve off: the new page\'s log is exactly its own requests, whole, none "preflight cached"', () => {
    assert.deepEqual(off.records.map((r) => r.url).sort(), off.fresh.map((r) => r.url).sort());
    assert.ok(
      off.records.every((r) => r.complete),
      'complete',
    );
    assert.deepEqual(
      off.records.filter((r) => r.preflightCached).map((r) => r.url),
      [],
    );
    const put = off.records.find((r) => r.method === 'PUT');
    assert.ok(put?.preflight, "the new page's PUT is paired with its preflight");
  });

  test('preserve on: every request of the old page is still listed, once', () => {
    assert.equal(on.tally!.lost.length, 0, `lost: ${sample(on.tally!.lost)}`);
    assert.equal(on.tally!.duplicated.length, 0, `duplicated: ${sample(on.tally!.duplicated)}`);
    assert.equal(on.tally!.invented.length, 0, `invented: ${sample(on.tally!.invented)}`);
  });

  test('preserve on: the old records keep the preflight the server received, none says "preflight cached"', () => {
    const unpaired = [...on.tally!.unpairedPreflights, ...on.tally!.honestlyUnpaired];
    assert.equal(unpaired.length, 0, `lost their preflight: ${sample(unpaired)}`);
    assert.equal(on.tally!.falseCacheClaims.length, 0, `false cache claims: ${sample(on.tally!.falseCacheClaims)}`);
  });

  test('preserve on: none of the old records is pending 5 s later', () => {
    assert.equal(on.tally!.pending.length, 0, `pending: ${sample(on.tally!.pending)}`);
  });
});

// docs/lifecycle.md rule 11. A page goes on starting requests after its navigation began: a
// timer until the new page commits, a keepalive fetch from pagehide. Chromium gives them the
// tab's id; with Preserve log off they must not appear in the new page's log (this was the
// e2e flake above: two of the old page's GETs the renderer sent late landed in the new log).
describeLeftPage('a page that keeps starting requests while it is left', () => CorsSession.start(), 'left');

/**
 * The paths of the session tab's records once `path` is among them: its record comes some time
 * after the page's fetch resolved, so it is polled for (bounded), not slept on. If it never
 * comes, what was listed last (the test's assertion then says so).
 */
function listedOnce(s: CorsSession, path: string): Promise<string[]> {
  return readUntil(
    async () => (await s.records()).map((x) => new URL(x.url).pathname),
    (log) => log.includes(path),
    5000,
  );
}

// Rule 11's other side: a navigation that ends with no new page leaves the page in place, and
// its later requests are recorded as before (they are the page's, not a page left).
describe('a navigation that leaves the page in place', () => {
  let s: CorsSession;
  const after204: string[] = [];
  const afterDownload: string[] = [];
  const wait = async (label: string, out: string[]) => {
    const r = await s.fetch(`${s.api.origin}/${label}?acao=*`);
    assert.ok(r.resolved, `the page's fetch after the ${label} succeeded`);
    out.push(...(await listedOnce(s, `/${label}`)));
  };

  before(async () => {
    s = await CorsSession.start();
    // The page is known by a request of its own.
    assert.ok((await s.fetch(`${s.api.origin}/known?acao=*`)).resolved);
    await s.page.evaluate(`location.href = '/no-content?status=204'`);
    await sleep(1000);
    assert.equal(new URL(s.page.url()).search, '', 'the 204 left the page in place');
    await wait('after-204', after204);
    await s.page.evaluate(`location.href = '/file.txt?h.Content-Disposition=' + encodeURIComponent('attachment; filename=x.txt')`);
    await sleep(1000);
    assert.equal(new URL(s.page.url()).search, '', 'the download left the page in place');
    await wait('after-download', afterDownload);
  });
  after(async () => {
    await s?.close();
  });

  test("after a 204 navigation the page's fetch is recorded", () => {
    assert.ok(after204.includes('/after-204'), `log: ${after204.join(' ')}`);
  });

  test("after a navigation that became a download the page's fetch is recorded", () => {
    assert.ok(afterDownload.includes('/after-download'), `log: ${afterDownload.join(' ')}`);
  });
});

// A page left and then restored from the back/forward cache is the same document again: once
// the grace after its navigation is over, its requests are recorded as before.
describe('a page back from the back/forward cache', () => {
  let s: CorsSession;
  let restored = false;
  let log: string[] = [];

  before(async () => {
    s = await CorsSession.start();
    await s.page.evaluate(`addEventListener('pageshow', (e) => { if (e.persisted) window.__restored = true; })`);
    assert.ok((await s.fetch(`${s.api.origin}/bf-before?acao=*`)).resolved);
    await s.page.goto(`${s.site.origin}/?elsewhere`);
    await s.page.goBack();
    restored = (await s.page.evaluate('window.__restored === true')) as boolean;
    await sleep(1500);
    assert.ok((await s.fetch(`${s.api.origin}/bf-after?acao=*`)).resolved);
    log = await listedOnce(s, '/bf-after');
  });
  after(async () => {
    await s?.close();
  });

  test('ground truth: the page was restored from the cache, not loaded again', () => {
    assert.ok(restored, 'pageshow persisted');
  });

  test('its fetch after the restore is recorded', () => {
    assert.ok(log.includes('/bf-after'), `log: ${log.join(' ')}`);
  });
});
