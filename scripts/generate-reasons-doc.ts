// Regenerates docs/reasons.md from the engine's reason list and the English catalogue.
// Run: npx tsx scripts/generate-reasons-doc.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { en, reasonsMarkdown } from '../src/core/index.ts';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'reasons.md');
writeFileSync(target, reasonsMarkdown(en));
console.log(`wrote ${target}`);
