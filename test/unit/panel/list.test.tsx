// The request list and the whole panel against recorded exchanges: rows, badges, markers,
// filters and counts, live updates, windowing with 5,000 rows, keyboard, toolbar messages.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { en, renderSummary } from '../../../src/core/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { toRow } from '../../../src/shared/row.ts';
import { App } from '../../../src/panel/components/App.tsx';
import { immediately } from '../../../src/panel/next-task.ts';
import { RequestList, ROW_HEIGHT } from '../../../src/panel/components/RequestList.tsx';
import { $, $$, cleanup, click, fire, fixture, key, mount, recordOf, text, window } from './dom.ts';
import { fakeRuntime } from '../../support/fake-runtime.ts';

afterEach(cleanup);

const STATE = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };

function panelWith(records: CaptureRecord[], state = STATE) {
  const bg = fakeRuntime();
  const root = mount(<App tabId={7} version="9.9.9" runtime={bg.runtime} schedule={immediately} />);
  bg.deliver({ type: 'reset', tabId: 7, version: '9.9.9', state });
  if (records.length > 0) bg.deliver({ type: 'upsert', records });
  return { root, ...bg };
}

const counts = (root: HTMLElement) =>
  Object.fromEntries(
    $$(root, '[data-testid^="filter-"]')
      .filter((b) => b.tagName === 'BUTTON')
      .map((b) => [b.getAttribute('data-testid')?.slice(7), Number(text(b, '[data-testid="filter-count"]'))]),
  );
const rowIds = (root: HTMLElement) => $$(root, '[data-testid="request-row"]').map((r) => r.getAttribute('data-id'));

test('empty state until the first record, with the toolbar and connection', () => {
  const { root, deliver } = panelWith([]);
  assert.match(text(root, '[data-testid="empty-state"]'), /^No cross-origin requests yet\. Reload the page to capture from the start\.$/);
  assert.equal(text(root, '[data-testid="connection"]'), 'connected');
  assert.equal(text(root, '[data-testid="inspected-tab"]'), 'Inspecting tab 7.');
  assert.match(text(root, '[data-testid="toolbar"]'), /CORS Lens 9\.9\.9/);
  deliver({ type: 'upsert', records: [recordOf('allowed-get')] });
  assert.equal($(root, '[data-testid="empty-state"]'), null);
  assert.equal(rowIds(root).length, 1);
});

test('one row per recorded exchange: badge, method, URL split, initiator, preflight marker, status, reason', () => {
  const { root } = panelWith(fixture.records);
  assert.deepEqual(
    rowIds(root),
    fixture.records.map((r) => r.id),
  );
  const row = (scenario: string, n = 0) => $(root, `[data-testid="request-row"][data-id="${recordOf(scenario, n).id}"]`)!;
  const cases: Array<[string, number, string, string | null, string]> = [
    ['allowed-get', 0, 'allowed', null, '200'],
    ['allowed-with-warning', 0, 'warning', null, '200'],
    ['missing-acao', 0, 'blocked', null, '200'],
    ['preflight-allowed', 0, 'allowed', 'paired', '200'],
    ['preflight-header-not-allowed', 0, 'blocked', 'failed', 'not sent'],
    ['preflight-401', 0, 'blocked', 'failed', 'not sent'],
    ['preflight-cache', 1, 'allowed', 'cached', '200'],
    ['no-cors', 0, 'not-cors', null, '200'],
  ];
  for (const [scenario, n, kind, mark, status] of cases) {
    const el = row(scenario, n);
    const rec = recordOf(scenario, n);
    assert.equal(el.getAttribute('data-kind'), kind, scenario);
    assert.equal(text(el, '[data-testid="badge"]'), kind === 'not-cors' ? 'not CORS' : kind);
    assert.equal(el.getAttribute('data-outcome'), rec.verdict?.outcome);
    assert.equal($(el, '[data-testid="preflight-mark"]')?.getAttribute('data-mark') ?? null, mark, scenario);
    assert.equal(text(el, '.c-status'), status, scenario);
    assert.equal(text(el, '.c-method'), rec.method);
    assert.equal(text(el, '.url-origin') + text(el, '.url-path'), rec.url);
    assert.match(text(el, '.c-initiator'), /^localhost:\d+$/);
    assert.equal(text(el, '[data-testid="row-reason"]'), renderSummary(rec.verdict!, en));
  }
});

