// Terminates CORS Lens's event page in Firefox from the parent process, as about:debugging's
// "Terminate background script" does, and witnesses which webRequest events Firefox really
// delivered to the extension. Everything here depends on Firefox 153 internals (read in its
// omni.ja: ExtensionParent.sys.mjs, ExtensionCommon.sys.mjs, parent/ext-backgroundPage.js,
// parent/ext-webRequest.js); it is kept in this one file.
//
// Terminating: about:debugging calls `DebugUtils.terminateBackgroundScript(id)`, which is
// `WebExtensionPolicy.getByID(id).extension.terminateBackground({ ignoreDevToolsAttached: true })`.
// Called that way Firefox declines while listener calls are pending (it resets the idle timer
// instead, reason "listeners"), which during a burst is always: tried on this machine, none of 8
// attempts took effect until the burst was over. The test wants the page gone mid-traffic, as
// Chromium's ServiceWorker.stopWorker does, so it also passes `disableResetIdleForTest: true`
// (Firefox's own tests' switch; docs/browsers.md, "Browser workarounds and where they are
// reported"). Killed that way, Firefox drops the events it had sent to the page and the page
// had not run yet (console: "Actor 'Conduits' destroyed before query 'RunListener' was
// resolved"), and the storage calls the page had issued that reach the parent
// after the parent unloaded its context ("WebExtension context not found!"). A request whose
// every event was dropped that way never reached the extension: no capture can list it.
//
// Witnessing delivery: when the page stops, Firefox primes the persisted webRequest listeners
// (`extension.persistentListeners`, synchronously, before `terminateBackground` resolves):
// events then wait in `primed.pendingEvents` and are handed to the next page when it registers
// its listeners again (`primed.convert(fire)`, then each pending event's `resolve(fire.async())`).
// Right after each termination, in the same microtask run (no event can come in between), the
// witness wraps both: every event Firefox hands to a page from then on is logged with whether
// the page ran the listener (the RunListener call resolved) or not. Run one termination before
// the traffic starts, and every event of the traffic is witnessed.
import type { FirefoxSession } from './firefox-session.ts';

export interface Termination {
  /** backgroundState when asked to terminate. */
  before: string;
  /** backgroundState right after terminateBackground resolved ('stopped' when it took effect). */
  after: string;
  /** When it resolved, ms since the first `terminate` on the parent's clock. */
  at: number;
  /** The life number of the page after this one (see DeliveredEvent.life); unchanged when nothing stopped. */
  nextLife: number;
}

/** One webRequest event Firefox handed to the extension's page. */
export interface DeliveredEvent {
  event: string;
  requestId: string;
  url: string;
  method: string;
  /** True: the page ran the listener. False: Firefox dropped it (page gone). Null: not settled yet. */
  ran: boolean | null;
  /** Which page got it: 1 for the page started after the first `terminate`, and so on. */
  life: number;
  /** When Firefox handed it over (ms on the parent's clock, see `Termination.at`). */
  at: number;
  /**
   * When the page's listener call resolved (same clock), null unless it ran. An event handed
   * over while the page was starting waits in Firefox's queue and runs only once the new page
   * registered its listeners, which under load is seconds after `at`.
   */
  ranAt: number | null;
}

const WITNESS = `(ext) => {
  const w = (globalThis.__corsLensDelivery ??= []);
  const t0 = (globalThis.__corsLensT0 ??= Date.now());
  const fresh = [];
  for (const [event, entry] of ext.persistentListeners?.get('webRequest') ?? []) {
    for (const [, { listeners }] of entry) {
      for (const listener of listeners) if (listener.primed && !listener.primed.__witnessed) fresh.push([event, listener.primed]);
    }
  }
  // A new life only when this termination primed listeners (a no-op call changes nothing).
  const life = (globalThis.__corsLensLives = (globalThis.__corsLensLives ?? 0) + (fresh.length > 0 ? 1 : 0));
  for (const [event, primed] of fresh) {
    primed.__witnessed = true;
    const note = (args) => {
      const d = args[0] ?? {};
      const e = { event, requestId: String(d.requestId), url: d.url, method: d.method, ran: null, life, at: Date.now() - t0, ranAt: null };
      w.push(e);
      return e;
    };
    // A page that is unloading or inactive gets nothing and the call returns undefined
    // (ExtensionCommon's shouldFire); a delivered one returns the RunListener promise.
    const settle = (e, p) => {
      if (typeof p?.then !== 'function') e.ran = false;
      else p.then(() => { e.ran = true; e.ranAt = Date.now() - t0; }, () => { e.ran = false; });
    };
    const pending = primed.pendingEvents;
    pending.push = (item) => {
      const e = note(item.args);
      return Array.prototype.push.call(pending, {
        args: item.args,
        resolve: (p) => { settle(e, p); item.resolve(p); },
        reject: (err) => { e.ran = false; item.reject(err); },
      });
    };
    const convert = primed.convert;
    primed.convert = (fire, context) => {
      // webRequest calls fire.sync; async is sync one microtask later (as Firefox's own).
      const sync = (...args) => { const p = fire.sync(...args); settle(note(args), p); return p; };
      const later = (...args) => Promise.resolve().then(() => sync(...args));
      return convert.call(primed, { ...fire, sync, async: later, raw: sync }, context);
    };
  }
  return { life, at: Date.now() - t0 };
}`;

export class FirefoxBackground {
  constructor(private readonly session: FirefoxSession) {}

  private get extension(): string {
    return `WebExtensionPolicy.getByID(${JSON.stringify(this.session.extensionId)}).extension`;
  }

  state(): Promise<string> {
    return this.session.inChrome<string>(`${this.extension}.backgroundState`);
  }

  /**
   * Terminates the event page if it is running (a stopped one is left alone: Firefox logs an
   * error for that), then witnesses the listeners Firefox primed for the next page.
   */
  terminate(): Promise<Termination> {
    return this.session.inChrome<Termination>(`(async () => {
      const ext = ${this.extension};
      const before = ext.backgroundState;
      if (before === 'running') await ext.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
      const { life, at } = (${WITNESS})(ext);
      return { before, after: ext.backgroundState, at, nextLife: life };
    })()`);
  }

  /** Every event handed to the page since the first `terminate`, in order. */
  delivered(): Promise<DeliveredEvent[]> {
    return this.session.inChrome<DeliveredEvent[]>('globalThis.__corsLensDelivery ?? []');
  }

  /** Waits until the event page runs again (woken by an event or a reconnecting port). */
  async waitRunning(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.state()) !== 'running') {
      if (Date.now() > deadline) throw new Error(`the event page did not run again (is ${await this.state()})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
