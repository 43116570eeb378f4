// What the toolbar popup says about a tab: how many requests are blocked, have warnings, and
// were captured at all, and the last blocked one in one line.
import { renderSummary, type Verdict } from '../core/index.ts';
import type { RecordRow } from '../shared/row.ts';
import { rowKind } from './row-kind.ts';
import { engineWords } from './words.ts';

export interface PopupSummary {
  all: number;
  blocked: number;
  warnings: number;
  /** The last blocked request in capture order, as the list shows it. */
  lastBlocked: { method: string; url: string; summary: string } | null;
}

export function popupSummary(rows: Iterable<RecordRow>): PopupSummary {
  let all = 0;
  let blocked = 0;
  let warnings = 0;
  let last: RecordRow | null = null;
  for (const r of rows) {
    all++;
    const kind = rowKind(r);
    if (kind === 'blocked') {
      blocked++;
      last = r;
    } else if (kind === 'warning') warnings++;
  }
  const lastBlocked = last?.verdict ? { method: last.method, url: last.url, summary: renderSummary(last.verdict as unknown as Verdict, engineWords) } : null;
  return { all, blocked, warnings, lastBlocked };
}
