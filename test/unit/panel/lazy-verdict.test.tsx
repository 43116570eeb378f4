// Records reach the panel with their verdict's summary only (storage keeps them without the
// trace of checks). The list works from the summary and derives nothing; the detail view and
// the exports derive the whole verdict from the record, once per record object.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import { en, evaluate, renderSummary, type Verdict } from '../../../src/core/index.ts';
import type { BackgroundToPanel } from '../../../src/shared/protocol.ts';
import type { RuntimeLike } from '../../../src/shared/reconnecting-port.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { toExchange } from '../../../src/shared/to-exchange.ts';
import { App } from '../../../src/panel/components/App.tsx';
import { DetailView } from '../../../src/panel/components/DetailView.tsx';
import { buildExport, type ExportContext } from '../../../src/panel/export.ts';
import { immediately, type Scheduler } from '../../../src/panel/next-task.ts';
import { fullVerdict, hasTrace, traceStats, withFullVerdict } from '../../../src/panel/verdict-trace.ts';
import { $, $$, cleanup, click, fixture, mount, recordOf, text } from './dom.ts';

afterEach(cleanup);

/** The record as storage keeps it and the snapshot sends it: no `checks`, no `failedCheck`. */
function summaryOnly(r: CaptureRecord): CaptureRecord {
  const { checks: _c, failedCheck: _f, ...summary } = r.verdict!;
  return { ...r, verdict: summary as Verdict };
}

/** What the engine says of the record now (the fixtures may predate engine changes). */
const derive = (r: CaptureRecord) => evaluate(toExchange(r));

const STATE = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false, witness: true };

function panel(schedule = immediately) {
  let listener: (m: unknown) => void = () => undefined;
  let disconnect: () => void = () => undefined;
  const runtime: RuntimeLike = {
    connect: () => ({
      postMessage: () => undefined,
      disconnect: () => undefined,
      onMessage: { addListener: (cb) => (listener = cb) },
      onDisconnect: { addListener: (cb) => (disconnect = cb) },
    }),
  };
  const root = mount(<App tabId={3} version="1.0.0" runtime={runtime} schedule={schedule} />);
  return { root, deliver: (m: BackgroundToPanel) => act(() => listener(m)), drop: () => act(() => disconnect()) };
}

test('a summary verdict lists like a whole one, and listing derives no verdict', () => {
  const before = traceStats.derived;
  const { root, deliver } = panel();
  const records = fixture.records.map(summaryOnly);
  deliver({ type: 'reset', tabId: 3, version: '1.0.0', state: STATE });
  deliver({ type: 'upsert', records });
  const rows = $$(root, '[data-testid="request-row"]');
  assert.equal(rows.length, records.length);
  rows.forEach((row, i) => {
    const r = fixture.records[i]!;
    assert.equal(row.getAttribute('data-outcome'), r.verdict!.outcome);
    assert.equal(text(row, '[data-testid="row-reason"]'), renderSummary(r.verdict!, en));
  });
  assert.equal(text(root, '[data-testid="filter-all"] [data-testid="filter-count"]'), String(records.length));
  // Filters and the counts use the summary only.
  click($(root, '[data-testid="filter-blocked"]'));
  assert.equal($$(root, '[data-testid="request-row"]').length, fixture.records.filter((r) => r.verdict!.outcome === 'blocked').length);
  assert.equal(traceStats.derived, before, 'no verdict derived to list, count or filter');
});

test('a record without checks opens a detail with every check, the deciding one marked, and the fix', () => {
  for (const scenario of ['preflight-header-not-allowed', 'missing-acao', 'preflight-cache', 'cross-origin-redirect', 'allowed-get']) {
    const whole = recordOf(scenario);
    const r = summaryOnly(whole);
    assert.equal(hasTrace(r.verdict), false);
    const v = derive(whole);
    const root = mount(<DetailView record={r} narrow={false} onClose={() => undefined} />);
    const checks = $$(root, '[data-testid="check"]');
    assert.equal(checks.length, v.checks.length, scenario);
    assert.ok(checks.length > 0, scenario);
    checks.forEach((el, i) => assert.equal(el.getAttribute('data-id'), v.checks[i]!.id));
    if (v.failedCheck >= 0) assert.ok(checks[v.failedCheck]?.classList.contains('deciding'), `${scenario}: deciding check`);
    assert.equal($(root, '[data-testid="fix"]')?.getAttribute('data-needed'), String(v.outcome === 'blocked'), scenario);
    assert.equal(text(root, '[data-testid="detail-summary"]'), renderSummary(v, en));
  }
});

