// Store uploads: `npm run package` writes, from one production build,
//   dist/cors-lens-chrome-<version>.zip   (Chrome Web Store)
//   dist/cors-lens-firefox-<version>.zip  (addons.mozilla.org)
//   dist/cors-lens-source-<version>.zip   (AMO's source upload; docs/amo-review.md)
// and refuses to finish unless the Firefox build passes `web-ext lint` with no warning, Chromium
// packs the Chrome build (`--pack-extension`: the offline check Chrome has; it reports manifest
// errors, not warnings such as unknown keys), and a second build from the source archive's
// files, in another directory, is byte-identical. Run it under /tmp/browser.lock on shared
// machines: it builds and starts Chromium.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_FLAGS, findChrome } from './chrome-path.ts';
import { BUILD_TARGETS } from './manifest.ts';
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
  execFileSync(join(root, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', join(dist, 'firefox'), '--warnings-as-errors'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
} catch (error) {
  const out = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
  fail(`web-ext lint found problems in dist/firefox:\n${out}`);
}

const sources = sourceFiles(root);
const scratch = mkdtempSync(join(tmpdir(), 'cors-lens-package-'));
try {
  // Chromium writes <dir>.crx and <dir>.pem next to the folder it packs, so it packs a copy.
  cpSync(join(dist, 'chrome'), join(scratch, 'chrome'), { recursive: true });
  let chrome: string;
  try {
    chrome = findChrome();
  } catch (error) {
    fail(`Chrome's pack check needs Chromium: ${error instanceof Error ? error.message : String(error)}`);
  }
  const packed = spawnSync(
    chrome,
    [...CHROME_FLAGS, '--headless=new', `--user-data-dir=${join(scratch, 'profile')}`, `--pack-extension=${join(scratch, 'chrome')}`],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (!existsSync(join(scratch, 'chrome.crx'))) fail(`Chromium (${chrome}) would not pack dist/chrome:\n${packed.stderr}`);
  const rebuilt = buildCopy(root, sources, join(scratch, 'source'));
  const problems = BUILD_TARGETS.flatMap((browser) => compareTrees(join(dist, browser), join(rebuilt, browser)).map((p) => `${browser}/${p}`));
  if (problems.length > 0) fail(`a second build from the source archive's files differs:\n  ${problems.join('\n  ')}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

for (const browser of BUILD_TARGETS) {
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
