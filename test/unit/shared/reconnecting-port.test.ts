import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type PortLike, type RuntimeLike } from '../../../src/shared/reconnecting-port.ts';
import { panelPortName } from '../../../src/shared/protocol.ts';
import type { BackgroundToPanel } from '../../../src/shared/protocol.ts';

class FakeRuntime implements RuntimeLike {
  ports: Array<{ name: string; emit(m: unknown): void; kill(): void; sent: unknown[]; disconnected: boolean }> = [];
  connect({ name }: { name: string }): PortLike {
    const messageCbs: Array<(m: unknown) => void> = [];
    const disconnectCbs: Array<() => void> = [];
    const entry = {
      name,
      sent: [] as unknown[],
      disconnected: false,
      emit: (m: unknown) => messageCbs.forEach((cb) => cb(m)),
      kill: () => disconnectCbs.forEach((cb) => cb()),
    };
    this.ports.push(entry);
    return {
      postMessage: (m) => void entry.sent.push(m),
      disconnect: () => void (entry.disconnected = true),
      onMessage: { addListener: (cb) => void messageCbs.push(cb) },
      onDisconnect: { addListener: (cb) => void disconnectCbs.push(cb) },
    };
  }
}

test('the panel connects with its tab id and passes on only protocol messages', () => {
  const runtime = new FakeRuntime();
  const got: BackgroundToPanel[] = [];
  connect(runtime, panelPortName(12), (m) => got.push(m));
  assert.equal(runtime.ports[0]?.name, 'cors-lens-panel:12');
  runtime.ports[0]?.emit({ type: 'state', state: { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false } });
  runtime.ports[0]?.emit({ type: 'evil', payload: '<img src=x onerror=alert(1)>' });
  assert.deepEqual(got.map((m) => m.type), ['state']);
});

test('when the worker dies the panel reconnects by itself and sends on the new port', async () => {
  const runtime = new FakeRuntime();
  let disconnects = 0;
  const c = connect(runtime, panelPortName(3), () => undefined, () => disconnects++, 5);
  runtime.ports[0]?.kill();
  assert.equal(disconnects, 1);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(runtime.ports.length, 2, 'a new port was opened');
  c.send({ type: 'clear' });
  assert.deepEqual(runtime.ports[1]?.sent, [{ type: 'clear' }]);
  assert.deepEqual(runtime.ports[0]?.sent, []);
});

test('a closed connection does not come back', async () => {
  const runtime = new FakeRuntime();
  const c = connect(runtime, panelPortName(3), () => undefined, () => undefined, 5);
  c.close();
  assert.equal(runtime.ports[0]?.disconnected, true);
  runtime.ports[0]?.kill();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(runtime.ports.length, 1);
});
