import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceFromHar, sourceMessage } from '../../../src/devtools/har-source.ts';

test('a script initiator gives the top frame (1-based) and the stack, async parents included', () => {
  const source = sourceFromHar({
    type: 'script',
    stack: {
      callFrames: [{ functionName: 'load', url: 'http://localhost:5173/app.js', lineNumber: 9, columnNumber: 4 }],
      parent: { description: 'Promise.then', callFrames: [{ functionName: '', url: 'http://localhost:5173/main.js', lineNumber: 0, columnNumber: 0 }] },
    },
  });
  assert.deepEqual(source, {
    kind: 'script',
    url: 'http://localhost:5173/app.js',
    line: 10,
    column: 5,
    stack: ['load (http://localhost:5173/app.js:10:5)', '(anonymous) (http://localhost:5173/main.js:1:1)'],
  });
});

test('a parser initiator has a URL and line but no stack', () => {
  assert.deepEqual(sourceFromHar({ type: 'parser', url: 'http://a.test/index.html', lineNumber: 2 }), {
    kind: 'parser',
    url: 'http://a.test/index.html',
    line: 3,
  });
});

test('preflights, Firefox entries (no _initiator) and junk give nothing', () => {
  assert.equal(sourceFromHar({ type: 'preflight', url: 'http://a.test/' }), null);
  assert.equal(sourceFromHar(undefined), null);
  assert.equal(sourceFromHar({ type: 'other' }), null);
  assert.equal(sourceFromHar('script'), null);
  assert.equal(sourceFromHar({ type: 'script', stack: { callFrames: 'nope', parent: { parent: null } } }), null);
});

test('deep stacks are cut at ten frames', () => {
  const frames = Array.from({ length: 30 }, (_, i) => ({ functionName: `f${i}`, url: 'http://a.test/x.js', lineNumber: i, columnNumber: 0 }));
  assert.equal(sourceFromHar({ type: 'script', stack: { callFrames: frames } })?.stack?.length, 10);
});

test('the message carries URL, method and the start time as epoch ms', () => {
  const m = sourceMessage({
    startedDateTime: '2026-11-22T12:00:00.000Z',
    request: { url: 'http://api.test/x', method: 'PUT' },
    _initiator: { type: 'parser', url: 'http://a.test/', lineNumber: 0 },
  });
  assert.deepEqual(m, {
    type: 'source',
    url: 'http://api.test/x',
    method: 'PUT',
    startedAt: Date.parse('2026-11-22T12:00:00.000Z'),
    source: { kind: 'parser', url: 'http://a.test/', line: 1 },
  });
  assert.equal(
    sourceMessage({ startedDateTime: 'not a date', request: { url: 'u', method: 'GET' }, _initiator: { type: 'parser', url: 'u', lineNumber: 1 } }),
    null,
  );
});
