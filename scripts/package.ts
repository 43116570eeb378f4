// Store uploads: `npm run package` writes, from one production build,
//   dist/cors-lens-chrome-<version>.zip   (Chrome Web Store)
//   dist/cors-lens-firefox-<version>.zip  (addons.mozilla.org)
//   dist/cors-lens-source-<version>.zip   (AMO's source upload; docs/amo-review.md)
// and refuses to finish unless the Firefox build passes `web-ext lint` with no warning and a
// second build from the source archive's files, in another directory, is byte-identical.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSERS } from './manifest.ts';
import { buildCopy, compareTrees, filesUnder, sourceFiles, uncommitted } from './reproduce.ts';
import { zip } from './zip.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const dist = join(root, 'dist');

const zipDir = (dir: string, files: readonly string[]) => zip(files.map((name) => ({ name, data: readFileSync(join(dir, name)) })));

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(1);
}

execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/build.ts'), '--production'], { cwd: root, stdio: 'inherit' });

// AMO runs the same linter on upload; a warning there means a manual review note.
try {
  execFileSync(join(root, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', join(dist, 'firefox'), '--warnings-as-errors'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
} catch (error) {
  const out = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
  fail(`web-ext lint found problems in dist/firefox:\n${out}`);
}

const sources = sourceFiles(root);
const scratch = mkdtempSync(join(tmpdir(), 'cors-lens-package-'));
try {
  const rebuilt = buildCopy(root, sources, scratch);
  const problems = BROWSERS.flatMap((browser) => compareTrees(join(dist, browser), join(rebuilt, browser)).map((p) => `${browser}/${p}`));
  if (problems.length > 0) fail(`a second build from the source archive's files differs:\n  ${problems.join('\n  ')}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

for (const browser of BROWSERS) {
  const dir = join(dist, browser);
  const filename = `cors-lens-${browser}-${version}.zip`;
  writeFileSync(join(dist, filename), zipDir(dir, filesUnder(dir)));
  console.log(`dist/${filename}`);
}
const sourceName = `cors-lens-source-${version}.zip`;
writeFileSync(join(dist, sourceName), zipDir(root, sources));
console.log(`dist/${sourceName} (${sources.length} files; a second build from them is byte-identical)`);

const dirty = uncommitted(root);
if (dirty.length > 0) {
  console.warn(`package: warning: built from uncommitted work (${dirty.length} file(s), e.g. ${dirty.slice(0, 3).join(', ')}); commit before uploading`);
}
