// A request only the page witness saw (issue 9, "never loses a record"): Chromium drops network
// events on their way to a worker it stops, and a service worker can answer a fetch itself. A
// cross-origin fetch()/XHR that no record claims becomes a record of its own, marked as seen
// by the page only; nothing else does (same-origin calls, calls from before a clear, while
// paused), and a record that exists is found, never duplicated.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import { AFTER_OUTCOME_MS, JOIN_WINDOW_MS } from '../../../src/background/witness-join.ts';
import type { WitnessCall, WitnessMessage, WitnessOutcome } from '../../../src/shared/witness-protocol.ts';
import { API, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';

const task = () => new Promise((r) => setImmediate(r));
const STAR: Array<[string, string]> = [['Access-Control-Allow-Origin', '*']];
const rejected: WitnessOutcome = { kind: 'rejected', name: 'TypeError', message: 'Failed to fetch' };
const sender = { tabId: 1, frameId: 0, pageOrigin: PAGE };

async function life(storage = new MemoryStorage(), clock = { t: Date.now() }) {
  const capture = createCapture({ browser: 'chromium', version: '0', storage, badge: new FakeBadge(), now: () => clock.t });
  await capture.ready;
  return { capture, clock, wire: new Wire(capture.handlers, 'chromium') };
}

function message(seq: number, url: string, startedAt: number, outcome?: WitnessOutcome, page = 'p'.repeat(16)): WitnessMessage {
  const call: WitnessCall = { kind: 'call', seq, api: 'fetch', url, method: 'GET', mode: 'cors', credentials: 'same-origin', redirect: 'follow', startedAt };
  return { type: 'witness', v: 1, page, entries: outcome ? [call, { kind: 'outcome', seq, endedAt: startedAt + 5, outcome }] : [call], dropped: 0 };
}

async function settle(c: Awaited<ReturnType<typeof life>>['capture']) {
  await task();
  c.sweep();
  await task();
  await c.flush();
}

describe('a request only the page saw', () => {
  test('a cross-origin fetch with no network event becomes a record of its own, said to be seen by the page only', async () => {
    const { capture, clock } = await life();
    capture.witness(sender, message(1, `${API}/lost`, clock.t, rejected));
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 0, 'not before its wait is over');
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(capture);
    const [rec] = await capture.readRecords(1);
    assert.ok(rec, 'a record');
    assert.equal(rec.url, `${API}/lost`);
    assert.deepEqual(rec.gaps, { start: true, unseen: true });
    assert.equal(rec.initiator, PAGE);
    assert.equal(rec.verdict?.outcome, 'unknown', 'its headers were never seen: no verdict on them');
    assert.ok(rec.verdict?.warnings.some((w) => w.code === 'capture-network-unseen'));
    assert.deepEqual(rec.witness?.outcome, rejected);
  });

  test('without an outcome it waits the whole window', async () => {
    const { capture, clock } = await life();
    capture.witness(sender, message(1, `${API}/slow`, clock.t));
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 0);
    clock.t += JOIN_WINDOW_MS;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 1);
  });

  test('a same-origin call makes no record (CORS Lens lists cross-origin requests)', async () => {
    const { capture, clock } = await life();
    capture.witness(sender, message(1, `${PAGE}/own`, clock.t, rejected));
    clock.t += JOIN_WINDOW_MS + 1;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 0);
  });

  test('same-origin calls (a page makes many) are not saved with the capture', async () => {
    const storage = new MemoryStorage();
    const { capture, clock } = await life(storage);
    capture.witness(sender, message(1, `${PAGE}/own`, clock.t));
    capture.witness(sender, message(2, `${API}/far`, clock.t, undefined, 'q'.repeat(16)));
    await settle(capture);
    const saved = (await storage.get(['witness'])).witness as { pending: Array<[number, Array<{ call: { url: string } }>]> };
    assert.deepEqual(saved.pending.flatMap(([, l]) => l.map((p) => p.call.url)), [`${API}/far`]);
  });

  test('a call made before the log was cleared makes no record', async () => {
    const { capture, clock } = await life();
    const before = clock.t;
    clock.t += 10;
    capture.clearTab(1);
    capture.witness(sender, message(1, `${API}/old`, before, rejected));
    clock.t += JOIN_WINDOW_MS + 1;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 0);
  });

  test('paused: nothing', async () => {
    const { capture, clock } = await life();
    capture.connectDevtools(1, { onMessage: { addListener: (cb: (m: unknown) => void) => cb({ type: 'set-paused', paused: true }) } });
    await task();
    capture.witness(sender, message(1, `${API}/p`, clock.t, rejected));
    clock.t += JOIN_WINDOW_MS + 1;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 0);
  });

  test('a record that exists is found in the log, never duplicated, even when the join forgot it (a restart)', async () => {
    const storage = new MemoryStorage();
    const clock = { t: Date.now() };
    const first = await life(storage, clock);
    const r: FakeRequest = { requestId: '7', url: `${API}/seen`, method: 'GET', tabId: 1 };
    first.wire.start(r);
    first.wire.send(r);
    first.wire.respond(r, 200, STAR);
    first.wire.complete(r, 200);
    await first.capture.flush();
    first.capture.dispose();
    const second = await life(storage, clock);
    second.capture.witness(sender, message(1, r.url, clock.t, { kind: 'resolved', type: 'cors', status: 200, redirected: false }));
    clock.t += JOIN_WINDOW_MS + 1;
    await settle(second.capture);
    await settle(second.capture);
    const records = await second.capture.readRecords(1);
    assert.equal(records.length, 1, 'one record for one request');
    assert.equal(records[0]?.id, '7');
    assert.equal(records[0]?.witness?.credentials, 'same-origin');
  });

  test('calls still waiting survive a worker death', async () => {
    const storage = new MemoryStorage();
    const clock = { t: Date.now() };
    const first = await life(storage, clock);
    first.capture.witness(sender, message(1, `${API}/across`, clock.t, rejected));
    await task();
    await first.capture.flush();
    first.capture.dispose();
    const second = await life(storage, clock);
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(second.capture);
    const [rec] = await second.capture.readRecords(1);
    assert.equal(rec?.url, `${API}/across`);
  });
});
