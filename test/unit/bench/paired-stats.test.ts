import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hodgesLehmann, meanInterval } from '../../../bench/paired-stats.ts';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-3, `${what}: ${actual} vs ${expected}`);

describe('meanInterval', () => {
  it('is the mean with a t interval (4 degrees of freedom: t = 2.78)', () => {
    const r = meanInterval([1, 2, 3, 4, 5]);
    close(r.estimate, 3, 'mean');
    // sd 1.5811, standard error sqrt(1/2)
    close(r.high - r.estimate, 2.78 * Math.SQRT1_2, 'half width');
    close(r.estimate - r.low, 2.78 * Math.SQRT1_2, 'symmetric');
  });

  it('has no interval for one value', () => {
    assert.ok(Number.isNaN(meanInterval([0.1]).low));
  });
});

describe('hodgesLehmann', () => {
  it('is the median of the Walsh averages; with 6 values the 95% interval spans all of them', () => {
    const r = hodgesLehmann([1, 2, 3, 4, 5, 6]);
    close(r.estimate, 3.5, 'estimate');
    close(r.low, 1, 'low');
    close(r.high, 6, 'high');
  });

  it('with 20 values uses the 52nd Walsh average from each end: the exact table says 53, one wider', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    const walsh: number[] = [];
    for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) walsh.push((xs[i]! + xs[j]!) / 2);
    walsh.sort((a, b) => a - b);
    const r = hodgesLehmann(xs);
    close(r.estimate, 10.5, 'estimate');
    assert.equal(r.low, walsh[51]);
    assert.equal(r.high, walsh[walsh.length - 52]);
    assert.ok(r.low <= walsh[52]! && r.high >= walsh[walsh.length - 53]!, 'contains the exact interval');
  });

  it('moves with the data: adding c to every value adds c to the estimate and the bounds', () => {
    const xs = [0.03, -0.01, 0.05, 0.02, -0.04, 0.01, 0.0, 0.06, -0.02, 0.04];
    const a = hodgesLehmann(xs);
    const b = hodgesLehmann(xs.map((x) => x + 0.1));
    close(b.estimate, a.estimate + 0.1, 'estimate');
    close(b.low, a.low + 0.1, 'low');
    close(b.high, a.high + 0.1, 'high');
  });

  it('one wild round moves the mean interval far more than this one', () => {
    const xs = [0.01, 0.0, 0.02, -0.01, 0.01, 0.0, 0.02, 0.01, -0.01, 0.0, 0.01, 0.02, 0.0, 0.01, 0.01];
    const wild = [...xs.slice(0, -1), 0.4];
    const hlShift = hodgesLehmann(wild).high - hodgesLehmann(xs).high;
    const meanShift = meanInterval(wild).high - meanInterval(xs).high;
    assert.ok(meanShift > 5 * hlShift, `mean's upper bound moved ${meanShift}, Hodges-Lehmann's ${hlShift}`);
  });

  it('has no interval below 6 values', () => {
    const r = hodgesLehmann([0.1, 0.2, 0.3, 0.4, 0.5]);
    close(r.estimate, 0.3, 'estimate');
    assert.ok(Number.isNaN(r.low) && Number.isNaN(r.high));
  });
});
