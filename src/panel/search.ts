// The list's search box, as DevTools users expect it: words match anywhere in what the row
// shows (URL and redirect targets, method, status or error, the verdict's sentence and reason
// code, both browsers' names for it, the page origin, the preflight mark, the badge); `-word`
// excludes; `method:`, `status:` (`404`, `4xx`), `domain:` (the host or a parent domain,
// `*.example.com` too) and `reason:` narrow by one field; "quoted words" are one term. Every
// term must hold. An unknown `prefix:` is plain text (URLs have colons).
// Words also match header names and values (request, response, preflight, redirects): rows carry
// no headers (row.ts), so the panel hands in the whole records it has (`wholeOf`) and asks for
// the others while a search has words (App.tsx); a row matches its headers once its record came.
import { REASONS, renderSummary, type Verdict } from '../core/index.ts';
import type { CaptureRecord } from '../shared/record.ts';
import type { RecordRow } from '../shared/row.ts';
import { rowKind } from './row-kind.ts';
import { engineWords, panelLanguage, words } from './words.ts';

type SearchField = 'text' | 'method' | 'status' | 'domain' | 'reason';

export interface SearchTerm {
  readonly field: SearchField;
  /** Lower case. */
  readonly value: string;
  readonly negate: boolean;
}

const FIELDS = new Set<SearchField>(['method', 'status', 'domain', 'reason']);

/** The terms of a search text. */
export function parseSearch(input: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // A term: optional '-', optional `field:`, then a quoted string or a run of non-spaces.
  const re = /(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))/g;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    const [whole, minus = '', prefix, quoted, bare] = m;
    if (whole === '') {
      re.lastIndex++;
      continue;
    }
    const field = prefix?.toLowerCase() as SearchField | undefined;
    const value = (quoted ?? bare ?? '').toLowerCase();
    if (field !== undefined && FIELDS.has(field)) {
      if (value !== '') terms.push({ field, value, negate: minus === '-' });
      continue;
    }
    // A field still being typed (`method:`): no term yet.
    if (prefix === undefined && /^[a-z]+:$/.test(value) && FIELDS.has(value.slice(0, -1) as SearchField)) continue;
    // Not a field: the whole thing is text (e.g. `http://host`), a lone '-' too.
    const text = prefix === undefined ? value : `${prefix}:${value}`.toLowerCase();
    if (text === '' && minus === '-') terms.push({ field: 'text', value: '-', negate: false });
    else if (text !== '') terms.push({ field: 'text', value: text, negate: minus === '-' });
  }
  return terms;
}

/** Rows are replaced, never changed, when their record changes: what they show is cached per row. */
let shownText = new WeakMap<RecordRow, string>();
let reasonText = new WeakMap<RecordRow, string>();
/** The language the cached texts are in: a switch makes them stale (search matches what is shown). */
let cachedIn = panelLanguage;

function reasonOf(r: RecordRow): string {
  if (cachedIn !== panelLanguage) {
    shownText = new WeakMap();
    reasonText = new WeakMap();
    cachedIn = panelLanguage;
  }
  let t = reasonText.get(r);
  if (t === undefined) {
    const v = r.verdict;
    if (v === undefined) t = 'pending';
    else {
      const names = REASONS[v.reason];
      t = [v.reason, renderSummary(v as unknown as Verdict, engineWords), names.chromium ?? '', names.firefox ?? ''].join('\n').toLowerCase();
    }
    reasonText.set(r, t);
  }
  return t;
}

function textOf(r: RecordRow): string {
  if (cachedIn !== panelLanguage) reasonOf(r);
  let t = shownText.get(r);
  if (t === undefined) {
    t = [
      r.url,
      ...(r.redirects ?? []),
      r.method,
      r.status === undefined ? '' : String(r.status),
      r.error ?? '',
      r.initiator ?? '',
      r.preflight === undefined ? '' : `preflight ${r.preflight}`,
      rowKind(r),
      words.kinds[rowKind(r)],
      r.type,
      reasonOf(r),
    ]
      .join('\n')
      .toLowerCase();
    shownText.set(r, t);
  }
  return t;
}

