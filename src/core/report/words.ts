// Words of the report layout. The engine's own sentences (reasons, checks, warnings, fixes) and
// the report's headings and labels both come from the catalogue (`report`), so a report is
// written in one language: the one of `ReportOptions.catalogue`, English by default.
import type { ResourceType } from '../exchange.ts';
import type { Catalogue, ReportWords } from '../messages/catalogue.ts';
import { en } from '../messages/en.ts';

/** A resource type as a developer names it ("fetch/XHR", not "xmlhttprequest"). */
export function resourceTypeWord(type: string, cat: Catalogue = en): string {
  return cat.resourceTypes[type as ResourceType] ?? type;
}

/** The report's words in a catalogue's language (English when none is given). */
export function reportWordsOf(cat: Catalogue | undefined): ReportWords {
  return (cat ?? en).report;
}

/** The English report words (what existing callers read). */
export const reportWords: ReportWords = en.report;
