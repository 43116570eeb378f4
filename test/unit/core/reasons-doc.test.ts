// docs/reasons.md is generated; this fails when the committed file is stale.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REASON_CODES, en, reasonsMarkdown } from '../../../src/core/index.ts';

const path = new URL('../../../docs/reasons.md', import.meta.url);

it('docs/reasons.md is up to date (run: npx tsx scripts/generate-reasons-doc.ts)', () => {
  const committed = readFileSync(path, 'utf8');
  assert.ok(committed === reasonsMarkdown(en), 'docs/reasons.md differs from the generated text: run `npx tsx scripts/generate-reasons-doc.ts` and commit the result');
});

it('docs/reasons.md has one section per reason code', () => {
  const text = reasonsMarkdown(en);
  for (const code of REASON_CODES) assert.ok(text.includes(`\n## ${code}\n`), code);
});
