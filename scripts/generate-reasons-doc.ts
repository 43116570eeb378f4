// Regenerates the reason-code reference from the engine's reason list and each catalogue:
// docs/reasons.md (English) and docs/reasons.<tag>.md for every other language.
// Run: npx tsx scripts/generate-reasons-doc.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reasonsMarkdown } from '../src/core/index.ts';
import { LOCALE_TAGS, LOCALES } from '../src/core/report/index.ts';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
for (const tag of LOCALE_TAGS) {
  const target = join(docs, tag === 'en' ? 'reasons.md' : `reasons.${tag}.md`);
  writeFileSync(target, reasonsMarkdown(LOCALES[tag]));
  console.log(`wrote ${target}`);
}
