import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, reduce } from '../../../src/panel/store.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { pendingRecord } from './pending-record.ts';

const rec = (id: string, seq: number, extra: Partial<CaptureRecord> = {}): CaptureRecord => pendingRecord(id, { seq, startedAt: seq, ...extra });
const state = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };

test('reset forgets everything and marks the panel connected', () => {
  let s = reduce(emptyState(), { type: 'upsert', records: [rec('a', 1)] });
  s = reduce(s, { type: 'reset', tabId: 1, version: '1.2.3', state: { ...state, dropped: 4 } });
  assert.equal(s.rows.size, 0);
  assert.equal(s.connected, true);
  assert.equal(s.version, '1.2.3');
  assert.equal(s.state.dropped, 4);
});

test('upserts replace records by id and keep capture order', () => {
  let s = reduce(emptyState(), { type: 'upsert', records: [rec('b', 2), rec('c', 3)] });
  s = reduce(s, { type: 'upsert', records: [rec('a', 1)] });
  s = reduce(s, { type: 'upsert', records: [rec('b', 2, { complete: true })] });
  assert.deepEqual([...s.rows.keys()], ['a', 'b', 'c']);
  assert.equal(s.rows.get('b')?.complete, true);
});

test('remove drops records; state replaces the tab state; the old state object is untouched', () => {
  const s0 = reduce(emptyState(), { type: 'upsert', records: [rec('a', 1), rec('b', 2)] });
  const s1 = reduce(s0, { type: 'remove', ids: ['a', 'zzz'] });
  const s2 = reduce(s1, { type: 'state', state: { ...state, paused: true } });
  assert.deepEqual([...s1.rows.keys()], ['b']);
  assert.equal(s0.rows.size, 2);
  assert.equal(s2.state.paused, true);
});

const ids = (s: ReturnType<typeof emptyState>) => [...s.rows.keys()];

test('a snapshot sent newest first ends in capture order, and later records append', () => {
  const recs = Array.from({ length: 9 }, (_, i) => rec(`r${i + 1}`, i + 1));
  let s = reduce(emptyState(), { type: 'reset', tabId: 1, version: '1', state });
  for (const chunk of [recs.slice(6), recs.slice(3, 6), recs.slice(0, 3)]) s = reduce(s, { type: 'upsert', records: chunk });
  assert.deepEqual(
    ids(s),
    recs.map((r) => r.id),
  );
  assert.equal(s.lastSeq, 9);
  s = reduce(s, { type: 'upsert', records: [rec('r10', 10), rec('r11', 11)] });
  assert.deepEqual(ids(s).slice(-3), ['r9', 'r10', 'r11']);
  assert.equal(s.lastSeq, 11);
});

test('an update keeps its place, a late record goes where its seq says, the last of duplicates wins; old states are untouched', () => {
  const s0 = reduce(emptyState(), { type: 'upsert', records: [rec('a', 1), rec('c', 3), rec('e', 5)] });
  const s1 = reduce(s0, { type: 'upsert', records: [rec('c', 3, { complete: true }), rec('d', 4), rec('b', 2), rec('d', 4, { status: 204 }), rec('f', 6)] });
  assert.deepEqual(ids(s1), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.equal(s1.rows.get('c')?.complete, true);
  assert.equal(s1.rows.get('d')?.status, 204);
  assert.equal(s1.lastSeq, 6);
  assert.deepEqual(ids(s0), ['a', 'c', 'e']);
  assert.equal(s0.rows.get('c')?.complete, false);
  assert.equal(reduce(s1, { type: 'upsert', records: [] }), s1, 'an empty upsert changes nothing');
});

test('after a remove, the next record still appends after the last one kept', () => {
  let s = reduce(emptyState(), { type: 'upsert', records: [rec('a', 1), rec('b', 2), rec('c', 3)] });
  s = reduce(s, { type: 'remove', ids: ['c'] });
  assert.equal(s.lastSeq, 2);
  assert.equal(reduce(s, { type: 'remove', ids: ['zzz'] }), s, 'removing nothing known changes nothing');
  s = reduce(s, { type: 'upsert', records: [rec('d', 4), rec('c2', 3)] });
  assert.deepEqual(ids(s), ['a', 'b', 'c2', 'd']);
  s = reduce(s, { type: 'remove', ids: ['a', 'b', 'c2', 'd'] });
  assert.equal(s.lastSeq, -Infinity);
  s = reduce(s, { type: 'upsert', records: [rec('x', 1)] });
  assert.deepEqual(ids(s), ['x']);
});
