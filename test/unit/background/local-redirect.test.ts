// A same-origin request that a redirect takes to another origin is CORS from that hop on
// (Fetch #main-fetch). Its record starts at the URL the page asked for, with the same-origin
// hops before the one that left (local-redirects.ts), as webRequest delivers them in both
// browsers: each redirect target re-enters onBeforeRequest under the same request id.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import { evaluate } from '../../../src/core/index.ts';
import { toExchange } from '../../../src/shared/to-exchange.ts';
import { ALLOW_ANY_ORIGIN, API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';

async function setup(browser: 'chromium' | 'firefox', storage = new MemoryStorage()) {
  const capture = createCapture({ browser, version: '0', storage, badge: new FakeBadge() });
  await capture.ready;
  const kill = async () => {
    await new Promise((r) => setImmediate(r)); // the task that handled the last event ends ...
    capture.dispose(); // ... then the worker is gone
  };
  return { capture, wire: new Wire(capture.handlers, browser), kill };
}

/** `r` answered with a `status` redirect to `to`, which the browser then requests under the same id. */
function hop(wire: Wire, r: FakeRequest, to: string, status = 302): FakeRequest {
  wire.send(r);
  wire.redirect(r, status, [['Cache-Control', 'no-store']], to);
  const next = { ...r, url: to };
  wire.start(next);
  return next;
}

for (const browser of ['chromium', 'firefox'] as const) {
  describe(`${browser}: a same-origin request redirected to another origin`, () => {
    test('its record starts at the URL the page asked for, and the target is the server to fix', async () => {
      const { capture, wire } = await setup(browser);
      const download: FakeRequest = { requestId: '20', url: `${PAGE}/download`, method: 'GET' };
      wire.start(download);
      const bucket = hop(wire, download, `${API_ORIGIN}/bucket/file`);
      wire.send(bucket);
      wire.respond(bucket, 200, []);
      // Chromium fails a blocked request; Firefox completes a blocked simple one.
      if (browser === 'chromium') wire.fail(bucket);
      else wire.complete(bucket, 200);
      await capture.flush();
      const records = await capture.readRecords(1);
      assert.equal(records.length, 1);
      const [r] = records;
      assert.equal(r?.url, `${PAGE}/download`);
      assert.deepEqual(
        r?.redirects.map((h) => [h.url, h.status, h.location]),
        [[`${PAGE}/download`, 302, `${API_ORIGIN}/bucket/file`]],
      );
      assert.ok(
        r?.redirects[0]?.headers.some((h) => h.name === 'Cache-Control'),
        "the hop keeps its response's headers",
      );
      const v = evaluate(toExchange(r!));
      assert.equal(v.reason, 'missing-allow-origin');
      assert.equal(v.params['target'], API_ORIGIN, 'the server without ACAO is the target, not the page');
    });

    test('same-origin hops before the one that leaves are all kept, in order', async () => {
      const { capture, wire } = await setup(browser);
      const first: FakeRequest = { requestId: '30', url: `${PAGE}/a`, method: 'GET' };
      wire.start(first);
      const second = hop(wire, first, `${PAGE}/b`, 301);
      const api = hop(wire, second, `${API_ORIGIN}/c`);
      wire.finish(api, ALLOW_ANY_ORIGIN);
      await capture.flush();
      const [r] = await capture.readRecords(1);
      assert.deepEqual(
        r?.redirects.map((h) => [h.url, h.status, h.location]),
        [
          [`${PAGE}/a`, 301, `${PAGE}/b`],
          [`${PAGE}/b`, 302, `${API_ORIGIN}/c`],
        ],
      );
      // Firefox's network events cannot show the page's outcome (no witness here): Chromium's only.
      if (browser === 'chromium') assert.equal(r?.verdict?.outcome, 'allowed');
    });

    test('a preflight the browser sends to the target belongs to the hop that left', async () => {
      const { capture, wire } = await setup(browser);
      const put: FakeRequest = { requestId: '40', url: `${PAGE}/save`, method: 'PUT', headers: [['X-A', '1']] };
      wire.start(put);
      const target = hop(wire, put, `${API_ORIGIN}/save`, 307);
      wire.preflight(
        target,
        '41',
        204,
        [
          ['Access-Control-Allow-Origin', PAGE],
          ['Access-Control-Allow-Methods', 'PUT'],
        ],
        'x-a',
      );
      wire.fail(target);
      await capture.flush();
      const [r] = await capture.readRecords(1);
      assert.equal(r?.url, `${PAGE}/save`);
      assert.equal(r?.preflight, undefined, 'no preflight before the same-origin hop');
      assert.deepEqual(
        r?.hopPreflights?.map((p) => [p.requestId, p.hop]),
        [['41', 0]],
      );
      assert.equal(evaluate(toExchange(r!)).reason, 'header-not-allowed');
    });

    test('a same-origin redirect that stays on the origin makes no record, and is not held for a reused id', async () => {
      const { capture, wire } = await setup(browser);
      const local: FakeRequest = { requestId: '50', url: `${PAGE}/old`, method: 'GET' };
      wire.start(local);
      const moved = hop(wire, local, `${PAGE}/new`);
      wire.answer(moved, []);
      // Firefox may reuse ids across documents: the next request under it starts afresh.
      const next: FakeRequest = { requestId: '50', url: `${API_ORIGIN}/x`, method: 'GET' };
      wire.start(next);
      wire.finish(next, ALLOW_ANY_ORIGIN);
      await capture.flush();
      const records = await capture.readRecords(1);
      assert.deepEqual(
        records.map((r) => [r.url, r.redirects.length]),
        [[`${API_ORIGIN}/x`, 0]],
      );
    });
  });
}

// The held hops live only in the worker's memory: a worker killed while it holds them loses
// them, and the request's record then starts at the target, as before the hops were kept.
// Either way the request has exactly one record.
for (const browser of ['chromium', 'firefox'] as const) {
  describe(`${browser}: a worker killed around a same-origin redirect`, () => {
    test('while the hop is held: one record, from the target on', async () => {
      const storage = new MemoryStorage();
      const first = await setup(browser, storage);
      const download: FakeRequest = { requestId: '60', url: `${PAGE}/download`, method: 'GET' };
      first.wire.start(download);
      first.wire.send(download);
      first.wire.redirect(download, 302, [], `${API_ORIGIN}/file`);
      await first.kill();
      const second = await setup(browser, storage);
      const target = { ...download, url: `${API_ORIGIN}/file` };
      second.wire.start(target);
      second.wire.finish(target, ALLOW_ANY_ORIGIN);
      await second.capture.flush();
      const records = await second.capture.readRecords(1);
      assert.deepEqual(
        records.map((r) => [r.url, r.redirects.length, r.complete]),
        [[`${API_ORIGIN}/file`, 0, true]],
      );
    });

    test('after the record started with its hops: the restored record keeps them and completes once', async () => {
      const storage = new MemoryStorage();
      const first = await setup(browser, storage);
      const download: FakeRequest = { requestId: '70', url: `${PAGE}/download`, method: 'GET' };
      first.wire.start(download);
      const target = hop(first.wire, download, `${API_ORIGIN}/file`);
      first.wire.send(target);
      await first.kill();
      const second = await setup(browser, storage);
      second.wire.answer(target, ALLOW_ANY_ORIGIN);
      await second.capture.flush();
      const records = await second.capture.readRecords(1);
      assert.deepEqual(
        records.map((r) => [r.url, r.redirects.map((h) => h.location), r.complete]),
        [[`${PAGE}/download`, [`${API_ORIGIN}/file`], true]],
      );
      assert.deepEqual(records[0]?.gaps, { restart: true });
    });
  });
}
