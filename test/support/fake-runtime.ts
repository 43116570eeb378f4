// A runtime whose one port the test drives, for the panel and the popup: `deliver` plays the
// background (inside act(), so Preact renders), `sent` is what the page posted, `names` the
// ports it opened.
import { act } from 'preact/test-utils';
import type { BackgroundToPanel, PageToBackground } from '../../src/shared/protocol.ts';
import type { RuntimeLike } from '../../src/shared/reconnecting-port.ts';

export function fakeRuntime() {
  const sent: PageToBackground[] = [];
  const names: string[] = [];
  let listener: (m: unknown) => void = () => undefined;
  const runtime: RuntimeLike = {
    connect: (info?: { name?: string }) => {
      names.push(info?.name ?? '');
      return {
        postMessage: (m: PageToBackground) => sent.push(m),
        disconnect: () => undefined,
        onMessage: { addListener: (cb: (m: unknown) => void) => (listener = cb) },
        onDisconnect: { addListener: () => undefined },
      };
    },
  } as RuntimeLike;
  return { runtime, sent, names, deliver: (m: BackgroundToPanel) => act(() => listener(m)) };
}
