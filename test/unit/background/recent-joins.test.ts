// RecentJoins answers, for a URL and method, exactly what a scan of the tab's last `max`
// joins would: model-based against that plain list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RecentJoins, type RecentJoin } from '../../../src/background/recent-joins.ts';

const join = (n: number, key: string): RecentJoin => ({ id: `r${n}`, key, frameId: n % 3 === 0 ? undefined : n % 2, startedAt: n, facts: `f${n % 2}` });

describe('RecentJoins', () => {
  it('keeps the last max joins and gives those of one key, oldest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 60 }), (max, keys) => {
        const recent = new RecentJoins(max);
        const model: RecentJoin[] = [];
        keys.forEach((key, n) => {
          for (const k of ['a', 'b', 'c', 'd'])
            assert.deepEqual(
              recent.of(k),
              model.filter((j) => j.key === k),
            );
          const j = join(n, key);
          recent.add(j);
          model.push(j);
          if (model.length > max) model.shift();
        });
      }),
    );
  });

  it('forgets a key whose joins have all gone', () => {
    const recent = new RecentJoins(2);
    recent.add(join(1, 'a'));
    recent.add(join(2, 'b'));
    recent.add(join(3, 'b'));
    assert.deepEqual(recent.of('a'), []);
    assert.deepEqual(
      recent.of('b').map((j) => j.id),
      ['r2', 'r3'],
    );
  });
});
