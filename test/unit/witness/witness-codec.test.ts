// The witness's wire form (src/shared/witness-codec.ts): every entry comes back as it was
// written, call sites are written once per batch, and anything else decodes to "not an entry".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBatch, encodeBatch } from '../../../src/shared/witness-codec.ts';
import { isWitnessEntry, type WitnessCall, type WitnessEntry } from '../../../src/shared/witness-protocol.ts';

const call = (seq: number, site?: string): WitnessCall => ({
  kind: 'call',
  seq,
  api: 'fetch',
  url: `http://127.0.0.1:9/x${seq}`,
  method: 'PUT',
  mode: 'cors',
  credentials: 'include',
  redirect: 'manual',
  startedAt: 1_700_000_000_000.25,
  ...(site === undefined ? {} : { site }),
});

const every: WitnessEntry[] = [
  call(1, 'load (http://localhost/app.js:2:3)'),
  { ...call(2), api: 'xhr', mode: 'same-origin', credentials: 'omit', redirect: 'error', sync: true },
  { ...call(3), api: 'beacon', mode: 'no-cors', credentials: 'same-origin', redirect: 'follow' },
  { ...call(4), api: 'eventsource' },
  { kind: 'outcome', seq: 1, endedAt: 1_700_000_000_001, outcome: { kind: 'resolved', type: 'opaqueredirect', status: 0, redirected: false } },
  { kind: 'outcome', seq: 1, endedAt: 1_700_000_000_001, outcome: { kind: 'resolved', type: 'cors', status: 200, redirected: true } },
  { kind: 'outcome', seq: 2, endedAt: 1_700_000_000_002, outcome: { kind: 'rejected', name: 'TypeError', message: 'Failed to fetch "x"' } },
  { kind: 'outcome', seq: 2, endedAt: 1_700_000_000_002, outcome: { kind: 'xhr', event: 'timeout', status: 0 } },
  { kind: 'outcome', seq: 3, endedAt: 1_700_000_000_003, outcome: { kind: 'beacon', queued: true } },
  { kind: 'outcome', seq: 4, endedAt: 1_700_000_000_004, outcome: { kind: 'eventsource', event: 'error' } },
  { kind: 'unread', seq: 1, name: 'x-total-count' },
];

test('every kind of entry comes back as it was written, through JSON', () => {
  const back = decodeBatch(JSON.parse(JSON.stringify(encodeBatch(every))));
  assert.deepEqual(back, every);
  for (const e of back ?? []) assert.ok(isWitnessEntry(e), JSON.stringify(e));
});

test('a call site shared by a burst is written once, and the wire is a fraction of the entries as objects', () => {
  const site = 'run (http://localhost:8080/app.js:120:17)';
  const burst: WitnessEntry[] = [];
  for (let i = 1; i <= 100; i++) {
    burst.push(call(i, site));
    burst.push({ kind: 'outcome', seq: i, endedAt: 1_700_000_000_100, outcome: { kind: 'resolved', type: 'cors', status: 200, redirected: false } });
  }
  const wire = JSON.stringify(encodeBatch(burst));
  assert.equal(wire.split(site).length - 1, 1, 'the site once');
  assert.ok(wire.length < JSON.stringify(burst).length / 2, `${wire.length} vs ${JSON.stringify(burst).length}`);
  assert.deepEqual(decodeBatch(JSON.parse(wire)), burst);
});

test('what is not a batch decodes to null; what is not an entry to a null entry', () => {
  for (const bad of [null, 1, 'x', {}, [], [{}], [null, [0]]]) assert.equal(decodeBatch(bad), null, JSON.stringify(bad));
  const [sites, encodedCall] = encodeBatch([call(1, 'a')]) as [string[], unknown[]];
  const broken: unknown[] = [
    null,
    'call',
    {},
    [],
    [9, 1],
    encodedCall.slice(0, 10),
    [...encodedCall, 0],
    encodedCall.map((v, i) => (i === 2 ? 7 : v)), // no such API
    encodedCall.map((v, i) => (i === 5 ? '0' : v)), // a mode code must be a number
    encodedCall.map((v, i) => (i === 9 ? 3 : v)), // no such site
    encodedCall.map((v, i) => (i === 9 ? 0.5 : v)),
    encodedCall.map((v, i) => (i === 10 ? true : v)), // sync is 0 or 1
    [1, 1, 1_700_000_000_000, 0, 1, 200], // resolved without `redirected`
    [1, 1, 1_700_000_000_000, 0, 9, 200, 0],
    [1, 1, 1_700_000_000_000, 5, 0],
    [1, 1, 1_700_000_000_000, 3, 2],
    [2, 1],
  ];
  assert.deepEqual(
    decodeBatch([sites, ...broken]),
    broken.map(() => null),
  );
});

test('whatever JSON a page sends, decoding never throws, and what it makes either passes the check or is refused by it', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const out = decodeBatch(v);
      if (out === null) return;
      for (const e of out) if (e !== null) isWitnessEntry(e);
    }),
    { numRuns: 2000 },
  );
});

test('a call URL comes out in the normal form webRequest reports, without its fragment; what is not http(s) stays for the check to refuse', () => {
  const urls: Array<[string, string]> = [
    ['http://API.test/a/../b?x=1#frag', 'http://api.test/b?x=1'],
    ['https://a.test:443/p q', 'https://a.test/p%20q'],
    ['http://a.test', 'http://a.test/'],
    ['http://127.0.0.1:8080/x?y=%20z', 'http://127.0.0.1:8080/x?y=%20z'],
  ];
  for (const [sent, expected] of urls) {
    const [back] = decodeBatch(JSON.parse(JSON.stringify(encodeBatch([{ ...call(1), url: sent }])))) ?? [];
    assert.equal(back?.kind === 'call' ? back.url : undefined, expected, sent);
    assert.ok(isWitnessEntry(back), sent);
  }
  for (const bad of ['javascript:1', 'ftp://a.test/', '/relative', 'http://[']) {
    const [back] = decodeBatch(JSON.parse(JSON.stringify(encodeBatch([{ ...call(1), url: bad }])))) ?? [];
    assert.equal(isWitnessEntry(back), false, bad);
  }
});
