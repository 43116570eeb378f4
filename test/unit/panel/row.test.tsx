// The list works from rows (src/shared/row.ts): for every recorded exchange, a row shows
// exactly what the list showed of the whole record before rows existed (the reference below
// reads the record as that component did, value by value; the markup is the component's own),
// whether the row was made here, crossed the port as JSON, or came from a record stored without
// its verdict's trace. And a row carries nothing the list does not need.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { en, renderSummary, type Verdict } from '../../../src/core/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { decodeFromPort, encodeForPort, isBackgroundToPanel } from '../../../src/shared/protocol.ts';
import { type PreflightMark, toRow } from '../../../src/shared/row.ts';
import { RequestRow } from '../../../src/panel/components/RequestRow.tsx';
import { Badge } from '../../../src/panel/components/Badge.tsx';
import { shortOrigin, splitOrigin, splitUrl } from '../../../src/panel/url-parts.ts';
import { words } from '../../../src/panel/words.ts';
import { cleanup, fixture, mount } from './dom.ts';

afterEach(cleanup);

// The list row's values as they were read from the whole record (git history: RequestRow.tsx).
function refKind(r: CaptureRecord) {
  const v = r.verdict;
  if (!v) return 'pending' as const;
  if (v.outcome === 'allowed') return v.warnings.length > 0 ? ('warning' as const) : ('allowed' as const);
  return v.outcome;
}
/**
 * The preflight marker the list showed for each recorded exchange that has one (the others show
 * none): with its verdict, and while pending (no verdict yet: only the preflight's own answer
 * counts). Written out, not worked out, so that the test does not repeat the code it checks.
 */
