// The relay's logic: what it accepts from the page world, its bounds and rate limits, and the
// messages it makes for the background (always valid per isWitnessMessage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newPageId, RelayQueue, witnessEnabled } from '../../../src/witness/relay-core.ts';
import { CHANNEL_LIMITS } from '../../../src/witness/channel.ts';
import { isWitnessMessage, readWitnessMessage, WITNESS_LIMITS, type WitnessCall } from '../../../src/shared/witness-protocol.ts';
import { witnessCall } from '../../support/witness-fakes.ts';

const PAGE = 'abcdef0123456789abcdef0123456789';
const call = (seq: number, url = 'http://127.0.0.1:9/x'): WitnessCall => witnessCall(seq, url, 1_700_000_000_000);
const envelope = (entries: unknown[], dropped = 0) => JSON.stringify({ v: 1, dropped, entries });

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

test('valid entries are kept, bad ones dropped one by one; the message carries the page id and the drops', () => {
  const q = new RelayQueue(PAGE);
  const kept = q.accept(
    envelope(
      [call(1), { ...call(2), url: 'javascript:1' }, { kind: 'outcome', seq: 1, endedAt: 1_700_000_000_100, outcome: { kind: 'beacon', queued: true } }],
      5,
    ),
    0,
  );
  assert.equal(kept, 2);
  const m = q.take();
  assert.ok(m && isWitnessMessage(m));
  assert.equal(m.page, PAGE);
  assert.equal(m.dropped, 5);
  assert.deepEqual(
    m.entries.map((e) => e.seq),
    [1, 1],
  );
  assert.equal(q.take(), null, 'nothing left');
});

test('envelopes that are not the protocol are ignored', () => {
  const q = new RelayQueue(PAGE);
  for (const detail of [
    undefined,
    null,
    42,
    { v: 1, entries: [call(1)] }, // an object, not its JSON
    'not json',
    '[]',
    JSON.stringify({ v: 2, dropped: 0, entries: [call(1)] }),
    JSON.stringify({ v: 1, dropped: 0, entries: {} }),
    JSON.stringify({ v: 1, dropped: 0, entries: Array(CHANNEL_LIMITS.envelopeEntries + 1).fill(call(1)) }),
    'x'.repeat(CHANNEL_LIMITS.envelopeChars + 1),
  ]) {
    assert.equal(q.accept(detail, 0), 0);
  }
  assert.equal(q.due, false);
});

test('the queue is bounded: beyond it entries are counted as dropped', () => {
  const q = new RelayQueue(PAGE);
  let t = 0;
  for (let sent = 0; sent < CHANNEL_LIMITS.relayQueue + 100; sent += 500, t += 1000) {
    q.accept(envelope(Array.from({ length: 500 }, (_, i) => call(sent + i + 1))), t);
  }
  assert.equal(q.size, CHANNEL_LIMITS.relayQueue);
  let total = 0;
  let dropped = 0;
  for (let m = q.take(); m; m = q.take()) {
    assert.ok(isWitnessMessage(m));
    assert.ok(m.entries.length <= WITNESS_LIMITS.entriesPerMessage);
    total += m.entries.length;
    dropped += m.dropped;
  }
  assert.equal(total, CHANNEL_LIMITS.relayQueue);
  assert.equal(total + dropped, Math.ceil((CHANNEL_LIMITS.relayQueue + 100) / 500) * 500);
});

test('a page that floods envelopes is rate-limited per second', () => {
  const q = new RelayQueue(PAGE);
  let kept = 0;
  for (let i = 0; i < 1000; i++) kept += q.accept(envelope([call(i + 1)]), 500);
  assert.equal(kept, CHANNEL_LIMITS.envelopesPerSecond);
  assert.equal(q.accept(envelope([call(2000)]), 1600), 1, 'the next second starts afresh');
});

test('messages stay within the character bound with long URLs', () => {
  const q = new RelayQueue(PAGE);
  const long = `http://a.test/?${'u'.repeat(WITNESS_LIMITS.url - 20)}`;
  q.accept(envelope(Array.from({ length: 200 }, (_, i) => call(i + 1, long))), 0);
  const sizes: number[] = [];
  for (let m = q.take(); m; m = q.take()) {
    assert.ok(isWitnessMessage(m), 'every message passes the background check');
    sizes.push(m.entries.length);
  }
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    200,
  );
  assert.ok(sizes.length > 1);
});

test('whatever the page dispatches, every message the relay makes is valid', () => {
  const hostile = fc.oneof(
    fc.anything(),
    fc.array(fc.oneof(fc.anything(), fc.constant(call(1))), { maxLength: 30 }).map((entries) => envelope(entries)),
    fc.json(),
  );
  fc.assert(
    fc.property(fc.array(hostile, { maxLength: 20 }), (details) => {
      const q = new RelayQueue(PAGE);
      for (const d of details) q.accept(d, 0);
      for (let m = q.take(); m; m = q.take()) {
        const read = readWitnessMessage(structuredClone(m));
        assert.ok(read !== null && isWitnessMessage(read), JSON.stringify(m));
        assert.equal(read.n, m.n);
      }
    }),
    { numRuns: 300 },
  );
});

test("the relay checks a URL's shape only; the background parses it and leaves out just the entry that fails", () => {
  const q = new RelayQueue(PAGE);
  // Shape-valid, but not the normalised form a URL parse gives (upper-case host, dot segment).
  const odd = 'http://API.test/a/../b';
  assert.equal(q.accept(envelope([call(1), call(2, odd), call(3)]), 0), 3, "no URL parse on the page's thread");
  assert.equal(
    q.accept(envelope([call(4, 'http://a.test/#x'), call(5, 'http://a b.test/'), call(6, 'javascript:1')]), 0),
    0,
    'a fragment, a space or another scheme fail the shape',
  );
  const m = q.take();
  assert.ok(m);
  const read = readWitnessMessage(structuredClone(m));
  assert.ok(read && isWitnessMessage(read));
  assert.deepEqual(
    read.entries.map((e) => e.seq),
    [1, 3],
  );
  assert.equal(read.dropped, m.dropped + 1);
});

test('clear forgets everything', () => {
  const q = new RelayQueue(PAGE);
  q.accept(envelope([call(1)], 3), 0);
  q.clear();
  assert.equal(q.due, false);
  assert.equal(q.take(), null);
});
