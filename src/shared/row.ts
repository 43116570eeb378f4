// What the request list needs of a record, and nothing more: the row the background keeps in
// memory for every record of a tab and sends to a panel when it opens. No header lists, no
// preflight or cached preflight, no trace of checks: those are in the whole record, which the
// panel asks for when it shows a record in detail or exports it (protocol `records`).
import { REASONS, type Outcome, type ReasonCode } from '../core/reasons.ts';
import type { Params, WarningCode } from '../core/verdict.ts';
import type { CaptureGaps, CaptureRecord } from './record.ts';

/** How a preflight took part: sent and paired, sent and failed, or answered from the cache. */
export type PreflightMark = 'paired' | 'failed' | 'cached';

/** The verdict as the list shows it: badge, one-line reason, warnings marker. */
interface RowVerdict {
  outcome: Outcome;
  reason: ReasonCode;
  /** Placeholders of the reason's one-line summary. */
  params: Params;
  /** Codes of the verdict's warnings (an allowed request with warnings lists as "warning"). */
  warnings: readonly WarningCode[];
}

/** The record's own scalar fields, as the record has them; the rest is the row's summary. */
export interface RecordRow
  extends Pick<
    CaptureRecord,
    'id' | 'tabId' | 'seq' | 'startedAt' | 'endedAt' | 'url' | 'method' | 'type' | 'initiator' | 'status' | 'error' | 'complete' | 'gaps'
  > {
  /** Redirect targets (the URL filter matches them too); absent when there was none. */
  redirects?: string[];
  /** Absent when no preflight took part. */
  preflight?: PreflightMark;
  /** A preflight went out but the request itself was never sent (its preflight failed). */
  notSent?: true;
  /** Absent while pending. */
  verdict?: RowVerdict;
}

/** The preflight marker of a record (as the list shows it). */
function preflightMarkOf(r: CaptureRecord): PreflightMark | undefined {
  if (r.preflightCached) return 'cached';
  const p = r.preflight;
  if (!p) return undefined;
  const badStatus = p.status !== undefined && (p.status < 200 || p.status > 299);
  const failedHere = r.verdict !== undefined && r.verdict.outcome !== 'allowed' && REASONS[r.verdict.reason].stage === 'preflight';
  return p.error !== undefined || badStatus || failedHere ? 'failed' : 'paired';
}

/**
 * The request itself never went out: its preflight failed, and the browser stops there. Chromium
 * then reports no request headers; Firefox reports them before the preflight goes out, so there
 * the failed preflight (its error or status, or a verdict that failed at the preflight) says it.
 * What the row, the timeline and the report say of such a request ("not sent", not "failed").
 * (The engine's input, to-exchange.ts, keeps the network's account: the verdict is made from it.)
 */
export function neverSent(r: CaptureRecord): boolean {
  if (r.status !== undefined || r.error === undefined || r.preflight === undefined) return false;
  return r.requestHeaders === undefined || preflightMarkOf(r) === 'failed';
}

const NO_WARNINGS: readonly WarningCode[] = Object.freeze([]) as readonly WarningCode[];

/** The row of a record. Pure; strings are shared with the record, not copied. */
export function toRow(r: CaptureRecord): RecordRow {
  const row: RecordRow = {
    id: r.id,
    tabId: r.tabId,
    seq: r.seq,
    startedAt: r.startedAt,
    url: r.url,
    method: r.method,
    type: r.type,
    complete: r.complete,
  };
  if (r.endedAt !== undefined) row.endedAt = r.endedAt;
  if (r.redirects.length > 0) row.redirects = r.redirects.map((h) => h.location);
  if (r.initiator !== undefined) row.initiator = r.initiator;
  if (r.status !== undefined) row.status = r.status;
  else if (r.witness?.outcome?.kind === 'resolved' && r.witness.outcome.type === 'opaqueredirect' && r.redirects.length > 0) {
    // `redirect: "manual"`: the page got the redirect itself (Chromium ends the request in
    // webRequest as aborted); its status is the redirect's, not "(failed)".
    row.status = r.redirects[r.redirects.length - 1]!.status;
  }
  if (r.error !== undefined) row.error = r.error;
  const mark = preflightMarkOf(r);
  if (mark !== undefined) row.preflight = mark;
  if (neverSent(r) || (r.requestHeaders === undefined && r.preflight !== undefined)) row.notSent = true;
  if (r.gaps !== undefined) row.gaps = r.gaps;
  const v = r.verdict;
  if (v !== undefined) {
    row.verdict = {
      outcome: v.outcome,
      reason: v.reason,
      params: v.params,
      warnings: v.warnings.length === 0 ? NO_WARNINGS : v.warnings.map((w) => w.code),
    };
  }
  return row;
}

/**
 * Rows as they cross the port (protocol.ts encodes `rows` messages with this): no key names,
 * the strings rows share (methods, types, initiators, the directory part of URLs, verdict
 * params and warnings as JSON text, reasons…) once in a table, sequence numbers and times as
 * differences where that is exact. A quarter of the rows' JSON: the bytes are what a panel
 * waits for when it opens on a full log.
 */
export interface PackedRows {
  /** Tab id of the first row (the others differ only when noted). */
  t: number;
  /** The shared strings; rows refer to them by index + 1 (0: absent). */
  s: string[];
  r: PackedRow[];
}

