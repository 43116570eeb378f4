// The one message the page witness sends to the background (docs: issue 10, "a page witness").
//
// The witness (src/witness/page.ts) runs in the page's main world and sees what webRequest
// hides: the credentials, mode and redirect mode a request was made with, and what the page
// itself got back. Its isolated-world relay (src/witness/relay.ts) validates what the page
// script hands it and sends it on as a `WitnessMessage` with `runtime.sendMessage`.
//
// Trust: the page can read, forge or break anything in its main world, so every field here
// may be a lie. `isWitnessMessage` only guarantees shape and bounds (so nothing unbounded or
// unexpected reaches storage or the panel); it cannot guarantee truth. The background must
// apply a message only to records of the sender's own tab (and frame), render it as text, and
// show a conflict with webRequest instead of resolving it silently.

import { CREDENTIALS_MODES, REDIRECT_MODES, type CredentialsMode, type RedirectMode } from '../core/exchange.ts';
import { decodeBatch } from './witness-codec.ts';
import { checkByTag } from './check-by-tag.ts';

/**
 * The witness switch from storage.local `settings` (an object): on unless `witness: false`.
 * Read by the relay (to stop the page script) and by the background (the authority: it drops
 * what a relay sent before it knew the switch, see relay.ts pagehide).
 */
export function witnessEnabled(settings: unknown): boolean {
  return !(typeof settings === 'object' && settings !== null && (settings as { witness?: unknown }).witness === false);
}

// Each enumeration once: the types, the checks below and the wire codes (witness-codec.ts) are
// made from these lists.
export const WITNESS_APIS = ['fetch', 'xhr', 'beacon', 'eventsource'] as const;
export const WITNESS_MODES = ['cors', 'no-cors', 'same-origin'] as const;
export const WITNESS_RESPONSE_TYPES = ['basic', 'cors', 'opaque', 'opaqueredirect'] as const;
export const WITNESS_XHR_EVENTS = ['load', 'error', 'abort', 'timeout'] as const;
export const WITNESS_EVENTSOURCE_EVENTS = ['open', 'error'] as const;
/** The engine's lists, for the witness's bundles (which import the engine only through this file). */
export const WITNESS_CREDENTIALS = CREDENTIALS_MODES;
export const WITNESS_REDIRECTS = REDIRECT_MODES;

/** The API call the page made. */
export type WitnessApi = (typeof WITNESS_APIS)[number];
/** Request mode (Fetch #concept-request-mode); `navigate` cannot come from these APIs. */
export type WitnessMode = (typeof WITNESS_MODES)[number];
/** Credentials mode. XHR: `withCredentials` true is `include`, else `same-origin`. */
export type WitnessCredentials = CredentialsMode;
export type WitnessRedirect = RedirectMode;

/** One call the page made, seen as the page made it (before the browser did anything). */
export interface WitnessCall {
  kind: 'call';
  /** Per page (document), from 1, in call order. The outcome entry carries the same number. */
  seq: number;
  api: WitnessApi;
  /** Absolute http(s) URL, resolved against the document's base URL, without its fragment. */
  url: string;
  /** Normalised as Fetch does (DELETE/GET/HEAD/OPTIONS/POST/PUT upper-cased, others as given). */
  method: string;
  mode: WitnessMode;
  credentials: WitnessCredentials;
  redirect: WitnessRedirect;
  /** Wall-clock ms, `performance.timeOrigin + performance.now()` right before the call. */
  startedAt: number;
  /** The calling frame (first frame of the stack that is not the witness), when known. */
  site?: string;
  /** A synchronous XMLHttpRequest. */
  sync?: true;
}

