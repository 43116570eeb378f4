// The witness message validator (src/shared/witness-protocol.ts) against hostile input: the page
// world can put anything in what the relay reads, so the check must accept exactly the
// protocol's shape within its bounds, and never throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  readWitnessMessage,
  readWitnessWire,
  isWitnessEntry,
  isWitnessMessage,
  isWitnessUrl,
  WITNESS_LIMITS,
  type WitnessCall,
  type WitnessEntry,
  type WitnessMessage,
  type WitnessOutcomeEntry,
} from '../../../src/shared/witness-protocol.ts';
import { decodeBatch, encodeBatch } from '../../../src/shared/witness-codec.ts';

const url = fc
  .webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: false })
  .map((u) => new URL(u).href)
  .filter((u) => u.length <= WITNESS_LIMITS.url && !u.includes('#'));
const seq = fc.integer({ min: 1, max: WITNESS_LIMITS.seq });
const time = fc.double({ min: 1e12, max: 4e12, noNaN: true });
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'propfind', 'X-CUSTOM');
const site = fc.string({ minLength: 1, maxLength: 200 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' '));

const call: fc.Arbitrary<WitnessCall> = fc.record(
  {
    kind: fc.constant('call' as const),
    seq,
    api: fc.constantFrom('fetch' as const, 'xhr' as const, 'beacon' as const, 'eventsource' as const),
    url,
    method,
    mode: fc.constantFrom('cors' as const, 'no-cors' as const, 'same-origin' as const),
    credentials: fc.constantFrom('omit' as const, 'same-origin' as const, 'include' as const),
    redirect: fc.constantFrom('follow' as const, 'error' as const, 'manual' as const),
    startedAt: time,
    site,
    sync: fc.constant(true as const),
  },
  { requiredKeys: ['kind', 'seq', 'api', 'url', 'method', 'mode', 'credentials', 'redirect', 'startedAt'] },
);
const status = fc.integer({ min: 0, max: 999 });
const outcomeEntry: fc.Arbitrary<WitnessOutcomeEntry> = fc.record({
  kind: fc.constant('outcome' as const),
  seq,
  endedAt: time,
  outcome: fc.oneof(
    fc.record({
      kind: fc.constant('resolved' as const),
      type: fc.constantFrom('basic' as const, 'cors' as const, 'opaque' as const, 'opaqueredirect' as const),
      status,
      redirected: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('rejected' as const),
      name: fc.constantFrom('TypeError', 'AbortError', 'NetworkError', ''),
      message: fc.string({ maxLength: WITNESS_LIMITS.errorMessage }),
    }),
    fc.record({ kind: fc.constant('xhr' as const), event: fc.constantFrom('load' as const, 'error' as const, 'abort' as const, 'timeout' as const), status }),
    fc.record({ kind: fc.constant('beacon' as const), queued: fc.boolean() }),
    fc.record({ kind: fc.constant('eventsource' as const), event: fc.constantFrom('open' as const, 'error' as const) }),
  ),
});
const unreadEntry: fc.Arbitrary<WitnessEntry> = fc.record({
  kind: fc.constant('unread' as const),
  seq,
  name: fc.stringMatching(/^[!#$%&'*+.^_`|~0-9a-z-]{1,256}$/),
});
const entry: fc.Arbitrary<WitnessEntry> = fc.oneof(call, outcomeEntry, unreadEntry);
const pageId = fc.stringMatching(/^[0-9a-f]{32}$/);
const message: fc.Arbitrary<WitnessMessage> = fc.record({
  type: fc.constant('witness' as const),
  v: fc.constant(1 as const),
  page: pageId,
  n: fc.integer({ min: 1, max: WITNESS_LIMITS.count }),
  entries: fc.array(entry, { minLength: 1, maxLength: 20 }),
  dropped: fc.nat({ max: 1000 }),
});

const sampleCall = (): WitnessCall => ({
  kind: 'call',
  seq: 1,
  api: 'fetch',
  url: 'http://127.0.0.1:8080/api?x=1',
  method: 'GET',
  mode: 'cors',
  credentials: 'include',
  redirect: 'manual',
  startedAt: 1_700_000_000_000.5,
  site: 'load (http://localhost/app.js:2:3)',
});
const sample = (): WitnessMessage => ({
  type: 'witness',
  v: 1,
  page: '0123456789abcdef0123456789abcdef',
  n: 1,
  entries: [
    sampleCall(),
    { kind: 'outcome', seq: 1, endedAt: 1_700_000_000_010, outcome: { kind: 'rejected', name: 'TypeError', message: 'Failed to fetch' } },
    { kind: 'unread', seq: 1, name: 'x-total-count' },
  ],
  dropped: 0,
});

test('well-formed messages are accepted, also after a structured clone (as runtime.sendMessage delivers them)', () => {
  assert.equal(isWitnessMessage(sample()), true);
  fc.assert(
    fc.property(message, (m) => {
      assert.equal(isWitnessMessage(m), true, JSON.stringify(m));
      assert.equal(isWitnessMessage(structuredClone(m)), true);
      assert.equal(isWitnessMessage(JSON.parse(JSON.stringify(m))), true);
    }),
    { numRuns: 300 },
  );
});

test('an unread header name is a lower-case token within the bound', () => {
  const e = (name: unknown) => ({ kind: 'unread', seq: 1, name });
  assert.equal(isWitnessEntry(e('x-total-count')), true);
  for (const bad of ['X-Total-Count', 'x total', 'x\ncount', '', 'x'.repeat(257), 'x:y', 42]) assert.equal(isWitnessEntry(e(bad)), false, String(bad));
  assert.equal(isWitnessEntry({ ...e('x-a'), extra: 1 }), false, 'no other keys');
});

test('anything else is refused without throwing', () => {
  fc.assert(
    fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), (v) => {
      assert.equal(isWitnessMessage(v), false);
      assert.equal(isWitnessEntry(v), false);
    }),
    { numRuns: 500 },
  );
});

