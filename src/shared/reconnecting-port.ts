// The extension pages' end of the protocol (panel, devtools page). The background may be a
// service worker that Chrome kills when idle: its ports then disconnect, so a page reconnects
// by itself (which also wakes the worker) and, as a panel, gets a fresh snapshot.
//
// What can go wrong, and what this does about it:
// - `runtime.connect` throws ("Extension context invalidated." after the extension was
//   reloaded or updated under an open DevTools): reported once, retried with back-off, so the
//   loop neither dies silently nor spins.
// - `postMessage` throws ("Attempting to use a disconnected port object": the port died and its
//   onDisconnect has not been delivered yet): handled as a disconnect; the message waits.
// - A send while disconnected (a Pause clicked while the worker restarts) waits in a bounded
//   queue and goes out, in order, on the next port; what the bound drops is reported.
// - A port that connects and dies at once (no background listening yet) backs off, doubling up
//   to `maxRetryMs`; the delay starts again from `retryMs` once a port proves itself (it
//   delivers a message, or stays up for `maxRetryMs`).
import { decodeFromPort, isBackgroundToPanel, type BackgroundToPanel, type PageToBackground } from './protocol.ts';

export interface RuntimeLike {
  connect(info: { name: string }): PortLike;
}

/** An event of a port; `removeListener` is used when the browser's port has it (they all do). */
interface PortEvent<F> {
  addListener(cb: F): void;
  removeListener?(cb: F): void;
}

export interface PortLike {
  postMessage(message: PageToBackground): void;
  disconnect(): void;
  onMessage: PortEvent<(m: unknown) => void>;
  onDisconnect: PortEvent<() => void>;
}

/** Something that went wrong on the connection, with the browser's error text. */
export interface PortProblem {
  /** connect: runtime.connect threw; send: a port's postMessage threw; dropped: sends lost. */
  kind: 'connect' | 'send' | 'dropped';
  portName: string;
  reason: string;
}

export interface ConnectOptions {
  /** First wait before reconnecting, in ms; doubled after each failed try. */
  retryMs?: number;
  /** Longest wait between tries, in ms. */
  maxRetryMs?: number;
  /** Most sends kept while disconnected; the oldest go first when more come. */
  maxQueued?: number;
  /** Told of each problem (a streak of failed connects once). Default: console.error. */
  onProblem?: (problem: PortProblem) => void;
}

export interface Connection {
  /** Sends now, or on the next port if there is none (kept in order, bounded). */
  send(message: PageToBackground): void;
  /** Disconnects for good: no reconnect, queued sends dropped, listeners removed. */
  close(): void;
  /** Whether a port is open now. */
  readonly connected: boolean;
  /** Sends waiting for the next port. */
  readonly queued: number;
}

const DEFAULTS = { retryMs: 100, maxRetryMs: 5000, maxQueued: 200 };

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function reportToConsole(problem: PortProblem): void {
  console.error(`CORS Lens: port ${problem.portName}: ${problem.kind} failed: ${problem.reason}`);
}

