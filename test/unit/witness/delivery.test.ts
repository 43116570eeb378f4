// The relay's acknowledged delivery (relay-core.ts `Delivery`): a message counts as delivered
// only when the background answers `{ ack: n }`; until then it is sent again. Faults are
// injected on every send (lost on the way, applied but the answer lost, no answer at all), and
// a model of the background (which applies each number once, as WitnessJoin does) must end up
// with every entry exactly once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACK_TIMEOUT_MS, Delivery, MAX_ATTEMPTS, RelayQueue, type DeliveryDeps } from '../../../src/witness/relay-core.ts';
import { CHANNEL_LIMITS, pageBatch } from '../../../src/witness/channel.ts';
import { encodeBatch } from '../../../src/shared/witness-codec.ts';
import { isWitnessMessage, readWitnessWire, type WitnessCall, type WitnessWire } from '../../../src/shared/witness-protocol.ts';
import { witnessCall } from '../../support/witness-fakes.ts';

const PAGE = 'abcdef0123456789abcdef0123456789';
const call = (seq: number): WitnessCall => witnessCall(seq, `http://127.0.0.1:9/x${seq}`, 1_700_000_000_000);
const envelope = (seqs: number[]) => pageBatch(seqs.length, 0, JSON.stringify(encodeBatch(seqs.map(call))));

/** What happens to one send. */
type Fault = 'ok' | 'lost' | 'answer-lost' | 'silent' | 'throws' | 'slow-ok';

