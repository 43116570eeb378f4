// The panel hub's snapshot (src/background/panel-hub.ts): what a panel waits for before its
// list is complete. Newest chunk first, complete records without their verdict's trace, and,
// when the source can read the log in parts, each chunk sent as soon as it is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_CHUNK, PanelHub, SNAPSHOT_CHUNK, type HubSource, type PortLike } from '../../../src/background/panel-hub.ts';
import type { BackgroundToPanel, TabState } from '../../../src/shared/protocol.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { fixture } from './dom.ts';

const STATE: TabState = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false };

class FakePort implements PortLike {
  received: BackgroundToPanel[] = [];
  private gone: Array<() => void> = [];
  postMessage(m: BackgroundToPanel): void {
    this.received.push(m);
  }
  onDisconnect = { addListener: (cb: () => void) => void this.gone.push(cb) };
  disconnect(): void {
    for (const cb of this.gone) cb();
  }
  chunks(): CaptureRecord[][] {
    return this.received.flatMap((m) => (m.type === 'upsert' ? [m.records] : []));
  }
}

/** `n` records of tab 1, complete with whole verdicts, the last `inflight` still pending. */
function log(n: number, inflight = 0): CaptureRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const base = fixture.records[i % fixture.records.length]!;
    const r: CaptureRecord = { ...base, tabId: 1, id: `r${i}`, seq: i + 1 };
    if (i >= n - inflight) {
      const { verdict: _v, ...pending } = r;
      return { ...pending, complete: false };
    }
    return r;
  });
}

const ids = (records: CaptureRecord[]) => records.map((r) => r.id);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('the snapshot goes newest chunk first, each chunk in capture order, complete records without their trace', async () => {
  const records = log(600, 3);
  const hub = new PanelHub({ records: async () => records, state: () => STATE }, '1.0.0');
  const port = new FakePort();
  await hub.connect(1, port);
  assert.equal(port.received[0]?.type, 'reset');
  const chunks = port.chunks();
  assert.deepEqual(chunks.map((c) => c.length), [SNAPSHOT_CHUNK, SNAPSHOT_CHUNK, 600 - 2 * SNAPSHOT_CHUNK]);
  assert.deepEqual(ids(chunks.flatMap((c) => c).sort((a, b) => a.seq - b.seq)), ids(records));
  assert.deepEqual(ids(chunks[0]!), ids(records.slice(-SNAPSHOT_CHUNK)), 'newest first');
  for (const c of chunks) assert.deepEqual(ids(c), ids([...c].sort((a, b) => a.seq - b.seq)));
  const sent = new Map(chunks.flat().map((r) => [r.id, r]));
  for (const r of records) {
    const s = sent.get(r.id)!;
    if (!r.complete) {
      assert.equal(s, r, 'a pending record goes as it is');
      continue;
    }
    const { checks, failedCheck, ...summary } = r.verdict!;
    assert.ok(checks.length > 0 && typeof failedCheck === 'number');
    assert.deepEqual(s.verdict, summary, `${r.id}: summary only`);
    assert.deepEqual({ ...s, verdict: undefined }, { ...r, verdict: undefined }, `${r.id}: the rest as it is`);
  }
  assert.ok(records[0]!.verdict!.checks.length > 0, 'the source records are not changed');
});

test('a source that reads in parts: every part asked for at once, newest first, each sent when read', async () => {
  const records = log(2 * SNAPSHOT_CHUNK + FIRST_CHUNK + 7);
  const byId = new Map(records.map((r) => [r.id, r]));
  const asked: string[][] = [];
  const answers: Array<() => void> = [];
  const evicted = new Set(['r0', 'r1']);
  const source: HubSource = {
    records: async () => assert.fail('the whole-log read is not used'),
    ids: () => ids(records),
    read: (_tabId, some) => {
      asked.push(some);
      return new Promise((resolve) => answers.push(() => resolve(some.filter((id) => !evicted.has(id)).map((id) => byId.get(id)!))));
    },
    state: () => STATE,
  };
  const hub = new PanelHub(source, '1.0.0');
  const port = new FakePort();
  const done = hub.connect(1, port);
  await tick();
  assert.deepEqual(asked.map((a) => a.length), [FIRST_CHUNK, SNAPSHOT_CHUNK, SNAPSHOT_CHUNK, 7]);
  assert.deepEqual(asked[0], ids(records.slice(-FIRST_CHUNK)));
  assert.equal(port.received.length, 0, 'nothing before the first part is read');
  // A change while the snapshot is read is sent after it.
  const late = { ...records.at(-1)!, id: 'late', seq: records.length + 1 };
  hub.recordChanged(late);
  answers[0]!();
  await tick();
  assert.deepEqual(port.received.map((m) => m.type), ['reset', 'upsert']);
  assert.deepEqual(ids(port.chunks()[0]!), asked[0]);
  for (const answer of answers.slice(1)) answer();
  await done;
  const chunks = port.chunks();
  assert.deepEqual(chunks.map((c) => c.length), [FIRST_CHUNK, SNAPSHOT_CHUNK, SNAPSHOT_CHUNK, 7 - evicted.size, 1]);
  assert.deepEqual(ids(chunks.at(-1)!), ['late'], 'the change during the snapshot comes after it');
  assert.ok(chunks.slice(0, -1).flat().every((r) => r.verdict?.checks === undefined && r.verdict?.outcome !== undefined));
});

test('an empty log gets its reset; a panel that leaves while the log is read gets nothing', async () => {
  const empty = new FakePort();
  await new PanelHub({ records: async () => [], ids: () => [], read: async () => [], state: () => STATE }, '1').connect(1, empty);
  assert.deepEqual(empty.received.map((m) => m.type), ['reset']);
  const oldStyle = new FakePort();
  await new PanelHub({ records: async () => [], state: () => STATE }, '1').connect(1, oldStyle);
  assert.deepEqual(oldStyle.received.map((m) => m.type), ['reset']);

  let answer: () => void = () => undefined;
  const records = log(10);
  const hub = new PanelHub({ records: async () => records, ids: () => ids(records), read: () => new Promise((resolve) => (answer = () => resolve(records))), state: () => STATE }, '1');
  const port = new FakePort();
  const done = hub.connect(1, port);
  await tick();
  port.disconnect();
  answer();
  await done;
  assert.equal(port.received.length, 0);
});
