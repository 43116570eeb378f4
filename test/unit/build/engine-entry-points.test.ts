// Code outside src/core reaches the engine only through its public entry points
// (src/core/index.ts, src/core/report/index.ts), so that the engine's inside can change
// without touching the glue (issue 15). Two reasoned exceptions keep small bundles small:
// an entry point's value imports pull the whole engine into a bundle (esbuild keeps modules
// with top-level state), so modules bundled into the page witness (every frame of every page)
// or the devtools page import the few leaf modules they need directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCANNED = ['src/background', 'src/shared', 'src/cli', 'src/devtools', 'src/witness', 'src/panel', 'scripts', 'bench'];
const ENTRY = /core\/(report\/)?index\.ts$/;
/** file → the leaf modules it may import, and why. */
const LEAF_IMPORTS: Record<string, { modules: RegExp; why: string }> = {
  'src/shared/witness-protocol.ts': { modules: /core\/exchange\.ts$/, why: 'bundled into the page witness, which runs in every frame' },
  'src/shared/row.ts': { modules: /core\/(reasons|verdict)\.ts$/, why: 'bundled into the devtools page (via protocol.ts)' },
};

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

test('outside src/core, the engine is imported only through its entry points', () => {
  const offenders: string[] = [];
  let imports = 0;
  for (const dir of SCANNED) {
    for (const file of files(join(ROOT, dir))) {
      const rel = relative(ROOT, file);
      for (const m of readFileSync(file, 'utf8').matchAll(/from '((?:\.\.\/)+(?:src\/)?core\/[^']+)'/g)) {
        imports++;
        const target = m[1]!;
        if (ENTRY.test(target) || LEAF_IMPORTS[rel]?.modules.test(target)) continue;
        offenders.push(`${rel}: ${target}`);
      }
    }
  }
  assert.ok(imports > 20, `the scan found the engine's imports (${imports})`);
  assert.deepEqual(offenders, []);
});

test('the witness and devtools bundles stay free of the engine: their leaf imports are what they need', () => {
  for (const [file, { modules }] of Object.entries(LEAF_IMPORTS)) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    assert.doesNotMatch(source, /core\/index\.ts/, `${file} would pull the whole engine into its bundle`);
    assert.match(source, new RegExp(`from '[./]+(src/)?${modules.source.replace(/\$$/, '')}'`), `${file} still needs its exemption`);
  }
});