/** What the page got back. */
export type WitnessOutcome =
  /** fetch() resolved. */
  | { kind: 'resolved'; type: (typeof WITNESS_RESPONSE_TYPES)[number]; status: number; redirected: boolean }
  /** fetch() rejected, a sync XHR threw, or a beacon / EventSource call threw. */
  | { kind: 'rejected'; name: string; message: string }
  /** An asynchronous XHR's terminal event (and status at that moment); a sync XHR that returned is `load`. */
  | { kind: 'xhr'; event: (typeof WITNESS_XHR_EVENTS)[number]; status: number }
  /** navigator.sendBeacon's return value: whether the browser queued it. */
  | { kind: 'beacon'; queued: boolean }
  /** An EventSource's first `open` or `error` event. */
  | { kind: 'eventsource'; event: (typeof WITNESS_EVENTSOURCE_EVENTS)[number] };

export interface WitnessOutcomeEntry {
  kind: 'outcome';
  /** The `seq` of the call this is the outcome of. */
  seq: number;
  /** Wall-clock ms (same base as `startedAt`) when the page saw the outcome. */
  endedAt: number;
  outcome: WitnessOutcome;
}

/**
 * The page asked a CORS response for a header and got nothing: `headers.get(name)` gave null
 * or `headers.has(name)` false (fetch), `getResponseHeader(name)` null (XHR). Sent once per
 * name and call. The network side decides what it means: a header the response carries but
 * does not expose (Fetch #cors-filtered-response) is one the page cannot read.
 */
export interface WitnessHeaderReadEntry {
  kind: 'unread';
  /** The `seq` of the call whose response was asked. */
  seq: number;
  /** The header name asked for, lower-cased. */
  name: string;
}

export type WitnessEntry = WitnessCall | WitnessOutcomeEntry | WitnessHeaderReadEntry;

/** Relay → background, with `runtime.sendMessage`. The sender's tab and frame come from `sender`. */
export interface WitnessMessage {
  type: 'witness';
  v: 1;
  /** Random per document (made by the relay, not the page): seq numbers are unique within it. */
  page: string;
  /**
   * This message's number within its page, from 1. The relay sends one message at a time and
   * sends it again until the background acknowledges it (`WitnessAck`), so a worker stopped
   * while the message was on its way loses nothing; the background applies a number once.
   */
  n: number;
  /** In call order; an outcome may come in a later message than its call, or never. */
  entries: WitnessEntry[];
  /** Entries the page script or the relay dropped (limits) since the previous message. */
  dropped: number;
}

/**
 * Relay → background, with `runtime.sendMessage`: what the relay actually sends. The page
 * script's batches travel as the text it wrote (the JSON of an array of entries), unread by the
 * relay: parsing and checking thousands of entries on the page's thread, then handing the
 * extension's messaging thousands of small objects to copy (through the browser process), was
 * most of what the witness cost the page (bench/capture). One string per batch is copied as
 * one. The background parses and checks every entry (`readWitnessWire`), which makes the
 * `WitnessMessage` the capture applies.
 */
export interface WitnessWire {
  type: 'witness';
  v: 2;
  page: string;
  /** As WitnessMessage.n. */
  n: number;
  /** Each a page batch's JSON as the page wrote it (witness-codec.ts), in call order. */
  batches: string[];
  /** As WitnessMessage.dropped. */
  dropped: number;
}

/** Background → relay, the response to a `WitnessMessage`: applied (or journaled) and saved. */
export interface WitnessAck {
  ack: number;
}

export function isWitnessAck(v: unknown, n: number): boolean {
  return typeof v === 'object' && v !== null && (v as { ack?: unknown }).ack === n;
}

export const WITNESS_LIMITS = {
  entriesPerMessage: 2048,
  /** Batches in one WitnessWire. */
  batchesPerMessage: 64,
  /** Characters of one WitnessWire's batches together. */
  wireChars: 1024 * 1024,
  url: 8192,
  method: 64,
  site: 512,
  errorName: 64,
  errorMessage: 512,
  pageId: 64,
  /** Sum of all string lengths in one message. */
  messageChars: 1024 * 1024,
  seq: 2 ** 31 - 1,
  count: 2 ** 31 - 1,
  /** Characters of a header name the page asked for. */
  headerName: 256,
  /** Header names remembered per call (the first ones asked). */
  unreadPerCall: 16,
} as const;

