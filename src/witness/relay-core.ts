// The relay's logic without browser APIs (unit-tested in Node): what it accepts from the page
// world, how it bounds and batches it, and the messages it makes for the background.
// relay.ts wires it to the document's events, storage and runtime.sendMessage.

import { CHANNEL_LIMITS, readPageBatch } from './channel.ts';
import { isWitnessAck, WITNESS_LIMITS, type WitnessWire } from '../shared/witness-protocol.ts';

/** 32 lowercase hex digits from a random-bytes source (crypto.getRandomValues). */
export function newPageId(random: (bytes: Uint8Array<ArrayBuffer>) => unknown): string {
  const bytes = new Uint8Array(16);
  random(bytes);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

const addCount = (a: number, b: number): number => Math.min(a + b, WITNESS_LIMITS.count);

interface Batch {
  /** The JSON of the entries, as the page script wrote it (never parsed here). */
  entries: string;
  /** How many entries the page says it holds (bounded): for the relay's bounds and counts. */
  count: number;
}

/** A message for the background and how many entries (as the page counted them) it carries. */
export interface Outgoing {
  message: WitnessWire;
  count: number;
}

export class RelayQueue {
  private queue: Batch[] = [];
  /** Entries and characters in the queue. */
  private entries = 0;
  private chars = 0;
  private dropped = 0;
  private windowStart = -Infinity;
  private batchesInWindow = 0;
  /** The number of the next message made (per page, from 1). */
  private nextNumber = 1;

  constructor(private readonly pageId: string) {}

  /** Entries queued, as the page counted them. */
  get size(): number {
    return this.entries;
  }

  /**
   * One batch from the page world (a CustomEvent's detail), bounded and rate-limited; its
   * entries are not parsed here (the background checks each one). Returns the number of
   * entries the page says it holds, 0 when it was refused.
   */
  accept(detail: unknown, now: number): number {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.batchesInWindow = 0;
    }
    const batch = readPageBatch(detail);
    if (batch === null) return 0;
    if (batch.dropped > 0) this.dropped = addCount(this.dropped, batch.dropped);
    if (batch.count === 0) return 0;
    if (++this.batchesInWindow > CHANNEL_LIMITS.batchesPerSecond) {
      this.dropped = addCount(this.dropped, batch.count);
      return 0;
    }
    if (this.entries + batch.count > CHANNEL_LIMITS.relayQueue || this.chars + batch.entries.length > CHANNEL_LIMITS.relayQueueChars) {
      this.dropped = addCount(this.dropped, batch.count);
      return 0;
    }
    this.queue.push({ entries: batch.entries, count: batch.count });
    this.entries += batch.count;
    this.chars += batch.entries.length;
    return batch.count;
  }

  /** Whether `take` has anything to send. */
  get due(): boolean {
    return this.queue.length > 0 || this.dropped > 0;
  }

  /** The next message for the background (within every WITNESS_LIMITS bound), or null. */
  take(): Outgoing | null {
    if (!this.due) return null;
    let chars = 0;
    let count = 0;
    let n = 0;
    while (n < this.queue.length && n < WITNESS_LIMITS.batchesPerMessage) {
      const next = this.queue[n]!;
      if (n > 0 && (chars + next.entries.length > WITNESS_LIMITS.wireChars || count + next.count > WITNESS_LIMITS.entriesPerMessage)) break;
      chars += next.entries.length;
      count += next.count;
      n++;
    }
    const taken = this.queue.splice(0, n);
    this.entries -= count;
    this.chars -= chars;
    const message: WitnessWire = {
      type: 'witness',
      v: 2,
      page: this.pageId,
      n: this.nextNumber++,
      batches: taken.map((b) => b.entries),
      dropped: this.dropped,
    };
    this.dropped = 0;
    return { message, count };
  }

  /** A message given up on (never acknowledged): its entries count as dropped in the next one. */
  lost(out: Outgoing): void {
    this.dropped = addCount(this.dropped, addCount(out.count, out.message.dropped));
  }

  /** The witness was switched off: forget everything. */
  clear(): void {
    this.queue = [];
    this.entries = 0;
    this.chars = 0;
    this.dropped = 0;
  }
}

