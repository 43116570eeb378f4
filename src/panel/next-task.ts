// When the panel applies what the background sent: in a task of its own, after the tasks
// already queued. Port messages that arrived while the panel was busy (rendering the previous
// snapshot chunk, say) are then applied together, with one render, instead of one render
// each. A MessageChannel, not setTimeout: timers may be clamped or throttled.
export type Scheduler = (fn: () => void) => void;

const queue: Array<() => void> = [];
let channel: MessageChannel | undefined;

export const nextTask: Scheduler = (fn) => {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(fn, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
    // Node (tests): a port with a listener would keep the process alive.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  queue.push(fn);
  channel.port2.postMessage(null);
};

/** Runs at once (tests that deliver a message and look at the DOM right after). */
export const immediately: Scheduler = (fn) => fn();
