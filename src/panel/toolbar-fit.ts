// How many of the toolbar's items go into its overflow menu ("⋯"), as DevTools' own toolbars
// do: as many as the toolbar's width needs, least used first. The toolbar is measured after
// each render; the width each step freed is remembered, so widening the panel brings items
// back without first rendering them to find out (a wrong guess is corrected by the next
// measure: one extra render).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** What leaves the toolbar row, in order: step i is gone at level i + 1. */
const OVERFLOW_STEPS = ['brand', 'compact', 'witness', 'only-with-devtools', 'include-secrets', 'export', 'pause', 'preserve'] as const;
export type OverflowStep = (typeof OVERFLOW_STEPS)[number];
export const MAX_LEVEL = OVERFLOW_STEPS.length;

export function isOut(level: number, step: OverflowStep): boolean {
  return OVERFLOW_STEPS.indexOf(step) < level;
}

/**
 * The next level: one more when the row needs more than `available`; one fewer when the row
 * plus what the previous step freed (`freed`, as measured when it was taken) fits again.
 */
export function fitLevel(level: number, available: number, needed: number, freed: number | undefined, max = MAX_LEVEL): number {
  if (needed > available + 1 && level < max) return level + 1;
  if (level > 0 && freed !== undefined && needed + freed <= available) return level - 1;
  return level;
}

/**
 * The width the row's items need: what overflows, or what is left of the spacer, with the
 * texts that give way (`.flex-text`) counted at their smallest. A passing status or alert
 * then never pushes items into the menu that would fit beside its shortened self.
 */
function neededWidth(bar: HTMLElement): number {
  let need = Math.max(bar.scrollWidth, bar.clientWidth);
  for (const el of bar.querySelectorAll<HTMLElement>(':scope > .spacer, :scope > .flex-text')) {
    const min = el.classList.contains('spacer') ? 0 : parseFloat(getComputedStyle(el).minWidth) || 0;
    need -= Math.max(0, el.getBoundingClientRect().width - min);
  }
  return need;
}

/** The toolbar's overflow level, fitted to `bar`'s width (or `fixed`, in tests). */
export function useOverflowLevel(bar: { readonly current: HTMLElement | null }, fixed?: number): number {
  const [level, setLevel] = useState(0);
  const [, setWidth] = useState(0);
  // What each step freed, measured across the render that took it; and the step being taken.
  const freed = useRef<number[]>([]);
  const taking = useRef<{ level: number; needed: number } | null>(null);
  // A new width re-renders, and so measures again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `bar` is a ref: observed once per mode
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
    const needed = neededWidth(el);
    const took = taking.current;
    if (took && took.level === level - 1) freed.current[took.level] = Math.max(0, took.needed - needed);
    taking.current = null;
    const next = fitLevel(level, el.clientWidth, needed, level > 0 ? freed.current[level - 1] : undefined);
    if (next === level + 1) taking.current = { level, needed };
    if (next !== level) setLevel(next);
  });
  return fixed ?? level;
}