const MODES: ReadonlySet<string> = new Set(WITNESS_MODES);
const CREDENTIALS: ReadonlySet<string> = new Set(WITNESS_CREDENTIALS);
const REDIRECTS: ReadonlySet<string> = new Set(WITNESS_REDIRECTS);
const APIS: ReadonlySet<string> = new Set(WITNESS_APIS);
const RESPONSE_TYPES: ReadonlySet<string> = new Set(WITNESS_RESPONSE_TYPES);
const XHR_EVENTS: ReadonlySet<string> = new Set(WITNESS_XHR_EVENTS);
const EVENTSOURCE_EVENTS: ReadonlySet<string> = new Set(WITNESS_EVENTSOURCE_EVENTS);
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PAGE_ID = /^[0-9A-Za-z_-]{8,64}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

type Plain = Record<string, unknown>;

/**
 * A plain data object whose own keys are all in `required` or `optional`, with every required
 * key present and every property a data property (no getters, no symbols, no odd prototype).
 */
function plain(v: unknown, required: readonly string[], optional: readonly string[] = []): v is Plain {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  if (fromJson) return jsonPlain(v, required, optional);
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(v).length > 0) return false;
  const keys = Object.getOwnPropertyNames(v);
  if (keys.length > required.length + optional.length) return false;
  for (const key of keys) {
    if (!required.includes(key) && !optional.includes(key)) return false;
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (!d || !('value' in d)) return false;
  }
  for (const key of required) if (!Object.hasOwn(v, key)) return false;
  return true;
}

/**
 * While set, values were made by decodeBatch (readWitnessWire): such an object is always a
 * plain one with own enumerable data properties and no symbols, so only its prototype and key
 * set are left to check, without a property descriptor per key.
 */
let fromJson = false;

function jsonPlain(v: object, required: readonly string[], optional: readonly string[]): v is Plain {
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v);
  if (keys.length > required.length + optional.length) return false;
  for (const key of keys) if (!required.includes(key) && !optional.includes(key)) return false;
  for (const key of required) if (!Object.hasOwn(v, key)) return false;
  return true;
}

const intIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
/** Wall-clock ms (Unix epoch): after September 2001, before the year 5000. */
const time = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 1e12 && v < 1e14;
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max && !CONTROL.test(v);
const oneOf = (v: unknown, set: ReadonlySet<string>): v is string => typeof v === 'string' && set.has(v);

/** A URL parser and `href` reader: the page script's captured intrinsics, or the background's URL. */
export interface UrlTools {
  parse(url: string, base: string | undefined): { href: string } | null;
}

/**
 * `url` resolved against `base` (none: only an absolute URL parses), without its fragment,
 * when it is http(s) and within the protocol's length bound; otherwise null. The page script
 * reports nothing for such a URL; the background normalises the absolute URLs the page passes
 * on unparsed (witness-codec.ts).
 */
export function httpUrl(url: string, base: string | undefined, tools: UrlTools): string | null {
  const parsed = tools.parse(url, base);
  if (!parsed) return null;
  let href = parsed.href;
  if (!href.startsWith('http://') && !href.startsWith('https://')) return null;
  const hash = href.indexOf('#');
  if (hash >= 0) href = href.slice(0, hash);
  return href.length <= WITNESS_LIMITS.url ? href : null;
}

/** An absolute http(s) URL in its normalised form (what `new URL(x).href` gives), no fragment. */
export function isWitnessUrl(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > WITNESS_LIMITS.url) return false;
  if (!/^https?:\/\//.test(v)) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hash === '' && u.href === v;
  } catch {
    return false;
  }
}

const isOutcome = checkByTag<WitnessOutcome, 'kind'>('kind', {
  resolved: (v) =>
    plain(v, ['kind', 'type', 'status', 'redirected']) && oneOf(v.type, RESPONSE_TYPES) && intIn(v.status, 0, 999) && typeof v.redirected === 'boolean',
  rejected: (v) =>
    plain(v, ['kind', 'name', 'message']) &&
    text(v.name, WITNESS_LIMITS.errorName) &&
    typeof v.message === 'string' &&
    v.message.length <= WITNESS_LIMITS.errorMessage,
  xhr: (v) => plain(v, ['kind', 'event', 'status']) && oneOf(v.event, XHR_EVENTS) && intIn(v.status, 0, 999),
  beacon: (v) => plain(v, ['kind', 'queued']) && typeof v.queued === 'boolean',
  eventsource: (v) => plain(v, ['kind', 'event']) && oneOf(v.event, EVENTSOURCE_EVENTS),
});

