// The relay's logic: what it accepts from the page world, its bounds and rate limits, and the
// messages it makes for the background (always valid per isWitnessMessage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_ENVELOPE_CHARS, newPageId, RelayQueue, witnessEnabled } from '../../../src/witness/relay-core.ts';
import { CHANNEL_LIMITS } from '../../../src/witness/channel.ts';
import { isWitnessMessage, readWitnessMessage, WITNESS_LIMITS, type WitnessCall } from '../../../src/shared/witness-protocol.ts';

const PAGE = 'abcdef0123456789abcdef0123456789';
const call = (seq: number, url = 'http://127.0.0.1:9/x'): WitnessCall => ({
  kind: 'call',
  seq,
  api: 'fetch',
  url,
  method: 'GET',
  mode: 'cors',
  credentials: 'include',
  redirect: 'follow',
  startedAt: 1_700_000_000_000,
});
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

test('envelopes go to the background as the page wrote them; it keeps the good entries and counts the rest', () => {
  const q = new RelayQueue(PAGE);
  const text = envelope([call(1), { ...call(2), url: 'javascript:1' }, { kind: 'outcome', seq: 1, endedAt: 1_700_000_000_100, outcome: { kind: 'beacon', queued: true } }], 5);
  assert.equal(q.accept(text, 0), true);
  const m = q.take();
  assert.ok(m);
  assert.deepEqual(m.envelopes, [text], 'forwarded unparsed');
  assert.equal(m.page, PAGE);
  const read = readWitnessMessage(structuredClone(m));
  assert.ok(read && isWitnessMessage(read));
  assert.deepEqual(read.entries.map((e) => e.seq), [1, 1]);
  assert.equal(read.dropped, 5 + 1, 'the page\'s own drops and the bad entry');
  assert.equal(q.take(), null, 'nothing left');
});

test('what is not a string, or too long, is dropped by the relay; what is not the protocol is dropped by the background', () => {
  const q = new RelayQueue(PAGE);
  for (const detail of [undefined, null, 42, { v: 1, entries: [call(1)] }, '', 'x'.repeat(MAX_ENVELOPE_CHARS + 1)]) {
    assert.equal(q.accept(detail, 0), false);
  }
  for (const detail of ['not json', '[]', JSON.stringify({ v: 2, dropped: 0, entries: [call(1)] }), JSON.stringify({ v: 1, dropped: 0, entries: {} }),
    JSON.stringify({ v: 1, dropped: 0, entries: Array(WITNESS_LIMITS.envelopeEntries + 1).fill(call(1)) }), JSON.stringify({ v: 1, dropped: -1, entries: [] }),
    JSON.stringify({ v: 1, dropped: 0, entries: [call(1)], extra: 1 })]) {
    assert.equal(q.accept(detail, 0), true, 'the relay does not look inside');
  }
  const m = q.take();
  assert.ok(m);
  const read = readWitnessMessage(structuredClone(m));
  assert.ok(read && isWitnessMessage(read));
  assert.deepEqual(read.entries, []);
  assert.equal(read.dropped, 1 + 7, 'the too long one dropped by the relay (what is no string is ignored), seven envelopes by the background');
});

test('the queue is bounded in envelopes and characters: beyond it envelopes are counted as dropped', () => {
  const q = new RelayQueue(PAGE);
  let t = 0;
  let kept = 0;
  const text = envelope(Array.from({ length: 100 }, (_, i) => call(i + 1)));
  for (let i = 0; i < CHANNEL_LIMITS.relayQueue + 50; i++, t += 100) if (q.accept(text, t)) kept++;
  assert.equal(kept, Math.min(CHANNEL_LIMITS.relayQueue, Math.floor(CHANNEL_LIMITS.relayQueueChars / text.length)));
  let envelopes = 0;
  let dropped = 0;
  for (let m = q.take(); m; m = q.take()) {
    assert.ok(m.envelopes.length <= WITNESS_LIMITS.envelopesPerMessage);
    assert.ok(m.envelopes.reduce((a, e) => a + e.length, m.page.length) <= WITNESS_LIMITS.messageChars);
    assert.ok(readWitnessMessage(m), 'every message is readable');
    envelopes += m.envelopes.length;
    dropped += m.dropped;
  }
  assert.equal(envelopes, kept);
  assert.equal(envelopes + dropped, CHANNEL_LIMITS.relayQueue + 50);
  assert.equal(q.accept(text, t), true, 'room again once sent');
});

test('a page that floods envelopes is rate-limited per second', () => {
  const q = new RelayQueue(PAGE);
  let kept = 0;
  for (let i = 0; i < 1000; i++) if (q.accept(envelope([call(i + 1)]), 500)) kept++;
  assert.equal(kept, CHANNEL_LIMITS.envelopesPerSecond);
  assert.equal(q.accept(envelope([call(2000)]), 1600), true, 'the next second starts afresh');
});

test('messages stay within the character bound with long URLs, and the background reads them all', () => {
  const q = new RelayQueue(PAGE);
  const long = `http://a.test/?${'u'.repeat(WITNESS_LIMITS.url - 20)}`;
  for (let k = 0; k < 10; k++) q.accept(envelope(Array.from({ length: 20 }, (_, i) => call(k * 20 + i + 1, long))), k);
  let entries = 0;
  let messages = 0;
  for (let m = q.take(); m; m = q.take()) {
    const read = readWitnessMessage(structuredClone(m));
    assert.ok(read && isWitnessMessage(read), 'every message passes the background check');
    entries += read.entries.length;
    messages++;
  }
  assert.equal(entries, 200);
  assert.ok(messages > 1);
});

test('whatever the page dispatches, every message the relay makes is read by the background as valid', () => {
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
        assert.ok(read === null || isWitnessMessage(read), JSON.stringify(m));
        if (read) assert.equal(read.n, m.n);
      }
    }),
    { numRuns: 300 },
  );
});

test('clear forgets everything', () => {
  const q = new RelayQueue(PAGE);
  q.accept(envelope([call(1)], 3), 0);
  q.clear();
  assert.equal(q.due, false);
  assert.equal(q.take(), null);
});
