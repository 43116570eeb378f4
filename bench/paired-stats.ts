// Statistics for paired rounds (A and B run back to back, one ratio A/B - 1 per round), as the
// witness bench reports them. Two views of the same ratios:
// - the mean with a t interval: the expected cost over many rounds, which one slow round moves;
// - the Hodges-Lehmann estimate (the median of all pairwise averages of the ratios) with the
//   Wilcoxon signed-rank interval: the typical round's cost, distribution-free, for ratios
//   whose spread has heavy tails (a round that met a GC or a scheduling stall on 2 cores).
// Both intervals are 95%, two-sided. Hollander, Wolfe & Chicken, Nonparametric Statistical
// Methods (3rd ed.), §3.2 (estimator) and §3.3 (interval).
import { median } from './median.ts';

export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** Student's t, 97.5th percentile, by degrees of freedom (1.96 beyond the table). */
const T975: readonly number[] = [
  Number.NaN,
  12.71,
  4.3,
  3.18,
  2.78,
  2.57,
  2.45,
  2.36,
  2.31,
  2.26,
  2.23,
  2.2,
  2.18,
  2.16,
  2.14,
  2.13,
  2.12,
  2.11,
  2.1,
  2.09,
  2.09,
  2.08,
  2.07,
  2.07,
  2.06,
  2.06,
  2.06,
  2.05,
  2.05,
  2.05,
  2.04,
];
const tQuantile = (df: number): number => (df < T975.length ? T975[df]! : df <= 60 ? 2.0 : 1.96);

/** The mean and its 95% t interval; NaN bounds for fewer than two values. */
export function meanInterval(xs: readonly number[]): Interval {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { estimate: mean, low: Number.NaN, high: Number.NaN };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(n - 1) * (sd / Math.sqrt(n));
  return { estimate: mean, low: mean - half, high: mean + half };
}

/**
 * The Hodges-Lehmann estimate and its 95% Wilcoxon signed-rank interval: the k-th smallest and
 * k-th largest of the n(n+1)/2 Walsh averages, k from the normal approximation of the
 * signed-rank statistic's null distribution (within one of the exact table from n = 10 on).
 * NaN bounds below 6 values, where no 95% interval of this kind exists.
 */
export function hodgesLehmann(xs: readonly number[]): Interval {
  const n = xs.length;
  const walsh: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh.push((xs[i]! + xs[j]!) / 2);
  walsh.sort((a, b) => a - b);
  const estimate = median(walsh);
  const m = walsh.length;
  const k = Math.floor(m / 2 - 1.96 * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24));
  if (n < 6 || k < 1) return { estimate, low: Number.NaN, high: Number.NaN };
  return { estimate, low: walsh[k - 1]!, high: walsh[m - k]! };
}
