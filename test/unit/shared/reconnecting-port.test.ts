import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { type ConnectOptions, type Connection, connect, type PortLike, type PortProblem, type RuntimeLike } from '../../../src/shared/reconnecting-port.ts';
import { panelPortName } from '../../../src/shared/protocol.ts';
import type { BackgroundToPanel, PageToBackground } from '../../../src/shared/protocol.ts';

interface FakePort {
  name: string;
  sent: unknown[];
  disconnected: boolean;
  /** Listeners still attached (removeListener takes them off). */
  listeners(): number;
  emit(m: unknown): void;
  kill(): void;
  /** From now on, postMessage throws this (as a dead port does). */
  throwOnPost?: Error;
}

/** A runtime whose ports are in memory; `failConnects` makes the next connects throw. */
class FakeRuntime implements RuntimeLike {
  ports: FakePort[] = [];
  attempts = 0;
  failConnects = 0;
  connect({ name }: { name: string }): PortLike {
    this.attempts++;
    if (this.failConnects > 0) {
      this.failConnects--;
      throw new Error('Extension context invalidated.');
    }
    const messageCbs = new Set<(m: unknown) => void>();
    const disconnectCbs = new Set<() => void>();
    const entry: FakePort = {
      name,
      sent: [],
      disconnected: false,
      listeners: () => messageCbs.size + disconnectCbs.size,
      emit: (m) => [...messageCbs].forEach((cb) => cb(m)),
      kill: () => [...disconnectCbs].forEach((cb) => cb()),
    };
    this.ports.push(entry);
    return {
      postMessage: (m) => {
        if (entry.throwOnPost) throw entry.throwOnPost;
        entry.sent.push(m);
      },
      disconnect: () => void (entry.disconnected = true),
      onMessage: { addListener: (cb) => void messageCbs.add(cb), removeListener: (cb) => void messageCbs.delete(cb) },
      onDisconnect: { addListener: (cb) => void disconnectCbs.add(cb), removeListener: (cb) => void disconnectCbs.delete(cb) },
    };
  }
}

const STATE = { dropped: 0, preserve: false, paused: false, onlyWithDevtools: false };

interface Started {
  runtime: FakeRuntime;
  c: Connection;
  /** What reached the panel. */
  got: BackgroundToPanel[];
  /** Problems reported (when the options leave `onProblem` to this, and are not a bare number). */
  problems: PortProblem[];
  /** How often the panel was told its port went. */
  readonly disconnects: number;
}

/** A panel's connection for tab 3 on a fake runtime, with setTimeout mocked: where most tests start. */
function startPanel(t: TestContext, options: number | ConnectOptions, runtime = new FakeRuntime()): Started {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const got: BackgroundToPanel[] = [];
  const problems: PortProblem[] = [];
  let disconnects = 0;
  // A number stays a number: the earlier signature (retryMs alone) is tested too.
  const opts = typeof options === 'number' ? options : { onProblem: (p: PortProblem) => problems.push(p), ...options };
  const c = connect(
    runtime,
    panelPortName(3),
    (m) => got.push(m),
    () => disconnects++,
    opts,
  );
  return {
    runtime,
    c,
    got,
    problems,
    get disconnects() {
      return disconnects;
    },
  };
}
const pause: PageToBackground = { type: 'set-paused', paused: true };

test('the panel connects with its tab id and passes on only protocol messages', () => {
  const runtime = new FakeRuntime();
  const got: BackgroundToPanel[] = [];
  connect(runtime, panelPortName(12), (m) => got.push(m));
  assert.equal(runtime.ports[0]?.name, 'cors-lens-panel:12');
  runtime.ports[0]?.emit({ type: 'state', state: STATE });
  runtime.ports[0]?.emit({ type: 'evil', payload: '<img src=x onerror=alert(1)>' });
  runtime.ports[0]?.emit(JSON.stringify({ type: 'remove', ids: ['a'] }));
  assert.deepEqual(
    got.map((m) => m.type),
    ['state', 'remove'],
  );
});

