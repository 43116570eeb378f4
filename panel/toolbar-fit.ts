// How many of the toolbar's items go into its overflow menu ("⋯"), as DevTools' own toolbars
// do: as many as the toolbar's width needs, least used first. The toolbar is measured after
// each render; what each level needed is remembered, so widening the panel brings items back
// without first rendering them to find out (and a stale width is corrected by the next
// measure: at most one extra render).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** What leaves the toolbar row, in order: step i is gone at level i + 1. */
export const OVERFLOW_STEPS = ['brand', 'compact', 'only-with-devtools', 'include-secrets', 'export', 'pause', 'preserve'] as const;
export type OverflowStep = (typeof OVERFLOW_STEPS)[number];
export const MAX_LEVEL = OVERFLOW_STEPS.length;

export function isOut(level: number, step: OverflowStep): boolean {
  return OVERFLOW_STEPS.indexOf(step) < level;
}

/**
 * The next level: one more when the row needs more than `available`, one fewer when the
 * previous level's row (as last measured) fits again, else the same.
 */
export function fitLevel(level: number, available: number, needed: ReadonlyArray<number | undefined>, max = MAX_LEVEL): number {
  const now = needed[level];
  if (now !== undefined && now > available + 1 && level < max) return level + 1;
  const before = level > 0 ? needed[level - 1] : undefined;
  if (before !== undefined && before <= available) return level - 1;
  return level;
}

/** The width the row's items need: what overflows, or what is left of the spacer. */
export function neededWidth(bar: HTMLElement): number {
  const spacer = bar.querySelector<HTMLElement>(':scope > .spacer');
  return Math.max(bar.scrollWidth, bar.clientWidth) - (spacer?.getBoundingClientRect().width ?? 0);
}

/** The toolbar's overflow level, fitted to `bar`'s width (or `fixed`, in tests). */
export function useOverflowLevel(bar: { readonly current: HTMLElement | null }, fixed?: number): number {
  const [level, setLevel] = useState(0);
  const [, setWidth] = useState(0);
  const needed = useRef<number[]>([]);
  // A new width re-renders, and so measures again.
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined' || fixed !== undefined) return undefined;
    const ro = new ResizeObserver((entries) => setWidth(entries.at(-1)?.contentRect.width ?? 0));
    ro.observe(el);
    return () => ro.disconnect();
  }, [fixed]);
  // After every render: the items' widths change with their text (connection, page title).
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || fixed !== undefined || el.clientWidth === 0) return;
    needed.current[level] = neededWidth(el);
    const next = fitLevel(level, el.clientWidth, needed.current);
    if (next !== level) setLevel(next);
  });
  return fixed ?? level;
}
