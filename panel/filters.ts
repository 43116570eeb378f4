// The list's filters: one category (All / Blocked / Warnings / Preflighted) and a text match
// on the URL, plus how many rows each category would show under the current text.
import type { RecordRow } from '../src/shared/row.ts';
import { rowKind } from './row-kind.ts';

export const FILTER_IDS = ['all', 'blocked', 'warnings', 'preflighted'] as const;
export type FilterId = (typeof FILTER_IDS)[number];

export function inCategory(r: RecordRow, f: FilterId): boolean {
  switch (f) {
    case 'all':
      return true;
    case 'blocked':
      return rowKind(r) === 'blocked';
    case 'warnings':
      return rowKind(r) === 'warning';
    case 'preflighted':
      return r.preflight !== undefined;
  }
}

/** Case-insensitive substring match on the URL (first URL and redirect targets). */
export function matchesText(r: RecordRow, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  if (r.url.toLowerCase().includes(needle)) return true;
  return r.redirects?.some((location) => location.toLowerCase().includes(needle)) ?? false;
}

export function applyFilter(records: readonly RecordRow[], f: FilterId, text: string): RecordRow[] {
  return records.filter((r) => matchesText(r, text) && inCategory(r, f));
}

export type FilterCounts = Record<FilterId, number>;

/** Count per category, under the text filter (what each button would show). One pass. */
export function countFilters(records: readonly RecordRow[], text: string): FilterCounts {
  const counts: FilterCounts = { all: 0, blocked: 0, warnings: 0, preflighted: 0 };
  for (const r of records) {
    if (!matchesText(r, text)) continue;
    for (const f of FILTER_IDS) if (inCategory(r, f)) counts[f]++;
  }
  return counts;
}
