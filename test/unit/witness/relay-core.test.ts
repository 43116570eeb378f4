// The relay's logic: what it accepts from the page world, its bounds and rate limits, and the
// messages it makes for the background (always readable by readWitnessWire).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newPageId, RelayQueue } from '../../../src/witness/relay-core.ts';
import { CHANNEL_LIMITS, pageBatch } from '../../../src/witness/channel.ts';
import {
  isWitnessMessage,
  readWitnessWire,
  WITNESS_LIMITS,
  witnessEnabled,
  type WitnessCall,
  type WitnessEntry,
} from '../../../src/shared/witness-protocol.ts';
import { encodeBatch } from '../../../src/shared/witness-codec.ts';
import { witnessCall } from '../../support/witness-fakes.ts';

const PAGE = 'abcdef0123456789abcdef0123456789';
const call = (seq: number, url = 'http://127.0.0.1:9/x'): WitnessCall => witnessCall(seq, url, 1_700_000_000_000);
const batch = (entries: unknown[], dropped = 0) => pageBatch(entries.length, dropped, JSON.stringify(encodeBatch(entries as WitnessEntry[])));

test('the switch is on unless settings.witness is false', () => {
  assert.equal(witnessEnabled(undefined), true);
  assert.equal(witnessEnabled({}), true);
  assert.equal(witnessEnabled({ onlyWithDevtools: true }), true);
  assert.equal(witnessEnabled({ witness: true }), true);
  assert.equal(witnessEnabled({ witness: 'false' }), true);
  assert.equal(witnessEnabled({ witness: false }), false);
});

test('a page id is 32 random hex digits', () => {
  const id = newPageId((b) => b.fill(0xab));
  assert.equal(id, 'ab'.repeat(16));
  assert.equal(isWitnessMessage({ type: 'witness', v: 1, page: id, n: 1, entries: [], dropped: 1 }), true);
});

test("the page's batches go on as the page wrote them, in order, with the page id, the page's drops and a number", () => {
  const q = new RelayQueue(PAGE);
  const first = [call(1), { kind: 'outcome', seq: 1, endedAt: 1_700_000_000_100, outcome: { kind: 'beacon', queued: true } }];
  assert.equal(q.accept(batch(first, 5), 0), 2);
  assert.equal(q.accept(batch([call(2)]), 0), 1);
  assert.equal(q.size, 3);
  const out = q.take();
  assert.ok(out);
  assert.equal(out.count, 3);
  assert.deepEqual(out.message, {
    type: 'witness',
    v: 2,
    page: PAGE,
    n: 1,
    batches: [JSON.stringify(encodeBatch(first as WitnessEntry[])), JSON.stringify(encodeBatch([call(2)]))],
    dropped: 5,
  });
  const read = readWitnessWire(structuredClone(out.message));
  assert.ok(read && isWitnessMessage(read));
  assert.deepEqual(
    read.entries.map((e) => e.seq),
    [1, 1, 2],
  );
  assert.equal(q.take(), null, 'nothing left');
  q.accept(batch([call(3)]), 0);
  assert.equal(q.take()?.message.n, 2, 'numbered per page, from 1');
});

test('batches that are not the protocol are ignored; a batch of drops alone is counted', () => {
  const q = new RelayQueue(PAGE);
  for (const detail of [
    undefined,
    null,
    42,
    { v: 1, entries: [call(1)] },
    'not a batch',
    JSON.stringify({ v: 1, dropped: 0, entries: [call(1)] }),
    '1:0:{"a":1}',
    '1::[]',
    ':0:[]',
    '-1:0:[]',
    '1.5:0:[]',
    '0:0:[]',
    `${CHANNEL_LIMITS.batchEntries + 1}:0:[]`,
    `1:0:[${' '.repeat(CHANNEL_LIMITS.batchChars)}]`,
  ]) {
    assert.equal(q.accept(detail, 0), 0, String(detail).slice(0, 40));
  }
  assert.equal(q.due, false);
  assert.equal(q.accept('0:7:[]', 0), 0);
  assert.equal(q.take()?.message.dropped, 7);
});

test('the queue is bounded: beyond it entries are counted as dropped, and none is lost from the count', () => {
  const q = new RelayQueue(PAGE);
  let t = 0;
  for (let sent = 0; sent < CHANNEL_LIMITS.relayQueue + 100; sent += 500, t += 1000) {
    q.accept(batch(Array.from({ length: 500 }, (_, i) => call(sent + i + 1))), t);
  }
  assert.ok(q.size <= CHANNEL_LIMITS.relayQueue);
  let total = 0;
  let dropped = 0;
  for (let out = q.take(); out; out = q.take()) {
    const read = readWitnessWire(structuredClone(out.message));
    assert.ok(read && isWitnessMessage(read));
    assert.ok(read.entries.length <= WITNESS_LIMITS.entriesPerMessage);
    assert.equal(read.entries.length, out.count);
    total += read.entries.length;
    dropped += read.dropped;
  }
  assert.equal(total, Math.floor(CHANNEL_LIMITS.relayQueue / 500) * 500);
  assert.equal(total + dropped, Math.ceil((CHANNEL_LIMITS.relayQueue + 100) / 500) * 500);
});

