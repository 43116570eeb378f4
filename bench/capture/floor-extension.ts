// Builds the floor extension (floor-worker.ts + a minimal MV3 manifest) into a temp folder.
// Bundled the way scripts/build.ts bundles CORS Lens (esbuild, iife, __BROWSER__ = chrome),
// with the same permissions the listeners need: webRequest on <all_urls>.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BuiltExtension {
  dir: string;
  remove(): void;
}

export async function buildFloorExtension(): Promise<BuiltExtension> {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-bench-floor-'));
  try {
    await esbuild.build({
      entryPoints: [join(import.meta.dirname, 'floor-worker.ts')],
      outfile: join(dir, 'worker.js'),
      bundle: true,
      format: 'iife',
      target: ['chrome120'],
      define: { __BROWSER__: '"chrome"' },
      logLevel: 'warning',
    });
    const manifest = {
      manifest_version: 3,
      name: 'CORS Lens bench floor',
      version: '1.0',
      background: { service_worker: 'worker.js' },
      permissions: ['webRequest'],
      host_permissions: ['<all_urls>'],
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
