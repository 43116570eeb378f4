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
  // The lab's 25 scenarios, one of them sent twice: 26 requests, 14 blocked (5 on the response,
  // 5 at the preflight, 3 with credentials, a redirect target), as the panel inside DevTools
  // shows them; test/e2e/lab.test.ts checks each one against Chromium.
  assert.match(run.stdout, /CORS panel: 26 requests, 14 blocked/);
  assert.match(run.stdout, /A no-cors fetch: fetch resolved \(opaque\)/);
  assert.match(run.stdout, /DevTools: docked at the bottom, on the CORS panel/);
  assert.match(run.stdout, /start: ok/);
});

test('npm start -- --port N --api-port N serves the lab on those ports; a bad port is a usage error', async () => {
  const { createServer } = await import('node:net');
  // Two free ports, found by the OS and released for the lab.
  const free = async (): Promise<number> => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  };
  const [page, api] = [await free(), await free()];
  const cwd = new URL('../../', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--smoke', '--port', String(page), `--api-port=${api}`], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`lab page   http://localhost:${page}/`));
  assert.match(run.stdout, new RegExp(`lab API    http://127\\.0\\.0\\.1:${api}`));
  assert.match(run.stdout, /start: ok/);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--smoke', '--port', 'eighty'], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--port: "eighty" is not a port/);
});
