// The panel's pure helpers: row kinds, filters and counts, URL splitting, windowing maths,
// spec links, timeline, CORS header highlighting, theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHECK_IDS } from '../../../src/core/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { toRow } from '../../../src/shared/row.ts';
import { applyFilter, countFilters, matchesText } from '../../../src/panel/filters.ts';
import { isCorsHeader } from '../../../src/panel/cors-header.ts';
import { preflightMark, rowKind } from '../../../src/panel/row-kind.ts';
import { CHECK_LINKS, reasonLink } from '../../../src/panel/spec-links.ts';
import { devtoolsTheme, followDevtoolsTheme } from '../../../src/panel/theme.ts';
import { formatMs, timeline } from '../../../src/panel/timeline.ts';
import { shortOrigin, splitUrl } from '../../../src/panel/url-parts.ts';
import { revealRow, stepIndex, visibleRange } from '../../../src/panel/windowing.ts';
import { document, fixture, recordOf } from './dom.ts';
import { pendingRecord } from './pending-record.ts';

const pending = (id: string, url = 'http://api.test/x'): CaptureRecord => pendingRecord(id, { url });

test('row kinds: verdict outcome, warning for allowed-with-warnings, pending without a verdict', () => {
  const cases: Array<[string, string]> = [
    ['allowed-get', 'allowed'],
    ['allowed-with-warning', 'warning'],
    ['missing-acao', 'blocked'],
    ['preflight-header-not-allowed', 'blocked'],
    ['no-cors', 'not-cors'],
  ];
  for (const [scenario, kind] of cases) assert.equal(rowKind(recordOf(scenario)), kind, scenario);
  assert.equal(rowKind(pending('p')), 'pending');
});

test('preflight markers: paired, failed, served from the cache, none', () => {
  const cases: Array<[CaptureRecord, string | null]> = [
    [recordOf('preflight-allowed'), 'paired'],
    [recordOf('preflight-header-not-allowed'), 'failed'],
    [recordOf('preflight-401'), 'failed'],
    [recordOf('preflight-cache', 0), 'paired'],
    [recordOf('preflight-cache', 1), 'cached'],
    [recordOf('allowed-get'), null],
  ];
  for (const [r, mark] of cases) assert.equal(preflightMark(toRow(r)), mark, r.url);
});

test("filters and counts over the recorded exchanges' rows, with the URL text filter", () => {
  const all = fixture.records.map(toRow);
  const counts = countFilters(all, '');
  assert.equal(counts.all, all.length);
  assert.equal(counts.blocked, all.filter((r) => r.verdict?.outcome === 'blocked').length);
  assert.equal(counts.blocked, 6);
  assert.equal(counts.preflighted, 6, 'paired, failed and cached preflights');
  assert.ok(counts.warnings >= 2, 'reflected origin and cross-origin redirect');
  assert.deepEqual(applyFilter(all, 'blocked', '').map(rowKind), Array(6).fill('blocked'));
  assert.deepEqual(
    applyFilter(all, 'all', 'PUT-BLOCKED').map((r) => r.id),
    [recordOf('preflight-header-not-allowed').id],
  );
  assert.equal(countFilters(all, 'cached').all, 2);
  assert.equal(countFilters(all, 'cached').preflighted, 2);
  // A redirect target matches too.
  assert.ok(matchesText(toRow(recordOf('cross-origin-redirect')), '/final'));
  assert.ok(matchesText(toRow(pending('a')), '   '));
});

test('URL splitting: origin greyed, the rest prominent', () => {
  assert.deepEqual(splitUrl('https://api.test:8443/a/b?c=1#x'), { origin: 'https://api.test:8443', rest: '/a/b?c=1#x' });
  assert.deepEqual(splitUrl('https://api.test'), { origin: 'https://api.test', rest: '/' });
  assert.deepEqual(splitUrl('not a url'), { origin: '', rest: 'not a url' });
  assert.deepEqual(splitUrl('data:text/plain,hi'), { origin: '', rest: 'data:text/plain,hi' });
  assert.equal(shortOrigin('http://localhost:5173'), 'localhost:5173');
  assert.equal(shortOrigin(null), 'null');
  assert.equal(shortOrigin(undefined), '?');
});

test('windowing: the rows on screen plus overscan, padding for the rest', () => {
  assert.deepEqual(visibleRange(0, 100, 20, 1000, 2), { start: 0, end: 8, padTop: 0, padBottom: 992 * 20 });
  assert.deepEqual(visibleRange(2000, 100, 20, 1000, 2), { start: 98, end: 108, padTop: 98 * 20, padBottom: 892 * 20 });
  assert.deepEqual(visibleRange(1e9, 100, 20, 10, 2).end, 10);
  assert.deepEqual(visibleRange(0, 100, 20, 0), { start: 0, end: 0, padTop: 0, padBottom: 0 });
  const r = visibleRange(5000 * 22 - 600, 600, 22, 5000);
  assert.equal(r.end, 5000);
  assert.ok(r.end - r.start < 60, 'a few dozen rows for 5,000 records');
  assert.equal(r.padTop + (r.end - r.start) * 22 + r.padBottom, 5000 * 22);
});

