// The background pipeline in Node: webRequest-shaped events in both browsers' orders →
// records, pairing, verdicts, storage, panel messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture, type Capture } from '../../../src/background/capture.ts';
import type { TabLogLimits } from '../../../src/background/tab-log.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { ALLOW_ANY_ORIGIN, API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, FakePort, MemoryStorage } from '../../support/fake-extension.ts';
import { evaluate } from '../../../src/core/index.ts';
import { toExchange } from '../../../src/shared/to-exchange.ts';

async function setup(browser: 'chromium' | 'firefox' = 'chromium', storage = new MemoryStorage(), limits?: TabLogLimits) {
  const badge = new FakeBadge();
  const capture = createCapture({ browser, version: '0.1.0', storage, badge, ...(limits ? { limits } : {}) });
  await capture.ready;
  return { capture, storage, badge, wire: new Wire(capture.handlers, browser) };
}

/**
 * A capture with a GET of /a (`requestId`) started on tab 1, and a panel's port the test
 * connects itself (right before what must follow the connection at once).
 */
async function startedWithPort(requestId: string) {
  const { capture, wire } = await setup();
  const a: FakeRequest = { requestId, url: `${API_ORIGIN}/a`, method: 'GET' };
  wire.start(a);
  return { capture, wire, a, port: new FakePort() };
}

