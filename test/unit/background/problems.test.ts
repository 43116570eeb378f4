// Failures made visible (issue 15): a background failure that makes the capture less than it
// says is logged once and reaches every panel in the tab state, instead of being swallowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import { FakeBadge, MemoryStorage } from '../../support/fake-extension.ts';

const task = () => new Promise((r) => setImmediate(r));

/** Captures console.warn for the duration of `run`. */
async function warnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

test('a capture that cannot be read back after a restart says so', async () => {
  class Unreadable extends MemoryStorage {
    override async get(): Promise<Record<string, unknown>> {
      throw new Error('storage.session is not available');
    }
  }
  let capture: ReturnType<typeof createCapture> | undefined;
  const logged = await warnings(async () => {
    capture = createCapture({ browser: 'chromium', version: '0', storage: new Unreadable(), badge: new FakeBadge() });
    await capture.ready;
  });
  const problems = capture!.state(1).problems ?? [];
  assert.deepEqual(
    problems.map((p) => [p.kind, p.message]),
    [['restore', 'Error: storage.session is not available']],
  );
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /restore failed/);
});

test('a setting that could not be saved, and storage that keeps refusing writes, say so; each kind is logged once', async (t) => {
  // The persistence's retry pauses (10 ms, 20 ms, …) on mocked time, not real sleeps.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  class Refusing extends MemoryStorage {
    override async set(): Promise<void> {
      throw new Error('QUOTA_BYTES quota exceeded');
    }
  }
  const settings = new Refusing();
  const storage = new Refusing();
  let capture: ReturnType<typeof createCapture> | undefined;
  const logged = await warnings(async () => {
    capture = createCapture({ browser: 'chromium', version: '0', storage, settings, badge: new FakeBadge() });
    await capture.ready;
    assert.equal(capture.state(1).problems, undefined, 'nothing wrong yet');
    const listeners: Array<(m: unknown) => void> = [];
    capture.connectDevtools(1, { onMessage: { addListener: (cb) => void listeners.push(cb) } });
    for (const value of [true, false, true]) {
      listeners[0]!({ type: 'set-only-with-devtools', value });
      await task();
    }
    // Every write fails: the persistence retries (10 ms, 20 ms, …) and then gives up.
    listeners[0]!({ type: 'set-paused', paused: true });
    for (let i = 0; i < 20 && (capture.state(1).problems ?? []).length < 2; i++) {
      t.mock.timers.tick(100);
      await task();
    }
  });
  const kinds = (capture!.state(1).problems ?? []).map((p) => p.kind).sort();
  assert.deepEqual(kinds, ['settings', 'storage']);
  assert.ok(capture!.state(1).problems!.every((p) => p.message.includes('QUOTA_BYTES')));
  assert.equal(logged.filter((l) => /settings failed/.test(l)).length, 1, 'logged once although it failed three times');
  assert.equal(logged.filter((l) => /storage failed/.test(l)).length, 1);
  capture!.dispose();
});
