// The lab's ports (issue 13, "ports configurable"): `npm start -- --port N --api-port N`, or
// LAB_PORT / LAB_API_PORT; any free port otherwise; a value that is not a port is a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labPorts } from '../../../scripts/lab-server.ts';
import { startCorsServer } from '../../../demo/cors-server.ts';

test('no option: any free port for both', () => {
  assert.deepEqual(labPorts([], {}), { page: 0, api: 0 });
  assert.deepEqual(labPorts(['--smoke'], {}), { page: 0, api: 0 });
});

test('flags (both spellings) and the environment; flags win', () => {
  assert.deepEqual(labPorts(['--port', '8080', '--api-port=8081'], {}), { page: 8080, api: 8081 });
  assert.deepEqual(labPorts([], { LAB_PORT: '9000', LAB_API_PORT: '9001' }), { page: 9000, api: 9001 });
  assert.deepEqual(labPorts(['--port=7000'], { LAB_PORT: '9000' }), { page: 7000, api: 0 });
});

test('a value that is not a port, a missing value or one port for both: an error that says which', () => {
  for (const [argv, env, pattern] of [
    [['--port', 'abc'], {}, /--port: "abc" is not a port/],
    [['--port', '70000'], {}, /is not a port/],
    [['--port', '0'], {}, /is not a port/],
    [['--api-port'], {}, /--api-port needs a port number/],
    [[], { LAB_API_PORT: '-1' }, /LAB_API_PORT: "-1" is not a port/],
    [['--port', '8080', '--api-port', '8080'], {}, /two ports/],
  ] as const) {
    const got = labPorts(argv, env);
    assert.ok('error' in got, JSON.stringify(argv));
    assert.match(got.error, pattern);
  }
});

test('a port in use makes the server fail with EADDRINUSE instead of hanging', async () => {
  const first = await startCorsServer({ host: '127.0.0.1' });
  const port = Number(new URL(first.origin).port);
  try {
    await assert.rejects(startCorsServer({ host: '127.0.0.1', port }), (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE');
  } finally {
    await first.close();
  }
});
