// docs/reasons.md (and docs/reasons.<tag>.md per other language) is generated; this fails
// when a committed file is stale.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REASON_CODES, reasonsMarkdown } from '../../../src/core/index.ts';
import { LOCALE_TAGS, LOCALES } from '../../../src/core/report/index.ts';

const pathOf = (tag: string) => new URL(`../../../docs/${tag === 'en' ? 'reasons.md' : `reasons.${tag}.md`}`, import.meta.url);

it("docs/reasons.md and each language's docs/reasons.<tag>.md are up to date (run: npx tsx scripts/generate-reasons-doc.ts)", () => {
  assert.ok(LOCALE_TAGS.length >= 2);
  for (const tag of LOCALE_TAGS) {
    const committed = readFileSync(pathOf(tag), 'utf8');
    assert.ok(
      committed === reasonsMarkdown(LOCALES[tag]),
      `docs reference for ${tag} differs from the generated text: run \`npx tsx scripts/generate-reasons-doc.ts\` and commit the result`,
    );
  }
});

it('each reference has one section per reason code, in its own language', () => {
  for (const tag of LOCALE_TAGS) {
    const text = reasonsMarkdown(LOCALES[tag]);
    for (const code of REASON_CODES) assert.ok(text.includes(`\n## ${code}\n`), `${tag}: ${code}`);
    assert.ok(text.startsWith(`# ${LOCALES[tag].words.docTitle}\n`), tag);
  }
});
