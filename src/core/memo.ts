// One bounded memo for the engine's hot pure functions (origins, header names, list parses):
// the same few values recur on every request, and their results are immutable.

/**
 * Longest key any memo keeps. Header values and URLs are untrusted (64 KB is possible);
 * caching only short keys bounds the memos' memory no matter what a page sends.
 */
export const MAX_MEMO_KEY = 2048;

/**
 * `compute` remembered for up to `limit` keys. A full memo starts afresh rather than tracking
 * recency: cheaper on the hot path, and the few hot keys are back after one miss each. A key
 * longer than MAX_MEMO_KEY is computed every time. `compute` must be pure and its result
 * never mutated by callers.
 */
export function memoize<V>(limit: number, compute: (key: string) => V): (key: string) => V {
  const memo = new Map<string, V>();
  return (key: string): V => {
    const hit = memo.get(key);
    if (hit !== undefined || memo.has(key)) return hit as V;
    const value = compute(key);
    if (key.length <= MAX_MEMO_KEY) {
      if (memo.size >= limit) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}
