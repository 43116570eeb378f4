import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListeningPolicy } from '../../../src/background/listening-policy.ts';

function counted() {
  const calls = { register: 0, unregister: 0 };
  const policy = new ListeningPolicy(() => {
    calls.register++;
    return () => void calls.unregister++;
  });
  return { policy, calls };
}

test('listeners are registered at once, and stay by default', () => {
  const { policy, calls } = counted();
  assert.equal(policy.listening, true);
  policy.devtoolsClosed(1);
  assert.deepEqual(calls, { register: 1, unregister: 0 });
});

test('"only while DevTools is open" removes the listeners until a DevTools window opens', () => {
  const { policy, calls } = counted();
  policy.setOnlyWithDevtools(true);
  assert.equal(policy.listening, false);
  policy.devtoolsOpened(4);
  assert.equal(policy.listening, true);
  policy.devtoolsOpened(4); // a reconnecting devtools page briefly has two ports
  policy.devtoolsClosed(4);
  assert.equal(policy.listening, true);
  policy.devtoolsClosed(4);
  assert.equal(policy.listening, false);
  assert.deepEqual(calls, { register: 2, unregister: 2 });
});

test('switching the setting off while no DevTools is open listens again', () => {
  const { policy } = counted();
  policy.setOnlyWithDevtools(true);
  policy.setOnlyWithDevtools(false);
  assert.equal(policy.listening, true);
});
