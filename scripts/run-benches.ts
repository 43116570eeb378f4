// `npm run bench`: runs every benchmark under bench/ (bench/<name>/index.ts), one after the
// other so they do not compete for the two cores, and fails if any of them fails. Arguments
// that are not bench names go to each bench run (`npm run bench -- capture --witness 12`).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const isBench = (name: string) => existsSync(join(benchDir, name, 'index.ts'));
const only = process.argv.slice(2).filter(isBench);
const extra = process.argv.slice(2).filter((a) => !isBench(a));
const benches = readdirSync(benchDir)
  .filter(isBench)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();
if (benches.length === 0) {
  console.error('No benchmarks found (bench/<name>/index.ts).');
  process.exit(1);
}
let failed = 0;
for (const name of benches) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, name, 'index.ts'), ...extra], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
