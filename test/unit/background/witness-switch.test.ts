// The background honours the page witness switch (settings.witness in storage.local). The relays
// follow it too, but a frame that goes before its relay read the switch sends what it has
// (relay.ts pagehide): the background is where that is dropped when the witness is off.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCapture } from '../../../src/background/capture.ts';
import type { WitnessMessage } from '../../../src/shared/witness-protocol.ts';
import { FakeBadge, FakePort, MemoryStorage } from '../../support/fake-extension.ts';
import { API_ORIGIN, PAGE, Wire } from '../../support/webrequest-fakes.ts';
import { witnessCall } from '../../support/witness-fakes.ts';

const sender = { tabId: 1, frameId: 0, pageOrigin: PAGE };
const PAGE_ID = 'p'.repeat(16);

async function life(settings: Record<string, unknown> | undefined, local = new MemoryStorage()) {
  if (settings !== undefined) await local.set({ settings });
  const capture = createCapture({ browser: 'chromium', version: '0', storage: new MemoryStorage(), settings: local, badge: new FakeBadge() });
  await capture.ready;
  return { capture, wire: new Wire(capture.handlers, 'chromium'), local };
}

const task = () => new Promise((r) => setImmediate(r));

/** The page reports a credentialed fetch of `/c/<n>`, then the network shows it: is the call on its record? */
async function joined(l: Pick<Awaited<ReturnType<typeof life>>, 'capture' | 'wire'>, n: number): Promise<boolean> {
  const url = `${API_ORIGIN}/c/${n}`;
  const message: WitnessMessage = { type: 'witness', v: 1, page: PAGE_ID, n, entries: [witnessCall(n, url, Date.now())], dropped: 0 };
  await l.capture.witness(sender, message);
  const r = { requestId: `r${n}`, url, method: 'GET' };
  l.wire.start(r);
  l.wire.finish(r, [['Access-Control-Allow-Origin', '*']]);
  await l.capture.ready;
  await l.capture.flush();
  const record = (await l.capture.readRecords(1)).find((x) => x.url === url);
  assert.ok(record?.complete, 'the request is recorded either way');
  return record.witness !== undefined;
}

describe('the page witness switch in the background', () => {
  test('on (no setting, or witness: true): the call is joined to its record', async () => {
    assert.equal(await joined(await life(undefined), 1), true);
    assert.equal(await joined(await life({ witness: true, onlyWithDevtools: false }), 1), true);
  });

  test('off at start (witness: false): a message that comes anyway is dropped', async () => {
    assert.equal(await joined(await life({ witness: false }), 1), false);
  });

  test('switched off and on while running: followed from the change', async () => {
    const l = await life(undefined);
    assert.equal(await joined(l, 1), true);
    l.capture.settingsChanged({ witness: false });
    assert.equal(await joined(l, 2), false);
    l.capture.settingsChanged({ witness: false, onlyWithDevtools: true });
    assert.equal(await joined(l, 3), false);
    l.capture.settingsChanged(undefined); // the settings removed: on, the default
    assert.equal(await joined(l, 4), true);
  });

  test('a change heard before the start read its settings is not undone by that read', async () => {
    const local = new MemoryStorage();
    await local.set({ settings: { witness: true } });
    const capture = createCapture({ browser: 'chromium', version: '0', storage: new MemoryStorage(), settings: local, badge: new FakeBadge() });
    capture.settingsChanged({ witness: false });
    await capture.ready;
    assert.equal(await joined({ capture, wire: new Wire(capture.handlers, 'chromium') }, 1), false);
  });

  test("the panel's switch: followed at once, told to every panel, saved with the other settings, read by the next life", async () => {
    const l = await life({ onlyWithDevtools: true });
    const a = new FakePort();
    const b = new FakePort();
    l.capture.connectPanel(1, a);
    l.capture.connectPanel(2, b);
    await l.capture.ready;
    assert.equal(l.capture.state(1).witness, true, 'on by default');
    a.send({ type: 'set-witness', value: false });
    await l.capture.ready;
    assert.equal(l.capture.state(1).witness, false);
    assert.equal(await joined(l, 1), false, 'off at once');
    for (const port of [a, b]) {
      await l.capture.flush();
      const states = port.received.filter((m) => m.type === 'state' || m.type === 'reset').map((m) => ('state' in m ? m.state.witness : undefined));
      assert.equal(states.at(-1), false, 'every panel is told');
    }
    const saved = async () => (await l.local.get(['settings'])).settings as Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && (await saved())?.witness !== false; i++) await task();
    assert.deepEqual(await saved(), { onlyWithDevtools: true, witness: false }, 'merged, not replaced');
    const next = await life(undefined, l.local);
    assert.equal(next.capture.state(1).witness, false, 'the next life starts off');
    assert.equal(await joined(next, 1), false);
    next.capture.connectPanel(1, a);
    a.send({ type: 'set-witness', value: true });
    await next.capture.ready;
    assert.equal(await joined(next, 2), true, 'on again');
  });
});