test('filters: counts per category, the list follows the category and the URL text', () => {
  const { root } = panelWith(fixture.records);
  assert.deepEqual(counts(root), { all: 13, blocked: 6, warnings: 2, preflighted: 6 });
  click($(root, '[data-testid="filter-blocked"]'));
  assert.equal(rowIds(root).length, 6);
  assert.ok($$(root, '[data-testid="request-row"]').every((r) => r.getAttribute('data-kind') === 'blocked'));
  assert.equal($(root, '[data-testid="filter-blocked"]')?.getAttribute('aria-pressed'), 'true');
  click($(root, '[data-testid="filter-warnings"]'));
  assert.deepEqual(rowIds(root), [recordOf('allowed-with-warning').id, recordOf('cross-origin-redirect').id]);
  click($(root, '[data-testid="filter-preflighted"]'));
  assert.equal(rowIds(root).length, 6);
  const input = $(root, '[data-testid="filter-text"]') as HTMLInputElement;
  input.value = '/cached';
  fire(input, new window.Event('input', { bubbles: true }));
  assert.deepEqual(rowIds(root), fixture.scenarios['preflight-cache']);
  assert.deepEqual(counts(root), { all: 2, blocked: 0, warnings: 0, preflighted: 2 });
  input.value = 'nothing-like-this';
  fire(input, new window.Event('input', { bubbles: true }));
  assert.equal(text(root, '[data-testid="no-match"]'), 'No request matches this filter.');
});

test('words match header names and values: the whole records are asked for, and rows match once they came', () => {
  const bg = fakeRuntime();
  const root = mount(<App tabId={7} version="9.9.9" runtime={bg.runtime} schedule={immediately} />);
  bg.deliver({ type: 'reset', tabId: 7, version: '9.9.9', state: STATE });
  // Rows only, as the background sends a tab's log when the panel opens: no headers yet.
  bg.deliver({ type: 'rows', rows: fixture.records.map(toRow) });
  const input = $(root, '[data-testid="filter-text"]') as HTMLInputElement;
  const search = (q: string) => {
    input.value = q;
    fire(input, new window.Event('input', { bubbles: true }));
  };
  const asked = () => bg.sent.flatMap((m) => (m.type === 'records' ? m.ids : []));
  search('method:PUT');
  assert.deepEqual(asked(), [], 'no words: no record is loaded');
  const withHeader = fixture.records.filter((r) => (r.requestHeaders ?? []).some((h) => h.name.toLowerCase() === 'x-request-id' && h.value === 'r1'));
  assert.equal(withHeader.length, 1);
  search('"x-request-id: r1"');
  assert.deepEqual(
    [...asked()].sort(),
    fixture.records
      .filter((r) => r.complete)
      .map((r) => r.id)
      .sort(),
    "every complete row's record, once",
  );
  assert.deepEqual(rowIds(root), [], 'nothing matches before the records came');
  bg.deliver({ type: 'upsert', records: fixture.records });
  assert.deepEqual(rowIds(root), [withHeader[0]!.id]);
  search('-"x-request-id: r1"');
  assert.equal(rowIds(root).length, fixture.records.length - 1);
  search('onerror');
  assert.equal(rowIds(root).length, 1, 'a hostile header value is found as text');
  assert.equal(new Set(asked()).size, asked().length, 'no record asked for twice');
});

test('live: new rows stream in, updates replace a row, a pending row gets its verdict', () => {
  const { root, deliver } = panelWith([recordOf('allowed-get')]);
  const done = recordOf('missing-acao');
  const { verdict: _v, ...pending } = { ...done, complete: false };
  deliver({ type: 'upsert', records: [pending] });
  assert.equal($(root, `[data-id="${done.id}"]`)?.getAttribute('data-kind'), 'pending');
  assert.equal(text(root, `[data-id="${done.id}"] [data-testid="badge"]`), 'pending');
  deliver({ type: 'upsert', records: [done] });
  assert.equal($(root, `[data-id="${done.id}"]`)?.getAttribute('data-kind'), 'blocked');
  deliver({ type: 'remove', ids: [done.id] });
  assert.equal(rowIds(root).length, 1);
  deliver({ type: 'state', state: { ...STATE, dropped: 42 } });
  assert.equal(text(root, '[data-testid="dropped"]'), '42 older records dropped');
});

