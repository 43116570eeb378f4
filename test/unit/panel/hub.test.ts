// The panel hub (src/background/panel-hub.ts): every tab's rows kept in memory from the log's
// changes, the snapshot of rows a panel waits for (newest chunk first, no storage read when
// the rows are there; one read for the rows of an earlier worker life), live changes as rows,
// and whole records on request, never older than the rows the panel has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_CHUNK, PanelHub, SNAPSHOT_CHUNK, type HubSource, type PanelPort } from '../../../src/background/panel-hub.ts';
import { decodeFromPort, type BackgroundToPanel, type PortMessage, type TabState } from '../../../src/shared/protocol.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { toRow, type RecordRow } from '../../../src/shared/row.ts';
import { fixture } from './dom.ts';

const STATE: TabState = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };

class FakePort implements PanelPort {
  received: BackgroundToPanel[] = [];
  private gone: Array<() => void> = [];
  wire: PortMessage[] = [];
  postMessage(m: PortMessage): void {
    this.wire.push(m);
    this.received.push(decodeFromPort(m) as BackgroundToPanel);
  }
  onDisconnect = { addListener: (cb: () => void) => void this.gone.push(cb) };
  disconnect(): void {
    for (const cb of this.gone) cb();
  }
  chunks(): RecordRow[][] {
    return this.received.flatMap((m) => (m.type === 'rows' ? [m.rows] : []));
  }
  upserts(): CaptureRecord[] {
    return this.received.flatMap((m) => (m.type === 'upsert' ? m.records : []));
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

const ids = (xs: Array<{ id: string }>) => xs.map((r) => r.id);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A log source over `records` (mutable), counting and optionally holding its reads. */
function source(records: CaptureRecord[]) {
  const reads: string[][] = [];
  let hold: Promise<void> | undefined;
  const src: HubSource & { reads: string[][]; holdReads(): () => void } = {
    reads,
    ids: () => ids(records),
    read: async (_tabId, some) => {
      reads.push([...some]);
      if (hold) await hold;
      const wanted = new Set(some);
      return records.filter((r) => wanted.has(r.id));
    },
    state: () => STATE,
    holdReads() {
      let release: () => void = () => undefined;
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
  return src;
}

/** A hub that saw each of `records` change (`batchMs`: its batching of live changes), and a panel of tab 1 that connected and got its snapshot. */
async function panelOf(records: CaptureRecord[], batchMs?: number) {
  const src = source(records);
  const hub = new PanelHub(src, '1.0.0', batchMs);
  for (const r of records) hub.recordChanged(r);
  const port = new FakePort();
  await hub.connect(1, port);
  return { src, hub, port };
}

test("rows built from the log's changes: the snapshot sends them newest chunk first without reading storage", async () => {
  const records = log(FIRST_CHUNK + SNAPSHOT_CHUNK + 7, 3);
  assert.ok(FIRST_CHUNK >= 2000, 'a full tab log (2,000 records) goes in one message');
  const { src, hub, port } = await panelOf(records);
  assert.deepEqual(src.reads, [], 'no storage read');
  assert.deepEqual(
    port.wire.map((m) => typeof m),
    ['object', 'string', 'string', 'string'],
    'rows cross the port as JSON text',
  );
  assert.equal(port.received[0]?.type, 'reset');
  const chunks = port.chunks();
  assert.deepEqual(
    chunks.map((c) => c.length),
    [FIRST_CHUNK, SNAPSHOT_CHUNK, 7],
  );
  assert.deepEqual(ids(chunks[0]!), ids(records.slice(-FIRST_CHUNK)), 'newest first');
  for (const c of chunks) assert.deepEqual(ids(c), ids([...c].sort((a, b) => a.seq - b.seq)), 'each chunk in capture order');
  const sent = new Map(chunks.flat().map((r) => [r.id, r]));
  for (const r of records) assert.deepEqual(sent.get(r.id), toRow(r), r.id);
  assert.equal(hub.rowCount(), records.length);
});

test('after a worker restart, the rows of the earlier life are read back once, at the first connect; a change meanwhile wins', async () => {
  const records = log(30);
  const src = source(records);
  const hub = new PanelHub(src, '1.0.0');
  // This life has seen only the last record change.
  const changed = { ...records.at(-1)!, status: 299 };
  hub.recordChanged(changed);
  const release = src.holdReads();
  const port = new FakePort();
  const done = hub.connect(1, port);
  await tick();
  assert.deepEqual(src.reads, [ids(records.slice(0, -1))], 'one read, of the missing rows only');
  // While it reads: one record changes, one is evicted.
  const during = { ...records[3]!, status: 288 };
  hub.recordChanged(during);
  records.splice(0, 1);
  hub.recordsRemoved(1, ['r0']);
  release();
  await done;
  const rows = port.chunks().flat();
  assert.ok(!rows.some((r) => r.id === 'r0'), 'an evicted record gets no row');
  assert.equal(rows.find((r) => r.id === 'r29')?.status, 299);
  assert.equal(rows.find((r) => r.id === 'r3')?.status, 288, 'the change made during the read wins');
  assert.equal(hub.rowCount(), 29);
  const again = new FakePort();
  await hub.connect(1, again);
  assert.equal(src.reads.length, 1, 'the next panel gets the rows from memory');
  assert.deepEqual(
    ids(
      again
        .chunks()
        .flat()
        .sort((a, b) => a.seq - b.seq),
    ),
    ids(records),
  );
});

test('live changes go as rows, batched; removals and a closed tab drop rows', async () => {
  const records = log(5);
  const { hub, port } = await panelOf(records, 10_000);
  port.received = [];
  const next = { ...records[0]!, id: 'r5', seq: 6 };
  records.push(next);
  hub.recordChanged(next);
  hub.recordChanged({ ...next, status: 500 });
  records.splice(0, 1);
  hub.recordsRemoved(1, ['r0']);
  hub.flush();
  assert.deepEqual(
    port.received.map((m) => m.type),
    ['remove', 'rows'],
  );
  const rows = port.chunks()[0]!;
  assert.deepEqual(ids(rows), ['r5']);
  assert.equal(rows[0]!.status, 500, 'the last change of a batch');
  assert.equal(hub.rowCount(), 5);
  hub.tabRemoved(1);
  assert.equal(hub.rowCount(), 0);
  hub.dispose();
});

test('whole records on request: in their stored form, those gone left out, one that changed while read left out', async () => {
  const records = log(20, 2);
  const { src, hub, port } = await panelOf(records, 10_000);
  port.received = [];
  await hub.records(1, port, ['r2', 'r19', 'nope', 'r2']);
  const got = port.upserts();
  assert.deepEqual(ids(got), ['r2', 'r19']);
  const { checks: _c, failedCheck: _f, ...summary } = records[2]!.verdict!;
  assert.deepEqual(got[0]!.verdict, summary, 'a complete record comes without its trace');
  assert.deepEqual({ ...got[0]!, verdict: undefined }, { ...records[2]!, verdict: undefined }, 'the rest whole');
  assert.deepEqual(got[1], records[19], 'an in-flight record as it is');

  port.received = [];
  const release = src.holdReads();
  const asked = hub.records(1, port, ['r4', 'r5']);
  await tick();
  hub.recordChanged({ ...records[4]!, status: 201 });
  release();
  await asked;
  assert.deepEqual(
    port.received.map((m) => m.type),
    ['rows', 'upsert'],
    'queued rows go before the answer',
  );
  assert.deepEqual(ids(port.upserts()), ['r5'], 'the record that changed while read is left out (its new row is sent)');
  hub.dispose();
});

test('an empty log gets its reset; a panel that leaves while the rows are read back gets nothing', async () => {
  const empty = new FakePort();
  await new PanelHub(source([]), '1').connect(1, empty);
  assert.deepEqual(
    empty.received.map((m) => m.type),
    ['reset'],
  );

  const src = source(log(10));
  const release = src.holdReads();
  const hub = new PanelHub(src, '1');
  const port = new FakePort();
  const done = hub.connect(1, port);
  await tick();
  port.disconnect();
  release();
  await done;
  assert.equal(port.received.length, 0);
});
