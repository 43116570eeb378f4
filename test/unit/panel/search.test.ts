// The list's search syntax (issue 13): words anywhere in what a row shows, -negation, method:,
// status: (exact and 4xx classes), domain: (host and parent domains), reason: (code, sentence,
// both browsers' names), quoted terms, and unknown prefixes taken as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toRow, type RecordRow } from '../../../src/shared/row.ts';
import { applyFilter, countFilters } from '../../../src/panel/filters.ts';
import { compileSearch, parseSearch } from '../../../src/panel/search.ts';
import { fixture } from './dom.ts';

const rows: RecordRow[] = fixture.records.map(toRow);
const ids = (q: string) => rows.filter(compileSearch(q)).map((r) => r.id);
const idsWhere = (p: (r: RecordRow) => boolean) => rows.filter(p).map((r) => r.id);

test('parsing: fields, negation, quotes, unknown prefixes as text', () => {
  assert.deepEqual(parseSearch('  method:PUT -status:2xx "no acao" http://x -foo:bar - '), [
    { field: 'method', value: 'put', negate: false },
    { field: 'status', value: '2xx', negate: true },
    { field: 'text', value: 'no acao', negate: false },
    { field: 'text', value: 'http://x', negate: false },
    { field: 'text', value: 'foo:bar', negate: true },
    { field: 'text', value: '-', negate: false },
  ]);
  assert.deepEqual(parseSearch('method:'), [], 'a field without a value is no term');
  assert.deepEqual(parseSearch(''), []);
});

test("free text matches the URL, the verdict sentence, the reason code and the browsers' names, case-insensitively", () => {
  assert.deepEqual(
    ids('blocked'),
    idsWhere((r) => r.verdict?.outcome === 'blocked'),
  );
  assert.deepEqual(
    ids('Access-Control-Allow-Origin'),
    idsWhere((r) => /allow-origin|credentials/.test(r.verdict?.reason ?? '') || r.verdict?.reason === 'multiple-allow-origin-values'),
  );
  assert.deepEqual(
    ids('HeaderDisallowedByPreflightResponse'),
    idsWhere((r) => r.verdict?.reason === 'header-not-allowed'),
  );
  assert.deepEqual(ids('CORSMissingAllowHeaderFromPreflight'), ids('HeaderDisallowedByPreflightResponse'), "Firefox's name too");
  assert.deepEqual(
    ids('/PUT-OK'),
    idsWhere((r) => r.url.includes('/put-ok')),
  );
  assert.deepEqual(
    ids('/final'),
    idsWhere((r) => (r.redirects ?? []).some((u) => u.includes('/final'))),
    'redirect targets',
  );
  assert.deepEqual(
    ids('"preflight cached"'),
    idsWhere((r) => r.preflight === 'cached'),
    'a quoted phrase',
  );
  assert.deepEqual(
    ids('preflight cached'),
    idsWhere((r) => r.preflight !== undefined && r.url.includes('cached')),
    'two words: each anywhere',
  );
});

test('-term excludes; every term must hold', () => {
  assert.deepEqual(
    ids('-items'),
    idsWhere((r) => !r.url.includes('items')),
  );
  assert.deepEqual(
    ids('put -blocked'),
    idsWhere((r) => r.method === 'PUT' && r.verdict?.outcome !== 'blocked'),
  );
  assert.deepEqual(
    ids('-status:2xx -status:failed'),
    idsWhere((r) => r.status === undefined && r.error === undefined),
  );
});