test('the toolbar sends clear, preserve, pause and only-with-devtools; nothing blocked, nothing to export', () => {
  const { root, sent } = panelWith([recordOf('allowed-get')], { ...STATE, paused: true });
  assert.equal(($(root, '[data-testid="pause"]') as HTMLInputElement).checked, true);
  click($(root, '[data-testid="clear"]'));
  click($(root, '[data-testid="preserve"]'));
  click($(root, '[data-testid="pause"]'));
  click($(root, '[data-testid="only-with-devtools"]'));
  assert.deepEqual(sent, [
    { type: 'clear' },
    { type: 'set-preserve', preserve: true },
    { type: 'set-paused', paused: false },
    { type: 'set-only-with-devtools', value: true },
  ]);
  assert.equal(($(root, '[data-testid="export-blocked-save-md"]') as HTMLButtonElement).disabled, true);
});

test('keyboard: Down/Up move the selection, Enter opens the detail, Escape closes it', () => {
  const { root } = panelWith(fixture.records);
  const list = $(root, '[data-testid="request-list"]');
  key(list, 'ArrowDown');
  key(list, 'ArrowDown');
  const second = fixture.records[1]!.id;
  assert.equal($(root, '.row.selected')?.getAttribute('data-id'), second);
  assert.equal($(root, '[data-testid="detail"]'), null);
  key(list, 'Enter');
  assert.equal($(root, '[data-testid="detail"]')?.getAttribute('data-id'), second);
  key(list, 'ArrowUp');
  assert.equal($(root, '[data-testid="detail"]')?.getAttribute('data-id'), fixture.records[0]!.id, 'the detail follows the selection');
  key(list, 'End');
  assert.equal($(root, '.row.selected')?.getAttribute('data-id'), fixture.records.at(-1)!.id);
  key(window.document.body, 'Escape');
  assert.equal($(root, '[data-testid="detail"]'), null);
  click($(root, `[data-id="${recordOf('missing-acao').id}"]`));
  assert.equal($(root, '[data-testid="detail"]')?.getAttribute('data-id'), recordOf('missing-acao').id, 'a click opens the detail');
});

test('windowing: 5,000 rows render a screenful; scrolling shows the rows further down', () => {
  const base = fixture.records;
  const many: CaptureRecord[] = Array.from({ length: 5000 }, (_, i) => ({ ...base[i % base.length]!, id: `r${i}`, seq: i }));
  const root = mount(<RequestList records={many.map(toRow)} selectedId={null} onSelect={() => undefined} onOpen={() => undefined} />);
  const list = $(root, '[data-testid="request-list"]') as HTMLElement;
  assert.equal(list.getAttribute('data-count'), '5000');
  const first = rowIds(root);
  assert.ok(first.length > 10 && first.length < 80, `rendered ${first.length} rows`);
  const spacers = [...list.children].filter((c) => c.getAttribute('data-testid') !== 'request-row') as HTMLElement[];
  const total = spacers.reduce((n, s) => n + parseFloat(s.style.height), 0) + first.length * ROW_HEIGHT;
  assert.equal(total, 5000 * ROW_HEIGHT, 'spacers keep the full scroll height');
  Object.defineProperty(list, 'scrollTop', { value: 2500 * ROW_HEIGHT, configurable: true });
  fire(list, new window.Event('scroll'));
  const ids = rowIds(root);
  assert.ok(ids.includes('r2500') && !ids.includes('r0'), `rows near 2500 after scrolling: ${ids[0]}…${ids.at(-1)}`);
});

test('including secrets in exports is one toggle, and it shows a warning while on', () => {
  const { root } = panelWith(fixture.records);
  assert.equal($(root, '[data-testid="secrets-warning"]'), null);
  assert.equal(($(root, '[data-testid="export-blocked-save-md"]') as HTMLButtonElement).disabled, false);
  click($(root, '[data-testid="include-secrets"]'));
  assert.match(text(root, '[data-testid="secrets-warning"]'), /include cookies, Authorization and tokens/);
  click($(root, '[data-testid="include-secrets"]'));
  assert.equal($(root, '[data-testid="secrets-warning"]'), null);
});
