// The page witness as its tests drive it: a fetch() call as the page script reports it, and a
// Chromium background on a storage and a clock the test owns.
import { createCapture } from '../../src/background/capture.ts';
import type { WitnessCall } from '../../src/shared/witness-protocol.ts';
import { FakeBadge, MemoryStorage } from './fake-extension.ts';
import { Wire } from './webrequest-fakes.ts';

/** A credentialed cors fetch() of `url`, the `seq`th call of its page. */
export function witnessCall(seq: number, url: string, startedAt: number, over: Partial<WitnessCall> = {}): WitnessCall {
  return { kind: 'call', seq, api: 'fetch', url, method: 'GET', mode: 'cors', credentials: 'include', redirect: 'follow', startedAt, ...over };
}

/** One life of the background (a worker) on `storage` (by default a fresh one), its time `clock.t`. */
export async function witnessLife(storage = new MemoryStorage(), clock = { t: Date.now() }) {
  const capture = createCapture({ browser: 'chromium', version: '0', storage, badge: new FakeBadge(), now: () => clock.t });
  await capture.ready;
  return { capture, clock, wire: new Wire(capture.handlers, 'chromium') };
}