test('when the worker dies the panel reconnects after the retry delay and sends on the new port', (t) => {
  const s = startPanel(t, 5);
  const { runtime, c } = s;
  assert.equal(c.connected, true);
  runtime.ports[0]?.kill();
  assert.equal(s.disconnects, 1);
  assert.equal(c.connected, false);
  assert.equal(runtime.ports[0]?.listeners(), 0, 'the dead port keeps none of our listeners');
  t.mock.timers.tick(4);
  assert.equal(runtime.ports.length, 1, 'not before the delay');
  t.mock.timers.tick(1);
  assert.equal(runtime.ports.length, 2, 'a new port was opened');
  assert.equal(c.connected, true);
  c.send({ type: 'clear' });
  assert.deepEqual(runtime.ports[1]?.sent, [{ type: 'clear' }]);
  assert.deepEqual(runtime.ports[0]?.sent, []);
});

test('a Pause toggled while disconnected reaches the background on the next port, in order', (t) => {
  const { runtime, c } = startPanel(t, { retryMs: 100, onProblem: () => assert.fail('no problem expected') });
  runtime.ports[0]?.kill();
  c.send(pause);
  c.send({ type: 'clear' });
  assert.equal(c.queued, 2);
  assert.deepEqual(runtime.ports[0]?.sent, [], 'nothing goes to the dead port');
  t.mock.timers.tick(100);
  assert.deepEqual(runtime.ports[1]?.sent, [pause, { type: 'clear' }]);
  assert.equal(c.queued, 0);
});

test('a port whose postMessage throws counts as disconnected: reported, and the message goes out on the next port', (t) => {
  const s = startPanel(t, { retryMs: 50 });
  const { runtime, c, problems } = s;
  runtime.ports[0]!.throwOnPost = new Error('Attempting to use a disconnected port object');
  c.send(pause);
  assert.equal(s.disconnects, 1);
  assert.equal(c.connected, false);
  assert.deepEqual(problems, [{ kind: 'send', portName: 'cors-lens-panel:3', reason: 'Attempting to use a disconnected port object' }]);
  // Its late onDisconnect does not count twice.
  runtime.ports[0]?.kill();
  assert.equal(s.disconnects, 1);
  t.mock.timers.tick(50);
  assert.deepEqual(runtime.ports[1]?.sent, [pause]);
});

test('a message that throws on two ports is dropped and reported, not retried forever', (t) => {
  const { runtime, c, problems } = startPanel(t, { retryMs: 10 });
  runtime.ports[0]!.throwOnPost = new Error('could not be cloned');
  c.send(pause);
  const origConnect = runtime.connect.bind(runtime);
  runtime.connect = (info) => {
    const p = origConnect(info);
    runtime.ports.at(-1)!.throwOnPost = new Error('could not be cloned');
    return p;
  };
  t.mock.timers.tick(10);
  assert.equal(problems.length, 2);
  assert.match(problems[1]!.reason, /dropped after a second try/);
  assert.equal(c.queued, 0);
  runtime.connect = origConnect;
  t.mock.timers.tick(20);
  assert.equal(runtime.ports.length, 3);
  assert.deepEqual(runtime.ports[2]?.sent, [], 'the dropped message is not sent again');
});

test('an invalidated extension context is reported once and retried with doubling delays up to the cap', (t) => {
  const failing = new FakeRuntime();
  failing.failConnects = 6;
  const { runtime, c, problems } = startPanel(t, { retryMs: 100, maxRetryMs: 800 }, failing);
  assert.deepEqual(problems, [{ kind: 'connect', portName: 'cors-lens-panel:3', reason: 'Extension context invalidated.' }]);
  assert.equal(c.connected, false);
  const attemptTimes: number[] = [];
  let now = 0;
  for (let step = 0; step < 5000 && runtime.ports.length === 0; step++) {
    const before = runtime.attempts;
    t.mock.timers.tick(1);
    now++;
    if (runtime.attempts > before) attemptTimes.push(now);
  }
  // Tries 2..7 at +100, +200, +400, +800, +800, +800 ms.
  assert.deepEqual(attemptTimes, [100, 300, 700, 1500, 2300, 3100]);
  assert.equal(c.connected, true);
  assert.equal(problems.length, 1, 'one report for the streak, not one per try');
});

