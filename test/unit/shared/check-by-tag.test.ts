import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkByTag } from '../../../src/shared/check-by-tag.ts';

type Shape = { kind: 'circle'; r: number } | { kind: 'square'; side: number };

const isShape = checkByTag<Shape, 'kind'>('kind', {
  circle: (v) => typeof v.r === 'number',
  square: (v) => typeof v.side === 'number',
});

test('a value passes when its tag has a check and the check holds', () => {
  assert.equal(isShape({ kind: 'circle', r: 1 }), true);
  assert.equal(isShape({ kind: 'square', side: 2 }), true);
  assert.equal(isShape({ kind: 'circle', side: 2 }), false, "the circle's check, not the square's");
});

test('no check, no pass: unknown tags, tags that are not strings, the prototype keys, non-objects', () => {
  for (const kind of ['triangle', '', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 1, null, undefined, ['circle']]) {
    assert.equal(isShape({ kind, r: 1, side: 1 }), false, String(kind));
  }
  for (const v of [null, undefined, 'circle', 1, true, [], () => undefined]) assert.equal(isShape(v), false, String(v));
});

test('the tag is read once, before its check runs', () => {
  let reads = 0;
  const v = {
    get kind() {
      reads++;
      return reads === 1 ? 'circle' : 'square';
    },
    r: 1,
  };
  assert.equal(isShape(v), true);
  assert.equal(reads, 1);
});
