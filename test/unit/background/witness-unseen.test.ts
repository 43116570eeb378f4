// A request only the page witness saw (issue 9, "never loses a record"): Chromium drops network
// events on their way to a worker it stops, and a service worker can answer a fetch itself. A
// cross-origin fetch()/XHR that no record claims becomes a record of its own, marked as seen
// by the page only; nothing else does (same-origin calls, calls from before a clear, while
// paused), and a record that exists is found, never duplicated.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture, type Capture } from '../../../src/background/capture.ts';
import { AFTER_OUTCOME_MS, JOIN_WINDOW_MS } from '../../../src/background/witness-join.ts';
import type { WitnessCall, WitnessMessage, WitnessOutcome } from '../../../src/shared/witness-protocol.ts';
import { ALLOW_ANY_ORIGIN, API_ORIGIN, PAGE, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';
import { witnessCall, witnessLife as life } from '../../support/witness-fakes.ts';

const task = () => new Promise((r) => setImmediate(r));
const rejected: WitnessOutcome = { kind: 'rejected', name: 'TypeError', message: 'Failed to fetch' };
const sender = { tabId: 1, frameId: 0, pageOrigin: PAGE };

/** Message numbers per page, as the relay counts them. */
const numbers = new Map<string, number>();
function message(seq: number, url: string, startedAt: number, outcome?: WitnessOutcome, page = 'p'.repeat(16)): WitnessMessage {
  const n = (numbers.get(page) ?? 0) + 1;
  numbers.set(page, n);
  const call = witnessCall(seq, url, startedAt, { credentials: 'same-origin' });
  return { type: 'witness', v: 1, page, n, entries: outcome ? [call, { kind: 'outcome', seq, endedAt: startedAt + 5, outcome }] : [call], dropped: 0 };
}

async function settle(c: Capture) {
  await task();
  c.sweep();
  await task();
  await c.flush();
}

/** The join's whole window passes and tab 1 still has no record: the call made none. */
async function noRecordAfterTheWindow(c: Capture, clock: { t: number }): Promise<void> {
  clock.t += JOIN_WINDOW_MS + 1;
  await settle(c);
  assert.equal((await c.readRecords(1)).length, 0);
}

describe('a request only the page saw', () => {
  test('a cross-origin fetch with no network event becomes a record of its own, said to be seen by the page only', async () => {
    const { capture, clock } = await life();
    capture.witness(sender, message(1, `${API_ORIGIN}/lost`, clock.t, rejected));
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 0, 'not before its wait is over');
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(capture);
    const [rec] = await capture.readRecords(1);
    assert.ok(rec, 'a record');
    assert.equal(rec.url, `${API_ORIGIN}/lost`);
    assert.deepEqual(rec.gaps, { start: true, unseen: true });
    assert.equal(rec.initiator, PAGE);
    assert.equal(rec.verdict?.outcome, 'unknown', 'its headers were never seen: no verdict on them');
    assert.ok(rec.verdict?.warnings.some((w) => w.code === 'capture-network-unseen'));
    assert.deepEqual(rec.witness?.outcome, rejected);
  });

  test('without an outcome it waits the whole window', async () => {
    const { capture, clock } = await life();
    capture.witness(sender, message(1, `${API_ORIGIN}/slow`, clock.t));
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 0);
    clock.t += JOIN_WINDOW_MS;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 1);
  });

  test("a call of a page the tab navigated away from (Chromium names its document) makes no record in the new page's log", async () => {
    const { capture, clock, wire } = await life();
    // The old page made a request: its document is known.
    const first: FakeRequest = { requestId: '1', url: `${API_ORIGIN}/first`, method: 'GET', documentId: 'OLD' };
    wire.start(first);
    wire.finish(first, ALLOW_ANY_ORIGIN);
    capture.handlers.navigated({ requestId: 'nav', url: `${PAGE}/next`, method: 'GET', tabId: 1, type: 'main_frame', timeStamp: clock.t });
    clock.t += 5;
    // Its pagehide fetch, whose network events were lost: the relay still reports it.
    capture.witness({ ...sender, documentId: 'OLD' }, message(1, `${API_ORIGIN}/pagehide`, clock.t, rejected, 'o'.repeat(16)));
    // The new page's own lost fetch is reported as usual.
    capture.witness({ ...sender, documentId: 'NEW' }, message(1, `${API_ORIGIN}/fresh`, clock.t, rejected, 'n'.repeat(16)));
    clock.t += JOIN_WINDOW_MS + AFTER_OUTCOME_MS;
    await settle(capture);
    assert.deepEqual(
      (await capture.readRecords(1)).map((r) => new URL(r.url).pathname),
      ['/fresh'],
    );
  });

  test('a same-origin call makes no record (CORS Lens lists cross-origin requests)', async () => {
    const { capture, clock } = await life();
    capture.witness(sender, message(1, `${PAGE}/own`, clock.t, rejected));
    await noRecordAfterTheWindow(capture, clock);
  });

  test('same-origin calls (a page makes many) are not saved with the capture', async () => {
    const storage = new MemoryStorage();
    const { capture, clock } = await life(storage);
    capture.witness(sender, message(1, `${PAGE}/own`, clock.t));
    capture.witness(sender, message(2, `${API_ORIGIN}/far`, clock.t, undefined, 'q'.repeat(16)));
    await settle(capture);
    // One key per waiting call (persistence.ts `wc:`), only the cross-origin one.
    const saved = Object.entries(await storage.get(null)).filter(([k]) => k.startsWith('wc:'));
    assert.deepEqual(
      saved.map(([, p]) => (JSON.parse(p as string) as { call: { url: string } }).call.url),
      [`${API_ORIGIN}/far`],
    );
  });

  test('a call made before the log was cleared makes no record', async () => {
    const { capture, clock } = await life();
    const before = clock.t;
    clock.t += 10;
    capture.clearTab(1);
    capture.witness(sender, message(1, `${API_ORIGIN}/old`, before, rejected));
    await noRecordAfterTheWindow(capture, clock);
  });

  test('paused: nothing', async () => {
    const { capture, clock } = await life();
    capture.connectDevtools(1, { onMessage: { addListener: (cb: (m: unknown) => void) => cb({ type: 'set-paused', paused: true }) } });
    await task();
    capture.witness(sender, message(1, `${API_ORIGIN}/p`, clock.t, rejected));
    await noRecordAfterTheWindow(capture, clock);
  });

  test('a record that exists is found in the log, never duplicated, even when the join forgot it (a restart)', async () => {
    const storage = new MemoryStorage();
    const clock = { t: Date.now() };
    const first = await life(storage, clock);
    const r: FakeRequest = { requestId: '7', url: `${API_ORIGIN}/seen`, method: 'GET', tabId: 1 };
    first.wire.start(r);
    first.wire.finish(r, ALLOW_ANY_ORIGIN);
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
    first.capture.witness(sender, message(1, `${API_ORIGIN}/across`, clock.t, rejected));
    await task();
    await first.capture.flush();
    first.capture.dispose();
    const second = await life(storage, clock);
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(second.capture);
    const [rec] = await second.capture.readRecords(1);
    assert.equal(rec?.url, `${API_ORIGIN}/across`);
  });
});

