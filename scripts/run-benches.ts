// `npm run bench`: runs every benchmark under bench/ (bench/<name>/index.ts), one after the
// other so they do not compete for the two cores, and fails if any of them fails.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const only = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((name) => existsSync(join(benchDir, name, 'index.ts')))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();
if (benches.length === 0) {
  console.error('No benchmarks found (bench/<name>/index.ts).');
  process.exit(1);
}
let failed = 0;
for (const name of benches) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, name, 'index.ts')], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
