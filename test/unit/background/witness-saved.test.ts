// The page witness join's state in storage.session, one key per piece (issue 10, cost): a
// burst leaves hundreds of calls waiting, and saving them whole on every message wrote ~100 KB
// each time. Now a message writes only what it changed; a call that is claimed, expires, falls
// out of the bound or belongs to a cleared tab is removed; a next life gets the same state back
// (in order), and damaged pieces are dropped from memory and from storage.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AFTER_OUTCOME_MS, JOIN_WINDOW_MS, MAX_PENDING_PER_TAB } from '../../../src/background/witness-join.ts';
import type { WitnessCall, WitnessMessage } from '../../../src/shared/witness-protocol.ts';
import { API_ORIGIN, PAGE } from '../../support/webrequest-fakes.ts';
import { MemoryStorage } from '../../support/fake-extension.ts';
import { witnessCall, witnessLife } from '../../support/witness-fakes.ts';

const task = () => new Promise((r) => setImmediate(r));
const sender = { tabId: 1, frameId: 0, pageOrigin: PAGE };
const PAGE_ID = 'p'.repeat(16);

/** Remembers every set() call's keys. */
class WatchedStorage extends MemoryStorage {
  written: string[][] = [];
  override async set(items: Record<string, unknown>): Promise<void> {
    this.written.push(Object.keys(items));
    return super.set(items);
  }
}

const life = witnessLife;

const call = (seq: number, url: string, startedAt: number): WitnessCall => witnessCall(seq, url, startedAt);
const msg = (n: number, entries: WitnessMessage['entries'], page = PAGE_ID): WitnessMessage => ({ type: 'witness', v: 1, page, n, entries, dropped: 0 });
const calls = (from: number, count: number, t: number) => Array.from({ length: count }, (_, i) => call(from + i, `${API_ORIGIN}/c/${from + i}`, t));

/** The calls storage holds (a key overwritten with 0 is a call gone, its key removed later: persistence.ts GONE). */
const savedCalls = async (s: MemoryStorage) =>
  Object.entries(await s.get(null))
    .filter(([k, v]) => k.startsWith('wc:') && v !== 0)
    .map(([k]) => k)
    .sort();
const keyOf = (seq: number, tab = 1, page = PAGE_ID) => `wc:${tab}|${page}|${seq}`;

