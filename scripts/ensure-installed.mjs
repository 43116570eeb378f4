// `npm start` and `npm test` are the README's only set-up commands, so on a fresh clone they
// install the locked dependencies themselves (plain JS: nothing else is installed yet).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const marker = new URL('../node_modules/.bin/tsx', import.meta.url);
if (!existsSync(marker)) {
  console.log('node_modules is missing: running `npm ci` first');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