/** One entry, as the background checks it. Never throws. */
export function isWitnessEntry(v: unknown): v is WitnessEntry {
  try {
    return entry(v);
  } catch {
    return false;
  }
}

const entry = checkByTag<WitnessEntry, 'kind'>('kind', {
  call: (v) =>
    plain(v, ['kind', 'seq', 'api', 'url', 'method', 'mode', 'credentials', 'redirect', 'startedAt'], ['site', 'sync']) &&
    intIn(v.seq, 1, WITNESS_LIMITS.seq) &&
    oneOf(v.api, APIS) &&
    isWitnessUrl(v.url) &&
    typeof v.method === 'string' &&
    v.method.length <= WITNESS_LIMITS.method &&
    METHOD.test(v.method) &&
    oneOf(v.mode, MODES) &&
    oneOf(v.credentials, CREDENTIALS) &&
    oneOf(v.redirect, REDIRECTS) &&
    time(v.startedAt) &&
    (v.site === undefined || (text(v.site, WITNESS_LIMITS.site) && v.site.length > 0)) &&
    (v.sync === undefined || v.sync === true),
  outcome: (v) => plain(v, ['kind', 'seq', 'endedAt', 'outcome']) && intIn(v.seq, 1, WITNESS_LIMITS.seq) && time(v.endedAt) && isOutcome(v.outcome),
  unread: (v) => plain(v, ['kind', 'seq', 'name']) && intIn(v.seq, 1, WITNESS_LIMITS.seq) && isHeaderName(v.name),
});

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** A header name as the witness reports it: an HTTP token, lower-cased, within the bound. */
function isHeaderName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= WITNESS_LIMITS.headerName && HEADER_NAME.test(v);
}

/** Characters an entry adds to a message (its strings), for the `messageChars` bound. */
function witnessEntryChars(e: WitnessEntry): number {
  if (e.kind === 'call') return e.url.length + e.method.length + (e.site?.length ?? 0);
  if (e.kind === 'unread') return e.name.length;
  return e.outcome.kind === 'rejected' ? e.outcome.name.length + e.outcome.message.length : 0;
}

/**
 * Strict check of a message from the relay. Never throws, whatever it is given. It checks
 * shape and bounds only; what the fields claim is the page's word (see the file comment).
 */
