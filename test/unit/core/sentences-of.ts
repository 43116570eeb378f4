// Every sentence the engine says of one exchange, in English, as the panel and the reports show
// them: the tests that read them all (placeholders filled, wording) go through this one list.
import { en, type Fix, renderCheck, renderFixNote, renderSummary, renderWarning, type Verdict } from '../../../src/core/index.ts';

/**
 * The summary, each check, each warning and each fix note, in that order. `onMissing` hears of
 * every placeholder left without a value, with where it stood (`summary <reason>`,
 * `check <id>/<detail>`, `warning <code>`, `fix <code>`).
 */
export function sentencesOf(v: Verdict, fix: Fix, onMissing?: (where: string, name: string) => void): string[] {
  const heard = (where: string) => (onMissing === undefined ? undefined : (name: string) => onMissing(where, name));
  return [
    renderSummary(v, en, heard(`summary ${v.reason}`)),
    ...v.checks.map((c) => renderCheck(c, en, heard(`check ${c.id}/${c.detail}`)).text),
    ...v.warnings.map((w) => renderWarning(w, en, heard(`warning ${w.code}`))),
    ...fix.notes.map((n) => renderFixNote(n, en, heard(`fix ${n.code}`))),
  ];
}
