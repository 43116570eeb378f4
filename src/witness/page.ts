// The page witness: a content script in the page's MAIN world (manifest: "world": "MAIN",
// "run_at": "document_start", all frames), so it runs before the page's first script. It
// wraps fetch, XMLHttpRequest.prototype.open/send, navigator.sendBeacon and EventSource to
// see what webRequest hides: the credentials, mode and redirect mode of each request and what
// the page got back. It also wraps Headers.prototype.get/has and XMLHttpRequest.prototype.
// getResponseHeader, to notice a page asking a cross-origin response for a header it does not
// get (one the server sent without exposing it, which no console message reports). It hands
// what it saw to the relay (relay.ts) through channel.ts.
//
// Transparency is the first requirement; observing is second:
// - Every wrapper calls the original with the same `this` and the same arguments object and
//   returns what it returned; the original's exceptions (sync, or as a rejected promise)
//   reach the page unchanged. Wrappers keep the original's name and length, are not
//   constructors (as the originals), and Function.prototype.toString shows the original's
//   source for them.
// - Nothing of the page is consumed or awaited: no body is read or cloned, a Request's
//   properties are read with the browser's own getters, init dictionaries are read only
//   through their own data properties (a getter is never called: such a call is not
//   observed), objects with their own toString are not converted (not observed either).
// - fetch returns `original.then(observe, observeAndRethrow)`: a rejection the page does not
//   handle is still reported as unhandled (attaching a handler to the original would hide it).
//   The price is one microtask: the page sees the settlement one tick later.
// - All observation code runs inside try/catch and uses intrinsics captured here at
//   document_start, so a page that replaces Promise.prototype.then, URL, JSON or
//   EventTarget.prototype.dispatchEvent later does not see the witness call them.
// - No global name: the bundle is an IIFE.
// What the page can still notice: error stacks (a synchronous exception of open/send/
// sendBeacon has a witness frame), the settlement tick above, and this script's events if it
// listens for their exact names.

import { CHANNEL_LIMITS, pageBatch, WITNESS_CONTROL_EVENT, WITNESS_DATA_EVENT } from './channel.ts';
import { httpUrl, WITNESS_CREDENTIALS, WITNESS_LIMITS, WITNESS_MODES, WITNESS_REDIRECTS, WITNESS_XHR_EVENTS } from '../shared/witness-protocol.ts';
import { encodeBatch } from '../shared/witness-codec.ts';
import { beaconMode, errorText, frameLocation, normaliseMethod, siteFromStack } from './page-core.ts';
import type { WitnessCall, WitnessEntry, WitnessOutcome } from '../shared/witness-protocol.ts';

type AnyFn = (...args: never[]) => unknown;

(() => {
  try {
    install();
  } catch {
    // A page world without one of these APIs (or a browser that changed them): no witness.
  }
})();

