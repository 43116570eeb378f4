// Store-ready zips for both browsers: a production build, then `web-ext build` on each
// dist folder, written next to them as dist/cors-lens-<browser>-<version>.zip.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSERS } from './manifest.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

execFileSync(bin('tsx'), [join(root, 'scripts/build.ts'), '--production'], { stdio: 'inherit' });
for (const browser of BROWSERS) {
  const filename = `cors-lens-${browser}-${version}.zip`;
  execFileSync(
    bin('web-ext'),
    ['build', '--source-dir', join(root, 'dist', browser), '--artifacts-dir', join(root, 'dist'), '--filename', filename, '--overwrite-dest'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  console.log(`dist/${filename}`);
}