/** Whole records are replaced, never changed: their header text is cached per record. */
const headerText = new WeakMap<CaptureRecord, string>();

/** Every header name and value of a record (`name: value` lines, lower case). */
export function headerTextOf(r: CaptureRecord): string {
  let t = headerText.get(r);
  if (t === undefined) {
    const lines: string[] = [];
    const add = (list: ReadonlyArray<{ name: string; value: string }> | undefined) => {
      if (list !== undefined) for (const h of list) lines.push(`${h.name}: ${h.value}`);
    };
    add(r.requestHeaders);
    add(r.responseHeaders);
    for (const p of [r.preflight, r.cachedPreflight, ...(r.hopPreflights ?? [])]) {
      add(p?.requestHeaders);
      add(p?.responseHeaders);
    }
    for (const hop of r.redirects) add(hop.headers);
    t = lines.join('\n').toLowerCase();
    headerText.set(r, t);
  }
  return t;
}

/** Whether a search has words (plain text terms): only those can match headers. */
export function searchesText(input: string): boolean {
  return parseSearch(input).some((t) => t.field === 'text');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function statusMatches(r: RecordRow, value: string): boolean {
  if (r.status === undefined) return value === 'failed' ? r.error !== undefined : false;
  if (!/^[0-9x]{3}$/.test(value)) return false;
  const s = String(r.status);
  for (let i = 0; i < 3; i++) if (value[i] !== 'x' && value[i] !== s[i]) return false;
  return true;
}

function domainMatches(r: RecordRow, value: string): boolean {
  const want = value.startsWith('*.') ? value.slice(2) : value;
  const host = hostOf(r.url);
  return host === want || host.endsWith(`.${want}`);
}

function holds(r: RecordRow, t: SearchTerm, wholeOf: WholeOf | undefined): boolean {
  switch (t.field) {
    case 'text': {
      if (textOf(r).includes(t.value)) return true;
      const whole = wholeOf?.(r.id);
      return whole !== undefined && headerTextOf(whole).includes(t.value);
    }
    case 'method':
      return r.method.toLowerCase() === t.value;
    case 'status':
      return statusMatches(r, t.value);
    case 'domain':
      return domainMatches(r, t.value);
    case 'reason':
      return reasonOf(r).includes(t.value);
  }
}

/** The whole record of a row, when the panel has it (its headers are searched too). */
export type WholeOf = (id: string) => CaptureRecord | undefined;

/** A predicate for the search text: every term holds (a negated one does not). */
export function compileSearch(input: string, wholeOf?: WholeOf): (r: RecordRow) => boolean {
  const terms = parseSearch(input);
  if (terms.length === 0) return () => true;
  return (r) => {
    for (const t of terms) if (holds(r, t, wholeOf) === t.negate) return false;
    return true;
  };
}

/**
 * Builds the cached text of rows (and the header text of the whole records in `whole`) that
 * have none yet, while `hasTime()` says there is time left (an idle callback's deadline): the
 * first search after many rows arrived then finds it ready. Returns how many still lack it.
 */
export function warmSearch(rows: readonly RecordRow[], hasTime: () => boolean, whole?: ReadonlyMap<string, CaptureRecord>): number {
  let left = 0;
  let time = true;
  let n = 0;
  // The clock is asked every 32 items (one takes a few microseconds).
  const more = (): boolean => (time && (n++ & 31) === 0 ? (time = hasTime()) : time);
  for (const r of rows) {
    if (shownText.has(r)) continue;
    if (more()) textOf(r);
    else left++;
  }
  if (whole !== undefined) {
    for (const r of whole.values()) {
      if (headerText.has(r)) continue;
      if (more()) headerTextOf(r);
      else left++;
    }
  }
  return left;
}
