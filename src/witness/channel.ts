// The channel between the page witness (main world, page.ts) and its relay (isolated world,
// relay.ts) in the same document.
//
// Not window.postMessage: every `message` listener of the page would receive the witness's
// messages (with the page's own origin, so they pass an origin check), and a page handler that
// does `JSON.parse(event.data)` would throw. Instead both sides dispatch CustomEvents of these
// two types on `window`: only a listener for exactly these types sees them, and a page has no
// way to list or catch other events. The detail is always a string (a page batch or a word), the one
// kind of value that crosses between worlds the same way in Chromium and Firefox (Xrays).
// The page can dispatch these events too: the relay trusts nothing it reads here.

/** Page → relay: `detail` is a page batch (`pageBatch`). */
export const WITNESS_DATA_EVENT = 'cors-lens-witness:data';
/** Both ways: `detail` is a `ControlWord`. */
export const WITNESS_CONTROL_EVENT = 'cors-lens-witness:control';

/**
 * `hello`: the page script has something to report (asks for the switch); `on` / `off`: the
 * relay's switch; `ready`: the relay started (a page script that asked before it did asks again).
 */
export type ControlWord = 'hello' | 'on' | 'off' | 'ready';

/**
 * A page batch: `<count>:<dropped>:<entries>`, where `entries` is the JSON of `count` entries
 * in call order (shared/witness-codec.ts) and `dropped` how many entries the page script dropped
 * since its last batch. The relay reads only the two numbers, for its bounds and its count of what was
 * lost; the JSON goes to the background as it is (shared/witness-protocol.ts `WitnessWire`).
 */
export function pageBatch(count: number, dropped: number, entriesJson: string): string {
  return `${count}:${dropped}:${entriesJson}`;
}

/** A page batch's parts, or null when it is not one (the numbers are the page's word, bounded). */
export function readPageBatch(detail: unknown): { count: number; dropped: number; entries: string } | null {
  if (typeof detail !== 'string' || detail.length > CHANNEL_LIMITS.batchChars) return null;
  const a = detail.indexOf(':');
  const b = a < 0 ? -1 : detail.indexOf(':', a + 1);
  if (a < 1 || b < a + 2 || a > 3 || b - a > 11) return null;
  const count = Number(detail.slice(0, a));
  const dropped = Number(detail.slice(a + 1, b));
  if (!Number.isInteger(count) || count < 0 || count > CHANNEL_LIMITS.batchEntries) return null;
  if (!Number.isInteger(dropped) || dropped < 0 || (count === 0 && dropped === 0)) return null;
  const entries = detail.slice(b + 1);
  if (entries[0] !== '[') return null;
  return { count, dropped, entries };
}

export const CHANNEL_LIMITS = {
  /** Entries per page batch. */
  batchEntries: 512,
  /**
   * Characters of one page batch. The page script closes a batch before its entries' estimated
   * JSON would pass this bound; a message of the relay carries batches up to
   * WITNESS_LIMITS.wireChars, so one batch always fits.
   */
  batchChars: 512 * 1024,
  /** Batches the relay reads per second; the page script sends at most 10. */
  batchesPerSecond: 40,
  /** Entries the page script keeps while it waits for the relay or for its next dispatch. */
  pageBuffer: 2048,
  /** Minimum time between two dispatches of the page script while it holds calls. */
  pageFlushMs: 100,
  /** Minimum time between two dispatches of the page script while it holds only outcomes and header reads. */
  pageOutcomeFlushMs: 500,
  /** Entries (as the page counts them) the relay keeps until it can send them. */
  relayQueue: 4096,
  /** Characters the relay keeps until it can send them. */
  relayQueueChars: 4 * 1024 * 1024,
  /** Minimum time between two messages of the relay to the background. */
  relaySendMs: 125,
} as const;
