// The channel between the page witness (main world, page.ts) and its relay (isolated world,
// relay.ts) in the same document.
//
// Not window.postMessage: every `message` listener of the page would receive the witness's
// messages (with the page's own origin, so they pass an origin check), and a page handler that
// does `JSON.parse(event.data)` would throw. Instead both sides dispatch CustomEvents of these
// two types on `window`: only a listener for exactly these types sees them, and a page has no
// way to list or catch other events. The detail is always a string (JSON or a word), the one
// kind of value that crosses between worlds the same way in Chromium and Firefox (Xrays).
// The page can dispatch these events too: the relay trusts nothing it reads here.

/** Page → relay: `detail` is the JSON of a `PageEnvelope`. */
export const WITNESS_DATA_EVENT = 'cors-lens-witness:data';
/** Both ways: `detail` is a `ControlWord`. */
export const WITNESS_CONTROL_EVENT = 'cors-lens-witness:control';

/**
 * `hello`: the page script has something to report (asks for the switch); `on` / `off`: the
 * relay's switch; `ready`: the relay started (a page script that asked before it did asks again).
 */
export type ControlWord = 'hello' | 'on' | 'off' | 'ready';

/** What the page script hands the relay: entries in call order, and how many it dropped. */
export interface PageEnvelope {
  v: 1;
  dropped: number;
  entries: unknown[];
}

export const CHANNEL_LIMITS = {
  /** Entries per envelope. */
  envelopeEntries: 512,
  /** Characters of one envelope's JSON. */
  envelopeChars: 4 * 1024 * 1024,
  /** Envelopes the relay reads per second; the page script sends at most 10. */
  envelopesPerSecond: 40,
  /** Entries the page script keeps while it waits for the relay or for its next dispatch. */
  pageBuffer: 2048,
  /** Minimum time between two dispatches of the page script. */
  pageFlushMs: 100,
  /** Entries the relay keeps until it can send them. */
  relayQueue: 4096,
  /** Minimum time between two messages of the relay to the background. */
  relaySendMs: 125,
} as const;
