// The witness facts of a record in flight are saved apart from it (`wf:id`, issue 10, cost):
// the join adding facts to a record between two of its network events used to write the whole
// record again, and every later event wrote the facts with it; in the bench's burst that was
// most of the witness's bytes. What must still hold: a worker killed at any point loses no fact
// and no event, the complete record carries its facts, and nothing is left behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import type { WitnessCall, WitnessMessage } from '../../../src/shared/witness-protocol.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { API_ORIGIN, PAGE, Wire, type FakeRequest } from '../../support/webrequest-fakes.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';
import { witnessCall } from '../../support/witness-fakes.ts';

const task = () => new Promise((r) => setImmediate(r));
const sender = { tabId: 1, frameId: 0, pageOrigin: PAGE };
const PAGE_ID = 'p'.repeat(16);
const ALLOW: Array<[string, string]> = [['Access-Control-Allow-Origin', '*']];

/** Remembers every set() call's items and every remove() call's keys. */
class WatchedStorage extends MemoryStorage {
  written: Array<Record<string, unknown>> = [];
  removedKeys: string[] = [];
  /** set() calls still to refuse (a full quota, a browser shutting down). */
  failNext = 0;
  override async set(items: Record<string, unknown>): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('QUOTA_BYTES quota exceeded');
    }
    this.written.push(items);
    return super.set(items);
  }
  override async remove(keys: string[]): Promise<void> {
    this.removedKeys.push(...keys);
    return super.remove(keys);
  }
  keys(): string[] {
    return this.written.flatMap((items) => Object.keys(items));
  }
}

async function life(storage: MemoryStorage, clock = { t: Date.now() }) {
  const capture = createCapture({ browser: 'chromium', version: '0', storage, badge: new FakeBadge(), now: () => clock.t });
  await capture.ready;
  const kill = async () => {
    await task(); // the task that handled the last event ends (its write is handed over) ...
    capture.dispose(); // ... then the worker is gone
  };
  return { capture, clock, kill, wire: new Wire(capture.handlers, 'chromium') };
}

const call = (seq: number, url: string, startedAt: number): WitnessCall => witnessCall(seq, url, startedAt, { site: 'load (https://app.example/app.js:3:5)' });
const msg = (n: number, entries: WitnessMessage['entries']): WitnessMessage => ({ type: 'witness', v: 1, page: PAGE_ID, n, entries, dropped: 0 });
const request = (id: string): FakeRequest => ({ requestId: id, url: `${API_ORIGIN}/r${id}`, method: 'GET', tabId: 1, type: 'xmlhttprequest', initiator: PAGE });
/** A key's value as stored (facts and records are JSON text). */
const stored = async (s: MemoryStorage, key: string): Promise<unknown> => {
  const value = (await s.get(null))[key];
  return typeof value === 'string' ? JSON.parse(value) : value;
};
const storedRecord = async (s: MemoryStorage, id: string): Promise<CaptureRecord> => {
  return (await stored(s, `r:${id}`)) as CaptureRecord;
};

/** A request in flight (sent, no response yet) whose call the page witness has just reported. */
async function joinedInFlight(storage: WatchedStorage) {
  const l = await life(storage);
  const r = request('7');
  l.wire.start(r);
  l.wire.send(r);
  await task();
  await l.capture.flush();
  storage.written = [];
  await l.capture.witness(sender, msg(1, [call(1, r.url, l.clock.t)]));
  await l.capture.flush();
  return { ...l, r };
}

