import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, reduce } from '../../../panel/store.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';

const rec = (id: string, seq: number, extra: Partial<CaptureRecord> = {}): CaptureRecord => ({
  id, tabId: 1, seq, startedAt: seq, url: `http://api.test/${id}`, method: 'GET', type: 'xmlhttprequest',
  redirects: [], complete: false, observedBy: 'browser', ...extra,
});
const state = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false };

test('reset forgets everything and marks the panel connected', () => {
  let s = reduce(emptyState(), { type: 'upsert', records: [rec('a', 1)] });
  s = reduce(s, { type: 'reset', tabId: 1, version: '1.2.3', state: { ...state, dropped: 4 } });
  assert.equal(s.records.size, 0);
  assert.equal(s.connected, true);
  assert.equal(s.version, '1.2.3');
  assert.equal(s.state.dropped, 4);
});

test('upserts replace records by id and keep capture order', () => {
  let s = reduce(emptyState(), { type: 'upsert', records: [rec('b', 2), rec('c', 3)] });
  s = reduce(s, { type: 'upsert', records: [rec('a', 1)] });
  s = reduce(s, { type: 'upsert', records: [rec('b', 2, { complete: true })] });
  assert.deepEqual([...s.records.keys()], ['a', 'b', 'c']);
  assert.equal(s.records.get('b')?.complete, true);
});

test('remove drops records; state replaces the tab state; the old state object is untouched', () => {
  const s0 = reduce(emptyState(), { type: 'upsert', records: [rec('a', 1), rec('b', 2)] });
  const s1 = reduce(s0, { type: 'remove', ids: ['a', 'zzz'] });
  const s2 = reduce(s1, { type: 'state', state: { ...state, paused: true } });
  assert.deepEqual([...s1.records.keys()], ['b']);
  assert.equal(s0.records.size, 2);
  assert.equal(s2.state.paused, true);
});
