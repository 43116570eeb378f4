// Waiting in end-to-end tests: for a condition, with a bound (what a test that then asserts
// something happened should do), or for a fixed time (pacing, or before asserting that
// something did not happen).

/** Polls `condition` every 20 ms until it holds; throws after `timeoutMs` saying `what`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Reads every 20 ms until `done` holds of the reading (bounded), and returns the last reading
 * either way: where a test then asserts on it, a reading that never got there fails with what
 * was there, not with a timeout.
 */
export async function readUntil<T>(read: () => Promise<T>, done: (reading: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reading = await read();
    if (done(reading) || Date.now() > deadline) return reading;
    await sleep(20);
  }
}
