// The witness's keys removed without a storage call of their own (issue 10, cost): a claimed
// call is overwritten with GONE in the same set() as the record that claimed it, and the facts
// of a record stored complete stay until the next removal. Each storage call is a message to
// the browser process; a remove per claim and per completion was a third of the witness's
// storage calls in a burst. What a restart brings back must not change: a claimed call never
// comes back to be joined twice, and stale facts never overwrite a complete record's.
import { describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { AFTER_OUTCOME_MS, JOIN_WINDOW_MS } from '../../../src/background/witness-join.ts';
import type { WitnessCall, WitnessMessage } from '../../../src/shared/witness-protocol.ts';
import { API_ORIGIN, PAGE, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { MemoryStorage } from '../../support/fake-extension.ts';
import { witnessCall, witnessLife } from '../../support/witness-fakes.ts';

const task = () => new Promise((r) => setImmediate(r));
const sender = { tabId: 1, frameId: 0, pageOrigin: PAGE };
const PAGE_ID = 'p'.repeat(16);

/** Counts storage calls by kind, and the keys of each set(). */
class CountingStorage extends MemoryStorage {
  setCalls: string[][] = [];
  removeCalls: string[][] = [];
  override async set(items: Record<string, unknown>): Promise<void> {
    this.setCalls.push(Object.keys(items));
    return super.set(items);
  }
  override async remove(keys: string[]): Promise<void> {
    this.removeCalls.push([...keys]);
    return super.remove(keys);
  }
}

const life = witnessLife;

const call = (seq: number, url: string, startedAt: number): WitnessCall => witnessCall(seq, url, startedAt);
const msg = (n: number, entries: WitnessMessage['entries']): WitnessMessage => ({ type: 'witness', v: 1, page: PAGE_ID, n, entries, dropped: 0 });
const request = (i: number): FakeRequest => ({
  requestId: String(100 + i),
  url: `${API_ORIGIN}/c/${i}`,
  method: 'GET',
  tabId: 1,
  type: 'xmlhttprequest',
  initiator: PAGE,
});
const keys = async (s: MemoryStorage, prefix: string) =>
  Object.keys(await s.get(null))
    .filter((k) => k.startsWith(prefix))
    .sort();

describe('witness keys removed with other writes', () => {
  test('claiming a waiting call and completing its record make no remove() call; the GONE mark goes in the set() with the record', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const storage = new CountingStorage();
    const { capture, clock, wire } = await life(storage);
    await capture.witness(sender, msg(1, [call(1, `${API_ORIGIN}/c/1`, clock.t), call(2, `${API_ORIGIN}/c/2`, clock.t)]));
    storage.setCalls = [];
    const r = request(1);
    wire.start(r);
    await task();
    // The claim: the record and the call's GONE mark in one set().
    const claim = storage.setCalls.find((k) => k.includes(`wc:1|${PAGE_ID}|1`));
    assert.ok(claim, 'the claimed call is marked in a set()');
    assert.ok(
      claim.some((k) => k.startsWith('r:')),
      'in the same set() as its record',
    );
    wire.send(r);
    wire.respond(r, 200, [['Access-Control-Allow-Origin', PAGE]]);
    await task();
    wire.complete(r, 200);
    await task();
    assert.equal(storage.removeCalls.length, 0, 'no remove() for the claim nor for the completion');
    // Storage holds the call as GONE (0) and the complete record with its facts.
    const all = await storage.get(null);
    assert.equal(all[`wc:1|${PAGE_ID}|1`], 0);
    const stored = JSON.parse(all[`r:${r.requestId}`] as string) as { complete: boolean; witness?: { credentials?: string } };
    assert.equal(stored.complete, true);
    assert.equal(stored.witness?.credentials, 'include');
    // A flush (the witness's ack, the panel reading records) does not issue them either.
    await capture.flush();
    assert.equal(storage.removeCalls.length, 0);
    // A quiet moment does, in one call.
    t.mock.timers.tick(2_000);
    await task();
    assert.equal(storage.removeCalls.length, 1);
    assert.ok(storage.removeCalls[0]!.includes(`wc:1|${PAGE_ID}|1`));
    assert.ok(storage.removeCalls[0]!.includes(`wf:${r.requestId}`));
    assert.deepEqual(await keys(storage, 'wc:'), [`wc:1|${PAGE_ID}|2`], 'the unclaimed call stays');
    assert.deepEqual(await keys(storage, 'wf:'), []);
  });

  test('a worker killed after the claim, before the removal: the next life neither joins the call again nor makes a record of it', async () => {
    const storage = new MemoryStorage();
    const clock = { t: Date.now() };
    const first = await life(storage, clock);
    await first.capture.witness(sender, msg(1, [call(1, `${API_ORIGIN}/c/1`, clock.t)]));
    const r = request(1);
    first.wire.start(r);
    first.wire.send(r);
    first.wire.respond(r, 200, [['Access-Control-Allow-Origin', PAGE]]);
    await task();
    first.wire.complete(r, 200);
    await task();
    await task();
    // Killed here: the GONE mark and the facts are in storage, their removal not yet issued.
    assert.equal((await storage.get(null))[`wc:1|${PAGE_ID}|1`], 0);
    assert.deepEqual(await keys(storage, 'wf:'), [`wf:${r.requestId}`], 'the facts key is still there');
    first.capture.dispose();
    const second = await life(storage, clock);
    assert.equal(second.capture.join.nextDeadline(), undefined, 'the claimed call did not come back: nothing waits');
    // An identical request later is not joined to the old call, and no call becomes a record.
    const again = { ...request(1), requestId: '900' };
    second.wire.start(again);
    await task();
    clock.t += JOIN_WINDOW_MS + AFTER_OUTCOME_MS + 1;
    second.capture.sweep();
    await task();
    await second.capture.flush();
    const records = await second.capture.readRecords(1);
    assert.deepEqual(records.map((x) => x.id).sort(), [r.requestId, '900'], 'no record made of the old call');
    assert.equal(records.find((x) => x.id === '900')?.witness, undefined, 'the new request is not given the old call');
    assert.equal(records.find((x) => x.id === r.requestId)?.witness?.credentials, 'include', 'the complete record keeps its facts');
    assert.deepEqual(await keys(storage, 'wc:'), [], 'the GONE mark removed by the next life');
    assert.deepEqual(await keys(storage, 'wf:'), [], 'the stale facts removed by the next life');
  });

  test('with nothing else to remove, what waits is removed after a quiet moment, in one call', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const storage = new CountingStorage();
      const { capture, clock, wire } = await life(storage);
      await capture.witness(
        sender,
        msg(
          1,
          [1, 2, 3].map((i) => call(i, `${API_ORIGIN}/c/${i}`, clock.t)),
        ),
      );
      for (const i of [1, 2, 3]) {
        const r = request(i);
        wire.start(r);
        wire.send(r);
        wire.respond(r, 200, [['Access-Control-Allow-Origin', PAGE]]);
        await task();
        wire.complete(r, 200);
        await task();
      }
      assert.equal(storage.removeCalls.length, 0);
      mock.timers.tick(2_000);
      await task();
      assert.equal(storage.removeCalls.length, 1, 'one remove() for all of them');
      assert.equal(storage.removeCalls[0]!.length, 6, 'three GONE calls and three facts keys');
      assert.deepEqual(await keys(storage, 'wc:'), []);
      assert.deepEqual(await keys(storage, 'wf:'), []);
    } finally {
      mock.timers.reset();
    }
  });
});