describe('witness facts of a record in flight, saved apart', () => {
  test('joining a call to a record in flight writes its facts alone, not the record again', async () => {
    const storage = new WatchedStorage();
    const { capture } = await joinedInFlight(storage);
    const keys = storage.keys();
    assert.ok(keys.includes('wf:7'), `facts written: ${keys.join(', ')}`);
    assert.ok(!keys.includes('r:7'), 'the record did not change on the network side: not written again');
    assert.equal(((await stored(storage, 'wf:7')) as { credentials?: string }).credentials, 'include');
    assert.equal(typeof (await storage.get(null))['wf:7'], 'string', 'as JSON text: one string for storage to convert, not an object');
    assert.ok(!('witness' in (await storedRecord(storage, '7'))), 'the record in storage carries no facts while in flight');
    // In memory (the panel) the record has them.
    assert.equal((await capture.readRecords(1)).find((r) => r.id === '7')?.witness?.credentials, 'include');
  });

  test('its later network events write the record without the facts; completing writes them in, and wf: goes with a later removal', async (t) => {
    const storage = new WatchedStorage();
    const { capture, wire, r } = await joinedInFlight(storage);
    t.mock.timers.enable({ apis: ['setTimeout'] });
    storage.written = [];
    wire.respond(r, 200, ALLOW);
    await task();
    await capture.flush();
    assert.deepEqual(storage.keys(), ['r:7'], 'the response wrote the record only');
    assert.ok(!('witness' in (await storedRecord(storage, '7'))));
    wire.complete(r, 200);
    await task();
    await capture.flush();
    const done = await storedRecord(storage, '7');
    assert.equal(done.complete, true);
    assert.equal(done.witness?.credentials, 'include', 'the complete record carries its facts');
    // No remove() of its own (persistence.ts LAZY_REMOVALS): a restart would drop facts of a complete record anyway.
    assert.ok(!storage.removedKeys.includes('wf:7'));
    t.mock.timers.tick(2_000);
    await task();
    assert.ok(storage.removedKeys.includes('wf:7'), 'removed after a quiet moment');
    assert.equal(await stored(storage, 'wf:7'), undefined);
  });

  test('a worker killed after the join: the next life has the facts, and the completed record keeps them', async () => {
    const storage = new WatchedStorage();
    const first = await joinedInFlight(storage);
    await first.kill();
    const second = await life(storage, first.clock);
    const restored = (await second.capture.readRecords(1)).find((r) => r.id === '7');
    assert.equal(restored?.witness?.credentials, 'include', 'facts back on the record in flight');
    assert.equal(restored?.witness?.site, 'load (https://app.example/app.js:3:5)');
    second.wire.respond(first.r, 200, ALLOW);
    second.wire.complete(first.r, 200);
    await task();
    await second.capture.flush();
    const done = await storedRecord(storage, '7');
    assert.equal(done.witness?.credentials, 'include');
    // Killed again before wf:7's removal went out: the next life drops it and keeps the record's facts.
    second.capture.dispose();
    const third = await life(storage, first.clock);
    await third.capture.flush();
    assert.equal(await stored(storage, 'wf:7'), undefined, 'nothing left behind');
    assert.equal((await storedRecord(storage, '7')).witness?.credentials, 'include');
  });

  test('a cleared tab removes the facts of its records in flight; facts whose record is gone are dropped on restore', async () => {
    const storage = new WatchedStorage();
    const { capture } = await joinedInFlight(storage);
    capture.clearTab(1);
    await task();
    await capture.flush();
    assert.equal(await stored(storage, 'wf:7'), undefined);
    await storage.set({ 'wf:404': { api: 'fetch', mode: 'cors', credentials: 'omit', redirect: 'follow' } });
    capture.dispose();
    const next = await life(storage);
    await next.capture.flush();
    assert.equal(await stored(storage, 'wf:404'), undefined, 'an orphan is removed');
  });

  test('a refused write is made again in full: the next event rewrites the record text it skipped', async () => {
    const storage = new WatchedStorage();
    const l = await life(storage);
    const r = request('8');
    l.wire.start(r);
    storage.failNext = 1; // the write of the request's headers fails
    l.wire.send(r);
    await task();
    await l.capture.flush();
    // The failed write is retried: storage ends with the record as it is now.
    const saved = await storedRecord(storage, '8');
    assert.ok(Array.isArray(saved.requestHeaders), 'the headers the failed write held reached storage');
    await l.capture.witness(sender, msg(1, [call(1, r.url, l.clock.t)]));
    storage.failNext = 1; // the facts' write fails too
    await l.capture.flush();
    await task();
    await l.capture.flush();
    assert.equal(((await stored(storage, 'wf:8')) as { credentials?: string } | undefined)?.credentials, 'include', 'the facts were written again');
  });

  test('nothing is remembered once the records completed or went: no memory kept per record', async () => {
    const storage = new WatchedStorage();
    const l = await life(storage);
    const requests = Array.from({ length: 40 }, (_, i) => request(String(100 + i)));
    await l.capture.witness(
      sender,
      msg(
        1,
        requests.map((r, i) => call(i + 1, r.url, l.clock.t)),
      ),
    );
    for (const r of requests) {
      l.wire.start(r);
      l.wire.send(r);
      await task();
    }
    await l.capture.flush();
    assert.equal(l.capture.persistence.inFlightTracked, 80, "while in flight: each record's text and facts");
    for (const r of requests.slice(0, 20)) {
      l.wire.respond(r, 200, ALLOW);
      l.wire.complete(r, 200);
      await task();
    }
    l.capture.clearTab(1);
    await task();
    await l.capture.flush();
    assert.equal(l.capture.persistence.inFlightTracked, 0);
  });
});
