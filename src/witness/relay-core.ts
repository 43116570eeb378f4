// The relay's logic without browser APIs (unit-tested in Node): what it accepts from the page
// world, how it bounds and batches it, and the messages it makes for the background.
// relay.ts wires it to the document's events, storage and runtime.sendMessage.

import { CHANNEL_LIMITS } from './channel.ts';
import {
  isWitnessEntry,
  WITNESS_LIMITS,
  witnessEntryChars,
  type WitnessEntry,
  type WitnessMessage,
} from '../shared/witness-protocol.ts';

/** The witness switch from storage.local `settings` (an object): on unless `witness: false`. */
export function witnessEnabled(settings: unknown): boolean {
  return !(typeof settings === 'object' && settings !== null && (settings as { witness?: unknown }).witness === false);
}

/** 32 lowercase hex digits from a random-bytes source (crypto.getRandomValues). */
export function newPageId(random: (bytes: Uint8Array<ArrayBuffer>) => unknown): string {
  const bytes = new Uint8Array(16);
  random(bytes);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

const addCount = (a: number, b: number): number => Math.min(a + b, WITNESS_LIMITS.count);

export class RelayQueue {
  private queue: WitnessEntry[] = [];
  private dropped = 0;
  private windowStart = -Infinity;
  private envelopesInWindow = 0;

  constructor(private readonly pageId: string) {}

  get size(): number {
    return this.queue.length;
  }

  /**
   * One envelope from the page world (a CustomEvent's detail): bounded, parsed, every entry
   * checked on its own (a bad entry is dropped, the good ones kept). Returns the number of
   * entries kept.
   */
  accept(detail: unknown, now: number): number {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.envelopesInWindow = 0;
    }
    if (++this.envelopesInWindow > CHANNEL_LIMITS.envelopesPerSecond) {
      this.dropped = addCount(this.dropped, 1);
      return 0;
    }
    if (typeof detail !== 'string' || detail.length > CHANNEL_LIMITS.envelopeChars) return 0;
    let envelope: unknown;
    try {
      envelope = JSON.parse(detail);
    } catch {
      return 0;
    }
    if (typeof envelope !== 'object' || envelope === null) return 0;
    const { v, dropped, entries } = envelope as { v?: unknown; dropped?: unknown; entries?: unknown };
    if (v !== 1 || !Array.isArray(entries) || entries.length > CHANNEL_LIMITS.envelopeEntries) return 0;
    if (typeof dropped === 'number' && Number.isInteger(dropped) && dropped > 0) this.dropped = addCount(this.dropped, dropped);
    let kept = 0;
    for (const entry of entries) {
      if (!isWitnessEntry(entry)) continue;
      if (this.queue.length >= CHANNEL_LIMITS.relayQueue) {
        this.dropped = addCount(this.dropped, 1);
        continue;
      }
      this.queue.push(entry);
      kept++;
    }
    return kept;
  }

  /** Whether `take` has anything to send. */
  get due(): boolean {
    return this.queue.length > 0 || this.dropped > 0;
  }

  /** The next message for the background (within every WITNESS_LIMITS bound), or null. */
  take(): WitnessMessage | null {
    if (!this.due) return null;
    let chars = this.pageId.length;
    let count = 0;
    while (count < this.queue.length && count < WITNESS_LIMITS.entriesPerMessage) {
      const next = chars + witnessEntryChars(this.queue[count]!);
      if (next > WITNESS_LIMITS.messageChars) break;
      chars = next;
      count++;
    }
    const entries = this.queue.splice(0, count);
    const message: WitnessMessage = { type: 'witness', v: 1, page: this.pageId, entries, dropped: this.dropped };
    this.dropped = 0;
    return message;
  }

  /** The witness was switched off: forget everything. */
  clear(): void {
    this.queue = [];
    this.dropped = 0;
  }
}
