// How the page witness writes its entries on the wire, and how the background reads them back.
//
// A batch is the JSON of an array: first the batch's call sites (each written once, however
// many calls share it), then one small array per entry, with numbers for the enumerations.
// Entries as objects repeated every key name, and a burst's calls share one call site: the
// compact form is about a third of the characters, which the page's JSON.stringify, the
// extension messaging (a copy in the page, the browser process and the worker) and the
// background's JSON.parse each pay for (bench/capture, issue 10).
//
// encodeBatch runs in the page's main world (src/witness/page.ts): it only reads the
// witness's own objects and builds arrays, calling nothing the page could have replaced.
// decodeBatch runs in the background on the page's word: anything that is not an entry
// becomes `null` (counted as dropped there); what it makes is checked by witness-protocol.ts
// like any other entry.
import {
  httpUrl,
  type UrlTools,
  WITNESS_APIS as APIS,
  WITNESS_CREDENTIALS as CREDENTIALS,
  WITNESS_EVENTSOURCE_EVENTS as EVENTSOURCE_EVENTS,
  WITNESS_MODES as MODES,
  WITNESS_REDIRECTS as REDIRECTS,
  WITNESS_RESPONSE_TYPES as RESPONSE_TYPES,
  WITNESS_XHR_EVENTS as XHR_EVENTS,
  type WitnessCall,
  type WitnessEntry,
  type WitnessOutcome,
} from './witness-protocol.ts';

// An enumeration's code is its value's position in the shared list. The page script and the
// background always come from the same build, so the lists only have to agree with themselves.

const CALL = 0;
const OUTCOME = 1;
const UNREAD = 2;
const RESOLVED = 0;
const REJECTED = 1;
const XHR = 2;
const BEACON = 3;
const EVENTSOURCE = 4;

const code = (list: readonly string[], value: string): number => {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return i;
  return -1;
};

/** The batch's JSON value: `[sites, ...entries]`. */
export function encodeBatch(entries: readonly WitnessEntry[]): unknown[] {
  const sites: string[] = [];
  const out: unknown[] = [sites];
  for (let i = 0; i < entries.length; i++) out[out.length] = encodeEntry(entries[i] as WitnessEntry, sites);
  return out;
}

function encodeEntry(e: WitnessEntry, sites: string[]): unknown[] {
  if (e.kind === 'call') {
    let site = -1;
    if (e.site !== undefined) {
      site = code(sites, e.site);
      if (site < 0) {
        site = sites.length;
        sites[site] = e.site;
      }
    }
    return [
      CALL,
      e.seq,
      code(APIS, e.api),
      e.url,
      e.method,
      code(MODES, e.mode),
      code(CREDENTIALS, e.credentials),
      code(REDIRECTS, e.redirect),
      e.startedAt,
      site,
      e.sync === true ? 1 : 0,
    ];
  }
  if (e.kind === 'unread') return [UNREAD, e.seq, e.name];
  const o = e.outcome;
  switch (o.kind) {
    case 'resolved':
      return [OUTCOME, e.seq, e.endedAt, RESOLVED, code(RESPONSE_TYPES, o.type), o.status, o.redirected ? 1 : 0];
    case 'rejected':
      return [OUTCOME, e.seq, e.endedAt, REJECTED, o.name, o.message];
    case 'xhr':
      return [OUTCOME, e.seq, e.endedAt, XHR, code(XHR_EVENTS, o.event), o.status];
    case 'beacon':
      return [OUTCOME, e.seq, e.endedAt, BEACON, o.queued ? 1 : 0];
    case 'eventsource':
      return [OUTCOME, e.seq, e.endedAt, EVENTSOURCE, code(EVENTSOURCE_EVENTS, o.event)];
  }
}

/**
 * A parsed batch's entries as objects, in order: `null` for each one that is not an entry
 * (wrong shape, unknown code); null when the batch itself is not one. Values are not checked
 * here beyond what decoding needs (isWitnessEntry does that).
 */
export function decodeBatch(batch: unknown): Array<WitnessEntry | null> | null {
  if (!Array.isArray(batch) || batch.length === 0) return null;
  const sites: unknown = batch[0];
  if (!Array.isArray(sites)) return null;
  const out: Array<WitnessEntry | null> = [];
  for (let i = 1; i < batch.length; i++) out.push(decodeEntry(batch[i], sites));
  return out;
}

const pick = <T extends string>(list: readonly T[], v: unknown): T | undefined => (typeof v === 'number' ? list[v] : undefined);
const flag = (v: unknown): boolean | undefined => (v === 0 ? false : v === 1 ? true : undefined);

function decodeEntry(v: unknown, sites: readonly unknown[]): WitnessEntry | null {
  if (!Array.isArray(v)) return null;
  const [kind, seq] = v as unknown[];
  if (kind === CALL && v.length === 11) {
    const [, , api, url, method, mode, credentials, redirect, startedAt, site, sync] = v as unknown[];
    const a = pick(APIS, api);
    const m = pick(MODES, mode);
    const c = pick(CREDENTIALS, credentials);
    const r = pick(REDIRECTS, redirect);
    const s = site === -1 ? undefined : typeof site === 'number' ? sites[site] : null;
    const sy = flag(sync);
    if (a === undefined || m === undefined || c === undefined || r === undefined || s === null || sy === undefined) return null;
    if (site !== -1 && typeof s !== 'string') return null;
    const call = { kind: 'call', seq, api: a, url: normalised(url), method, mode: m, credentials: c, redirect: r, startedAt } as WitnessCall;
    if (typeof s === 'string') call.site = s;
    if (sy) call.sync = true;
    return call;
  }
  if (kind === UNREAD && v.length === 3) return { kind: 'unread', seq, name: v[2] } as WitnessEntry;
  if (kind !== OUTCOME) return null;
  const outcome = decodeOutcome(v as unknown[]);
  return outcome === null ? null : ({ kind: 'outcome', seq, endedAt: v[2], outcome } as WitnessEntry);
}

/**
 * An absolute http(s) URL in its normal form (what the browser's webRequest reports), without
 * its fragment: the page passes such URLs as it was given them (src/witness/page.ts
 * `resolve`). Anything else is returned as it is, for the entry check to refuse.
 */
function normalised(url: unknown): unknown {
  return typeof url === 'string' ? (httpUrl(url, undefined, URL_TOOLS) ?? url) : url;
}

const URL_TOOLS: UrlTools = {
  parse(url, base) {
    try {
      return new URL(url, base);
    } catch {
      return null;
    }
  },
};

function decodeOutcome(v: unknown[]): WitnessOutcome | null {
  const [, , , kind, a, b, c] = v;
  switch (kind) {
    case RESOLVED: {
      const type = pick(RESPONSE_TYPES, a);
      const redirected = flag(c);
      return v.length === 7 && type !== undefined && redirected !== undefined ? ({ kind: 'resolved', type, status: b, redirected } as WitnessOutcome) : null;
    }
    case REJECTED:
      return v.length === 6 ? ({ kind: 'rejected', name: a, message: b } as WitnessOutcome) : null;
    case XHR: {
      const event = pick(XHR_EVENTS, a);
      return v.length === 6 && event !== undefined ? ({ kind: 'xhr', event, status: b } as WitnessOutcome) : null;
    }
    case BEACON: {
      const queued = flag(a);
      return v.length === 5 && queued !== undefined ? { kind: 'beacon', queued } : null;
    }
    case EVENTSOURCE: {
      const event = pick(EVENTSOURCE_EVENTS, a);
      return v.length === 5 && event !== undefined ? { kind: 'eventsource', event } : null;
    }
    default:
      return null;
  }
}
