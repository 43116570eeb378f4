// Runs every *.test.ts / *.test.tsx under the given folders with Node's built-in test
// runner. Node 20's `--test` takes no glob patterns, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap((d) => collect(d, []));
if (files.length === 0) {
  console.error(`No test files found under ${dirs.join(', ')}`);
  process.exit(1);
}
// Concurrency 1 for e2e (one Chromium at a time on a 2-core machine); unit tests run in parallel.
const serial = dirs.some((d) => d.includes('e2e'));
const args = ['--import', 'tsx', '--test', '--test-reporter=spec'];
if (serial) args.push('--test-concurrency=1');
const result = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