/** Every way one field of a good message can be wrong. */
const BAD_VALUES: unknown[] = [undefined, null, '', 'x', -1, 0.5, NaN, Infinity, 2 ** 53, true, {}, [], () => 1, Symbol('s'), 10n, 'A'.repeat(70_000)];

/** A field of a message: its name in the failure message, the object that holds it, its key. */
type Field = [name: string, at: (m: WitnessMessage) => Record<string, unknown>, key: string];

/** The fields `keys` of the part of a message `at` finds, named `part.key`. */
const fieldsOf = (part: string, at: (m: WitnessMessage) => unknown, keys: string[]): Field[] =>
  keys.map((k) => [`${part}.${k}`, (m) => at(m) as Record<string, unknown>, k]);

test('one wrong field anywhere makes the whole message invalid', () => {
  const paths: Field[] = [
    ...fieldsOf('message', (m) => m, ['type', 'v', 'page', 'entries', 'dropped']),
    ...fieldsOf('call', (m) => m.entries[0], ['kind', 'seq', 'api', 'url', 'method', 'mode', 'credentials', 'redirect', 'startedAt', 'site']),
    ...fieldsOf('outcome', (m) => m.entries[1], ['kind', 'seq', 'endedAt', 'outcome']),
    ...fieldsOf('unread', (m) => m.entries[2], ['kind', 'seq', 'name']),
    ...fieldsOf('outcome.outcome', (m) => (m.entries[1] as WitnessOutcomeEntry).outcome, ['kind', 'name', 'message']),
  ];
  for (const [name, at, key] of paths) {
    for (const bad of BAD_VALUES) {
      const m = sample();
      const target = at(m);
      // A few values are legitimately valid for some fields.
      if (key === 'message' && typeof bad === 'string' && bad.length <= WITNESS_LIMITS.errorMessage) continue;
      if (key === 'name' && bad === '') continue;
      if ((key === 'site' || key === 'method' || key === 'name') && bad === 'x') continue;
      if (key === 'site' && bad === undefined) continue; // an optional key may hold undefined
      if (key === 'dropped' && bad === 0) continue;
      target[key] = bad;
      assert.equal(isWitnessMessage(m), false, `${name} = ${String(typeof bad === 'string' ? bad.slice(0, 20) : typeof bad === 'symbol' ? 'symbol' : bad)}`);
    }
    const m = sample();
    delete at(m)[key];
    if (key !== 'site') assert.equal(isWitnessMessage(m), false, `without ${name}`);
  }
});