/** Waits (bounded) for a condition that asynchronous work will make true. */
async function until(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

// As the panel shows them: a record read back from storage gets its verdict's trace derived again.
const records = async (c: Capture, tabId = 1): Promise<CaptureRecord[]> =>
  (await c.readRecords(tabId)).map((r) => (r.verdict && !r.verdict.checks ? { ...r, verdict: evaluate(toExchange(r)) } : r));
const only = async (c: Capture, tabId = 1): Promise<CaptureRecord> => {
  const all = await records(c, tabId);
  assert.equal(all.length, 1, `expected one record, got ${all.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  return all[0]!;
};

describe('classification: what is kept', () => {
  test('a cross-origin fetch that the server allows becomes one allowed record', async () => {
    const { capture, wire } = await setup();
    const r: FakeRequest = { requestId: '10', url: `${API_ORIGIN}/a`, method: 'GET' };
    wire.start(r);
    wire.finish(r, ALLOW_ANY_ORIGIN);
    const rec = await only(capture);
    assert.equal(rec.complete, true);
    assert.equal(rec.initiator, PAGE);
    assert.equal(rec.verdict?.outcome, 'allowed');
    assert.equal(rec.verdict?.reason, 'ok');
    assert.deepEqual(rec.responseHeaders, [{ name: 'Access-Control-Allow-Origin', value: '*' }]);
    // Browser-set headers the page cannot set are not kept; Origin and Sec-Fetch-Mode are.
    assert.deepEqual(
      rec.requestHeaders?.map((h) => h.name),
      ['Origin', 'Sec-Fetch-Mode'],
    );
  });

  test('same-origin, extension, tab-less and non-http requests are dropped before any record exists', async () => {
    const { capture, wire } = await setup();
    wire.start({ requestId: '1', url: `${PAGE}/same`, method: 'GET' });
    wire.start({ requestId: '2', url: `${API_ORIGIN}/x`, method: 'GET', initiator: 'chrome-extension://abc' });
    wire.start({ requestId: '3', url: `${API_ORIGIN}/x`, method: 'GET', tabId: -1 });
    wire.start({ requestId: '4', url: 'data:text/plain,hi', method: 'GET' });
    assert.equal(capture.logs.tabIds().flatMap((t) => capture.logs.ids(t)).length, 0);
  });

  test('a plain cross-origin image is dropped; a crossorigin image (CORS mode) is kept', async () => {
    const { capture, wire } = await setup();
    const plain: FakeRequest = { requestId: '20', url: `${API_ORIGIN}/a.png`, method: 'GET', type: 'image' };
    wire.start(plain);
    capture.handlers.sendHeaders({
      requestId: '20',
      url: plain.url,
      method: 'GET',
      tabId: 1,
      type: 'image',
      timeStamp: 1,
      initiator: PAGE,
      requestHeaders: [{ name: 'Sec-Fetch-Mode', value: 'no-cors' }],
    });
    assert.equal((await records(capture)).length, 0);
    const cors: FakeRequest = { requestId: '21', url: `${API_ORIGIN}/b.png`, method: 'GET', type: 'image' };
    wire.start(cors);
    wire.send(cors);
    assert.equal((await only(capture)).id, '21');
  });

  test('an opaque (null) initiator is always cross-origin', async () => {
    const { capture, wire } = await setup();
    wire.start({ requestId: '30', url: `${API_ORIGIN}/a`, method: 'GET', initiator: 'null' });
    assert.equal((await only(capture)).initiator, null);
  });
});

describe('preflight pairing (Chromium order: actual start, whole preflight, actual send)', () => {
  test('preflight then success: one record, preflight folded in, verdict allowed', async () => {
    const { capture, wire } = await setup();
    const put: FakeRequest = { requestId: '40', url: `${API_ORIGIN}/items/1`, method: 'PUT', headers: [['X-Request-Id', '1']] };
    wire.start(put);
    wire.preflight(
      put,
      '41',
      204,
      [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Allow-Headers', 'x-request-id'],
      ],
      'x-request-id',
    );
    wire.send(put);
    wire.respond(put, 200, [['Access-Control-Allow-Origin', PAGE]]);
    wire.complete(put, 200);
    const rec = await only(capture);
    assert.equal(rec.preflight?.requestId, '41');
    assert.equal(rec.preflight?.status, 204);
    assert.equal(rec.verdict?.outcome, 'allowed');
  });

  test('preflight failed: the actual request was never sent, it still appears, paired and blocked', async () => {
    const { capture, wire } = await setup();
    const del: FakeRequest = { requestId: '50', url: `${API_ORIGIN}/items/2`, method: 'DELETE' };
    wire.start(del);
    wire.preflight(del, '51', 401, ALLOW_ANY_ORIGIN);
    wire.fail(del);
    const rec = await only(capture);
    assert.equal(rec.preflight?.status, 401);
    assert.equal(rec.requestHeaders, undefined, 'never sent: no request headers');
    assert.equal(rec.error, 'net::ERR_FAILED');
    assert.equal(rec.verdict?.outcome, 'blocked');
    assert.equal(rec.verdict?.reason, 'preflight-invalid-status');
  });

  test('a request never sent is explained from its preflight’s header list, with no empty values in the trace', async () => {
    const { capture, wire } = await setup();
    const put: FakeRequest = { requestId: '55', url: `${API_ORIGIN}/items/3`, method: 'PUT' };
    wire.start(put);
    wire.preflight(
      put,
      '56',
      204,
      [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Methods', 'PUT'],
      ],
      'content-type,x-request-id',
    );
    wire.fail(put);
    const rec = await only(capture);
    assert.equal(rec.verdict?.reason, 'header-not-allowed');
    const headerChecks = rec.verdict?.checks.filter((c) => c.id === 'request-header').map((c) => [c.header, c.detail]);
    assert.deepEqual(headerChecks, [
      ['content-type', 'header-unsafe-per-preflight'],
      ['x-request-id', 'header-name-not-safelisted'],
    ]);
    assert.ok(
      rec.verdict?.checks.every((c) => c.expected !== ''),
      'no check expects an empty value',
    );
  });

  test('several identical requests in flight: each preflight pairs with its own request', async () => {
    const { capture, wire } = await setup();
    const reqs = ['60', '62', '64'].map((id): FakeRequest => ({ requestId: id, url: `${API_ORIGIN}/same`, method: 'PATCH' }));
    for (const r of reqs) wire.start(r);
    // Preflights complete out of order; Chromium gives each the id after its request's.
    for (const [r, p] of [
      [reqs[2]!, '65'],
      [reqs[0]!, '61'],
      [reqs[1]!, '63'],
    ] as const) {
      wire.preflight(r, p, 204, [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Methods', 'PATCH'],
      ]);
    }
    for (const r of reqs) wire.finish(r, ALLOW_ANY_ORIGIN);
    const pairs = (await records(capture)).map((r) => [r.id, r.preflight?.requestId]);
    assert.deepEqual(pairs, [
      ['60', '61'],
      ['62', '63'],
      ['64', '65'],
    ]);
    assert.ok((await records(capture)).every((r) => r.verdict?.outcome === 'allowed'));
  });

  test('no preflight seen although one was needed: served from the preflight cache, the earlier preflight is named', async () => {
    const { capture, wire } = await setup();
    const first: FakeRequest = { requestId: '70', url: `${API_ORIGIN}/c`, method: 'PUT' };
    const allow: Array<[string, string]> = [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Max-Age', '600'],
    ];
    wire.start(first);
    wire.preflight(first, '71', 204, allow);
    wire.finish(first, ALLOW_ANY_ORIGIN);
    const second: FakeRequest = { requestId: '72', url: `${API_ORIGIN}/c`, method: 'PUT' };
    wire.start(second);
    wire.finish(second, ALLOW_ANY_ORIGIN);
    const rec = (await records(capture))[1]!;
    assert.equal(rec.preflight, undefined);
    assert.equal(rec.preflightCached, true);
    assert.equal(rec.cachedFrom, '70');
    assert.equal(rec.verdict?.outcome, 'allowed');
    assert.ok(
      rec.verdict?.checks.some((c) => c.id === 'preflight-seen' && /cached/.test(c.detail)),
      'the trace says the cache answered',
    );
  });

  test('a simple request gets no preflight and is not marked as cached', async () => {
    const { capture, wire } = await setup();
    const r: FakeRequest = { requestId: '80', url: `${API_ORIGIN}/p`, method: 'POST', headers: [['Content-Type', 'text/plain']] };
    wire.start(r);
    wire.finish(r, ALLOW_ANY_ORIGIN);
    assert.equal((await only(capture)).preflightCached, undefined);
  });
});

describe('Firefox order and reporting', () => {
  test('the actual request sends its headers before its preflight; pairing uses them', async () => {
    const { capture, wire } = await setup('firefox');
    const a: FakeRequest = { requestId: 'ff-1', url: `${API_ORIGIN}/x`, method: 'PUT', headers: [['X-A', '1']] };
    const b: FakeRequest = { requestId: 'ff-2', url: `${API_ORIGIN}/x`, method: 'PUT', headers: [['X-B', '1']] };
    wire.start(a);
    wire.send(a);
    wire.start(b);
    wire.send(b);
    wire.preflight(
      b,
      'ff-3',
      204,
      [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Allow-Headers', 'x-b'],
      ],
      'x-b',
    );
    wire.preflight(
      a,
      'ff-4',
      204,
      [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Allow-Headers', 'x-a'],
      ],
      'x-a',
    );
    assert.deepEqual(
      (await records(capture)).map((r) => [r.id, r.preflight?.requestId]),
      [
        ['ff-1', 'ff-4'],
        ['ff-2', 'ff-3'],
      ],
    );
  });

  test('a blocked simple request completes like any other: the verdict comes from the headers, the outcome is marked not observed', async () => {
    const { capture, wire } = await setup('firefox');
    const r: FakeRequest = { requestId: 'ff-10', url: `${API_ORIGIN}/nocors`, method: 'GET' };
    wire.start(r);
    wire.send(r);
    wire.respond(r, 200, []);
    wire.complete(r, 200);
    const rec = await only(capture);
    assert.equal(rec.browser, 'firefox', 'the record says which browser captured it');
    assert.equal(rec.observedBy, 'headers-only');
    assert.equal(rec.verdict?.outcome, 'blocked');
    assert.equal(rec.verdict?.reason, 'missing-allow-origin');
    assert.ok(rec.verdict?.checks.some((c) => c.id === 'outcome' && c.detail === 'outcome-not-observed'));
  });
});

describe('redirects', () => {
  test('a redirected request is one record with its chain', async () => {
    const { capture, wire } = await setup();
    const r: FakeRequest = { requestId: '90', url: `${API_ORIGIN}/old`, method: 'GET' };
    wire.start(r);
    wire.send(r);
    const moved: FakeRequest = { ...r, url: `${API_ORIGIN}/new` };
    wire.redirect(r, 307, ALLOW_ANY_ORIGIN, moved.url);
    wire.start(moved);
    wire.finish(moved, ALLOW_ANY_ORIGIN);
    const rec = await only(capture);
    assert.equal(rec.redirects.length, 1);
    assert.equal(rec.redirects[0]?.location, `${API_ORIGIN}/new`);
    assert.equal(rec.redirects[0]?.status, 307);
    assert.equal(rec.url, `${API_ORIGIN}/old`);
    assert.equal(rec.verdict?.outcome, 'allowed');
  });
});

describe('state across a worker restart', () => {
  test('a request in flight when the worker dies is completed by the next worker, preflight still paired', async () => {
    const storage = new MemoryStorage();
    const first = await setup('chromium', storage);
    const put: FakeRequest = { requestId: '100', url: `${API_ORIGIN}/slow`, method: 'PUT' };
    first.wire.start(put);
    first.wire.preflight(put, '101', 204, [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'PUT'],
    ]);
    first.wire.send(put);
    await first.capture.flush();
    // The worker is killed; a new one starts from storage and receives the rest of the events.
    const second = await setup('chromium', storage);
    second.wire.answer(put, ALLOW_ANY_ORIGIN);
    const rec = await only(second.capture);
    assert.equal(rec.complete, true);
    assert.equal(rec.preflight?.requestId, '101');
    assert.equal(rec.verdict?.outcome, 'allowed');
  });

  test('events that arrive while the new worker is still reading storage wait, in order', async () => {
    const storage = new MemoryStorage();
    const first = await setup('chromium', storage);
    const r: FakeRequest = { requestId: '110', url: `${API_ORIGIN}/a`, method: 'GET' };
    first.wire.start(r);
    first.wire.send(r);
    await first.capture.flush();
    const capture = createCapture({ browser: 'chromium', version: '0', storage, badge: new FakeBadge() });
    const wire = new Wire(capture.handlers);
    wire.answer(r, ALLOW_ANY_ORIGIN); // before `ready`
    await capture.ready;
    assert.equal((await only(capture)).verdict?.outcome, 'allowed');
  });

  test('when the worker died before writing, the final event alone still yields a record', async () => {
    const { capture, wire } = await setup();
    const r: FakeRequest = { requestId: '120', url: `${API_ORIGIN}/lost`, method: 'GET' };
    wire.respond(r, 200, []);
    wire.fail(r);
    const rec = await only(capture);
    assert.equal(rec.complete, true);
    assert.equal(rec.requestHeaders, undefined);
    assert.equal(rec.verdict?.outcome, 'blocked');
  });

  test('sequence numbers keep counting after a restart', async () => {
    const storage = new MemoryStorage();
    const first = await setup('chromium', storage);
    first.wire.start({ requestId: '130', url: `${API_ORIGIN}/1`, method: 'GET' });
    await first.capture.flush();
    const second = await setup('chromium', storage);
    second.wire.start({ requestId: '131', url: `${API_ORIGIN}/2`, method: 'GET' });
    assert.deepEqual(
      (await records(second.capture)).map((r) => r.seq),
      [1, 2],
    );
  });
});

describe('memory bounds and lifecycle', () => {
  const finishSimple = (wire: Wire, id: string, tabId = 1) => {
    const r: FakeRequest = { requestId: id, url: `${API_ORIGIN}/${id}`, method: 'GET', tabId };
    wire.start(r);
    wire.send(r);
    wire.respond(r, 200, []);
    wire.fail(r);
  };

  test('the per-tab cap drops the oldest records and counts them', async () => {
    const { capture, wire, storage } = await setup('chromium', new MemoryStorage(), { perTab: 5, totalBytes: 1e9 });
    for (let i = 0; i < 8; i++) finishSimple(wire, String(200 + i));
    assert.deepEqual(
      (await records(capture)).map((r) => r.id),
      ['203', '204', '205', '206', '207'],
    );
    assert.equal(capture.logs.meta(1).dropped, 3);
    await capture.flush();
    assert.equal([...storage.data.keys()].filter((k) => k.startsWith('r:')).length, 5, 'dropped records leave storage too');
  });

  test('the global byte budget keeps the whole store bounded', async () => {
    const { capture, wire, storage } = await setup('chromium', new MemoryStorage(), { perTab: 10_000, totalBytes: 40_000 });
    for (let i = 0; i < 200; i++) finishSimple(wire, String(1000 + i), 1 + (i % 3));
    assert.ok(capture.logs.approximateBytes <= 40_000);
    await capture.flush();
    assert.ok(storage.bytes() < 60_000, `storage holds ${storage.bytes()} bytes`);
    const dropped = [1, 2, 3].reduce((n, t) => n + capture.logs.meta(t).dropped, 0);
    const kept = [1, 2, 3].reduce((n, t) => n + capture.logs.ids(t).length, 0);
    assert.equal(dropped + kept, 200, 'every record is either kept or counted as dropped');
  });

  test('navigation clears the log unless preserved; closing the tab removes it', async () => {
    const { capture, wire, storage } = await setup();
    finishSimple(wire, '300');
    capture.handlers.navigated({ requestId: 'n1', url: `${PAGE}/`, method: 'GET', tabId: 1, type: 'main_frame', timeStamp: 1 });
    assert.equal((await records(capture)).length, 0);
    const panel = new FakePort();
    capture.connectPanel(1, panel);
    await capture.ready;
    panel.send({ type: 'set-preserve', preserve: true });
    await capture.ready;
    finishSimple(wire, '301');
    capture.handlers.navigated({ requestId: 'n2', url: `${PAGE}/`, method: 'GET', tabId: 1, type: 'main_frame', timeStamp: 2 });
    assert.equal((await records(capture)).length, 1);
    capture.tabClosed(1);
    await capture.ready;
    await capture.flush();
    assert.equal((await records(capture)).length, 0);
    // Nothing of the tab is left but its tombstone, which keeps late events from recreating it.
    assert.deepEqual([...storage.data.keys()], ['tombstones']);
    assert.deepEqual((JSON.parse(storage.data.get('tombstones')!) as { tabs: number[] }).tabs, [1]);
  });

  test('pause stops capture for every tab and survives a restart', async () => {
    const storage = new MemoryStorage();
    const { capture, wire } = await setup('chromium', storage);
    const panel = new FakePort();
    capture.connectPanel(1, panel);
    panel.send({ type: 'set-paused', paused: true });
    await capture.ready;
    finishSimple(wire, '400');
    assert.equal((await records(capture)).length, 0);
    await capture.flush();
    const again = await setup('chromium', storage);
    finishSimple(again.wire, '401');
    assert.equal((await records(again.capture)).length, 0);
  });

  test('the badge counts blocked requests of the tab', async () => {
    const { capture, wire, badge } = await setup();
    finishSimple(wire, '500');
    finishSimple(wire, '501');
    await capture.flush();
    assert.equal(badge.text.get(1), '2');
  });
});

describe('the panel protocol', () => {
  test('a panel gets a reset, the snapshot, then batched changes', async () => {
    const { capture, wire, a, port } = await startedWithPort('600');
    capture.connectPanel(1, port);
    await until(() => port.received.length >= 2);
    assert.deepEqual(
      port.received.map((m) => m.type),
      ['reset', 'rows'],
    );
    wire.send(a);
    wire.respond(a, 200, ALLOW_ANY_ORIGIN);
    wire.complete(a, 200);
    await capture.flush();
    const updates = port.received.slice(2);
    assert.equal(updates.length, 1, 'three events, one message');
    assert.equal(updates[0]?.type, 'rows');
    if (updates[0]?.type === 'rows') assert.equal(updates[0].rows[0]?.verdict?.outcome, 'allowed');
  });

  test('messages that are not the protocol are ignored', async () => {
    const { capture } = await setup();
    const port = new FakePort();
    capture.connectPanel(1, port);
    port.send({ type: 'clear-all-tabs' });
    port.send('clear');
    port.send({ type: 'set-paused', paused: 'yes' });
    await until(() => port.received.length >= 1);
    await capture.flush();
    assert.deepEqual(
      port.received.map((m) => m.type),
      ['reset'],
    );
  });
});

describe('settings', () => {
  test('"only while DevTools is open" is kept in local storage and reported at the next start', async () => {
    const local = new MemoryStorage();
    await local.set({ settings: { witness: false } }); // another setting in the same object
    const seen: boolean[] = [];
    const make = () =>
      createCapture({
        browser: 'chromium',
        version: '0',
        storage: new MemoryStorage(),
        settings: local,
        badge: new FakeBadge(),
        onOnlyWithDevtools: (v) => seen.push(v),
      });
    const first = make();
    await first.ready;
    const port = new FakePort();
    first.connectPanel(1, port);
    port.send({ type: 'set-only-with-devtools', value: true });
    await first.ready;
    assert.equal(first.state(1).onlyWithDevtools, true);
    // The write goes on after the answer (read, merge, write): the next life must find it.
    const saved = async () => ((await local.get(['settings'])).settings as { onlyWithDevtools?: boolean } | undefined)?.onlyWithDevtools;
    for (let i = 0; i < 100 && (await saved()) !== true; i++) await new Promise((r) => setImmediate(r));
    const second = make();
    await second.ready;
    assert.deepEqual(seen, [false, true, true]);
    assert.deepEqual((await local.get(['settings'])).settings, { witness: false, onlyWithDevtools: true }, 'merged, not replaced');
  });
});

describe('header trimming', () => {
  test('short strings are kept once; long values are cut but stay over the safelist limit', async () => {
    const { intern, trimResponseHeaders, MAX_KEPT_VALUE } = await import('../../../src/background/trim-headers.ts');
    const a = ['Access-Control-', 'Allow-Origin'].join('');
    const b = ['Access-Control-Allow-', 'Origin'].join('');
    assert.equal(intern(a), intern(b));
    const [long] = trimResponseHeaders([{ name: 'X-Big', value: 'v'.repeat(70_000) }]);
    assert.equal(long?.value.length, MAX_KEPT_VALUE);
    assert.ok(MAX_KEPT_VALUE > 128);
  });

  test('binary header values are kept byte for byte', async () => {
    const { trimResponseHeaders } = await import('../../../src/background/trim-headers.ts');
    const [h] = trimResponseHeaders([{ name: 'X-Bytes', binaryValue: [0x61, 0xff, 0x00, 0x62] }]);
    assert.equal(h?.value, 'a\u00ff\u0000b');
  });
});

describe('service-worker traffic (no tab)', () => {
  const nav = (c: Capture, tabId: number, url: string) =>
    c.handlers.navigated({ requestId: `nav${tabId}${url}`, url, method: 'GET', tabId, type: 'main_frame', timeStamp: 1 });

  test('a tab-less request is attributed to the one tab showing a page of its origin', async () => {
    const { capture, wire } = await setup();
    nav(capture, 5, `${PAGE}/app`);
    nav(capture, 6, 'http://elsewhere.test/');
    const r: FakeRequest = { requestId: '700', url: `${API_ORIGIN}/sw`, method: 'GET', tabId: -1 };
    wire.start(r);
    wire.finish(r, ALLOW_ANY_ORIGIN);
    const rec = await only(capture, 5);
    assert.equal(rec.tabId, 5);
    assert.equal(rec.verdict?.outcome, 'allowed');
  });

  test('with two tabs of that origin (or none) it cannot be attributed and is ignored', async () => {
    const { capture, wire } = await setup();
    nav(capture, 5, `${PAGE}/a`);
    nav(capture, 6, `${PAGE}/b`);
    wire.start({ requestId: '710', url: `${API_ORIGIN}/sw`, method: 'GET', tabId: -1 });
    wire.start({ requestId: '711', url: `${API_ORIGIN}/sw`, method: 'GET', tabId: -1, initiator: 'http://unknown.test' });
    assert.equal((await records(capture, 5)).length + (await records(capture, 6)).length, 0);
  });

  test('tabs open before the extension started are learnt, without overriding a navigation', async () => {
    const { capture, wire } = await setup();
    nav(capture, 5, `${PAGE}/app`);
    capture.tabsFound([
      { id: 5, url: 'http://stale.test/' },
      { id: 8, url: 'http://old.test/x' },
      { id: 9, url: 'chrome://newtab/' },
    ]);
    await capture.ready;
    wire.start({ requestId: '730', url: `${API_ORIGIN}/sw`, method: 'GET', tabId: -1 });
    wire.start({ requestId: '731', url: `${API_ORIGIN}/sw`, method: 'GET', tabId: -1, initiator: 'http://old.test' });
    assert.equal((await only(capture, 5)).id, '730');
    assert.equal((await only(capture, 8)).id, '731');
  });

  test('the page origin of a tab survives a worker restart', async () => {
    const storage = new MemoryStorage();
    const first = await setup('chromium', storage);
    nav(first.capture, 5, `${PAGE}/app`);
    await first.capture.flush();
    const second = await setup('chromium', storage);
    second.wire.start({ requestId: '720', url: `${API_ORIGIN}/sw`, method: 'GET', tabId: -1 });
    assert.equal((await only(second.capture, 5)).id, '720');
  });
});

describe('memory: complete records live in storage, the worker keeps an index', () => {
  test('a complete record is not held by the worker; a panel still gets it whole', async () => {
    const { capture, wire, storage } = await setup();
    const r: FakeRequest = { requestId: '800', url: `${API_ORIGIN}/idx`, method: 'GET' };
    wire.start(r);
    wire.send(r);
    assert.ok(capture.logs.entry(1, '800')?.record, 'in flight: kept whole');
    wire.answer(r, ALLOW_ANY_ORIGIN);
    assert.equal(capture.logs.entry(1, '800')?.record, undefined, 'complete: index only');
    const port = new FakePort();
    capture.connectPanel(1, port);
    await until(() => port.received.length >= 2);
    const rows = port.received[1];
    assert.equal(rows?.type === 'rows' && rows.rows[0]?.verdict?.outcome, 'allowed');
    assert.ok(storage.data.has('r:800'));
    // The whole record, on request (detail view, export): read back from storage.
    port.send({ type: 'records', ids: ['800'] });
    await until(() => port.received.some((m) => m.type === 'upsert'));
    const upsert = port.received.find((m) => m.type === 'upsert');
    const whole = upsert?.type === 'upsert' ? upsert.records[0] : undefined;
    assert.equal(whole?.id, '800');
    assert.equal(whole?.verdict?.outcome, 'allowed');
    assert.ok(
      whole?.responseHeaders?.some((h) => h.name.toLowerCase() === 'access-control-allow-origin'),
      'whole: with its headers',
    );
  });

  test('changes made while a panel snapshot is read reach that panel afterwards', async () => {
    const { capture, wire, a, port } = await startedWithPort('810');
    capture.connectPanel(1, port);
    wire.send(a); // while the snapshot is being read
    wire.answer(a, ALLOW_ANY_ORIGIN);
    await until(() => port.received.some((m) => m.type === 'rows' && m.rows.some((x) => x.id === '810' && x.complete)));
    await capture.flush();
    assert.equal(port.received[0]?.type, 'reset');
  });

  test('a DevTools call-site report reaches a record that is already complete', async () => {
    const { capture, wire } = await setup();
    const r: FakeRequest = { requestId: '820', url: `${API_ORIGIN}/src`, method: 'GET' };
    wire.start(r);
    wire.finish(r, ALLOW_ANY_ORIGIN);
    const startedAt = capture.logs.entry(1, '820')!.startedAt;
    const devtools = new FakePort();
    capture.connectDevtools(1, devtools);
    devtools.send({
      type: 'source',
      url: `${API_ORIGIN}/src`,
      method: 'GET',
      startedAt: startedAt + 3,
      source: { kind: 'script', stack: ['load (http://a.test/app.js:3:1)'] },
    });
    devtools.send({ type: 'source', url: `${API_ORIGIN}/other`, method: 'GET', startedAt, source: { kind: 'script' } });
    await until(() => capture.logs.entry(1, '820')?.hasSource === true);
    assert.deepEqual((await only(capture)).source, { kind: 'script', stack: ['load (http://a.test/app.js:3:1)'] });
  });
});

describe('storage.session quota', () => {
  const burst = (wire: Wire, n: number, from: number) => {
    for (let i = 0; i < n; i++) {
      const r: FakeRequest = { requestId: String(from + 2 * i), url: `${API_ORIGIN}/q/${i}`, method: 'PUT', headers: [['X-Trace', String(i)]] };
      wire.start(r);
      wire.preflight(
        r,
        String(from + 2 * i + 1),
        204,
        [
          ['Access-Control-Allow-Origin', '*'],
          ['Access-Control-Allow-Methods', 'PUT'],
          ['Access-Control-Allow-Headers', 'x-trace'],
        ],
        'x-trace',
      );
      wire.finish(r, ALLOW_ANY_ORIGIN);
    }
  };

  test('records are stored as JSON strings, which the quota counts by their length', async () => {
    const { capture, wire, storage } = await setup();
    burst(wire, 1, 900);
    await capture.flush();
    const stored = JSON.parse(storage.data.get('r:900')!) as unknown;
    assert.equal(typeof stored, 'string');
    assert.equal((JSON.parse(stored as string) as CaptureRecord).complete, true);
  });

  test('when storage refuses a write, the oldest records make room: what is kept is complete, the rest is counted', async () => {
    // A quota far below the byte budget, as when other data shares the area.
    const storage = new MemoryStorage(100_000);
    const { capture, wire } = await setup('chromium', storage, { perTab: 10_000, totalBytes: 8 * 1024 * 1024 });
    burst(wire, 200, 10_000);
    await capture.flush();
    await until(() => capture.persistence.failures > 0 && capture.logs.byteBudget < 8 * 1024 * 1024);
    // Let the retries land.
    for (let i = 0; i < 20 && [...storage.data.keys()].filter((k) => k.startsWith('r:')).length !== capture.logs.ids(1).length; i++) {
      await capture.flush();
    }
    const kept = await records(capture);
    assert.ok(kept.length > 0 && kept.length < 200, `kept ${kept.length}`);
    assert.ok(
      kept.every((r) => r.complete && r.verdict),
      'no stale in-flight copy is left behind',
    );
    assert.equal(kept.length + capture.logs.meta(1).dropped, 200, 'every record is kept or counted as dropped');
  });

  test('every change reaches storage at the end of the task that made it (docs/lifecycle.md rule 6)', async () => {
    const { wire, storage } = await setup();
    const stored = (id: string) => {
      const raw = storage.data.get(`r:${id}`);
      return raw === undefined ? undefined : (JSON.parse(JSON.parse(raw) as string) as CaptureRecord);
    };
    const task = () => new Promise((r) => setImmediate(r));
    const put: FakeRequest = { requestId: '950', url: `${API_ORIGIN}/slow`, method: 'PUT', headers: [['X-A', '1']] };
    wire.start(put);
    assert.equal(stored('950'), undefined, 'not written inside the task');
    await task();
    assert.equal(stored('950')?.complete, false, 'written, in flight, once the task ends');
    wire.preflight(
      put,
      '951',
      204,
      [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Allow-Headers', 'x-a'],
      ],
      'x-a',
    );
    await task();
    assert.equal(stored('950')?.preflight?.status, 204, 'the preflight is on disk as soon as it is known');
    wire.send(put);
    wire.respond(put, 200, ALLOW_ANY_ORIGIN);
    await task();
    assert.equal(stored('950')?.status, 200, 'the response headers too, before the request completes');
    const setsBefore = storage.sets;
    wire.complete(put, 200);
    await task();
    assert.equal(storage.sets, setsBefore + 1, 'the events of one task share one write');
    assert.equal(stored('950')?.verdict?.outcome, 'allowed');
  });

  test('a write that keeps failing is retried a few times, then waits for the next change', async (t) => {
    // The retry pauses (10 ms, 20 ms, …) on mocked time, not real sleeps.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const storage = new MemoryStorage(0);
    const { capture, wire } = await setup('chromium', storage);
    wire.start({ requestId: '970', url: `${API_ORIGIN}/x`, method: 'GET' });
    const settle = () => new Promise<void>((r) => setImmediate(r));
    for (let i = 0; i < 50 && capture.persistence.failures < 8; i++) {
      t.mock.timers.tick(1_000);
      await settle();
    }
    assert.equal(capture.persistence.failures, 8);
    // A minute later, with nothing new to write: no ninth try.
    for (let i = 0; i < 60; i++) {
      t.mock.timers.tick(1_000);
      await settle();
    }
    assert.equal(capture.persistence.failures, 8);
  });
});

describe('stored form', () => {
  test('a record read back from storage has the verdict summary it was judged with, and its trace derives again exactly', async () => {
    const { capture, wire, storage } = await setup();
    const live = new FakePort();
    capture.connectPanel(1, live);
    await until(() => live.received.length >= 1);
    // The records as the capture judged them (whole verdicts, in memory).
    const judged = new Map<string, CaptureRecord>();
    const upsert = capture.logs.upsert.bind(capture.logs);
    capture.logs.upsert = (r) => {
      if (r.complete) judged.set(r.id, structuredClone(r));
      return upsert(r);
    };
    const allow: Array<[string, string]> = [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Max-Age', '600'],
    ];
    const first: FakeRequest = { requestId: '1000', url: `${API_ORIGIN}/same`, method: 'PUT', headers: [['X-A', '1']] };
    wire.start(first);
    wire.preflight(first, '1001', 204, [...allow, ['Access-Control-Allow-Headers', 'x-a']], 'x-a');
    wire.finish(first, ALLOW_ANY_ORIGIN);
    const hit: FakeRequest = { requestId: '1002', url: `${API_ORIGIN}/same`, method: 'PUT', headers: [['X-A', '2']] };
    wire.start(hit);
    wire.finish(hit, ALLOW_ANY_ORIGIN);
    const blocked: FakeRequest = { requestId: '1004', url: `${API_ORIGIN}/del`, method: 'DELETE' };
    wire.start(blocked);
    wire.preflight(blocked, '1005', 401, ALLOW_ANY_ORIGIN);
    wire.fail(blocked);
    await capture.flush();
    assert.equal(judged.size, 3);
    // The panel listed each with the summary it was judged with.
    for (const m of live.received) {
      if (m.type !== 'rows') continue;
      for (const row of m.rows) {
        if (!row.complete) continue;
        const { outcome, reason, params, warnings } = judged.get(row.id)!.verdict!;
        assert.deepEqual(row.verdict, { outcome, reason, params, warnings: warnings.map((w) => w.code) }, row.id);
      }
    }
    // What storage holds has no trace ...
    for (const id of judged.keys()) {
      const stored = JSON.parse(JSON.parse(storage.data.get(`r:${id}`)!) as string) as CaptureRecord;
      assert.equal(stored.verdict?.checks, undefined, `${id} stored without its trace`);
    }
    // ... reading it back gives the summary the capture judged, and the engine derives the
    // very same trace again from the record alone (the panel does that when it opens one).
    const back = await capture.readRecords(1);
    for (const r of back) {
      const { checks: _c, failedCheck: _f, ...summary } = judged.get(r.id)!.verdict!;
      assert.deepEqual(r.verdict, summary, r.id);
      assert.deepEqual(evaluate(toExchange(r)), judged.get(r.id)?.verdict, `${r.id}: trace derived again`);
    }
    assert.equal(evaluate(toExchange(back.find((r) => r.id === '1002')!)).checks.find((c) => c.id === 'preflight-seen')?.detail, 'preflight-cached-earlier');
  });
});
