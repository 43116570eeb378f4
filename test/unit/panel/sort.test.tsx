// Sorting the list by a column (issue 13): capture order by default, a click sorts ascending,
// a second click reverses; stable; pending and unknown values last in both directions; the
// duration column.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { toRow, type RecordRow } from '../../../src/shared/row.ts';
import { RequestList } from '../../../panel/components/RequestList.tsx';
import { CAPTURE_ORDER, durationOf, nextSort, sortRows, type SortKey } from '../../../panel/sort.ts';
import { $, $$, cleanup, click, fixture, mount } from './dom.ts';

afterEach(cleanup);

const rows: RecordRow[] = fixture.records.map(toRow);
const pending: RecordRow = { id: 'p', tabId: 1, seq: 999, startedAt: 1, url: 'http://x.test/a', method: 'GET', type: 'xmlhttprequest', complete: false };

test('capture order is the default and returns the rows as they are', () => {
  assert.equal(sortRows(rows, CAPTURE_ORDER), rows);
});

test('a click sorts ascending, a second reverses, another column starts ascending', () => {
  let s = nextSort(CAPTURE_ORDER, 'status');
  assert.deepEqual(s, { key: 'status', dir: 'asc' });
  s = nextSort(s, 'status');
  assert.deepEqual(s, { key: 'status', dir: 'desc' });
  assert.deepEqual(nextSort(s, 'url'), { key: 'url', dir: 'asc' });
});

test('status: numeric, failed (no status) before any status ascending, pending last either way; stable', () => {
  const all = [...rows, pending];
  const asc = sortRows(all, { key: 'status', dir: 'asc' });
  const value = (r: RecordRow) => r.status ?? (r.error !== undefined ? 0 : undefined);
  const known = asc.filter((r) => value(r) !== undefined);
  for (let i = 1; i < known.length; i++) {
    assert.ok(value(known[i - 1]!)! <= value(known[i]!)!);
    if (value(known[i - 1]!) === value(known[i]!)) assert.ok(known[i - 1]!.seq < known[i]!.seq, 'equal values keep capture order');
  }
  assert.equal(asc.at(-1)?.id, 'p');
  assert.equal(sortRows(all, { key: 'status', dir: 'desc' }).at(-1)?.id, 'p');
  assert.equal(asc.length, all.length);
});

test('verdict: blocked first, then unknown, warnings, allowed, not CORS', () => {
  const kinds = sortRows(rows, { key: 'verdict', dir: 'asc' }).map((r) => r.verdict?.outcome);
  const firstAllowed = kinds.indexOf('allowed');
  assert.ok(kinds.lastIndexOf('blocked') < firstAllowed);
  assert.equal(kinds.at(-1), 'not-cors');
});

test('duration: end minus start, none while it runs', () => {
  assert.equal(durationOf({ ...pending, startedAt: 100, endedAt: 142.5 }), 42.5);
  assert.equal(durationOf({ ...pending, startedAt: 100, endedAt: 90 }), 0, 'clocks that disagree give no negative time');
  assert.equal(durationOf(pending), undefined);
  const d = sortRows(rows, { key: 'duration', dir: 'desc' }).map(durationOf).filter((x) => x !== undefined);
  for (let i = 1; i < d.length; i++) assert.ok(d[i - 1]! >= d[i]!);
});

test('the column heads sort: a click asks for that column, the active one shows its direction', () => {
  const asked: SortKey[] = [];
  const root = mount(<RequestList records={rows} selectedId={null} onSelect={() => undefined} onOpen={() => undefined} sort={{ key: 'status', dir: 'desc' }} onSort={(k) => asked.push(k)} />);
  assert.equal($$(root, '[role="columnheader"]').length, 8);
  assert.equal($(root, '[data-testid="sort-status"]')?.closest('[role="columnheader"]')?.getAttribute('aria-sort'), 'descending');
  assert.equal($(root, '[data-testid="sort-url"]')?.closest('[role="columnheader"]')?.getAttribute('aria-sort'), 'none');
  click($(root, '[data-testid="sort-duration"]'));
  click($(root, '[data-testid="sort-status"]'));
  assert.deepEqual(asked, ['duration', 'status']);
  assert.ok($$(root, '[data-testid="row-duration"]').some((e) => /\d+ ms|s$/.test(e.textContent ?? '')));
});