export function connect(
  runtime: RuntimeLike,
  portName: string,
  onMessage: (m: BackgroundToPanel) => void,
  onDisconnect: () => void = () => undefined,
  /** A number is `retryMs` (the earlier signature). */
  options: number | ConnectOptions = {},
): Connection {
  const opts = typeof options === 'number' ? { retryMs: options } : options;
  const retryMs = opts.retryMs ?? DEFAULTS.retryMs;
  const maxRetryMs = Math.max(retryMs, opts.maxRetryMs ?? DEFAULTS.maxRetryMs);
  const maxQueued = Math.max(1, opts.maxQueued ?? DEFAULTS.maxQueued);
  const report = opts.onProblem ?? reportToConsole;

  let port: PortLike | undefined;
  let detach: () => void = () => undefined;
  let closed = false;
  let delay = retryMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stableTimer: ReturnType<typeof setTimeout> | undefined;
  let connectFailing = false;
  // Each entry remembers whether a postMessage already threw on it: a message that throws on
  // two ports (say, one the browser cannot serialise) is dropped, not retried forever.
  const queue: Array<{ message: PageToBackground; failedOnce: boolean }> = [];
  let droppedSinceReport = 0;

  const clearTimers = () => {
    clearTimeout(retryTimer);
    clearTimeout(stableTimer);
    retryTimer = stableTimer = undefined;
  };

  const proven = () => {
    clearTimeout(stableTimer);
    stableTimer = undefined;
    delay = retryMs;
  };

  const scheduleRetry = () => {
    if (closed || retryTimer !== undefined) return;
    const wait = delay;
    delay = Math.min(delay * 2, maxRetryMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      open();
    }, wait);
  };

  // The current port is gone (its onDisconnect, or a postMessage that threw).
  const lost = (p: PortLike) => {
    if (port !== p) return; // a replaced port's late event
    port = undefined;
    detach();
    clearTimeout(stableTimer);
    stableTimer = undefined;
    onDisconnect();
    scheduleRetry();
  };

  const enqueue = (message: PageToBackground, failedOnce: boolean) => {
    queue.push({ message, failedOnce });
    if (queue.length > maxQueued) {
      queue.shift();
      droppedSinceReport++;
    }
  };

  const reportDropped = () => {
    if (droppedSinceReport === 0) return;
    report({ kind: 'dropped', portName, reason: `${droppedSinceReport} message(s) sent while disconnected were dropped (queue of ${maxQueued})` });
    droppedSinceReport = 0;
  };

  // Posts the queue in order on the current port; stops at the first failure.
  const flush = () => {
    while (port !== undefined && queue.length > 0) {
      const p = port;
      const entry = queue[0]!;
      try {
        p.postMessage(entry.message);
        queue.shift();
      } catch (error) {
        queue.shift();
        if (entry.failedOnce) {
          report({ kind: 'send', portName, reason: `${reasonOf(error)} (message "${entry.message.type}" dropped after a second try)` });
        } else {
          report({ kind: 'send', portName, reason: reasonOf(error) });
          queue.unshift({ message: entry.message, failedOnce: true });
        }
        try {
          p.disconnect();
        } catch {
          // Already disconnected: nothing more to release.
        }
        lost(p);
      }
    }
  };

  function open(): void {
    if (closed) return;
    let p: PortLike;
    try {
      p = runtime.connect({ name: portName });
    } catch (error) {
      if (!connectFailing) report({ kind: 'connect', portName, reason: reasonOf(error) });
      connectFailing = true;
      scheduleRetry();
      return;
    }
    connectFailing = false;
    port = p;
    const messageListener = (raw: unknown) => {
      // A message the browser delivers after the port's disconnect is still the background's
      // word, so it is passed on; after close() nobody is listening.
      if (closed) return;
      if (port === p) proven();
      const m = decodeFromPort(raw); // large messages come as JSON text
      if (isBackgroundToPanel(m)) onMessage(m);
    };
    const disconnectListener = () => lost(p);
    p.onMessage.addListener(messageListener);
    p.onDisconnect.addListener(disconnectListener);
    detach = () => {
      p.onMessage.removeListener?.(messageListener);
      p.onDisconnect.removeListener?.(disconnectListener);
    };
    stableTimer = setTimeout(proven, maxRetryMs);
    reportDropped();
    flush();
  }

  open();
  return {
    send(message) {
      if (closed) return;
      enqueue(message, false);
      flush();
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimers();
      queue.length = 0;
      const p = port;
      port = undefined;
      detach();
      try {
        p?.disconnect();
      } catch {
        // An already-dead port: closing it is what we wanted anyway.
      }
    },
    get connected() {
      return port !== undefined;
    },
    get queued() {
      return queue.length;
    },
  };
}