/** Virtual time: timers run in order when the clock advances; promises settle between them. */
class World {
  t = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private ids = 0;
  setTimer = (run: () => void, ms: number) => {
    const id = ++this.ids;
    this.timers.set(id, { at: this.t + ms, run });
    return id;
  };
  clearTimer = (id: unknown) => void this.timers.delete(id as number);
  now = () => this.t;
  /** Runs every timer due up to `until`, letting promises settle after each. */
  async advance(until: number): Promise<void> {
    for (;;) {
      await flushPromises();
      let next: [number, { at: number; run: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= until && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].run();
    }
    this.t = Math.max(this.t, until);
    await flushPromises();
  }
}
const flushPromises = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** The background as the join behaves: applies a page's message numbers once, in order. */
class Background {
  applied = 0;
  entries: number[] = [];
  dropped = 0;
  receive(wire: WitnessWire): void {
    const m = readWitnessWire(wire);
    assert.ok(m && isWitnessMessage(m), 'every send is a valid message');
    if (m.n <= this.applied) return;
    this.applied = m.n;
    for (const e of m.entries) this.entries.push(e.seq);
    this.dropped += m.dropped;
  }
}

/** A relay queue and its delivery, on `world`'s timers, each message sent through `send`. */
function relay(send: DeliveryDeps['send'], world = new World()) {
  const queue = new RelayQueue(PAGE);
  const delivery = new Delivery(queue, { send, setTimer: world.setTimer, clearTimer: world.clearTimer, now: world.now });
  return { queue, delivery, world };
}

/** A relay whose sends meet `faults()`, to a model of the background. */
function rig(faults: () => Fault, world = new World()) {
  const bg = new Background();
  const sends: number[] = [];
  const { queue, delivery } = relay((m) => {
    sends.push(m.n);
    const fault = faults();
    if (fault === 'throws') throw new Error('Extension context invalidated');
    if (fault === 'lost') return Promise.reject(new Error('Could not establish connection'));
    if (fault === 'silent') return new Promise(() => undefined);
    bg.receive(structuredClone(m));
    if (fault === 'answer-lost') return Promise.reject(new Error('The message port closed before a response was received'));
    if (fault === 'slow-ok') return new Promise((r) => world.setTimer(() => r({ ack: m.n }), ACK_TIMEOUT_MS + 500));
    return Promise.resolve({ ack: m.n });
  }, world);
  return { queue, bg, sends, delivery, world };
}

test('one message at a time: the next goes only after the background acknowledged the previous', async () => {
  let answer: ((v: unknown) => void) | undefined;
  const sent: WitnessWire[] = [];
  const { queue, delivery, world } = relay((m) => {
    sent.push(m);
    return new Promise((r) => (answer = r));
  });
  queue.accept(envelope([1]), 0);
  delivery.kick();
  await world.advance(0);
  assert.equal(sent.length, 1);
  queue.accept(envelope([2]), 10);
  delivery.kick();
  await world.advance(1000);
  assert.equal(sent.length, 1, 'message 2 waits for the answer to message 1');
  answer?.({ ack: 1 });
  await world.advance(1000 + CHANNEL_LIMITS.relaySendMs);
  assert.deepEqual(
    sent.map((w) => [w.n, readWitnessWire(w)?.entries.map((e) => e.seq)]),
    [
      [1, [1]],
      [2, [2]],
    ],
  );
});

test('a message whose send failed is sent again with the same number; an answer that is not its ack does not count', async () => {
  const faults: Fault[] = ['lost', 'answer-lost', 'ok'];
  const { queue, bg, sends, delivery, world } = rig(() => faults.shift() ?? 'ok');
  queue.accept(envelope([1, 2]), 0);
  delivery.kick();
  await world.advance(10_000);
  assert.deepEqual(sends, [1, 1, 1]);
  assert.deepEqual(bg.entries, [1, 2], 'applied once although it arrived twice');
  assert.equal(delivery.stats.resent, 2);

  // A background that answers something else (an older build, another listener) is not an ack.
  const numbers: number[] = [];
  const other = relay((m) => {
    numbers.push(m.n);
    return Promise.resolve(undefined);
  });
  other.queue.accept(envelope([1]), 0);
  other.delivery.kick();
  await other.world.advance(30_000);
  assert.equal(numbers.filter((n) => n === 1).length, MAX_ATTEMPTS, 'sent again up to the limit, then given up');
  assert.ok(numbers.includes(2), 'then the next message (carrying the drop count) goes');
});

test('no answer within the timeout: sent again; a late ack of the first send is accepted', async () => {
  const faults: Fault[] = ['slow-ok', 'silent'];
  const { queue, bg, sends, delivery, world } = rig(() => faults.shift() ?? 'ok');
  queue.accept(envelope([1]), 0);
  delivery.kick();
  await world.advance(ACK_TIMEOUT_MS + 1);
  assert.deepEqual(sends, [1], 'the first send timed out');
  await world.advance(ACK_TIMEOUT_MS + 200);
  assert.deepEqual(sends, [1, 1], 'sent again after its pause');
  await world.advance(30_000);
  assert.deepEqual(sends, [1, 1], 'the late ack of the first send ended it');
  assert.deepEqual(bg.entries, [1]);
  queue.accept(envelope([2]), world.t);
  delivery.kick();
  await world.advance(world.t + 1000);
  assert.deepEqual(bg.entries, [1, 2], 'and the next message goes');
});

test('a message never acknowledged is given up after MAX_ATTEMPTS; its entries count as dropped in the next', async () => {
  let failures = MAX_ATTEMPTS;
  const { queue, bg, delivery, world } = rig(() => (failures-- > 0 ? 'lost' : 'ok'));
  queue.accept(envelope([1, 2, 3]), 0);
  delivery.kick();
  await world.advance(120_000);
  assert.equal(delivery.stats.lost, 1);
  queue.accept(envelope([4]), 1000);
  delivery.kick();
  await world.advance(world.t + 1000);
  assert.deepEqual(bg.entries, [4]);
  assert.equal(bg.dropped, 3, 'the background is told how many were lost');
});

test('pagehide: the message awaiting its answer and everything queued go at once', async () => {
  const { queue, sends, delivery, world } = rig(() => 'silent');
  queue.accept(envelope([1]), 0);
  delivery.kick();
  await world.advance(0);
  for (let b = 0; b < 5; b++) queue.accept(envelope(Array.from({ length: 500 }, (_, i) => 2 + b * 500 + i)), 10);
  delivery.sendAllNow();
  assert.deepEqual(sends, [1, 1, 2, 3], 'the awaited one again, then the queue (2,000 + 500 entries)');
  assert.equal(queue.due, false);
});

test('switched off: nothing more is sent, nothing is resent', async () => {
  const { queue, sends, delivery, world } = rig(() => 'lost');
  queue.accept(envelope([1]), 0);
  delivery.kick();
  await world.advance(0);
  delivery.setEnabled(false);
  queue.clear();
  await world.advance(60_000);
  assert.deepEqual(sends, [1]);
});

test('whatever happens to each send, the background gets every entry once and in order (model-based)', async () => {
  const fault = fc.constantFrom<Fault>('ok', 'ok', 'lost', 'answer-lost', 'silent', 'throws', 'slow-ok');
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ at: fc.integer({ min: 0, max: 400 }), count: fc.integer({ min: 1, max: 300 }) }), { minLength: 1, maxLength: 12 }),
      fc.array(fault, { minLength: 1, maxLength: 40 }),
      async (batches, script) => {
        let i = 0;
        // Faults from the script, then all goes well (a worker comes back eventually); never
        // MAX_ATTEMPTS failures in a row (that is giving up, tested above).
        const { queue, bg, delivery, world } = rig(() => {
          const k = i++;
          return k < script.length && k % MAX_ATTEMPTS !== MAX_ATTEMPTS - 1 ? script[k]! : 'ok';
        });
        let seq = 0;
        const made: number[] = [];
        for (const b of batches) {
          await world.advance(world.t + b.at);
          const seqs = Array.from({ length: b.count }, () => ++seq);
          made.push(...seqs);
          queue.accept(envelope(seqs), world.t);
          delivery.kick();
        }
        await world.advance(world.t + 600_000);
        assert.equal(delivery.stats.lost, 0, 'with fewer faults than attempts nothing is given up');
        assert.deepEqual(bg.entries, made);
      },
    ),
    { numRuns: 150 },
  );
});