describe('acknowledged witness messages (the relay sends a message again until its ack)', () => {
  test('the ack comes only once the message is in storage, and a message sent again is applied once, also by the next life', async () => {
    const storage = new MemoryStorage();
    const clock = { t: Date.now() };
    const first = await life(storage, clock);
    const m = message(1, `${API_ORIGIN}/twice`, clock.t, rejected);
    await first.capture.witness(sender, m);
    // A worker stopped right after: what was acknowledged is in storage, not only in memory.
    first.capture.dispose();
    const second = await life(storage, clock);
    // The ack was lost on the way: the relay sends the same message again, twice.
    await second.capture.witness(sender, structuredClone(m));
    await second.capture.witness(sender, structuredClone(m));
    assert.equal(second.capture.join.repeated, 2, 'recognised as already applied');
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(second.capture);
    const records = await second.capture.readRecords(1);
    assert.deepEqual(
      records.map((r) => r.url),
      [`${API_ORIGIN}/twice`],
      'one record for one call',
    );
  });

  test('a message that reached a life still restoring is journaled before its ack, and applied once by the next', async () => {
    const storage = new MemoryStorage();
    const clock = { t: Date.now() };
    // A life killed before its restore finished: the message is only in its journal.
    const first = createCapture({ browser: 'chromium', version: '0', storage, badge: new FakeBadge(), now: () => clock.t });
    const m = message(1, `${API_ORIGIN}/journaled`, clock.t, rejected);
    // Sent before the restore finished (ready has not settled yet).
    await first.witness(sender, m);
    first.dispose();
    const second = await life(storage, clock);
    await second.capture.witness(sender, structuredClone(m));
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(second.capture);
    assert.deepEqual(
      (await second.capture.readRecords(1)).map((r) => r.url),
      [`${API_ORIGIN}/journaled`],
    );
  });

  test('the ack waits for the storage write, however slow', async () => {
    class SlowStorage extends MemoryStorage {
      override async set(items: Record<string, unknown>): Promise<void> {
        await new Promise((r) => setTimeout(r, 20));
        return super.set(items);
      }
    }
    const storage = new SlowStorage();
    const { capture, clock } = await life(storage);
    await capture.witness(sender, message(1, `${API_ORIGIN}/slow-disk`, clock.t, rejected));
    const saved = JSON.stringify([...storage.data.values()]);
    assert.ok(saved.includes(`${API_ORIGIN}/slow-disk`), 'the waiting call is in storage when the ack goes');
  });

  test('a call sent again does not claim the next identical request (which belongs to the next call)', async () => {
    const { capture, clock, wire } = await life();
    const url = `${API_ORIGIN}/same`;
    const r1: FakeRequest = { requestId: '1', url, method: 'GET', tabId: 1 };
    const r2: FakeRequest = { requestId: '2', url, method: 'GET', tabId: 1 };
    for (const r of [r1, r2]) {
      wire.start(r);
      wire.finish(r, ALLOW_ANY_ORIGIN);
    }
    const page = 'd'.repeat(16);
    const call = (seq: number, credentials: WitnessCall['credentials']): WitnessCall => witnessCall(seq, url, clock.t, { credentials });
    const first: WitnessMessage = { type: 'witness', v: 1, page, n: 1, entries: [call(1, 'include')], dropped: 0 };
    await capture.witness(sender, first);
    await capture.witness(sender, structuredClone(first)); // its ack was lost
    await capture.witness(sender, { type: 'witness', v: 1, page, n: 2, entries: [call(2, 'omit')], dropped: 0 });
    clock.t += JOIN_WINDOW_MS + 1;
    await settle(capture);
    const records = await capture.readRecords(1);
    assert.deepEqual(
      records.map((r) => [r.id, r.witness?.credentials]),
      [
        ['1', 'include'],
        ['2', 'omit'],
      ],
    );
  });

  test('numbers are per page and per tab: another page or tab with the same number is applied', async () => {
    const { capture, clock } = await life();
    await capture.witness(sender, message(1, `${API_ORIGIN}/a`, clock.t, rejected, 'a'.repeat(16)));
    await capture.witness(sender, message(1, `${API_ORIGIN}/b`, clock.t, rejected, 'b'.repeat(16)));
    await capture.witness({ ...sender, tabId: 2 }, { ...message(2, `${API_ORIGIN}/c`, clock.t, rejected, 'a'.repeat(16)), n: 1 });
    assert.equal(capture.join.repeated, 0);
    clock.t += AFTER_OUTCOME_MS + 1;
    await settle(capture);
    assert.equal((await capture.readRecords(1)).length, 2);
    assert.equal((await capture.readRecords(2)).length, 1);
  });
});