test('the whole verdict is derived once per record object, and not at all when the record has it', () => {
  const whole = recordOf('preflight-401');
  const r = summaryOnly(whole);
  const start = traceStats.derived;
  const first = fullVerdict(r);
  assert.equal(fullVerdict(r), first, 'memoised');
  assert.equal(withFullVerdict(r).verdict, first);
  assert.equal(withFullVerdict(r), withFullVerdict(r), 'one record object per record');
  assert.equal(traceStats.derived - start, 1);
  assert.deepEqual(first, derive(whole));
  // An update to the record is a new object: derived again.
  const updated = { ...r, source: { kind: 'script' } };
  assert.notEqual(fullVerdict(updated), first);
  assert.equal(traceStats.derived - start, 2);
  // A record with its trace, or still pending, derives nothing.
  const withTrace = { ...whole, verdict: derive(whole) };
  assert.equal(fullVerdict(withTrace), withTrace.verdict);
  assert.equal(withFullVerdict(withTrace), withTrace);
  const pending: CaptureRecord = { ...whole, complete: false, verdict: undefined };
  assert.equal(fullVerdict(pending), undefined);
  assert.equal(withFullVerdict(pending), pending);
  assert.equal(traceStats.derived - start, 2);
});

test('the export of a record without checks carries the whole verdict: the same report as with it', () => {
  const ctx: ExportContext = { records: new Map(), browser: 'Chromium 156', extensionVersion: '1.0.0', redact: true };
  const blocked = fixture.records.filter((r) => r.verdict!.outcome === 'blocked');
  assert.ok(blocked.length >= 3);
  const withTrace = blocked.map((r) => ({ ...r, verdict: derive(r) }));
  const summary = blocked.map(summaryOnly);
  for (const format of ['json', 'markdown', 'curl'] as const) {
    assert.equal(buildExport(summary, format, ctx).text, buildExport(withTrace, format, ctx).text, format);
  }
  const report = JSON.parse(buildExport(summary, 'json', ctx).text) as { exchanges: Array<{ checks: unknown[]; failedCheck: unknown }> };
  report.exchanges.forEach((e, i) => {
    assert.equal(e.checks.length, withTrace[i]!.verdict.checks.length);
    assert.notEqual(e.failedCheck, null, 'a blocked exchange names its failed check');
  });
});

/**
 * The panel's own scheduler (a MessageChannel task), counted: `idle()` settles when every task
 * it was given has run. Not a timer: on a busy machine a timer can fire before a port message
 * that was posted earlier (Node runs expired timers first), and the test would look too soon.
 */
function counted(schedule: Scheduler): { schedule: Scheduler; idle: () => Promise<void> } {
  let pending = 0;
  const waiters: Array<() => void> = [];
  return {
    schedule: (fn) => {
      pending++;
      schedule(() => {
        try {
          fn();
        } finally {
          pending--;
          if (pending === 0) for (const w of waiters.splice(0)) w();
        }
      });
    },
    // The timer bounds the wait, and keeps Node up meanwhile (next-task.ts unrefs its port).
    idle: () =>
      act(() =>
        pending === 0
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => {
              const bound = setTimeout(() => reject(new Error(`${pending} scheduled task(s) did not run in 10 s`)), 10_000);
              waiters.push(() => {
                clearTimeout(bound);
                resolve();
              });
            }),
      ),
  };
}

test('messages are applied together in the next task, in order, the disconnect among them', async () => {
  const { nextTask } = await import('../../../src/panel/next-task.ts');
  const tasks = counted(nextTask);
  const { root, deliver, drop } = panel(tasks.schedule);
  const [a, b, c] = fixture.records.map(summaryOnly);
  deliver({ type: 'reset', tabId: 3, version: '1.0.0', state: STATE });
  deliver({ type: 'upsert', records: [c!] });
  deliver({ type: 'upsert', records: [a!, b!] });
  assert.notEqual(text(root, '[data-testid="connection"]'), 'connected', 'nothing applied yet');
  assert.equal($$(root, '[data-testid="request-row"]').length, 0, 'nothing applied yet');
  await tasks.idle();
  assert.deepEqual(
    $$(root, '[data-testid="request-row"]').map((r) => r.getAttribute('data-id')),
    [a!.id, b!.id, c!.id],
  );
  assert.equal(text(root, '[data-testid="connection"]'), 'connected');
  drop();
  deliver({ type: 'remove', ids: [b!.id] });
  await tasks.idle();
  assert.deepEqual(
    $$(root, '[data-testid="request-row"]').map((r) => r.getAttribute('data-id')),
    [a!.id, c!.id],
  );
  assert.notEqual(text(root, '[data-testid="connection"]'), 'connected');
});
