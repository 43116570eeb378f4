// One browser session for a describe block (or a file): started before its tests, closed after
// them, each e2e file wrote out the same two hooks around a `let`. The object returned stands
// for the session once it runs: `const s = sessionFor(() => CorsSession.start());`.
import { after, before } from 'node:test';

export function sessionFor<S extends { close(): Promise<unknown> }>(start: () => Promise<S>): S {
  let session: S | undefined;
  before(async () => {
    session = await start();
  });
  after(async () => {
    await session?.close();
  });
  const started = (key: PropertyKey): S => {
    if (session === undefined) throw new Error(`the session is not started yet (reading ${String(key)})`);
    return session;
  };
  return new Proxy({} as S, {
    get(_, key) {
      const s = started(key);
      const value: unknown = Reflect.get(s, key, s);
      return typeof value === 'function' ? value.bind(s) : value;
    },
    set(_, key, value) {
      return Reflect.set(started(key), key, value);
    },
    has(_, key) {
      return Reflect.has(started(key), key);
    },
  });
}
