// The list's filters: one category (All / Blocked / Warnings / Preflighted) and the search
// text (search.ts), plus how many rows each category would show under the current text.
import type { RecordRow } from '../shared/row.ts';
import { rowKind } from './row-kind.ts';
import { compileSearch, type WholeOf } from './search.ts';

export const FILTER_IDS = ['all', 'blocked', 'warnings', 'preflighted'] as const;
export type FilterId = (typeof FILTER_IDS)[number];

function inCategory(r: RecordRow, f: FilterId): boolean {
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

/** The rows the search text keeps (`wholeOf`: the whole records the panel has, whose headers
 * the search's words match too). The panel searches once per text and derives both the shown
 * rows and the counts from this: the search is the costly part (header text of every record). */
export function searchRows(records: readonly RecordRow[], text: string, wholeOf?: WholeOf): readonly RecordRow[] {
  if (text.trim() === '') return records;
  return records.filter(compileSearch(text, wholeOf));
}

/** The rows of one category. */
export function inCategoryRows(rows: readonly RecordRow[], f: FilterId): readonly RecordRow[] {
  return f === 'all' ? rows : rows.filter((r) => inCategory(r, f));
}

export function applyFilter(records: readonly RecordRow[], f: FilterId, text: string, wholeOf?: WholeOf): readonly RecordRow[] {
  return inCategoryRows(searchRows(records, text, wholeOf), f);
}

export type FilterCounts = Record<FilterId, number>;

/** Count per category of rows the search already kept (what each button would show). */
export function countCategories(rows: readonly RecordRow[]): FilterCounts {
  const counts: FilterCounts = { all: 0, blocked: 0, warnings: 0, preflighted: 0 };
  for (const r of rows) for (const f of FILTER_IDS) if (inCategory(r, f)) counts[f]++;
  return counts;
}

export function countFilters(records: readonly RecordRow[], text: string, wholeOf?: WholeOf): FilterCounts {
  return countCategories(searchRows(records, text, wholeOf));
}