test('method:, status:, domain:, reason:', () => {
  assert.deepEqual(
    ids('method:put'),
    idsWhere((r) => r.method === 'PUT'),
  );
  assert.deepEqual(ids('method:pu'), [], 'the whole method, not a part');
  assert.deepEqual(
    ids('status:200'),
    idsWhere((r) => r.status === 200),
  );
  assert.deepEqual(
    ids('status:2xx'),
    idsWhere((r) => r.status !== undefined && r.status >= 200 && r.status < 300),
  );
  assert.deepEqual(
    ids('status:failed'),
    idsWhere((r) => r.status === undefined && r.error !== undefined),
  );
  assert.deepEqual(ids('status:abc'), []);
  const host = new URL(rows[0]!.url).hostname;
  assert.deepEqual(
    ids(`domain:${host}`),
    rows.map((r) => r.id),
  );
  assert.deepEqual(
    ids('domain:0.0.1'),
    rows.map((r) => r.id),
    'a parent "domain" of the host (suffix at a dot)',
  );
  assert.deepEqual(ids('domain:.0.1'), [], 'not any substring');
  assert.deepEqual(
    ids('domain:*.0.0.1'),
    rows.map((r) => r.id),
  );
  const byReason = (code: string) => idsWhere((r) => r.verdict?.reason === code);
  const creds = ids('reason:credentials');
  assert.ok(byReason('wildcard-origin-with-credentials').every((id) => creds.includes(id)));
  assert.ok(![...byReason('missing-allow-origin'), ...byReason('ok')].some((id) => creds.includes(id)));
  assert.deepEqual(
    ids('reason:wildcard'),
    idsWhere((r) => r.verdict?.reason === 'wildcard-origin-with-credentials'),
  );
  assert.deepEqual(ids('reason:"-items"'), [], 'a reason never names the URL');
});

test('the category filters and their counts follow the search', () => {
  assert.deepEqual(
    applyFilter(rows, 'blocked', 'method:put').map((r) => r.id),
    idsWhere((r) => r.method === 'PUT' && r.verdict?.outcome === 'blocked'),
  );
  const counts = countFilters(rows, 'method:put');
  assert.equal(counts.all, idsWhere((r) => r.method === 'PUT').length);
  assert.equal(counts.preflighted, idsWhere((r) => r.method === 'PUT' && r.preflight !== undefined).length);
});

test('warming in idle time builds the searched text within the time given, and says what is left', async () => {
  const { warmSearch } = await import('../../../src/panel/search.ts');
  const fresh = fixture.records.flatMap((r) => Array.from({ length: 40 }, (_, i) => toRow({ ...r, id: `${r.id}-${i}` })));
  let asked = 0;
  const left = warmSearch(fresh, () => ++asked <= 2);
  assert.ok(left > 0 && left < fresh.length, `${left} of ${fresh.length} left after a short idle period`);
  assert.equal(
    warmSearch(fresh, () => true),
    0,
    'all built',
  );
  assert.equal(
    warmSearch(fresh, () => false),
    0,
    'nothing left to do, whatever the time',
  );
  // Warmed text is the text searched.
  assert.deepEqual(
    fresh.filter(compileSearch('method:put -blocked')).length,
    fresh.filter((r) => r.method === 'PUT' && r.verdict?.outcome !== 'blocked').length,
  );
});

test('words match the header names and values of the whole records given; field terms never do', async () => {
  const { headerTextOf, searchesText, warmSearch } = await import('../../../src/panel/search.ts');
  const whole = new Map(fixture.records.map((r) => [r.id, r]));
  const wholeOf = (id: string) => whole.get(id);
  const withHeader = (name: string, value: string) =>
    fixture.records
      .filter((r) =>
        [r.requestHeaders, r.responseHeaders, r.preflight?.requestHeaders, r.preflight?.responseHeaders].some((l) =>
          (l ?? []).some((h) => h.name.toLowerCase() === name && h.value.toLowerCase().includes(value)),
        ),
      )
      .map((r) => r.id);
  const search = (q: string, of?: typeof wholeOf) => rows.filter(compileSearch(q, of)).map((r) => r.id);
  assert.deepEqual(search('"x-request-id: r1"'), [], 'without whole records: rows only');
  assert.deepEqual(search('"x-request-id: r1"', wholeOf), withHeader('x-request-id', 'r1'));
  assert.deepEqual(search('"access-control-max-age: 600"', wholeOf), withHeader('access-control-max-age', '600'), "the preflight's headers too");
  assert.deepEqual(search('-"x-request-id: r1"', wholeOf).length, rows.length - 1);
  assert.deepEqual(search('method:x-request-id', wholeOf), [], 'a field term is not matched against headers');
  assert.deepEqual([searchesText('method:put'), searchesText('method:put bearer'), searchesText('-"x y"')], [false, true, true]);
  // Warming builds the header text of whole records too (and it is what is searched).
  const fresh = new Map([...whole].map(([id, r]) => [id, { ...r }]));
  assert.ok(warmSearch(rows, () => true, fresh) === 0);
  assert.match(headerTextOf([...fresh.values()][0]!), /^[^A-Z]*$/, 'lower case');
});