/** How long the relay waits for an acknowledgement before it sends the message again (ms). */
export const ACK_TIMEOUT_MS = 5_000;
/** Sends of one message before it is given up on (counted as dropped in the next). */
export const MAX_ATTEMPTS = 8;
/** The wait before the second send; doubled for each later one, up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 4_000;

export interface DeliveryDeps {
  /** runtime.sendMessage: the background's response, or a rejection (no listener, worker gone). */
  send(message: WitnessWire): Promise<unknown>;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  now(): number;
}

/**
 * Delivers the queue's messages one at a time, each until the background acknowledges it.
 *
 * Chromium stops an idle extension service worker, and a message on its way to a worker being
 * stopped is lost with no trace in the background (seen in the fault e2e: 1 call of 200). So a
 * message counts as delivered only when the background answers `{ ack: n }`, which it does once
 * the message is applied or journaled and saved (src/background/index.ts). Until then the same
 * message is sent again, after a growing pause; the background applies each number once, so a
 * message that arrived but whose answer was lost is not applied twice. One message at a time
 * keeps the entries in call order (an outcome never overtakes its call).
 */
export class Delivery {
  private current: { out: Outgoing; attempts: number; attempt: number } | null = null;
  private timer: unknown;
  private lastSend = -Infinity;
  private attemptIds = 0;
  private enabled = true;

  constructor(
    private readonly queue: RelayQueue,
    private readonly deps: DeliveryDeps,
  ) {}

  /** Messages sent, resent and given up on (for tests and the trace). */
  readonly stats = { sent: 0, resent: 0, lost: 0 };

  /** Something was queued: send it when the pacing allows, unless a message awaits its answer. */
  kick(): void {
    if (!this.enabled || this.current || this.timer !== undefined || !this.queue.due) return;
    this.arm(Math.max(0, this.lastSend + CHANNEL_LIMITS.relaySendMs - this.deps.now()));
  }

  /**
   * The document is going (pagehide): timers may never fire again and no answer may come, so
   * the message awaiting its answer and everything queued is sent now, once, without waiting.
   */
  sendAllNow(maxMessages = 16): void {
    this.disarm();
    const pending = this.current;
    this.current = null;
    if (pending) this.fire(pending.out.message);
    for (let i = 0; i < maxMessages && this.queue.due; i++) {
      const out = this.queue.take();
      if (out) this.fire(out.message);
    }
  }

  /** The witness was switched off: nothing more is sent. */
  setEnabled(value: boolean): void {
    this.enabled = value;
    if (!value) {
      this.disarm();
      this.current = null;
    } else this.kick();
  }

  private arm(ms: number): void {
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined;
      this.step();
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Sends the message awaiting its answer again, or the next one. */
  private step(): void {
    if (!this.enabled) return;
    if (!this.current) {
      const out = this.queue.take();
      if (!out) return;
      this.current = { out, attempts: 0, attempt: 0 };
    }
    const current = this.current;
    current.attempts++;
    if (current.attempts > 1) this.stats.resent++;
    const attempt = (current.attempt = ++this.attemptIds);
    const n = current.out.message.n;
    this.lastSend = this.deps.now();
    this.stats.sent++;
    // No answer at all within the timeout counts as a failure (a worker killed mid-message).
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined;
      this.failed(attempt);
    }, ACK_TIMEOUT_MS);
    let answer: Promise<unknown>;
    try {
      answer = this.deps.send(current.out.message);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (response) => (isWitnessAck(response, n) ? this.acknowledged(n) : this.failed(attempt)),
      () => this.failed(attempt),
    );
  }

  private acknowledged(n: number): void {
    // An answer to any send of the message awaiting one (an earlier send may answer late).
    if (this.current?.out.message.n !== n) return;
    this.current = null;
    this.disarm();
    this.kick();
  }

  private failed(attempt: number): void {
    const current = this.current;
    if (!current || current.attempt !== attempt) return; // a later send is under way
    current.attempt = 0;
    this.disarm();
    if (current.attempts >= MAX_ATTEMPTS) {
      this.current = null;
      this.stats.lost++;
      this.queue.lost(current.out);
      this.kick();
      return;
    }
    this.arm(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (current.attempts - 1)));
  }

  /** Best effort (pagehide): no answer is awaited. */
  private fire(message: WitnessWire): void {
    this.stats.sent++;
    try {
      this.deps.send(message).catch(() => undefined);
    } catch {
      // ignore
    }
  }
}
