// Sorting the list by a column (issue 13): capture order by default, a click sorts ascending,
// a second click reverses; stable; pending and unknown values last in both directions; the
// duration column.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { toRow, type RecordRow } from '../../../src/shared/row.ts';
import { RequestList } from '../../../src/panel/components/RequestList.tsx';
import { CAPTURE_ORDER, durationOf, nextSort, sortRows, type SortKey, type SortState } from '../../../src/panel/sort.ts';
import { $, $$, cleanup, click, fire, fixture, mount, window } from './dom.ts';

afterEach(cleanup);

const rows: RecordRow[] = fixture.records.map(toRow);
/** The fixture rows listed with the heads showing a sort by status, descending, and the sort handlers under test. */
function sortedList(handlers: { onSort: (key: SortKey) => void; onSortTo?: (sort: SortState) => void }): HTMLElement {
  return mount(
    <RequestList records={rows} selectedId={null} onSelect={() => undefined} onOpen={() => undefined} sort={{ key: 'status', dir: 'desc' }} {...handlers} />,
  );
}

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
  const d = sortRows(rows, { key: 'duration', dir: 'desc' })
    .map(durationOf)
    .filter((x) => x !== undefined);
  for (let i = 1; i < d.length; i++) assert.ok(d[i - 1]! >= d[i]!);
});

test('the column heads sort: a click asks for that column, the active one shows its direction', () => {
  const asked: SortKey[] = [];
  const root = sortedList({ onSort: (k) => asked.push(k) });
  assert.equal($$(root, '[role="columnheader"]').length, 8);
  assert.equal($(root, '[data-testid="sort-status"]')?.closest('[role="columnheader"]')?.getAttribute('aria-sort'), 'descending');
  assert.equal($(root, '[data-testid="sort-url"]')?.closest('[role="columnheader"]')?.getAttribute('aria-sort'), 'none');
  click($(root, '[data-testid="sort-duration"]'));
  click($(root, '[data-testid="sort-status"]'));
  assert.deepEqual(asked, ['duration', 'status']);
  assert.ok($$(root, '[data-testid="row-duration"]').some((e) => /\d+ ms|s$/.test(e.textContent ?? '')));
});

test('the sort picker reaches every column and direction, hidden heads included, and shows the current sort', () => {
  const asked: SortState[] = [];
  const root = sortedList({ onSort: () => undefined, onSortTo: (s) => asked.push(s) });
  const picker = $(root, '[data-testid="sort-picker"]') as HTMLSelectElement | null;
  assert.ok(picker, 'a sort picker in the head');
  assert.equal(picker.value, 'status:desc', 'it shows the current sort');
  const values = $$(picker, 'option').map((o) => (o as HTMLOptionElement).value);
  // Capture order, then every column head (Initiator and Time, hidden in a narrow panel, too), both ways.
  assert.equal(values[0], 'seq:asc');
  for (const key of ['initiator', 'duration', 'reason', 'verdict', 'status'] as const) {
    assert.ok(values.includes(`${key}:asc`) && values.includes(`${key}:desc`), key);
  }
  picker.value = 'duration:desc';
  fire(picker, new window.Event('change', { bubbles: true }));
  picker.value = 'seq:asc';
  fire(picker, new window.Event('change', { bubbles: true }));
  assert.deepEqual(asked, [{ key: 'duration', dir: 'desc' }, CAPTURE_ORDER]);
});

test('without onSortTo (a list that cannot be sorted) there is no picker', () => {
  const root = mount(<RequestList records={rows} selectedId={null} onSelect={() => undefined} onOpen={() => undefined} />);
  assert.equal($(root, '[data-testid="sort-picker"]'), null);
});
