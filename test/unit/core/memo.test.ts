// The engine's one bounded memo (src/core/memo.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MEMO_KEY, memoize } from '../../../src/core/memo.ts';
import { resolve } from '../../../src/core/origin.ts';

test('computes each key once while it is remembered, and remembers null and undefined results too', () => {
  const calls: string[] = [];
  const f = memoize<string | null | undefined>(4, (k) => {
    calls.push(k);
    return k === 'n' ? null : k === 'u' ? undefined : k.toUpperCase();
  });
  assert.equal(f('a'), 'A');
  assert.equal(f('a'), 'A');
  assert.equal(f('n'), null);
  assert.equal(f('n'), null);
  assert.equal(f('u'), undefined);
  assert.equal(f('u'), undefined);
  assert.deepEqual(calls, ['a', 'n', 'u']);
});

test('bounded: a full memo starts afresh; keys longer than MAX_MEMO_KEY are never kept', () => {
  let computed = 0;
  const f = memoize(3, (k) => {
    computed++;
    return k.length;
  });
  for (const k of ['a', 'b', 'c', 'd']) f(k); // 'd' clears the three before it
  computed = 0;
  f('d');
  f('a');
  assert.equal(computed, 1, 'd kept, a forgotten');
  const long = 'x'.repeat(MAX_MEMO_KEY + 1);
  computed = 0;
  f(long);
  f(long);
  assert.equal(computed, 2);
});

test('resolve keeps location and base apart whatever they contain', () => {
  assert.equal(resolve('/b', 'http://a.test/x'), 'http://a.test/b');
  assert.equal(resolve('3:/c', 'http://a.test/'), 'http://a.test/3:/c', 'a colon in the location is no boundary');
  assert.equal(resolve('http://[', 'http://a.test/'), 'http://[', 'an unparsable location is returned as is');
  assert.equal(resolve('c', 'http://a.test/1:2/'), 'http://a.test/1:2/c');
  assert.equal(resolve('', 'http://a.test/p?q'), 'http://a.test/p?q');
});
