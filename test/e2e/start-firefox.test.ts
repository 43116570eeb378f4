// `npm run start:firefox`: the lab in Firefox through web-ext run, with CORS Lens loaded; the
// smoke run stops once the lab page has made every one of its requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('npm run start:firefox builds, serves the lab and runs it in Firefox with CORS Lens', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start-firefox.ts', '--smoke'], {
    cwd: new URL('../../', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 150_000,
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /lab page {3}http:\/\/localhost:\d+\//);
  assert.match(run.stdout, /start:firefox: ok/);
});