/**
 * [id, seq − previous seq, startedAt (− previous startedAt when exact, else the number as a
 * string), endedAt (− startedAt when exact, else as a string; null: absent), URL head (string
 * ref), URL tail, flags (1 complete, 2 not sent, 4·mark), method ref, type ref, initiator ref
 * (−1: null), status (null: absent), error ref, verdict ([outcome, reason, params JSON,
 * warnings JSON] refs, or 0), gaps JSON ref, redirects (or 0), tab id (or 0: `t`)]; trailing
 * zeros left out.
 */
type PackedRow = Array<string | number | null | number[] | string[]>;

const MARKS: ReadonlyArray<PreflightMark | undefined> = [undefined, 'paired', 'failed', 'cached'];

/** Exact difference a − b when adding it back gives a again, else a as a string. */
function diff(a: number, b: number): number | string {
  const d = a - b;
  return b + d === a ? d : String(a);
}
const undiff = (x: unknown, b: number): number => (typeof x === 'string' ? Number(x) : b + (x as number));

export function packRows(rows: readonly RecordRow[]): PackedRows {
  const table = new Map<string, number>();
  const s: string[] = [];
  const ref = (v: string | undefined): number => {
    if (v === undefined) return 0;
    let i = table.get(v);
    if (i === undefined) {
      s.push(v);
      i = s.length;
      table.set(v, i);
    }
    return i;
  };
  const t = rows[0]?.tabId ?? 0;
  let seq = 0;
  let start = 0;
  const r = rows.map((row) => {
    const q = row.url.indexOf('?');
    const cut = (q < 0 ? row.url : row.url.slice(0, q)).lastIndexOf('/') + 1;
    const v = row.verdict;
    const packed: PackedRow = [
      row.id,
      row.seq - seq,
      diff(row.startedAt, start),
      row.endedAt === undefined ? null : diff(row.endedAt, row.startedAt),
      ref(row.url.slice(0, cut)),
      row.url.slice(cut),
      (row.complete ? 1 : 0) | (row.notSent ? 2 : 0) | (4 * MARKS.indexOf(row.preflight)),
      ref(row.method),
      ref(row.type),
      row.initiator === null ? -1 : ref(row.initiator),
      row.status ?? null,
      ref(row.error),
      v === undefined ? 0 : [ref(v.outcome), ref(v.reason), ref(JSON.stringify(v.params)), ref(JSON.stringify(v.warnings))],
      row.gaps === undefined ? 0 : ref(JSON.stringify(row.gaps)),
      row.redirects ?? 0,
      row.tabId === t ? 0 : row.tabId,
    ];
    while (packed.length > 0 && packed[packed.length - 1] === 0) packed.pop();
    seq = row.seq;
    start = row.startedAt;
    return packed;
  });
  return { t, s, r };
}

/** The rows of `packRows`, equal to the ones packed. Throws on what `packRows` never makes. */
export function unpackRows(p: PackedRows): RecordRow[] {
  const parsed = new Map<number, unknown>();
  const str = (i: unknown): string | undefined => {
    if (i === 0 || i === undefined) return undefined;
    const v = p.s[(i as number) - 1];
    if (typeof v !== 'string') throw new Error('bad string ref');
    return v;
  };
  const json = <T>(i: unknown): T => {
    let v = parsed.get(i as number);
    if (v === undefined) {
      v = JSON.parse(str(i) ?? 'null') as unknown;
      parsed.set(i as number, v); // rows share one params object per distinct value (read only)
    }
    return v as T;
  };
  let seq = 0;
  let start = 0;
  return p.r.map((x) => {
    const [id, dseq, st, end, head, tail, flags = 0, method, type, initiator = 0, status = null, error = 0, verdict = 0, gaps = 0, redirects = 0, tab = 0] = x;
    if (typeof id !== 'string' || typeof tail !== 'string') throw new Error('bad row');
    const row: RecordRow = {
      id,
      tabId: tab === 0 ? p.t : (tab as number),
      seq: seq + (dseq as number),
      startedAt: undiff(st, start),
      url: (str(head) ?? '') + tail,
      method: str(method) ?? '',
      type: (str(type) ?? 'other') as RecordRow['type'],
      complete: ((flags as number) & 1) === 1,
    };
    if (end !== null && end !== undefined) row.endedAt = undiff(end, row.startedAt);
    if (redirects !== 0) row.redirects = redirects as string[];
    if (initiator === -1) row.initiator = null;
    else if (initiator !== 0) row.initiator = str(initiator);
    if (status !== null) row.status = status as number;
    if (error !== 0) row.error = str(error);
    const mark = MARKS[((flags as number) >> 2) & 3];
    if (mark !== undefined) row.preflight = mark;
    if (((flags as number) & 2) === 2) row.notSent = true;
    if (gaps !== 0) row.gaps = json<CaptureGaps>(gaps);
    if (verdict !== 0) {
      const [o, r, params, warnings] = verdict as number[];
      row.verdict = {
        outcome: str(o) as Outcome,
        reason: str(r) as ReasonCode,
        params: json<Params>(params),
        warnings: json<WarningCode[]>(warnings),
      };
    }
    seq = row.seq;
    start = row.startedAt;
    return row;
  });
}