test("the background's reading: a bad envelope is refused, a bad entry is left out alone and counted", () => {
  fc.assert(
    fc.property(message, (m) => {
      const delivered = structuredClone(m);
      assert.deepEqual(readWitnessMessage(delivered), delivered);
    }),
    { numRuns: 200 },
  );
  fc.assert(
    fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true }), (v) => {
      const read = readWitnessMessage(v);
      assert.ok(read === null || isWitnessMessage(read));
    }),
    { numRuns: 300 },
  );
  for (const key of ['type', 'v', 'page', 'n', 'entries', 'dropped']) {
    const m = sample() as unknown as Record<string, unknown>;
    m[key] = key === 'page' ? 'no' : -1;
    assert.equal(readWitnessMessage(m), null, `message.${key}`);
  }
  for (const [i, key, bad] of [
    [0, 'url', 'http://A.test/x'],
    [0, 'seq', 0],
    [1, 'endedAt', 'soon'],
    [0, 'extra', 1],
  ] as const) {
    const m = sample();
    (m.entries[i] as unknown as Record<string, unknown>)[key] = bad;
    const read = readWitnessMessage(m);
    assert.ok(read && isWitnessMessage(read), `entry ${i}.${key}`);
    assert.deepEqual(
      read.entries,
      sample().entries.filter((_, j) => j !== i),
      `only entry ${i} left out`,
    );
    assert.equal(read.dropped, 1);
  }
});

test('unknown keys, getters, symbols, odd prototypes and __proto__ are refused', () => {
  const extra = sample() as unknown as Record<string, unknown>;
  extra.tabId = 1;
  assert.equal(isWitnessMessage(extra), false, 'a message cannot name its own tab');
  const extraInEntry = sample();
  (extraInEntry.entries[0] as unknown as Record<string, unknown>).frameId = 0;
  assert.equal(isWitnessMessage(extraInEntry), false);

  const getter = sample();
  let reads = 0;
  Object.defineProperty(getter.entries[0]!, 'url', {
    get: () => {
      reads++;
      return 'http://a.test/';
    },
    enumerable: true,
  });
  assert.equal(isWitnessMessage(getter), false);
  assert.equal(reads, 0, 'a getter is never called');

  const sym = sample() as unknown as Record<string | symbol, unknown>;
  sym[Symbol('x')] = 1;
  assert.equal(isWitnessMessage(sym), false);

  class Fake {}
  assert.equal(isWitnessMessage(Object.assign(new Fake(), sample())), false);
  assert.equal(isWitnessMessage(Object.assign(Object.create(null), sample())), true, 'a null-prototype copy is still plain data');

  const polluted = JSON.parse(JSON.stringify(sample()).replace('"type":"witness"', '"__proto__":{"x":1},"type":"witness"'));
  assert.equal(isWitnessMessage(polluted), false);

  const extraArrayProp = sample();
  (extraArrayProp.entries as unknown as Record<string, unknown>).extra = 1;
  assert.equal(isWitnessMessage(extraArrayProp), false);
  const sparse = sample();
  sparse.entries.length = sparse.entries.length + 1;
  assert.equal(isWitnessMessage(sparse), false, 'holes are not entries');
});

test('proxies, throwing traps, cycles and huge arrays are refused without throwing', () => {
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      ownKeys() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
      getOwnPropertyDescriptor() {
        throw new Error('trap');
      },
      has() {
        throw new Error('trap');
      },
    },
  );
  assert.equal(isWitnessMessage(throwing), false);
  assert.equal(isWitnessEntry(throwing), false);
  const inEntries = sample();
  (inEntries.entries as unknown[])[0] = throwing;
  assert.equal(isWitnessMessage(inEntries), false);

  const cyclic = sample() as unknown as Record<string, unknown>;
  (cyclic.entries as unknown[]).push(cyclic);
  assert.equal(isWitnessMessage(cyclic), false);

  const huge = sample();
  huge.entries = new Array(10_000_000);
  const t0 = performance.now();
  assert.equal(isWitnessMessage(huge), false);
  assert.ok(performance.now() - t0 < 50, 'refused by its length, not by walking it');
});

