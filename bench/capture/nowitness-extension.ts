// Builds "nowitness": CORS Lens exactly as built (dist/chrome, copied to a temp folder) with
// the page witness's content scripts dropped from its manifest, so `lens / nowitness` isolates
// what the witness costs (issue 10) from everything else CORS Lens does. The witness files
// stay in the copy: unreferenced, they are never loaded.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuiltExtension } from './floor-extension.ts';

export function buildNoWitnessExtension(distChrome: string): BuiltExtension {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-bench-nowitness-'));
  try {
    cpSync(distChrome, dir, { recursive: true });
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    // Without content scripts to drop, both browsers would run the same thing and the ratio
    // would say nothing: fail rather than report it.
    if (!Array.isArray(manifest.content_scripts) || manifest.content_scripts.length === 0) {
      throw new Error('dist/chrome/manifest.json declares no content_scripts: there is no witness to leave out');
    }
    delete manifest.content_scripts;
    writeFileSync(path, JSON.stringify(manifest, null, 2));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
