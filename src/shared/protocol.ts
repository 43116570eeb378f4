// The one typed protocol between the background and its extension pages (panel, devtools
// page). Both sides import this module; nothing here is redeclared elsewhere.
import type { CaptureRecord, RequestSource } from './record.ts';
import { packRows, unpackRows, type PackedRows, type RecordRow } from './row.ts';
import { checkByTag } from './check-by-tag.ts';

/** Name of the port a panel opens; the inspected tab id follows the colon. */
const PANEL_PORT_PREFIX = 'cors-lens-panel:';
/** Port the devtools page keeps open while DevTools is open on a tab (enrichment). */
const DEVTOOLS_PORT_PREFIX = 'cors-lens-devtools:';

export function panelPortName(tabId: number): string {
  return `${PANEL_PORT_PREFIX}${tabId}`;
}

export function devtoolsPortName(tabId: number): string {
  return `${DEVTOOLS_PORT_PREFIX}${tabId}`;
}

/** The kind and tab id a port name carries, or null when it is not one of ours. */
export function parsePortName(name: string): { kind: 'panel' | 'devtools'; tabId: number } | null {
  for (const [prefix, kind] of [
    [PANEL_PORT_PREFIX, 'panel'],
    [DEVTOOLS_PORT_PREFIX, 'devtools'],
  ] as const) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (!/^\d+$/.test(rest)) return null;
    // A digit string past 2^53 is not a tab id (400 digits would parse as Infinity).
    const tabId = Number(rest);
    return Number.isSafeInteger(tabId) ? { kind, tabId } : null;
  }
  return null;
}

export interface TabState {
  /** Records dropped by the per-tab cap or the global budget since the log was last cleared. */
  dropped: number;
  preserve: boolean;
  paused: boolean;
  /** Capture only while a DevTools window is open (zero cost otherwise). */
  onlyWithDevtools: boolean;
  /**
   * The page witness is on (storage.local settings.witness): the page's own word on credentials,
   * modes and outcomes is joined to the records. Off: verdicts that depend on them are conditional.
   */
  witness: boolean;
  /** What went wrong in the background since it started, newest last (shown in the toolbar). */
  problems?: CaptureProblem[];
}

/**
 * A background failure the user should know about, because the capture is less than it says:
 * the saved capture could not be read back after a restart (`restore`), a setting was not
 * saved (`settings`), or storage kept refusing writes (`storage`: what was not written is lost
 * if the worker stops). `message` is the error's text, rendered as text.
 */
export interface CaptureProblem {
  kind: 'restore' | 'settings' | 'storage';
  message: string;
  /** Wall-clock ms of its last occurrence. */
  at: number;
}

/** Most ids one `records` request may ask for (a full tab log is 2,000 records). */
export const MAX_RECORD_IDS = 500;
/** Longest id accepted in a `records` request (browser request ids are short digit strings). */
export const MAX_ID_LENGTH = 64;

/**
 * Background → panel. A connection starts with `reset` (the panel forgets what it had),
 * then the snapshot arrives as `rows` chunks (what the list needs of each record), then live
 * changes, batched, also as rows. Whole records come as `upsert`, in answer to a `records`
 * request (detail view, exports); an upsert of a record also updates its row.
 */
export type BackgroundToPanel =
  | { type: 'reset'; tabId: number; version: string; state: TabState }
  | { type: 'rows'; rows: RecordRow[] }
  | { type: 'upsert'; records: CaptureRecord[] }
  | { type: 'remove'; ids: string[] }
  | { type: 'state'; state: TabState };

/**
 * How a background message crosses the port: the large kinds as JSON text, which the browsers
 * copy far faster than they convert a graph of small objects (2,000 rows: ~75 ms to post as
 * objects from Chromium's worker); `rows` packed as well (src/shared/row.ts `packRows`: a
 * quarter of the bytes); the small kinds as they are.
 */
export type PortMessage = BackgroundToPanel | string;

export function encodeForPort(m: BackgroundToPanel): PortMessage {
  if (m.type === 'rows') return JSON.stringify({ type: 'rows', packed: packRows(m.rows) });
  return m.type === 'upsert' ? JSON.stringify(m) : m;
}

/** A message as it came off the port, decoded (undefined when it cannot be). */
export function decodeFromPort(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    const m = JSON.parse(raw) as unknown;
    if (isObject(m) && m.type === 'rows' && isObject(m.packed)) {
      const p = m.packed;
      if (typeof p.t !== 'number' || !Array.isArray(p.s) || !Array.isArray(p.r)) return undefined;
      return { type: 'rows', rows: unpackRows(p as unknown as PackedRows) };
    }
    return m;
  } catch {
    return undefined;
  }
}

/** Panel / devtools page → background. */
export type PageToBackground =
  | { type: 'clear' }
  | { type: 'set-preserve'; preserve: boolean }
  | { type: 'set-paused'; paused: boolean }
  | { type: 'set-only-with-devtools'; value: boolean }
  | { type: 'set-witness'; value: boolean }
  /** From the panel: the whole records of these ids, answered with `upsert` (ids gone are left out). */
  | { type: 'records'; ids: string[] }
  /** From the devtools page: where in the page's code a request came from (HAR `_initiator`). */
  | { type: 'source'; url: string; method: string; startedAt: number; source: RequestSource };

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;

export const isBackgroundToPanel = checkByTag<BackgroundToPanel, 'type'>('type', {
  reset: (m) => typeof m.tabId === 'number' && typeof m.version === 'string' && isObject(m.state),
  rows: (m) => Array.isArray(m.rows),
  upsert: (m) => Array.isArray(m.records),
  remove: (m) => Array.isArray(m.ids),
  state: (m) => isObject(m.state),
});

export const isPageToBackground = checkByTag<PageToBackground, 'type'>('type', {
  clear: () => true,
  'set-preserve': (m) => typeof m.preserve === 'boolean',
  'set-paused': (m) => typeof m.paused === 'boolean',
  'set-only-with-devtools': (m) => typeof m.value === 'boolean',
  'set-witness': (m) => typeof m.value === 'boolean',
  records: (m) =>
    Array.isArray(m.ids) && m.ids.length <= MAX_RECORD_IDS && m.ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH),
  source: (m) =>
    typeof m.url === 'string' && typeof m.method === 'string' && typeof m.startedAt === 'number' && isObject(m.source) && typeof m.source.kind === 'string',
});