test('bounds: at the limit is accepted, one past it is refused', () => {
  const base = 'http://a.test/?q=';
  const atLimit = sample();
  (atLimit.entries[0] as WitnessCall).url = base + 'x'.repeat(WITNESS_LIMITS.url - base.length);
  assert.equal(isWitnessMessage(atLimit), true);
  (atLimit.entries[0] as WitnessCall).url += 'x';
  assert.equal(isWitnessMessage(atLimit), false);

  const s = sample();
  (s.entries[0] as WitnessCall).site = 's'.repeat(WITNESS_LIMITS.site);
  assert.equal(isWitnessMessage(s), true);
  (s.entries[0] as WitnessCall).site += 's';
  assert.equal(isWitnessMessage(s), false);

  const many = sample();
  many.entries = Array.from({ length: WITNESS_LIMITS.entriesPerMessage }, (_, i) => ({ ...sampleCall(), seq: i + 1 }));
  assert.equal(isWitnessMessage(many), true);
  many.entries.push(sampleCall());
  assert.equal(isWitnessMessage(many), false);

  // Many long URLs: each entry is fine, their sum is not.
  const heavy = sample();
  const longUrl = base + 'y'.repeat(WITNESS_LIMITS.url - base.length);
  heavy.entries = Array.from({ length: Math.ceil(WITNESS_LIMITS.messageChars / WITNESS_LIMITS.url) + 1 }, (_, i) => ({
    ...sampleCall(),
    seq: i + 1,
    url: longUrl,
  }));
  assert.ok(heavy.entries.length <= WITNESS_LIMITS.entriesPerMessage);
  assert.equal(isWitnessMessage(heavy), false, 'the sum of string lengths is bounded');

  const m = sample();
  m.dropped = WITNESS_LIMITS.count + 1;
  assert.equal(isWitnessMessage(m), false);
  const empty = sample();
  empty.entries = [];
  assert.equal(isWitnessMessage(empty), false, 'an empty message says nothing');
  empty.dropped = 3;
  assert.equal(isWitnessMessage(empty), true, 'but it may report drops alone');
});

test('URLs must be absolute http(s), normalised, without a fragment; text has no control characters', () => {
  for (const ok of ['http://a.test/', 'https://127.0.0.1:8443/x?y=%20z', 'http://[::1]/']) assert.equal(isWitnessUrl(ok), true, ok);
  for (const bad of [
    'http://a.test',
    'HTTP://a.test/',
    'http://a.test/#frag',
    'http://a.test/ x',
    'javascript:alert(1)',
    'data:text/plain,x',
    'ftp://a.test/',
    '/relative',
    'http://',
    ' http://a.test/',
  ]) {
    assert.equal(isWitnessUrl(bad), false, bad);
  }
  const m = sample();
  (m.entries[0] as WitnessCall).site = 'line\nbreak';
  assert.equal(isWitnessMessage(m), false);
  const n = sample();
  (n.entries[0] as WitnessCall).method = 'GET POST';
  assert.equal(isWitnessMessage(n), false);
  const p = sample();
  p.page = 'short';
  assert.equal(isWitnessMessage(p), false);
  const q = sample();
  (q.entries[0] as WitnessCall).startedAt = -1;
  assert.equal(isWitnessMessage(q), false);
  const r = sample();
  (r.entries[0] as unknown as Record<string, unknown>).sync = false;
  assert.equal(isWitnessMessage(r), false, 'sync is present only as true');
});

test('each outcome kind has exactly its own fields', () => {
  const outcomes: Array<[unknown, boolean]> = [
    [{ kind: 'resolved', type: 'cors', status: 200, redirected: false }, true],
    [{ kind: 'resolved', type: 'default', status: 200, redirected: false }, false],
    [{ kind: 'resolved', type: 'cors', status: 200 }, false],
    [{ kind: 'resolved', type: 'cors', status: 1000, redirected: false }, false],
    [{ kind: 'xhr', event: 'load', status: 0 }, true],
    [{ kind: 'xhr', event: 'loadend', status: 0 }, false],
    [{ kind: 'xhr', event: 'load', status: 200, name: 'x' }, false],
    [{ kind: 'beacon', queued: true }, true],
    [{ kind: 'beacon', queued: 1 }, false],
    [{ kind: 'eventsource', event: 'open' }, true],
    [{ kind: 'eventsource', event: 'message' }, false],
    [{ kind: 'rejected', name: 'TypeError', message: 'NetworkError when attempting to fetch resource.' }, true],
    [{ kind: 'rejected', name: 'x'.repeat(WITNESS_LIMITS.errorName + 1), message: '' }, false],
    [{ kind: 'rejected', name: 'TypeError', message: 'm'.repeat(WITNESS_LIMITS.errorMessage + 1) }, false],
    [{ kind: 'other' }, false],
  ];
  for (const [outcome, ok] of outcomes) {
    assert.equal(isWitnessEntry({ kind: 'outcome', seq: 1, endedAt: 1_700_000_000_000, outcome }), ok, JSON.stringify(outcome));
  }
});