export function isWitnessMessage(m: unknown): m is WitnessMessage {
  try {
    if (!plain(m, ['type', 'v', 'page', 'n', 'entries', 'dropped'])) return false;
    if (m.type !== 'witness' || m.v !== 1) return false;
    if (!intIn(m.n, 1, WITNESS_LIMITS.count)) return false;
    if (typeof m.page !== 'string' || !PAGE_ID.test(m.page)) return false;
    if (!intIn(m.dropped, 0, WITNESS_LIMITS.count)) return false;
    const entries = m.entries;
    if (!Array.isArray(entries) || Object.getPrototypeOf(entries) !== Array.prototype) return false;
    if (entries.length === 0 && m.dropped === 0) return false;
    if (entries.length > WITNESS_LIMITS.entriesPerMessage) return false;
    let chars = m.page.length;
    for (let i = 0; i < entries.length; i++) {
      if (!Object.hasOwn(entries, i)) return false;
      const e: unknown = entries[i];
      if (!entry(e)) return false;
      chars += witnessEntryChars(e);
      if (chars > WITNESS_LIMITS.messageChars) return false;
    }
    // Arrays with extra own properties (beyond indices and length) are not plain data.
    if (Object.getOwnPropertyNames(entries).length !== entries.length + 1) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * A message as the background reads it: the envelope checked strictly (else null), then each
 * entry on its own: one that fails the check is left out and counted in `dropped`, the others
 * kept, so a page that forges one entry cannot make the background refuse its real ones.
 * What it returns passes isWitnessMessage. Never throws.
 */
export function readWitnessMessage(m: unknown): WitnessMessage | null {
  try {
    if (!envelope(m, 1, 'entries')) return null;
    const entries = m.entries;
    if (!Array.isArray(entries) || Object.getPrototypeOf(entries) !== Array.prototype) return null;
    if (entries.length > WITNESS_LIMITS.entriesPerMessage) return null;
    if (Object.getOwnPropertyNames(entries).length !== entries.length + 1) return null;
    for (let i = 0; i < entries.length; i++) if (!Object.hasOwn(entries, i)) return null;
    return checkedMessage(m.page, m.n, entries, m.dropped);
  } catch {
    return null;
  }
}

/** The fields a WitnessMessage (v 1, `entries`) and a WitnessWire (v 2, `batches`) share, checked strictly. */
function envelope<K extends 'entries' | 'batches'>(
  m: unknown,
  v: 1 | 2,
  body: K,
): m is { type: 'witness'; v: 1 | 2; page: string; n: number; dropped: number } & Record<K, unknown> {
  if (!plain(m, ['type', 'v', 'page', 'n', body, 'dropped'])) return false;
  if (m.type !== 'witness' || m.v !== v) return false;
  if (typeof m.page !== 'string' || !PAGE_ID.test(m.page)) return false;
  return intIn(m.n, 1, WITNESS_LIMITS.count) && intIn(m.dropped, 0, WITNESS_LIMITS.count);
}

/** Each entry checked on its own (bad ones left out and counted); null when over a bound or empty. */
function checkedMessage(page: string, n: number, entries: readonly unknown[], droppedBefore: number): WitnessMessage | null {
  const kept: WitnessEntry[] = [];
  let dropped = droppedBefore;
  let chars = page.length;
  for (const e of entries) {
    if (!entry(e)) {
      dropped = Math.min(dropped + 1, WITNESS_LIMITS.count);
      continue;
    }
    chars += witnessEntryChars(e);
    if (chars > WITNESS_LIMITS.messageChars) return null;
    kept.push(e);
  }
  if (kept.length === 0 && dropped === 0) return null;
  return { type: 'witness', v: 1, page, n, entries: kept, dropped };
}

/**
 * What the relay sent (`WitnessWire`), read by the background: the envelope checked strictly
 * (else null), each batch parsed (one that is not the JSON of an array counts as one entry
 * dropped), then every entry checked as `readWitnessMessage` does. The page wrote the batches
 * and the relay did not read them, so they are the page's word, like everything here. What it
 * returns passes isWitnessMessage. Never throws.
 */
export function readWitnessWire(m: unknown): WitnessMessage | null {
  try {
    if (!envelope(m, 2, 'batches')) return null;
    const batches = m.batches;
    if (!Array.isArray(batches) || batches.length > WITNESS_LIMITS.batchesPerMessage) return null;
    let chars = 0;
    for (const b of batches) {
      if (typeof b !== 'string') return null;
      chars += b.length;
    }
    if (chars > WITNESS_LIMITS.wireChars) return null;
    let dropped = m.dropped;
    const entries: unknown[] = [];
    fromJson = true;
    try {
      for (const b of batches) {
        const decoded = decodeBatch(parseOrUndefined(b));
        if (decoded === null) {
          dropped = Math.min(dropped + 1, WITNESS_LIMITS.count);
          continue;
        }
        for (const e of decoded) {
          if (entries.length < WITNESS_LIMITS.entriesPerMessage) entries.push(e);
          else dropped = Math.min(dropped + 1, WITNESS_LIMITS.count);
        }
      }
      // Made by decodeBatch: plain objects, so the key check needs no property descriptors.
      return checkedMessage(m.page, m.n, entries, dropped);
    } finally {
      fromJson = false;
    }
  } catch {
    return null;
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