test('the back-off starts again from the first delay once a port has delivered a message', (t) => {
  const { runtime } = startPanel(t, { retryMs: 100, maxRetryMs: 10_000 });
  // Ports that die at once: 100, then 200 ms.
  runtime.ports[0]?.kill();
  t.mock.timers.tick(100);
  assert.equal(runtime.ports.length, 2);
  runtime.ports[1]?.kill();
  t.mock.timers.tick(199);
  assert.equal(runtime.ports.length, 2);
  t.mock.timers.tick(1);
  assert.equal(runtime.ports.length, 3);
  // This one answers, so its death is retried after 100 ms again.
  runtime.ports[2]?.emit({ type: 'state', state: STATE });
  runtime.ports[2]?.kill();
  t.mock.timers.tick(100);
  assert.equal(runtime.ports.length, 4);
});

test('a port that stays up for the longest delay resets the back-off too', (t) => {
  const { runtime } = startPanel(t, { retryMs: 100, maxRetryMs: 1000 });
  runtime.ports[0]?.kill();
  t.mock.timers.tick(100);
  runtime.ports[1]?.kill();
  t.mock.timers.tick(200);
  assert.equal(runtime.ports.length, 3);
  t.mock.timers.tick(1000); // a devtools page's port: quiet, but alive
  runtime.ports[2]?.kill();
  t.mock.timers.tick(100);
  assert.equal(runtime.ports.length, 4);
});

test('sends beyond the queue bound drop the oldest, and the loss is reported on reconnection', (t) => {
  const { runtime, c, problems } = startPanel(t, { retryMs: 10, maxQueued: 2 });
  runtime.ports[0]?.kill();
  c.send({ type: 'clear' });
  c.send({ type: 'set-preserve', preserve: true });
  c.send(pause);
  assert.equal(c.queued, 2);
  t.mock.timers.tick(10);
  assert.deepEqual(runtime.ports[1]?.sent, [{ type: 'set-preserve', preserve: true }, pause]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.kind, 'dropped');
  assert.match(problems[0]!.reason, /^1 message/);
});

test('a closed connection does not come back, drops its queue and removes its listeners', (t) => {
  const s = startPanel(t, 5);
  const { runtime, c } = s;
  c.close();
  assert.equal(runtime.ports[0]?.disconnected, true);
  assert.equal(runtime.ports[0]?.listeners(), 0);
  runtime.ports[0]?.emit({ type: 'state', state: STATE });
  runtime.ports[0]?.kill();
  c.send(pause);
  t.mock.timers.tick(1000);
  assert.equal(runtime.ports.length, 1);
  assert.deepEqual(s.got, []);
  assert.equal(s.disconnects, 0);
  assert.equal(c.queued, 0);
});

test('closing while a retry is pending cancels it', (t) => {
  const { runtime, c } = startPanel(t, 5);
  runtime.ports[0]?.kill();
  c.close();
  t.mock.timers.tick(1000);
  assert.equal(runtime.attempts, 1);
});

test('ports without removeListener (older fakes, Firefox-like shims) still work', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let drop: () => void = () => undefined;
  let connects = 0;
  const runtime: RuntimeLike = {
    connect: () => {
      connects++;
      return {
        postMessage: () => undefined,
        disconnect: () => undefined,
        onMessage: { addListener: () => undefined },
        onDisconnect: { addListener: (cb) => (drop = cb) },
      };
    },
  };
  connect(runtime, panelPortName(3), () => undefined);
  drop();
  t.mock.timers.tick(100);
  assert.equal(connects, 2);
});

test('problems go to the console by default', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const logged = t.mock.method(console, 'error', () => undefined);
  const runtime = new FakeRuntime();
  runtime.failConnects = 1;
  const c = connect(runtime, panelPortName(4), () => undefined);
  assert.equal(logged.mock.callCount(), 1);
  assert.match(String(logged.mock.calls[0]?.arguments[0]), /cors-lens-panel:4: connect failed: Extension context invalidated\./);
  c.close();
});