function install(): void {
  // ---- Intrinsics, captured before any page script runs ------------------------------------
  const win = window;
  const doc = document;
  const apply = Reflect.apply;
  const construct = Reflect.construct;
  const gopd = Object.getOwnPropertyDescriptor;
  const getProto = Object.getPrototypeOf;
  const ObjectProto = Object.prototype;
  const NativeError = Error;
  const NativeURL = URL;
  const NativeCustomEvent = CustomEvent;
  const NativeWeakMap = WeakMap;
  const NativeProxy = Proxy;
  const stringify = JSON.stringify;
  const nativeSetTimeout = win.setTimeout;
  const nativeClearTimeout = win.clearTimeout;
  const addListener = EventTarget.prototype.addEventListener;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const promiseThen = Promise.prototype.then;
  const nativeToString = Function.prototype.toString;
  const wmGet = NativeWeakMap.prototype.get;
  const wmSet = NativeWeakMap.prototype.set;
  const perf = performance;
  const perfNow = Performance.prototype.now;
  const timeOrigin = perf.timeOrigin;

  const getter = (proto: object, name: string): AnyFn | undefined => gopd(proto, name)?.get as AnyFn | undefined;
  const call = <T>(fn: AnyFn | undefined, self: unknown): T => apply(fn as AnyFn, self, []) as T;
  /** The getter's value when `self` is an object of that interface, else undefined (no page code runs). */
  const brand = <T>(fn: AnyFn | undefined, self: unknown): T | undefined => {
    if (!fn) return undefined;
    try {
      return apply(fn, self, []) as T;
    } catch {
      return undefined;
    }
  };

  const requestUrl = getter(Request.prototype, 'url');
  const requestMethod = getter(Request.prototype, 'method');
  const requestMode = getter(Request.prototype, 'mode');
  const requestCredentials = getter(Request.prototype, 'credentials');
  const requestRedirect = getter(Request.prototype, 'redirect');
  const bodyUsed = getter(Request.prototype, 'bodyUsed');
  const responseType = getter(Response.prototype, 'type');
  const responseStatus = getter(Response.prototype, 'status');
  const responseRedirected = getter(Response.prototype, 'redirected');
  const responseHeaders = getter(Response.prototype, 'headers');
  const urlOrigin = getter(NativeURL.prototype, 'origin');
  const toLower = String.prototype.toLowerCase;
  const startsWith = String.prototype.startsWith;
  const indexOf = String.prototype.indexOf;
  const slice = String.prototype.slice;
  const urlHref = getter(NativeURL.prototype, 'href');
  const baseUri = getter(Node.prototype, 'baseURI');
  const xhrStatus = getter(XMLHttpRequest.prototype, 'status');
  const xhrReadyState = getter(XMLHttpRequest.prototype, 'readyState');
  const xhrWithCredentials = getter(XMLHttpRequest.prototype, 'withCredentials');
  const eventType = getter(Event.prototype, 'type');
  const customDetail = getter(NativeCustomEvent.prototype, 'detail');
  const domExceptionName = getter(DOMException.prototype, 'name');
  const domExceptionMessage = getter(DOMException.prototype, 'message');
  const blobType = getter(Blob.prototype, 'type');
  const NativeEventSource = typeof EventSource === 'function' ? EventSource : undefined;
  const eventSourceUrl = NativeEventSource ? getter(NativeEventSource.prototype, 'url') : undefined;
  const eventSourceCredentials = NativeEventSource ? getter(NativeEventSource.prototype, 'withCredentials') : undefined;

  const now = (): number => timeOrigin + (apply(perfNow, perf, []) as number);
  /** Where this script's own frames say they are (Firefox: `<anonymous code>`), skipped in call sites. */
  const ownLocations: string[] = [];
  try {
    const first = String(new NativeError().stack)
      .split('\n')
      .map(frameLocation)
      .find((l) => l !== null);
    if (first) ownLocations.push(first);
  } catch {
    // No stacks: call sites may name the witness; harmless.
  }
  /**
   * A stack that names the caller, for the call site; read (formatted) only when the entry is
   * sent. Capturing and formatting stacks is most of what the witness costs a page per call, so
   * in V8 the stack starts at the page's own code: `Error.captureStackTrace(holder, wrapper)`
   * leaves out the wrapper and every frame above it, and V8 is asked for STACK_FRAMES frames
   * instead of its default 10 (the caller, and its caller in case the first is another
   * extension's). stackTraceLimit is set and restored in the same synchronous step, and only
   * when it is a plain writable data property; the holder is the witness's own object. No page
   * code runs and nothing the page can see changes. Elsewhere (Firefox has no stackTraceLimit)
   * a plain Error, whose first frames are the witness's own: siteFromStack skips them.
   */
  const STACK_FRAMES = 2;
  const nativeCaptureStackTrace: unknown = (NativeError as { captureStackTrace?: unknown }).captureStackTrace;
  const captureStack = (wrapper: AnyFn): { readonly stack?: unknown } => {
    const d = gopd(NativeError, 'stackTraceLimit');
    if (typeof nativeCaptureStackTrace !== 'function' || !d || !('value' in d) || typeof d.value !== 'number') return new NativeError();
    const holder: { stack?: unknown } = {};
    const limited = NativeError as unknown as { stackTraceLimit: number };
    const lower = d.writable === true && d.value > STACK_FRAMES;
    if (lower) limited.stackTraceLimit = STACK_FRAMES;
    try {
      apply(nativeCaptureStackTrace as AnyFn, NativeError, [holder, wrapper]);
      return holder;
    } finally {
      if (lower) limited.stackTraceLimit = d.value as number;
    }
  };
  const urlTools = {
    parse(url: string, base: string) {
      try {
        return { href: call<string>(urlHref, new NativeURL(url, base)) };
      } catch {
        return null;
      }
    },
    /** The origin of an absolute URL (one `parse` gave), or null. */
    origin(url: string): string | null {
      try {
        return call<string>(urlOrigin, new NativeURL(url));
      } catch {
        return null;
      }
    },
  };
  /** This document's origin (fixed for its lifetime), read before any page script ran. */
  const docOrigin = win.location.origin;
  /**
   * The request's absolute http(s) URL without its fragment, or null. An absolute http(s) URL
   * (every cross-origin request's, as pages write them) is passed on as written: the
   * background puts it in its normal form (shared/witness-codec.ts), off the page's thread;
   * the base URL and a parse cost the page about as much as capturing the call site (measured,
   * Chromium 156). Anything else is resolved against the document's base URL here.
   */
  const resolve = (url: string): string | null => {
    if (url.length <= WITNESS_LIMITS.url && (apply(startsWith, url, ['http://']) || apply(startsWith, url, ['https://']))) {
      const hash = apply(indexOf, url, ['#']) as number;
      return hash < 0 ? url : (apply(slice, url, [0, hash]) as string);
    }
    return httpUrl(url, call<string>(baseUri, doc), urlTools);
  };

  // ---- State and the channel to the relay -------------------------------------------------
  /** `waiting` until the relay says on or off; entries are buffered meanwhile. */
  let state: 'waiting' | 'on' | 'off' = 'waiting';
  let seq = 0;
  interface Pending {
    entry: WitnessEntry;
    /** Taken at call time (captureStack); its stack is read only when the entry is sent. */
    stack?: { readonly stack?: unknown };
  }
  let buffer: Pending[] = [];
  /** Calls in the buffer: they are due soon (to meet their records while in flight). */
  let callsBuffered = 0;
  let dropped = 0;
  /** The dispatch to come: its timer, and when it fires (Infinity: none). */
  let timer: unknown;
  let timerAt = Infinity;
  let lastFlush = -Infinity;
  /**
   * The relay is asked for the switch when there is a first thing to report, not at start: a
   * frame that never makes a request then makes its relay call no extension API, whose answer
   * Firefox reports as an error when it comes after the document unloaded (relay.ts).
   */
  let asked = false;

  const push = (p: Pending): void => {
    if (state === 'off') return;
    if (buffer.length >= CHANNEL_LIMITS.pageBuffer) {
      dropped++;
      return;
    }
    buffer[buffer.length] = p;
    if (p.entry.kind === 'call') callsBuffered++;
    if (state === 'waiting' && !asked) {
      asked = true;
      control('hello');
    }
    schedule();
  };

  /**
   * Dispatches at most every pageFlushMs while calls wait, every pageOutcomeFlushMs while only
   * outcomes and header reads do: a call should reach the background while its request is in
   * flight (joined then, its record is written once), an outcome is only read when its record
   * is shown. Fewer dispatches for a page whose responses trickle in (bench/capture, 20 ms).
   */
  const schedule = (): void => {
    if (state !== 'on' || (buffer.length === 0 && dropped === 0)) return;
    const t = now();
    const at = Math.max(t, lastFlush + (callsBuffered > 0 ? CHANNEL_LIMITS.pageFlushMs : CHANNEL_LIMITS.pageOutcomeFlushMs));
    if (at >= timerAt) return;
    if (timer !== undefined) apply(nativeClearTimeout, win, [timer]);
    timerAt = at;
    timer = apply(nativeSetTimeout, win, [flush, at - t]);
  };

  /** Error.prepareStackTrace set by the page would run page code when a stack is read. */
  const stackIsSafe = (): boolean => {
    const d = gopd(NativeError, 'prepareStackTrace');
    return d === undefined || ('value' in d && d.value === undefined);
  };

  /**
   * `leaving` (pagehide): also while the switch is still unknown. A frame removed right after its
   * first request goes before its relay's storage read answers; the relay then sends what it has
   * and the background, which knows the switch, drops it if the witness is off (relay.ts).
   */
  const flush = (leaving = false): void => {
    if (timer !== undefined) apply(nativeClearTimeout, win, [timer]);
    timer = undefined;
    timerAt = Infinity;
    try {
      if (state === 'off' || (state === 'waiting' && leaving !== true) || (buffer.length === 0 && dropped === 0)) return;
      const safe = stackIsSafe();
      const entries: WitnessEntry[] = [];
      // Closed before its JSON could pass the relay's bound (an over-estimate per entry).
      let chars = 2;
      let count = 0;
      while (count < buffer.length && count < CHANNEL_LIMITS.batchEntries) {
        const p = buffer[count] as Pending;
        if (p.entry.kind === 'call' && p.stack && safe) {
          const site = siteFromStack(p.stack.stack, 300, ownLocations);
          if (site) p.entry.site = site;
          p.stack = undefined;
        }
        chars += entryChars(p.entry);
        if (count > 0 && chars > CHANNEL_LIMITS.batchChars) break;
        entries[entries.length] = p.entry;
        if (p.entry.kind === 'call') callsBuffered--;
        count++;
      }
      buffer = buffer.slice(count);
      const detail = pageBatch(count, dropped, stringify(encodeBatch(entries)));
      dropped = 0;
      lastFlush = now();
      apply(dispatch, win, [new NativeCustomEvent(WITNESS_DATA_EVENT, { detail })]);
    } catch {
      // Never let the witness's own failure reach the page.
    }
    if (buffer.length > 0) schedule();
  };

  /**
   * At least the characters of an entry's JSON (witness-codec.ts): its fixed parts fit in 320;
   * the strings count twice (JSON may escape some of their characters).
   */
  const entryChars = (e: WitnessEntry): number => {
    if (e.kind === 'call') return 320 + 2 * (e.url.length + (e.site?.length ?? 0));
    if (e.kind === 'unread') return 320 + 2 * e.name.length;
    return e.outcome.kind === 'rejected' ? 320 + 2 * (e.outcome.name.length + e.outcome.message.length) : 320;
  };

  const control = (word: 'hello'): void => {
    apply(dispatch, win, [new NativeCustomEvent(WITNESS_CONTROL_EVENT, { detail: word })]);
  };

  apply(addListener, win, [
    WITNESS_CONTROL_EVENT,
    (event: Event) => {
      try {
        const word = brand<unknown>(customDetail, event);
        if (word === 'on') {
          state = 'on';
          schedule();
        } else if (word === 'off') {
          state = 'off';
          buffer = [];
          callsBuffered = 0;
          dropped = 0;
        } else if (word === 'ready' && state === 'waiting' && buffer.length > 0) {
          // The relay started after this script asked: ask again.
          control('hello');
        }
      } catch {
        // ignore
      }
    },
    true,
  ]);
  // Send what is buffered before the document goes (pagehide does not block the bfcache).
  apply(addListener, win, [
    'pagehide',
    () => {
      lastFlush = -Infinity;
      flush(true);
    },
    true,
  ]);

  // ---- Headers the page asks a cross-origin response for and does not get -------------------
  interface Reads {
    seq: number;
    /** Names reported for this response (at most WITNESS_LIMITS.unreadPerCall). */
    names: string[];
  }
  /** The Headers object of each CORS response fetch() gave the page → its call. */
  const readsOf = new NativeWeakMap<object, Reads>();
  /** The page asked for `name` and got nothing: reported once per name and response. */
  const unread = (reads: Reads | undefined, name: unknown): void => {
    if (reads === undefined || typeof name !== 'string' || name.length === 0 || name.length > WITNESS_LIMITS.headerName) return;
    if (reads.names.length >= WITNESS_LIMITS.unreadPerCall) return;
    const lower = apply(toLower, name, []) as string;
    for (let i = 0; i < reads.names.length; i++) if (reads.names[i] === lower) return;
    reads.names[reads.names.length] = lower;
    // The relay drops a name that is not a header token (isHeaderName).
    push({ entry: { kind: 'unread', seq: reads.seq, name: lower } });
  };

  const callEntry = (
    api: WitnessCall['api'],
    url: string,
    method: string,
    mode: WitnessCall['mode'],
    credentials: WitnessCall['credentials'],
    redirect: WitnessCall['redirect'],
    startedAt: number,
  ): WitnessCall => ({ kind: 'call', seq: ++seq, api, url, method, mode, credentials, redirect, startedAt });

  const outcome = (forSeq: number, o: WitnessOutcome): void => {
    push({ entry: { kind: 'outcome', seq: forSeq, endedAt: now(), outcome: o } });
  };

  const rejected = (forSeq: number, error: unknown): void => {
    const domName = brand<string>(domExceptionName, error);
    if (domName !== undefined) {
      outcome(forSeq, { kind: 'rejected', ...errorText(domName, brand<string>(domExceptionMessage, error)) });
    } else if (typeof error === 'object' && error !== null) {
      outcome(forSeq, { kind: 'rejected', ...errorText(dataProp(error, 'name'), dataProp(error, 'message')) });
    } else {
      outcome(forSeq, { kind: 'rejected', ...errorText('', typeof error === 'string' ? error : '') });
    }
  };

  /** A data property of `o` (own or inherited), or undefined; `NOT_DATA` when it is an accessor. */
  const NOT_DATA = Symbol('accessor');
  function dataProp(o: object, key: string): unknown {
    for (let p: object | null = o, depth = 0; p !== null && depth < 16; p = getProto(p) as object | null, depth++) {
      const d = gopd(p, key);
      if (d) return 'value' in d ? d.value : NOT_DATA;
      if (p === ObjectProto) return undefined;
    }
    return undefined;
  }

  /** A string-valued member of an init dictionary: undefined when absent, null when not knowable. */
  function initString(init: object, key: string): string | undefined | null {
    const v = dataProp(init, key);
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : null;
  }

  /** The URL a fetch/XHR/beacon argument stands for, without running page code; null if unknown. */
  function urlArgument(input: unknown): string | null {
    if (typeof input === 'string') return input;
    if (typeof input === 'object' && input !== null) return brand<string>(urlHref, input) ?? null;
    if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint' || input === undefined || input === null) {
      return String(input);
    }
    return null;
  }

  const MODES: readonly string[] = WITNESS_MODES;
  const CREDENTIALS: readonly string[] = WITNESS_CREDENTIALS;
  const REDIRECTS: readonly string[] = WITNESS_REDIRECTS;

  function fetchCall(args: IArguments): Pending | null {
    if (args.length === 0) return null;
    const input: unknown = args[0];
    const init: unknown = args[1];
    const startedAt = now();
    let raw: string | null;
    let method = 'GET';
    let mode = 'cors';
    let credentials = 'same-origin';
    let redirect = 'follow';
    const requestHref = typeof input === 'object' && input !== null ? brand<string>(requestUrl, input) : undefined;
    if (requestHref !== undefined) {
      // A Request whose body was read: fetch rejects without sending anything.
      if (call<boolean>(bodyUsed, input)) return null;
      raw = requestHref;
      method = call<string>(requestMethod, input);
      mode = call<string>(requestMode, input);
      credentials = call<string>(requestCredentials, input);
      redirect = call<string>(requestRedirect, input);
    } else {
      raw = urlArgument(input);
    }
    if (raw === null) return null;
    if (init !== undefined && init !== null) {
      if (typeof init !== 'object') return null;
      const m = initString(init, 'method');
      const md = initString(init, 'mode');
      const c = initString(init, 'credentials');
      const r = initString(init, 'redirect');
      if (m === null || md === null || c === null || r === null) return null;
      if (m !== undefined) method = m;
      if (md !== undefined) mode = md;
      if (c !== undefined) credentials = c;
      if (r !== undefined) redirect = r;
    }
    const normalised = normaliseMethod(method);
    if (normalised === null || !MODES.includes(mode) || !CREDENTIALS.includes(credentials) || !REDIRECTS.includes(redirect)) {
      return null;
    }
    const url = resolve(raw);
    if (url === null) return null;
    return {
      entry: callEntry(
        'fetch',
        url,
        normalised,
        mode as WitnessCall['mode'],
        credentials as WitnessCall['credentials'],
        redirect as WitnessCall['redirect'],
        startedAt,
      ),
      stack: captureStack(fetchWrapper),
    };
  }

  // ---- Function.prototype.toString shows the originals' source for the wrappers -----------
  const sources = new NativeWeakMap<object, string>();
  const disguise = (wrapper: object, original: object): void => {
    apply(wmSet, sources, [wrapper, apply(nativeToString, original, [])]);
  };
  const toStringWrapper = {
    toString(this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      let source: string | undefined;
      try {
        source = apply(wmGet, sources, [this]) as string | undefined;
      } catch {
        source = undefined;
      }
      return source !== undefined ? source : (apply(nativeToString, this, args) as string);
    },
  }.toString;
  disguise(toStringWrapper, nativeToString);
  // eslint-disable-next-line no-extend-native
  Function.prototype.toString = toStringWrapper;

  // ---- fetch -------------------------------------------------------------------------------
  const nativeFetch = win.fetch;
  const fetchWrapper = {
    // `input` only: fetch.length is 1, as the original's.
    fetch(this: unknown, input: unknown, ..._rest: unknown[]): unknown {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      let pending: Pending | null = null;
      if (state !== 'off' && (this === undefined || this === win)) {
        try {
          pending = fetchCall(args);
        } catch {
          pending = null;
        }
      }
      const promise = apply(nativeFetch, this, args) as Promise<unknown>;
      if (pending === null) return promise;
      try {
        push(pending);
        const forSeq = pending.entry.seq;
        return apply(promiseThen, promise, [
          (response: unknown) => {
            try {
              const type = call<string>(responseType, response);
              if (type === 'cors') apply(wmSet, readsOf, [call<object>(responseHeaders, response), { seq: forSeq, names: [] }]);
              if (type === 'basic' || type === 'cors' || type === 'opaque' || type === 'opaqueredirect') {
                outcome(forSeq, {
                  kind: 'resolved',
                  type,
                  status: call<number>(responseStatus, response),
                  redirected: call<boolean>(responseRedirected, response),
                });
              }
            } catch {
              // ignore
            }
            return response;
          },
          (error: unknown) => {
            try {
              rejected(forSeq, error);
            } catch {
              // ignore
            }
            throw error;
          },
        ]);
      } catch {
        return promise;
      }
    },
  }.fetch;
  disguise(fetchWrapper, nativeFetch);
  win.fetch = fetchWrapper as typeof fetch;

  // ---- XMLHttpRequest ----------------------------------------------------------------------
  interface XhrState {
    url: string | null;
    method: string;
    sync: boolean;
    sent: boolean;
    /** seq of the request in flight whose outcome is not reported yet, 0 when none. */
    pending: number;
    listening: boolean;
    /** The URL's origin is not the document's: its response headers may be hidden. */
    crossOrigin: boolean;
    /** The cross-origin request last sent: where the headers the page asks for in vain go. */
    reads?: Reads;
  }
  const xhrs = new NativeWeakMap<object, XhrState>();
  const xhrState = (xhr: unknown): XhrState | undefined =>
    typeof xhr === 'object' && xhr !== null ? (apply(wmGet, xhrs, [xhr]) as XhrState | undefined) : undefined;
  function onXhrEvent(this: unknown, event: Event): void {
    try {
      const s = xhrState(this);
      // A sync request's outcome is what send() returned or threw (Firefox also fires events).
      if (!s || s.pending === 0 || s.sync) return;
      const type = call<string>(eventType, event);
      if (type !== 'load' && type !== 'error' && type !== 'abort' && type !== 'timeout') return;
      const forSeq = s.pending;
      s.pending = 0;
      outcome(forSeq, { kind: 'xhr', event: type, status: call<number>(xhrStatus, this) });
    } catch {
      // ignore
    }
  }

  const xhrProto = XMLHttpRequest.prototype;
  const nativeOpen = xhrProto.open;
  const nativeSend = xhrProto.send;
  const xhrWrappers = {
    // open.length is 2 and send.length 0, as the originals'.
    open(this: unknown, _method: unknown, _url: unknown, ..._rest: unknown[]): unknown {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const result = apply(nativeOpen, this, args);
      if (state !== 'off') {
        try {
          const method = typeof args[0] === 'string' ? normaliseMethod(args[0]) : null;
          const raw = urlArgument(args[1]);
          const url = method !== null && raw !== null ? resolve(raw) : null;
          const old = xhrState(this);
          const s: XhrState = old ?? { url: null, method: 'GET', sync: false, sent: false, pending: 0, listening: false, crossOrigin: false };
          s.url = url;
          s.crossOrigin = url !== null && urlTools.origin(url) !== docOrigin;
          s.reads = undefined;
          s.method = method ?? 'GET';
          s.sync = args.length >= 3 && !args[2];
          s.sent = false;
          // open() on a request in flight ends it without any event: no outcome to report.
          s.pending = 0;
          if (!old) apply(wmSet, xhrs, [this, s]);
        } catch {
          // ignore
        }
      }
      return result;
    },
    send(this: unknown, ..._rest: unknown[]): unknown {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      let s: XhrState | undefined;
      if (state !== 'off') {
        try {
          s = xhrState(this);
          // Only a send that starts a request: opened, not sent since (else send throws).
          if (!s || s.url === null || s.sent || call<number>(xhrReadyState, this) !== 1) {
            s = undefined;
          } else {
            const credentials = call<boolean>(xhrWithCredentials, this) ? 'include' : 'same-origin';
            const entry = callEntry('xhr', s.url, s.method, 'cors', credentials, 'follow', now());
            if (s.sync) entry.sync = true;
            s.sent = true;
            s.pending = entry.seq;
            s.reads = s.crossOrigin ? { seq: entry.seq, names: [] } : undefined;
            if (!s.listening) {
              s.listening = true;
              for (const type of WITNESS_XHR_EVENTS) apply(addListener, this, [type, onXhrEvent]);
            }
            push({ entry, stack: captureStack(xhrWrappers.send) });
          }
        } catch {
          s = undefined;
        }
      }
      if (!s) return apply(nativeSend, this, args);
      let result: unknown;
      try {
        result = apply(nativeSend, this, args);
      } catch (error) {
        try {
          if (s.pending !== 0) {
            const forSeq = s.pending;
            s.pending = 0;
            rejected(forSeq, error);
          }
        } catch {
          // ignore
        }
        throw error;
      }
      try {
        // A sync request that returned has loaded (its load event may already have said so).
        if (s.sync && s.pending !== 0) {
          const forSeq = s.pending;
          s.pending = 0;
          outcome(forSeq, { kind: 'xhr', event: 'load', status: call<number>(xhrStatus, this) });
        }
      } catch {
        // ignore
      }
      return result;
    },
  };
  disguise(xhrWrappers.open, nativeOpen);
  disguise(xhrWrappers.send, nativeSend);
  xhrProto.open = xhrWrappers.open as typeof xhrProto.open;
  xhrProto.send = xhrWrappers.send as typeof xhrProto.send;

  // ---- Response headers asked for in vain --------------------------------------------------
  // Each wrapper returns what the original returned (or throws what it threw); only a null or
  // false answer about a tracked cross-origin response is noted.
  const nativeGetResponseHeader = xhrProto.getResponseHeader;
  const headersProto = Headers.prototype;
  const nativeHeadersGet = headersProto.get;
  const nativeHeadersHas = headersProto.has;
  const readWrappers = {
    // getResponseHeader.length is 1, as the original's (and get's and has's below).
    getResponseHeader(this: unknown, _name: unknown): unknown {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const result = apply(nativeGetResponseHeader, this, args);
      if (result === null && state !== 'off') {
        try {
          const s = xhrState(this);
          // Before the headers came (readyState < HEADERS_RECEIVED) every answer is null.
          if (s?.reads !== undefined && call<number>(xhrReadyState, this) >= 2) unread(s.reads, args[0]);
        } catch {
          // ignore
        }
      }
      return result;
    },
  };
  /**
   * Headers.prototype.get (nothing is null) and .has (nothing is false): a method named as the
   * original (a computed key names it; a method is no constructor, as the original).
   */
  const headersReader = (name: 'get' | 'has', native: AnyFn, nothing: null | false): AnyFn =>
    ({
      [name](this: unknown, _name: unknown): unknown {
        // eslint-disable-next-line prefer-rest-params
        const args = arguments;
        const result = apply(native, this, args);
        if (result === nothing && state !== 'off') {
          try {
            if (typeof this === 'object' && this !== null) unread(apply(wmGet, readsOf, [this]) as Reads | undefined, args[0]);
          } catch {
            // ignore
          }
        }
        return result;
      },
    })[name]!;
  const headersGet = headersReader('get', nativeHeadersGet as AnyFn, null);
  const headersHas = headersReader('has', nativeHeadersHas as AnyFn, false);
  disguise(readWrappers.getResponseHeader, nativeGetResponseHeader);
  disguise(headersGet, nativeHeadersGet);
  disguise(headersHas, nativeHeadersHas);
  xhrProto.getResponseHeader = readWrappers.getResponseHeader as typeof xhrProto.getResponseHeader;
  headersProto.get = headersGet as typeof headersProto.get;
  headersProto.has = headersHas as typeof headersProto.has;

  // ---- navigator.sendBeacon ----------------------------------------------------------------
  const nav = navigator;
  const navProto = Navigator.prototype;
  const nativeBeacon = navProto.sendBeacon;
  if (typeof nativeBeacon === 'function') {
    const beaconWrapper = {
      sendBeacon(this: unknown, _url: unknown, ..._rest: unknown[]): unknown {
        // eslint-disable-next-line prefer-rest-params
        const args = arguments;
        let forSeq = 0;
        if (state !== 'off' && this === nav) {
          try {
            const raw = urlArgument(args[0]);
            const url = raw !== null ? resolve(raw) : null;
            if (url !== null) {
              const data: unknown = args[1];
              const type = typeof data === 'object' && data !== null ? (brand<string>(blobType, data) ?? null) : null;
              const entry = callEntry('beacon', url, 'POST', beaconMode(type), 'include', 'follow', now());
              forSeq = entry.seq;
              push({ entry, stack: captureStack(beaconWrapper) });
            }
          } catch {
            forSeq = 0;
          }
        }
        if (forSeq === 0) return apply(nativeBeacon, this, args);
        let result: unknown;
        try {
          result = apply(nativeBeacon, this, args);
        } catch (error) {
          try {
            rejected(forSeq, error);
          } catch {
            // ignore
          }
          throw error;
        }
        try {
          outcome(forSeq, { kind: 'beacon', queued: result === true });
        } catch {
          // ignore
        }
        return result;
      },
    }.sendBeacon;
    disguise(beaconWrapper, nativeBeacon);
    navProto.sendBeacon = beaconWrapper as typeof navProto.sendBeacon;
  }

  // ---- EventSource -------------------------------------------------------------------------
  if (NativeEventSource) {
    const onEventSourceEvent = (forSeq: { n: number }) =>
      function (this: unknown, event: Event): void {
        try {
          if (forSeq.n === 0) return;
          const type = call<string>(eventType, event);
          if (type !== 'open' && type !== 'error') return;
          const n = forSeq.n;
          forSeq.n = 0;
          outcome(n, { kind: 'eventsource', event: type });
        } catch {
          // ignore
        }
      };
    const eventSourceHandler: Required<Pick<ProxyHandler<typeof EventSource>, 'construct'>> = {
      construct(target, args, newTarget) {
        let startedAt = 0;
        try {
          startedAt = state !== 'off' ? now() : 0;
        } catch {
          startedAt = 0;
        }
        const source = construct(target, args, newTarget) as object;
        if (startedAt > 0) {
          try {
            const url = resolve(call<string>(eventSourceUrl, source));
            if (url !== null) {
              const credentials = call<boolean>(eventSourceCredentials, source) ? 'include' : 'same-origin';
              const entry = callEntry('eventsource', url, 'GET', 'cors', credentials, 'follow', startedAt);
              const forSeq = { n: entry.seq };
              const listener = onEventSourceEvent(forSeq);
              apply(addListener, source, ['open', listener]);
              apply(addListener, source, ['error', listener]);
              push({ entry, stack: captureStack(eventSourceHandler.construct) });
            }
          } catch {
            // ignore
          }
        }
        return source;
      },
    };
    const EventSourceWrapper = new NativeProxy(NativeEventSource, eventSourceHandler);
    disguise(EventSourceWrapper, NativeEventSource);
    win.EventSource = EventSourceWrapper;
    // EventSource.prototype.constructor === EventSource, as before.
    NativeEventSource.prototype.constructor = EventSourceWrapper;
  }

  // The relay is asked for the switch with the first entry (push), or again when it says `ready`.
}