describe('the witness join saved piece by piece', () => {
  test('a message writes only the calls it brought and its page number, not the calls already waiting', async () => {
    const storage = new WatchedStorage();
    const { capture, clock } = await life(storage);
    await capture.witness(sender, msg(1, calls(1, 200, clock.t)));
    assert.equal((await savedCalls(storage)).length, 200);
    storage.written = [];
    await capture.witness(sender, msg(2, calls(201, 1, clock.t)));
    const keys = storage.written.flat();
    assert.deepEqual(
      keys.filter((k) => k.startsWith('wc:')),
      [keyOf(201)],
    );
    assert.deepEqual(
      keys.filter((k) => k.startsWith('wa:')),
      [`wa:1|${PAGE_ID}`],
    );
    assert.ok(!keys.includes('witness'), 'the epochs did not change: not written');
  });

  test('an outcome rewrites its call alone; a record claiming a call removes it', async () => {
    const storage = new WatchedStorage();
    const { capture, clock, wire } = await life(storage);
    await capture.witness(sender, msg(1, calls(1, 3, clock.t)));
    storage.written = [];
    await capture.witness(
      sender,
      msg(2, [{ kind: 'outcome', seq: 2, endedAt: clock.t + 1, outcome: { kind: 'resolved', type: 'cors', status: 200, redirected: false } }]),
    );
    assert.deepEqual(
      storage.written.flat().filter((k) => k.startsWith('wc:')),
      [keyOf(2)],
    );
    // Stored as JSON text (persistence.ts: a string costs the worker less to hand over).
    const saved = JSON.parse((await storage.get(null))[keyOf(2)] as string) as { outcome?: unknown };
    assert.ok(saved.outcome, 'the saved call has its outcome');
    // The network side of call 1 arrives: the call is claimed, no longer waiting.
    const r = { requestId: '9', url: `${API_ORIGIN}/c/1`, method: 'GET', tabId: 1, type: 'xmlhttprequest', initiator: PAGE };
    wire.start(r);
    wire.send(r);
    await task();
    await capture.flush();
    assert.deepEqual(await savedCalls(storage), [keyOf(2), keyOf(3)]);
  });

  test('expired calls and a cleared tab leave nothing in storage', async () => {
    const storage = new MemoryStorage();
    const { capture, clock } = await life(storage);
    await capture.witness(sender, msg(1, calls(1, 2, clock.t)));
    await capture.witness({ ...sender, tabId: 2 }, msg(1, calls(1, 2, clock.t)));
    assert.equal((await savedCalls(storage)).length, 4);
    capture.clearTab(2);
    await task();
    await capture.flush();
    assert.deepEqual(await savedCalls(storage), [keyOf(1), keyOf(2)]);
    assert.ok(Array.isArray(((await storage.get(null)).witness as { since?: unknown }).since), 'the new epoch is saved');
    clock.t += JOIN_WINDOW_MS + 1;
    await task();
    capture.sweep();
    await task();
    await capture.flush();
    assert.deepEqual(await savedCalls(storage), []);
    assert.equal((await capture.readRecords(1)).length, 2, 'they became records of their own');
  });

  test('a closed tab leaves no piece of the witness state behind', async () => {
    const storage = new MemoryStorage();
    const { capture, clock } = await life(storage);
    await capture.witness(sender, msg(1, calls(1, 3, clock.t)));
    await capture.witness(sender, msg(1, calls(1, 1, clock.t), 'q'.repeat(16)));
    capture.tabClosed(1);
    await capture.ready;
    await capture.flush();
    assert.deepEqual(
      Object.keys(await storage.get(null)).filter((k) => k.startsWith('w')),
      [],
    );
  });

  test('calls over the bound per tab are removed from storage as they fall out', async () => {
    const storage = new MemoryStorage();
    const { capture, clock } = await life(storage);
    // Messages carry at most 256 entries.
    const full = MAX_PENDING_PER_TAB / 256;
    for (let m = 0; m < full; m++) await capture.witness(sender, msg(m + 1, calls(m * 256 + 1, 256, clock.t)));
    await capture.witness(sender, msg(full + 1, calls(MAX_PENDING_PER_TAB + 1, 10, clock.t)));
    const saved = await savedCalls(storage);
    assert.equal(saved.length, MAX_PENDING_PER_TAB);
    assert.ok(!saved.includes(keyOf(1)) && !saved.includes(keyOf(10)) && saved.includes(keyOf(11)) && saved.includes(keyOf(MAX_PENDING_PER_TAB + 10)));
  });

  test('the next life gets the waiting calls back in order and knows the messages applied; damaged pieces are dropped, also from storage', async () => {
    const storage = new MemoryStorage();
    const clock = { t: Date.now() };
    const first = await life(storage, clock);
    await first.capture.witness(sender, msg(1, [call(1, `${API_ORIGIN}/a`, clock.t)]));
    clock.t += 5;
    await first.capture.witness(sender, msg(2, [call(2, `${API_ORIGIN}/b`, clock.t)]));
    first.capture.dispose();
    await storage.set({
      [keyOf(99)]: { page: PAGE_ID, call: { seq: 99 } }, // no URL
      [keyOf(98, 1, 'x'.repeat(16))]: { page: PAGE_ID, receivedAt: 0, call: { seq: 98, url: `${API_ORIGIN}/z` } }, // key and content disagree
      'wa:1|damaged': 'not a number',
    });
    const second = await life(storage, clock);
    // Sent again after a lost ack: recognised.
    await second.capture.witness(sender, msg(2, [call(2, `${API_ORIGIN}/b`, clock.t)]));
    assert.equal(second.capture.join.repeated, 1);
    await second.capture.flush();
    assert.deepEqual(await savedCalls(storage), [keyOf(1), keyOf(2)], 'damaged calls removed');
    assert.ok(!('wa:1|damaged' in (await storage.get(null))));
    clock.t += JOIN_WINDOW_MS + AFTER_OUTCOME_MS;
    await task();
    second.capture.sweep();
    await task();
    await second.capture.flush();
    const records = await second.capture.readRecords(1);
    assert.deepEqual(
      records.map((r) => r.url),
      [`${API_ORIGIN}/a`, `${API_ORIGIN}/b`],
      'both calls became records, in call order',
    );
    assert.ok(records.every((r) => r.witness?.credentials === 'include'));
  });
});
