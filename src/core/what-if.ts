// What-if: the same exchange with the server's answers edited (the preflight's and the actual
// response's status and headers), judged by the same engine. A simulation: nothing is sent and
// nothing in the browser changes. The browser's own outcome and the page's are left out of the
// simulated exchange, since they belong to the answers the server really gave; the verdict
// then rests on the Fetch Standard's checks alone, and on the page's facts (credentials, mode)
// where the witness saw them, or is conditional where it did not.
import type { Exchange, HeaderEntry, HeaderList, ObservedPreflight, PageObservation, ResponseObservation } from './exchange.ts';
import { lowerName } from './headers.ts';

/** One server answer as edited: its status and its whole header list. */
export interface EditedAnswer {
  readonly status: number;
  readonly headers: HeaderList;
}

export interface WhatIfEdits {
  /**
   * Whether the page sends credentials, when nothing observed says (no page witness, no
   * Cookie): the user's assumption, so that a conditional verdict can be explored either way.
   */
  readonly credentials?: 'include' | 'omit';
  /** The preflight's response (an observed preflight, or the earlier one that filled the cache). */
  readonly preflight?: EditedAnswer;
  /** The actual response (also for a request never sent: what the server would answer). */
  readonly response?: EditedAnswer;
}

/** The answer the exchange has for the preflight, if one can be edited. */
export function preflightAnswer(ex: Exchange): EditedAnswer | null {
  const p = observedPreflight(ex);
  return p?.result.kind === 'response' ? { status: p.result.status, headers: p.result.headers } : null;
}

/** Whether the exchange has a preflight to edit (observed, or the cached one's filler). */
export function hasEditablePreflight(ex: Exchange): boolean {
  return observedPreflight(ex) !== null;
}

/** The actual response as observed; null when there was none (not sent, network error). */
export function responseAnswer(ex: Exchange): EditedAnswer | null {
  return ex.response.kind === 'response' ? { status: ex.response.status, headers: ex.response.headers } : null;
}

/** The exchange as it would be with the edited answers. */
export function simulate(ex: Exchange, edits: WhatIfEdits): Exchange {
  let preflight = ex.preflight;
  if (edits.preflight !== undefined) {
    const answer: ResponseObservation = { kind: 'response', status: edits.preflight.status, headers: edits.preflight.headers };
    if (preflight.kind === 'observed') preflight = { ...preflight, result: answer };
    else if (preflight.kind === 'cached' && preflight.earlier !== undefined) preflight = { ...preflight, earlier: { ...preflight.earlier, result: answer } };
  }
  const response: ResponseObservation =
    edits.response === undefined ? ex.response : { kind: 'response', status: edits.response.status, headers: edits.response.headers };
  // A request never sent was never seen either: with a simulated answer, its headers are the preflight's list (exchange.ts headersSeen).
  const { outcome: _browser, page, ...rest } = ex;
  return {
    ...rest,
    ...(edits.credentials === undefined ? {} : { request: { ...ex.request, credentials: edits.credentials } }),
    preflight,
    response,
    outcome: { kind: 'not-observed' },
    ...(page === undefined ? {} : { page: withoutOutcome(page) }),
  };
}

function withoutOutcome(page: PageObservation): PageObservation {
  const { outcome: _page, ...facts } = page;
  return facts;
}

function observedPreflight(ex: Exchange): ObservedPreflight | null {
  if (ex.preflight.kind === 'observed') return ex.preflight;
  if (ex.preflight.kind === 'cached' && ex.preflight.earlier !== undefined) return ex.preflight.earlier;
  return null;
}

/** One line of the difference between what the server sent and the edited answer. */
export type HeaderChange =
  | { readonly kind: 'added'; readonly name: string; readonly value: string }
  | { readonly kind: 'removed'; readonly name: string; readonly value: string }
  | { readonly kind: 'changed'; readonly name: string; readonly from: string; readonly to: string };

/**
 * What changed, header by header (names compared case-insensitively; a name sent several times
 * is compared occurrence by occurrence, in order). Unchanged headers are not listed.
 */
export function headerChanges(sent: HeaderList, edited: HeaderList): HeaderChange[] {
  const group = (list: HeaderList) => {
    const m = new Map<string, HeaderEntry[]>();
    for (const h of list) {
      const k = lowerName(h.name);
      const l = m.get(k);
      if (l) l.push(h);
      else m.set(k, [h]);
    }
    return m;
  };
  const before = group(sent);
  const after = group(edited);
  const out: HeaderChange[] = [];
  for (const [k, was] of before) {
    const now = after.get(k) ?? [];
    was.forEach((h, i) => {
      const n = now[i];
      if (n === undefined) out.push({ kind: 'removed', name: h.name, value: h.value });
      else if (n.value !== h.value) out.push({ kind: 'changed', name: n.name, from: h.value, to: n.value });
    });
    for (const n of now.slice(was.length)) out.push({ kind: 'added', name: n.name, value: n.value });
  }
  for (const [k, now] of after) if (!before.has(k)) for (const n of now) out.push({ kind: 'added', name: n.name, value: n.value });
  return out;
}

/** The changes as a patch the server owner can read: `-` what the server sends, `+` what it should send. */
export function headerPatch(title: string, sentStatus: number | null, edited: EditedAnswer, changes: readonly HeaderChange[]): string {
  const lines = [`# ${title}`];
  if (sentStatus !== edited.status) {
    if (sentStatus !== null) lines.push(`- status ${sentStatus}`);
    lines.push(`+ status ${edited.status}`);
  }
  for (const c of changes) {
    if (c.kind === 'added') lines.push(`+ ${c.name}: ${c.value}`);
    else if (c.kind === 'removed') lines.push(`- ${c.name}: ${c.value}`);
    else lines.push(`- ${c.name}: ${c.from}`, `+ ${c.name}: ${c.to}`);
  }
  return lines.join('\n');
}
