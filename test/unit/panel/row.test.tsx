// The list works from rows (src/shared/row.ts): for every recorded exchange, a row renders
// exactly as the list rendered the whole record before rows existed (the reference below is
// that component, reading the record), whether the row was made here, crossed the port as
// JSON, or came from a record stored without its verdict's trace. And a row carries nothing
// the list does not need.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { en, REASONS, renderSummary, type Verdict } from '../../../src/core/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { decodeFromPort, encodeForPort, isBackgroundToPanel } from '../../../src/shared/protocol.ts';
import { toRow } from '../../../src/shared/row.ts';
import { RequestRow } from '../../../src/panel/components/RequestRow.tsx';
import { Badge } from '../../../src/panel/components/Badge.tsx';
import { shortOrigin, splitOrigin, splitUrl } from '../../../src/panel/url-parts.ts';
import { words } from '../../../src/panel/words.ts';
import { cleanup, fixture, mount } from './dom.ts';

afterEach(cleanup);

// The list row as it was written against the whole record (git history: RequestRow.tsx).
function refKind(r: CaptureRecord) {
  const v = r.verdict;
  if (!v) return 'pending' as const;
  if (v.outcome === 'allowed') return v.warnings.length > 0 ? ('warning' as const) : ('allowed' as const);
  return v.outcome;
}
function refMark(r: CaptureRecord): 'paired' | 'failed' | 'cached' | null {
  if (r.preflightCached) return 'cached';
  const p = r.preflight;
  if (!p) return null;
  const badStatus = p.status !== undefined && (p.status < 200 || p.status > 299);
  const failedHere = r.verdict !== undefined && r.verdict.outcome !== 'allowed' && REASONS[r.verdict.reason].stage === 'preflight';
  return p.error !== undefined || badStatus || failedHere ? 'failed' : 'paired';
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

function ReferenceRow({ record: r, selected }: { record: CaptureRecord; selected: boolean }) {
  const kind = refKind(r);
  const { origin, rest } = splitUrl(r.url);
  const mark = refMark(r);
  const summary = r.verdict ? renderSummary(r.verdict, en) : '';
  return (
    <div
      role="row"
      id={`row-${r.id}`}
      class={selected ? `row selected kind-${kind}` : `row kind-${kind}`}
      aria-selected={selected}
      data-testid="request-row"
      data-id={r.id}
      data-outcome={r.verdict?.outcome ?? 'pending'}
      data-kind={kind}
    >
      <span role="gridcell" class="c-verdict">
        <Badge kind={kind} />
      </span>
      <span role="gridcell" class="c-method">
        {r.method}
      </span>
      <span role="gridcell" class="c-url" title={r.url}>
        <span class="url-origin">
          <span class="url-scheme">{splitOrigin(origin).scheme}</span>
          {splitOrigin(origin).host}
        </span>
        <span class="url-path">{rest}</span>
      </span>
      <span role="gridcell" class="c-initiator" title={r.initiator ?? ''}>
        {shortOrigin(r.initiator)}
      </span>
      <span role="gridcell" class="c-preflight">
        {mark && (
          <span class={`pf pf-${mark}`} data-testid="preflight-mark" data-mark={mark}>
            {words.preflight[mark]}
          </span>
        )}
      </span>
      <span role="gridcell" class="c-status">
        {refStatus(r)}
      </span>
      <span role="gridcell" class="c-duration" data-testid="row-duration">
        {refDuration(r)}
      </span>
      <span role="gridcell" class="c-reason" title={summary} data-testid="row-reason">
        {summary}
      </span>
    </div>
  );
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
      const expected = html(<ReferenceRow record={r} selected={selected} />);
      assert.equal(html(<RequestRow record={toRow(r)} selected={selected} onOpen={() => undefined} />), expected, r.id);
      // As it crosses the port (JSON), and made from the stored form.
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