test('the queue is bounded in characters too', () => {
  const q = new RelayQueue(PAGE);
  const long = `http://a.test/?${'u'.repeat(WITNESS_LIMITS.url - 20)}`;
  let kept = 0;
  let offered = 0;
  for (let i = 0; i < 40; i++) {
    const entries = Array.from({ length: 50 }, (_, k) => call(i * 50 + k + 1, long));
    offered += 50;
    kept += q.accept(batch(entries), i * 1000);
  }
  assert.ok(kept < offered, 'a page cannot make the relay hold unbounded text');
  let dropped = 0;
  for (let out = q.take(); out; out = q.take()) dropped += out.message.dropped;
  assert.equal(kept + dropped, offered);
});

test('a page that floods batches is rate-limited per second', () => {
  const q = new RelayQueue(PAGE);
  let kept = 0;
  for (let i = 0; i < 1000; i++) kept += q.accept(batch([call(i + 1)]), 500);
  assert.equal(kept, CHANNEL_LIMITS.batchesPerSecond);
  assert.equal(q.accept(batch([call(2000)]), 1600), 1, 'the next second starts afresh');
});

test('messages stay within the bounds of characters, batches and entries', () => {
  const q = new RelayQueue(PAGE);
  const long = `http://a.test/?${'u'.repeat(WITNESS_LIMITS.url - 20)}`;
  for (let i = 0; i < 6; i++) q.accept(batch(Array.from({ length: 30 }, (_, k) => call(i * 30 + k + 1, long))), 0);
  for (let i = 0; i < 40; i++) q.accept(batch([call(1000 + i)]), 2000);
  const sizes: number[] = [];
  for (let out = q.take(); out; out = q.take()) {
    const chars = out.message.batches.reduce((a, b) => a + b.length, 0);
    assert.ok(chars <= WITNESS_LIMITS.wireChars);
    assert.ok(out.message.batches.length <= WITNESS_LIMITS.batchesPerMessage);
    assert.ok(readWitnessWire(structuredClone(out.message)), 'every message passes the background check');
    sizes.push(out.count);
  }
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    220,
  );
  assert.ok(sizes.length > 1);
});

test('whatever the page dispatches, every message the relay makes is read by the background', () => {
  const hostile = fc.oneof(
    fc.anything(),
    fc
      .array(fc.oneof(fc.jsonValue(), fc.constant((encodeBatch([call(1)]) as unknown[])[1])), { maxLength: 30 })
      .map((items) => pageBatch(items.length, 0, JSON.stringify([[], ...items]))),
    fc.tuple(fc.nat({ max: 600 }), fc.nat(), fc.string()).map(([c, d, rest]) => `${c}:${d}:[${rest}`),
    fc.json(),
  );
  fc.assert(
    fc.property(fc.array(hostile, { maxLength: 20 }), (details) => {
      const q = new RelayQueue(PAGE);
      for (const d of details) q.accept(d, 0);
      for (let out = q.take(); out; out = q.take()) {
        const read = readWitnessWire(structuredClone(out.message));
        assert.ok(read !== null && isWitnessMessage(read), JSON.stringify(out.message).slice(0, 200));
        assert.equal(read.n, out.message.n);
      }
    }),
    { numRuns: 300 },
  );
});

test('the background puts URLs in their normal form and leaves out just the entry that fails its check', () => {
  const q = new RelayQueue(PAGE);
  // As the page passes absolute URLs on (upper-case host, dot segment, fragment), another scheme, a relative URL.
  q.accept(batch([call(1), call(2, 'http://API.test/a/../b'), call(3), call(4, 'http://a.test/#x'), call(5, 'javascript:1'), call(6, '/relative')]), 0);
  const out = q.take();
  assert.ok(out);
  const read = readWitnessWire(structuredClone(out.message));
  assert.ok(read && isWitnessMessage(read));
  assert.deepEqual(
    read.entries.map((e) => [e.seq, e.kind === 'call' ? e.url : '']),
    [
      [1, 'http://127.0.0.1:9/x'],
      [2, 'http://api.test/b'],
      [3, 'http://127.0.0.1:9/x'],
      [4, 'http://a.test/'],
    ],
  );
  assert.equal(read.dropped, 2);
});

test('a message given up on counts its entries and drops in the next', () => {
  const q = new RelayQueue(PAGE);
  q.accept(batch([call(1), call(2)], 1), 0);
  const out = q.take();
  assert.ok(out);
  q.lost(out);
  assert.equal(q.take()?.message.dropped, 3);
});

test('clear forgets everything', () => {
  const q = new RelayQueue(PAGE);
  q.accept(batch([call(1)], 3), 0);
  q.clear();
  assert.equal(q.due, false);
  assert.equal(q.size, 0);
  assert.equal(q.take(), null);
});
