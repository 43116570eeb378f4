// Markdown reference of every reason code, generated from REASONS + a catalogue so the
// document can never drift from the engine (a unit test compares it with docs/reasons.md).
import { REASONS, REASON_CODES } from './reasons.ts';
import type { Catalogue } from './messages/catalogue.ts';

/** The full docs/reasons.md text for a catalogue. */
export function reasonsMarkdown(cat: Catalogue): string {
  const w = cat.words;
  const out: string[] = [`# ${w.docTitle}`, '', `<!-- ${w.docGenerated} -->`, '', w.docIntro, ''];
  for (const code of REASON_CODES) {
    out.push(`- [\`${code}\`](#${code}): ${cat.reasons[code].title}`);
  }
  out.push('');
  for (const code of REASON_CODES) {
    const info = REASONS[code];
    const text = cat.reasons[code];
    out.push(
      `## ${code}`,
      '',
      `**${text.title}**`,
      '',
      `- ${w.outcome}: ${cat.report.kinds[info.outcome]}`,
      `- ${w.stage}: ${info.stage}`,
      `- ${w.chromiumName}: ${info.chromium === null ? `_${w.none}_` : `\`${info.chromium}\``}`,
      `- ${w.firefoxName}: ${info.firefox === null ? `_${w.none}_` : `\`${info.firefox}\``}`,
      '',
      `${w.meaning}: ${text.meaning}`,
      '',
      `${w.cause}: ${text.cause}`,
      '',
      `${w.fix}: ${text.fix}`,
      '',
    );
  }
  return out.join('\n');
}