test('windowing: reveal a row with the least scroll; step the selection within bounds', () => {
  assert.equal(revealRow(10, 0, 100, 20), 120);
  assert.equal(revealRow(2, 100, 100, 20), 40);
  assert.equal(revealRow(6, 100, 100, 20), 100);
  assert.equal(stepIndex(-1, 1, 5), 0);
  assert.equal(stepIndex(-1, -1, 5), 4);
  assert.equal(stepIndex(4, 1, 5), 4);
  assert.equal(stepIndex(0, -20, 5), 0);
  assert.equal(stepIndex(0, 1, 0), -1);
});

test('every check links to the Fetch Standard or MDN; reasons link to MDN by Firefox key', () => {
  for (const id of CHECK_IDS) assert.match(CHECK_LINKS[id], /^https:\/\/(fetch\.spec\.whatwg\.org\/#|html\.spec\.whatwg\.org\/|developer\.mozilla\.org\/)/, id);
  assert.match(reasonLink('header-not-allowed'), /\/CORSMissingAllowHeaderFromPreflight$/);
  assert.match(reasonLink('ok'), /\/CORS\/Errors$/);
});

test('timeline: preflight, redirects, request; a request behind a failed preflight was not sent', () => {
  const blocked = timeline(recordOf('preflight-header-not-allowed'));
  assert.deepEqual(
    blocked.map((s) => [s.kind, s.method, s.status, s.notSent]),
    [
      ['preflight', 'OPTIONS', 204, undefined],
      ['request', 'PUT', undefined, true],
    ],
  );
  assert.ok((blocked[0]?.durationMs ?? -1) >= 0);
  const redirect = timeline(recordOf('cross-origin-redirect'));
  assert.deepEqual(
    redirect.map((s) => s.kind),
    ['redirect', 'request'],
  );
  assert.match(redirect[1]?.url ?? '', /\/final\?/);
  assert.deepEqual(
    timeline(recordOf('preflight-cache', 1)).map((s) => [s.kind, s.cached]),
    [
      ['preflight', true],
      ['request', undefined],
    ],
  );
  assert.equal(formatMs(3.4), '3 ms');
  assert.equal(formatMs(1450), '1.4 s');
  assert.equal(formatMs(undefined), '');
});

test('CORS headers are highlighted, others are not', () => {
  for (const n of ['Access-Control-Allow-Origin', 'access-control-request-headers', 'Origin', 'Vary']) assert.ok(isCorsHeader(n), n);
  for (const n of ['Content-Type', 'Date', 'Accept']) assert.ok(!isCorsHeader(n), n);
});

test('theme: DevTools dark → dark, other DevTools themes → light, no DevTools → the system', () => {
  assert.equal(devtoolsTheme({ chrome: { devtools: { panels: { themeName: 'dark' } } } }), 'dark');
  assert.equal(devtoolsTheme({ chrome: { devtools: { panels: { themeName: 'default' } } } }), 'light');
  assert.equal(devtoolsTheme({}), 'system');
});

test('theme: the panel follows a DevTools theme switch (Firefox event, Chromium handler)', () => {
  const root = document.createElement('div');
  let fire: (name: string) => void = () => undefined;
  followDevtoolsTheme(root, { browser: { devtools: { panels: { themeName: 'light', onThemeChanged: { addListener: (cb) => (fire = cb) } } } } });
  assert.equal(root.className, 'theme-light');
  fire('dark');
  assert.equal(root.className, 'theme-dark');
  followDevtoolsTheme(root, { chrome: { devtools: { panels: { themeName: 'dark', setThemeChangeHandler: (cb) => (fire = cb) } } } });
  fire('default');
  assert.equal(root.className, 'theme-light');
});

test('theme: a standalone page follows prefers-color-scheme, and its changes', () => {
  const root = document.createElement('div');
  let change: () => void = () => undefined;
  const media = { matches: true, addEventListener: (_: 'change', cb: () => void) => void (change = cb) };
  followDevtoolsTheme(root, {}, (query) => {
    assert.equal(query, '(prefers-color-scheme: dark)');
    return media;
  });
  assert.equal(root.className, 'theme-dark');
  media.matches = false;
  change();
  assert.equal(root.className, 'theme-light');
});