const MARKS: Readonly<Record<string, { judged: PreflightMark; pending: PreflightMark }>> = {
  '213': { judged: 'paired', pending: 'paired' },
  '215': { judged: 'failed', pending: 'paired' }, // a 204, but the verdict failed at the preflight
  '217': { judged: 'failed', pending: 'failed' }, // answered 401
  '219': { judged: 'paired', pending: 'paired' },
  '221': { judged: 'cached', pending: 'cached' },
  '225': { judged: 'failed', pending: 'paired' }, // a 204, but its Allow-Headers does not parse
};
function refMark(r: CaptureRecord): PreflightMark | null {
  const marks = MARKS[r.id];
  return marks === undefined ? null : marks[r.verdict ? 'judged' : 'pending'];
}
function refStatus(r: CaptureRecord): string {
  if (r.status !== undefined) return String(r.status);
  if (r.error !== undefined) return r.requestHeaders === undefined && r.preflight ? words.notSent : '(failed)';
  return '';
}
/** From the whole record's own times. */
function refDuration(r: CaptureRecord): string {
  if (r.endedAt === undefined) return '';
  const ms = Math.max(0, r.endedAt - r.startedAt);
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** What a row shows, as text and attributes: the record's part of the markup, not the markup itself. */
interface Shown {
  row: { id: string; class: string; selected: string; testid: string; dataId: string; outcome: string; kind: string };
  /** Cells in order, with their role. */
  cells: string[];
  badge: string;
  method: string;
  url: { title: string; scheme: string; origin: string; path: string };
  initiator: { title: string; text: string };
  mark: { class: string; mark: string; text: string } | null;
  status: string;
  duration: string;
  reason: { title: string; text: string };
}

const CELLS = ['c-verdict', 'c-method', 'c-url', 'c-initiator', 'c-preflight', 'c-status', 'c-duration', 'c-reason'].map((c) => `gridcell ${c}`);

/** What the list showed of the whole record, before rows existed. */
function shownOfRecord(r: CaptureRecord, selected: boolean): Shown {
  const kind = refKind(r);
  const { origin, rest } = splitUrl(r.url);
  const mark = refMark(r);
  const summary = r.verdict ? renderSummary(r.verdict, en) : '';
  return {
    row: {
      id: `row-${r.id}`,
      class: selected ? `row selected kind-${kind}` : `row kind-${kind}`,
      selected: String(selected),
      testid: 'request-row',
      dataId: r.id,
      outcome: r.verdict?.outcome ?? 'pending',
      kind,
    },
    cells: CELLS,
    badge: html(<Badge kind={kind} />),
    method: r.method,
    url: { title: r.url, scheme: splitOrigin(origin).scheme, origin, path: rest },
    initiator: { title: r.initiator ?? '', text: shortOrigin(r.initiator) },
    mark: mark && { class: `pf pf-${mark}`, mark, text: words.preflight[mark] },
    status: refStatus(r),
    duration: refDuration(r),
    reason: { title: summary, text: summary },
  };
}

/** The same, read from a rendered row. */
function shownIn(root: HTMLElement): Shown {
  const row = root.querySelector('[role="row"]');
  assert.ok(row, 'a row');
  const at = (selector: string): Element => {
    const el = row.querySelector(selector);
    assert.ok(el, selector);
    return el;
  };
  const text = (selector: string): string => at(selector).textContent ?? '';
  const attr = (el: Element, name: string): string => el.getAttribute(name) ?? `(no ${name})`;
  const mark = at('.c-preflight').querySelector('[data-testid="preflight-mark"]');
  return {
    row: {
      id: row.id,
      class: row.className,
      selected: attr(row, 'aria-selected'),
      testid: attr(row, 'data-testid'),
      dataId: attr(row, 'data-id'),
      outcome: attr(row, 'data-outcome'),
      kind: attr(row, 'data-kind'),
    },
    cells: [...row.children].map((c) => `${attr(c, 'role')} ${c.className}`),
    badge: at('.c-verdict').innerHTML,
    method: text('.c-method'),
    url: { title: attr(at('.c-url'), 'title'), scheme: text('.c-url .url-scheme'), origin: text('.c-url .url-origin'), path: text('.c-url .url-path') },
    initiator: { title: attr(at('.c-initiator'), 'title'), text: text('.c-initiator') },
    mark: mark && { class: mark.className, mark: attr(mark, 'data-mark'), text: mark.textContent ?? '' },
    status: text('.c-status'),
    duration: text('.c-duration[data-testid="row-duration"]'),
    reason: { title: attr(at('.c-reason[data-testid="row-reason"]'), 'title'), text: text('.c-reason') },
  };
}

const html = (node: preact.ComponentChild) => mount(node).innerHTML;

function summaryOnly(r: CaptureRecord): CaptureRecord {
  if (!r.verdict) return r;
  const { checks: _c, failedCheck: _f, ...summary } = r.verdict;
  return { ...r, verdict: summary as Verdict };
}

function pending(r: CaptureRecord): CaptureRecord {
  const { verdict: _v, status: _s, endedAt: _e, ...rest } = r;
  return { ...rest, complete: false };
}

test('every recorded exchange lists identically from its row and from its whole record', () => {
  assert.ok(fixture.records.length >= 13);
  const variants = fixture.records.flatMap((r) => [r, summaryOnly(r), pending(r)]);
  for (const r of variants) {
    for (const selected of [false, true]) {
      const shown = shownOfRecord(r, selected); // before the row is mounted: it mounts a badge
      const root = mount(<RequestRow record={toRow(r)} selected={selected} onOpen={() => undefined} />);
      assert.deepEqual(shownIn(root), shown, r.id);
      // As it crosses the port (JSON), and made from the stored form: the very same markup.
      const expected = root.innerHTML;
      const wire = JSON.parse(JSON.stringify(toRow(r)));
      assert.equal(html(<RequestRow record={wire} selected={selected} onOpen={() => undefined} />), expected, `${r.id} (sent)`);
      assert.equal(html(<RequestRow record={toRow(summaryOnly(r))} selected={selected} onOpen={() => undefined} />), expected, `${r.id} (stored)`);
    }
  }
});

test('a row carries no header lists, no preflight capture, no trace: a fraction of the record', () => {
  let rowBytes = 0;
  let storedBytes = 0;
  for (const r of fixture.records) {
    const row = toRow(r) as unknown as Record<string, unknown>;
    for (const key of ['requestHeaders', 'responseHeaders', 'cachedPreflight', 'documentUrl', 'source', 'observedBy']) {
      assert.equal(key in row, false, `${r.id}: ${key}`);
    }
    assert.ok(row.preflight === undefined || typeof row.preflight === 'string', 'the preflight is a marker');
    const v = row.verdict as Record<string, unknown> | undefined;
    if (v) assert.deepEqual(Object.keys(v).sort(), ['outcome', 'params', 'reason', 'warnings']);
    rowBytes += JSON.stringify(row).length;
    storedBytes += JSON.stringify(summaryOnly(r)).length;
  }
  assert.ok(rowBytes * 2 < storedBytes, `rows ${rowBytes} B against stored records ${storedBytes} B`);
});

test('toRow is pure: the record is not changed, and the same record gives equal rows', () => {
  for (const r of fixture.records) {
    const before = JSON.stringify(r);
    assert.deepEqual(toRow(r), toRow(r));
    assert.equal(JSON.stringify(r), before);
  }
});

test('rows cross the port packed (protocol encodeForPort): they come back equal, in a fraction of the bytes', () => {
  const rows = fixture.records.flatMap((r, i) => [toRow(r), toRow(pending(r)), { ...toRow(r), id: `x${i}`, seq: 1000 + i, tabId: 99 }]);
  // Odd values: a null initiator, status 0, times whose difference is not exact, a gap, redirects.
  rows.push({
    ...toRow(fixture.records[0]!),
    id: 'odd',
    initiator: null,
    status: 0,
    startedAt: 0.1,
    endedAt: 0.30000000000000004,
    gaps: { start: true, end: 'timeout' },
    redirects: ['http://a.test/x?y'],
    url: 'data:,',
  });
  rows.push({ ...toRow(fixture.records[0]!), id: 'odd2', startedAt: 1795350383005.16, endedAt: 1795350383019.553, seq: 1 });
  const wire = encodeForPort({ type: 'rows', rows });
  assert.equal(typeof wire, 'string');
  const back = decodeFromPort(JSON.parse(JSON.stringify(wire)));
  assert.ok(isBackgroundToPanel(back));
  assert.deepEqual(back, { type: 'rows', rows: JSON.parse(JSON.stringify(rows)) });
  const plain = JSON.stringify({ type: 'rows', rows }).length;
  assert.ok((wire as string).length * 2 < plain, `packed ${(wire as string).length} B, plain ${plain} B`);
  assert.deepEqual(decodeFromPort(encodeForPort({ type: 'rows', rows: [] })), { type: 'rows', rows: [] });
  // What the background never sends is refused, not thrown.
  assert.equal(decodeFromPort('{"type":"rows","packed":{"t":1,"s":[],"r":[[1]]}}'), undefined);
  assert.equal(decodeFromPort('{"type":"rows","packed":{"t":1,"s":[],"r":[["1",1,1,null,7,"x"]]}}'), undefined);
  assert.equal(decodeFromPort('not json'), undefined);
});

test('redirect: "manual": the row shows the redirect status the page got as an opaque redirect, not "(failed)"', () => {
  const base = fixture.records.find((r) => r.redirects.length === 0 && r.status !== undefined)!;
  const hop = { url: base.url, status: 307, headers: [], location: 'http://other.test/new' };
  const { status: _s, ...manual } = base;
  const r: CaptureRecord = {
    ...manual,
    error: 'net::ERR_ABORTED',
    redirects: [hop],
    witness: {
      api: 'fetch',
      mode: 'cors',
      credentials: 'same-origin',
      redirect: 'manual',
      outcome: { kind: 'resolved', type: 'opaqueredirect', status: 0, redirected: false },
    },
  };
  assert.equal(toRow(r).status, 307);
  const root = mount(<RequestRow record={toRow(r)} selected={false} onOpen={() => undefined} />);
  assert.equal(root.querySelector('.c-status')?.textContent, '307');
  // Without the page's word (no witness, or another outcome) it stays a failure.
  assert.equal(toRow({ ...r, witness: undefined }).status, undefined);
});
