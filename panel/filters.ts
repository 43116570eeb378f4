// The list's filters: one category (All / Blocked / Warnings / Preflighted) and the search
// text (search.ts), plus how many rows each category would show under the current text.
import type { RecordRow } from '../src/shared/row.ts';
import { rowKind } from './row-kind.ts';
import { compileSearch, type WholeOf } from './search.ts';

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

/** Whether a row matches the search text (search.ts). */
export function matchesText(r: RecordRow, text: string): boolean {
  return compileSearch(text)(r);
}

/** `wholeOf`: the whole records the panel has, whose headers the search's words match too. */
export function applyFilter(records: readonly RecordRow[], f: FilterId, text: string, wholeOf?: WholeOf): RecordRow[] {
  const matches = compileSearch(text, wholeOf);
  return records.filter((r) => matches(r) && inCategory(r, f));
}

export type FilterCounts = Record<FilterId, number>;

/** Count per category, under the text filter (what each button would show). One pass. */
export function countFilters(records: readonly RecordRow[], text: string, wholeOf?: WholeOf): FilterCounts {
  const counts: FilterCounts = { all: 0, blocked: 0, warnings: 0, preflighted: 0 };
  const matches = compileSearch(text, wholeOf);
  for (const r of records) {
    if (!matches(r)) continue;
    for (const f of FILTER_IDS) if (inCategory(r, f)) counts[f]++;
  }
  return counts;
}