test("the wire's faster check of decoded entries agrees with the strict check of each entry", () => {
  // An entry as the page encodes it, then one element changed, removed or added.
  const mutated = fc.tuple(entry, fc.nat(12), fc.jsonValue(), fc.constantFrom('set', 'remove', 'add')).map(([e, at, value, how]) => {
    const [sites, encoded] = encodeBatch([e]) as [string[], unknown[]];
    const i = at % (encoded.length + 1);
    if (how === 'set') encoded[i] = value;
    else if (how === 'remove') encoded.splice(i, 1);
    else encoded.splice(i, 0, value);
    return JSON.stringify([sites, encoded]);
  });
  fc.assert(
    fc.property(
      fc.oneof(
        entry.map((e) => JSON.stringify(encodeBatch([e]))),
        mutated,
      ),
      (text) => {
        const read = readWitnessWire(wire([text]));
        const decoded = decodeBatch(JSON.parse(text))?.[0] ?? null;
        assert.equal(read !== null && read.entries.length === 1, isWitnessEntry(decoded), text);
      },
    ),
    { numRuns: 1000 },
  );
});

const wire = (batches: unknown, more: Record<string, unknown> = {}): unknown => ({
  type: 'witness',
  v: 2,
  page: '0123456789abcdef0123456789abcdef',
  n: 3,
  batches,
  dropped: 0,
  ...more,
});

test('the wire: every batch parsed in order, its entries checked one by one, and a batch that is not an array counted as one entry dropped', () => {
  const { entries } = sample();
  const read = readWitnessWire(
    structuredClone(
      wire([JSON.stringify(encodeBatch(entries.slice(0, 2))), 'not json', '{"a":1}', JSON.stringify([...encodeBatch(entries.slice(2)), [0, 1]])], {
        dropped: 4,
      }),
    ),
  );
  assert.ok(read && isWitnessMessage(read));
  assert.deepEqual(read.entries, entries);
  assert.equal(read.n, 3);
  assert.equal(read.dropped, 4 + 2 + 1, 'the 4 the relay counted, the 2 batches that were no arrays, the one bad entry');
  fc.assert(
    fc.property(message, (m) => {
      const half = Math.ceil(m.entries.length / 2);
      const r = readWitnessWire(
        structuredClone(
          wire([JSON.stringify(encodeBatch(m.entries.slice(0, half))), JSON.stringify(encodeBatch(m.entries.slice(half)))], {
            page: m.page,
            n: m.n,
            dropped: m.dropped,
          }),
        ),
      );
      assert.deepEqual(r, JSON.parse(JSON.stringify(m)));
    }),
    { numRuns: 200 },
  );
});

test('the wire: a bad envelope or one over a bound is refused whole, without throwing', () => {
  const ok = JSON.stringify(encodeBatch([sampleCall()]));
  assert.ok(readWitnessWire(wire([ok])));
  for (const bad of [
    wire([ok], { v: 1 }),
    wire([ok], { type: 'other' }),
    wire([ok], { page: 'short' }),
    wire([ok], { n: 0 }),
    wire([ok], { dropped: -1 }),
    wire([ok], { extra: 1 }),
    wire([ok, 42]),
    wire({ 0: ok, length: 1 }),
    wire([], { dropped: 0 }),
    wire(Array(WITNESS_LIMITS.batchesPerMessage + 1).fill(ok)),
    wire([`[[]${' '.repeat(WITNESS_LIMITS.wireChars)}]`]),
    null,
    'witness',
  ]) {
    assert.equal(readWitnessWire(bad), null, JSON.stringify(bad)?.slice(0, 80));
  }
  assert.ok(readWitnessWire(wire(Array(WITNESS_LIMITS.batchesPerMessage).fill(ok))), 'at the bound');
  const many = JSON.stringify(encodeBatch(Array.from({ length: WITNESS_LIMITS.entriesPerMessage + 5 }, (_, i) => ({ ...sampleCall(), seq: i + 1 }))));
  const capped = readWitnessWire(wire([many]));
  assert.equal(capped?.entries.length, WITNESS_LIMITS.entriesPerMessage, 'entries past the bound are left out');
  assert.equal(capped?.dropped, 5, 'and counted');
});
