// `npm start` is one of the two README commands: prove it builds, serves the demo, loads the
// extension with its panel, and that the demo page sees what it should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('npm start builds, serves the demo and opens the CORS panel', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--smoke'], {
    cwd: new URL('../../', import.meta.url).pathname,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Simple GET, allowed by \*: fetch resolved \(200\)/);
  assert.match(run.stdout, /Simple GET, no Access-Control-Allow-Origin: fetch failed/);
  assert.match(run.stdout, /PUT with a custom header, preflight allows it: fetch resolved \(200\)/);
  assert.match(run.stdout, /DELETE, the preflight answers 401: fetch failed/);
  // Six demo requests: two allowed, four blocked (missing ACAO, preflight 401, credentials
  // against *, a list of origins), as the panel inside DevTools shows them.
  assert.match(run.stdout, /CORS panel: 6 requests, 4 blocked/);
  assert.match(run.stdout, /start: ok/);
});
