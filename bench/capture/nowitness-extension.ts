// Builds the variants of CORS Lens that the witness bench compares (issue 10), each a copy of
// the extension exactly as built (dist/<browser>, copied to a temp folder):
//  - "nowitness": the page witness's content scripts dropped from the manifest, so
//    `lens / nowitness` isolates what the witness costs from everything else CORS Lens does.
//    The witness files stay in the copy: unreferenced, they are never loaded.
//  - "page only" (`--page-only`): the page script as built, its relay replaced by a stub that
//    switches it on and drops every batch, so nothing reaches the background. Against
//    nowitness it measures the page's share of the witness's cost; the rest is the relay's
//    messages and the background's join.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WITNESS_CONTROL_EVENT, WITNESS_DATA_EVENT } from '../../src/witness/channel.ts';
import type { BuiltExtension } from './floor-extension.ts';

/** The relay's file in both builds' manifests. */
const RELAY = 'witness-relay.js';

function variant(dist: string, prefix: string, change: (dir: string, manifest: Record<string, unknown>) => void): BuiltExtension {
  const dir = mkdtempSync(join(tmpdir(), `cors-lens-bench-${prefix}-`));
  try {
    cpSync(dist, dir, { recursive: true });
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    // Without content scripts, every variant would run the same thing and the ratio would say
    // nothing: fail rather than report it.
    if (!Array.isArray(manifest.content_scripts) || manifest.content_scripts.length === 0) {
      throw new Error(`${path} declares no content_scripts: there is no witness to measure`);
    }
    change(dir, manifest);
    writeFileSync(path, JSON.stringify(manifest, null, 2));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function buildNoWitnessExtension(dist: string): BuiltExtension {
  return variant(dist, 'nowitness', (_dir, manifest) => {
    delete manifest.content_scripts;
  });
}

/** The stub relay: answers the page script's `hello` with `on`, and drops its batches. */
const STUB_RELAY = `(() => {
  const control = ${JSON.stringify(WITNESS_CONTROL_EVENT)};
  const tell = (word) => window.dispatchEvent(new CustomEvent(control, { detail: word }));
  window.addEventListener(control, (event) => { if (event.detail === 'hello') tell('on'); }, true);
  window.addEventListener(${JSON.stringify(WITNESS_DATA_EVENT)}, () => {}, true);
  tell('ready');
})();
`;

export function buildPageOnlyExtension(dist: string): BuiltExtension {
  return variant(dist, 'pageonly', (dir, manifest) => {
    const scripts = manifest.content_scripts as Array<{ js?: string[] }>;
    if (!scripts.some((s) => s.js?.includes(RELAY))) throw new Error(`no content script loads ${RELAY}: nothing to stub`);
    writeFileSync(join(dir, RELAY), STUB_RELAY);
  });
}
