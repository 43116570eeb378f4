// The what-if editor's state: the answers being edited (status and header rows as text), the
// credentials assumption, and what the engine makes of them. Pure, so that it is tested and
// benchmarked without a DOM (bench/panel: a re-evaluation per keystroke).
import {
  evaluate,
  getHeader,
  headerChanges,
  headerPatch,
  lowerName,
  preflightAnswer,
  responseAnswer,
  simulate,
  suggestFix,
  type EditedAnswer,
  type Exchange,
  type Fix,
  type HeaderEntry,
  type Verdict,
  type WhatIfEdits,
} from '../core/index.ts';
import { words } from './words.ts';

/** One header row as typed (a row with an empty name is left out of the simulation). */
interface HeaderRow {
  name: string;
  value: string;
}

export interface AnswerDraft {
  /** As typed; not a valid status (100–599) leaves the answer as the server sent it. */
  status: string;
  headers: HeaderRow[];
}

export interface WhatIfDraft {
  /** null: the exchange has no preflight to edit. */
  preflight: AnswerDraft | null;
  response: AnswerDraft;
  /** Only offered when nothing observed says whether the page sent credentials. */
  credentials: 'unknown' | 'include' | 'omit';
}

export interface WhatIfResult {
  verdict: Verdict;
  fix: Fix;
  /** Patch lines for the server owner: the preflight's, then the response's; '' when nothing changed. */
  patch: string;
}

const toRows = (headers: readonly HeaderEntry[]): HeaderRow[] => headers.map((h) => ({ name: h.name, value: h.value }));

/** The draft that reproduces what the server sent (the response of a request never sent starts as an empty 200). */
export function initialDraft(ex: Exchange): WhatIfDraft {
  const pre = preflightAnswer(ex);
  const res = responseAnswer(ex);
  return {
    preflight: pre === null ? null : { status: String(pre.status), headers: toRows(pre.headers) },
    response: res === null ? { status: '200', headers: [] } : { status: String(res.status), headers: toRows(res.headers) },
    credentials: 'unknown',
  };
}

/** Whether something observed says if credentials were sent (the page witness, or a Cookie header). */
export function credentialsKnown(ex: Exchange): boolean {
  if (ex.request.credentials !== undefined) return true;
  if (getHeader(ex.request.headers, 'cookie') !== null) return true;
  return ex.page !== undefined && ex.page.ambiguous !== true;
}

function answerOf(d: AnswerDraft, fallbackStatus: number): EditedAnswer {
  const n = Number(d.status.trim());
  const status = Number.isInteger(n) && n >= 100 && n <= 599 ? n : fallbackStatus;
  return { status, headers: d.headers.filter((h) => h.name.trim() !== '').map((h) => ({ name: h.name.trim(), value: h.value })) };
}

/** The draft as engine edits. */
function editsOf(ex: Exchange, d: WhatIfDraft): WhatIfEdits {
  const pre = preflightAnswer(ex);
  const res = responseAnswer(ex);
  return {
    ...(d.credentials === 'unknown' ? {} : { credentials: d.credentials }),
    ...(d.preflight === null || pre === null ? {} : { preflight: answerOf(d.preflight, pre.status) }),
    response: answerOf(d.response, res?.status ?? 200),
  };
}

/** Verdict, fix and patch of a draft: what the panel shows as the user types. */
export function judgeDraft(ex: Exchange, d: WhatIfDraft, url: string, method: string): WhatIfResult {
  const edits = editsOf(ex, d);
  const sim = simulate(ex, edits);
  const verdict = evaluate(sim);
  const fix = suggestFix(verdict, sim);
  const parts: string[] = [];
  const pre = preflightAnswer(ex);
  if (edits.preflight && pre) {
    const changes = headerChanges(pre.headers, edits.preflight.headers);
    if (changes.length > 0 || pre.status !== edits.preflight.status)
      parts.push(headerPatch(words.whatIfPatchPreflight(url), pre.status, edits.preflight, changes));
  }
  if (edits.response) {
    const res = responseAnswer(ex);
    const changes = headerChanges(res?.headers ?? [], edits.response.headers);
    if (changes.length > 0 || (res !== null && res.status !== edits.response.status))
      parts.push(headerPatch(words.whatIfPatchResponse(method, url), res?.status ?? null, edits.response, changes));
  }
  return { verdict, fix, patch: parts.join('\n\n') };
}

/** Rows with each of `wanted` set: a header of the same name is replaced (its first occurrence), others added. */
function withHeaders(rows: readonly HeaderRow[], wanted: readonly HeaderEntry[]): HeaderRow[] {
  const out = rows.map((r) => ({ ...r }));
  for (const w of wanted) {
    const i = out.findIndex((r) => lowerName(r.name) === lowerName(w.name));
    if (i >= 0) out[i] = { name: out[i]!.name, value: w.value };
    else out.push({ name: w.name, value: w.value });
  }
  return out;
}

/** The draft with the fix CORS Lens suggests for the exchange as captured applied to it. */
export function withSuggestedFix(d: WhatIfDraft, fix: Fix): WhatIfDraft {
  const okStatus = (s: string) => /^2\d\d$/.test(s.trim());
  return {
    ...d,
    preflight:
      d.preflight === null
        ? null
        : { status: okStatus(d.preflight.status) ? d.preflight.status : '204', headers: withHeaders(d.preflight.headers, fix.preflightHeaders) },
    response: { ...d.response, headers: withHeaders(d.response.headers, fix.responseHeaders) },
  };
}
