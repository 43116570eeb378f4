// Builds the report document from judged exchanges: every value redacted once, here, so the
// Markdown, the JSON and the curl commands cannot disagree about what is hidden.
import type { Exchange, ObservedPreflight, ResponseObservation } from '../exchange.ts';
import { suggestFix } from '../fix.ts';
import { getHeader } from '../headers.ts';
import type { Catalogue } from '../messages/catalogue.ts';
import { en } from '../messages/en.ts';
import { renderCheck, renderFixNote, renderHint, renderReasonTitle, renderSummary, renderWarning } from '../messages/render.ts';
import { REASONS } from '../reasons.ts';
import type { Check, Verdict } from '../verdict.ts';
import { curlCommands } from './curl.ts';
import { evaluatedOrigin, isoUtc, reportKind } from './facts.ts';
import { redactorFor, type Redactor } from './redactor.ts';
import type { Report, ReportCheck, ReportExchange, ReportInput, ReportOptions, ReportPreflight, ReportResponse, ReportSource } from './types.ts';

function response(obs: ResponseObservation, r: Redactor): ReportResponse {
  if (obs.kind === 'response') return { kind: 'response', status: obs.status, headers: r.headers(obs.headers) };
  if (obs.kind === 'network-error') return { kind: 'network-error', error: r.text(obs.error), headers: [] };
  return { kind: 'not-sent', headers: [] };
}

function observedPreflight(p: ObservedPreflight, kind: 'observed' | 'cached', r: Redactor): ReportPreflight {
  return { kind, requestHeaders: r.headers(p.requestHeaders), result: response(p.result, r) };
}

function preflight(ex: Exchange, r: Redactor): ReportPreflight {
  const p = ex.preflight;
  if (p.kind === 'observed') return observedPreflight(p, 'observed', r);
  if (p.kind === 'cached') return p.earlier ? observedPreflight(p.earlier, 'cached', r) : { kind: 'cached', requestHeaders: [], result: null };
  if (p.kind === 'unknown') return { kind: 'unknown', requestHeaders: [], result: null };
  return { kind: 'none', requestHeaders: [], result: null };
}

function source(s: ReportSource, r: Redactor): ReportSource {
  return {
    kind: s.kind,
    ...(s.url !== undefined ? { url: r.url(s.url) } : {}),
    ...(s.line !== undefined ? { line: s.line } : {}),
    ...(s.column !== undefined ? { column: s.column } : {}),
    ...(s.stack !== undefined ? { stack: s.stack.map(r.text) } : {}),
  };
}

function check(c: Check, cat: Catalogue, r: Redactor): ReportCheck {
  const shown = renderCheck(c, cat);
  // Only a request-header check carries that header's own value (e.g. an Authorization value);
  // elsewhere `header` names the rule's subject and `actual` is another header's value.
  const ownValue = c.id === 'request-header' ? c.header : undefined;
  const actual = c.actual == null ? null : r.value(ownValue, c.actual);
  const textWithValue = c.actual != null && actual !== null && actual !== c.actual ? shown.text.split(c.actual).join(actual) : shown.text;
  return {
    id: c.id,
    status: c.status,
    title: shown.title,
    text: r.text(textWithValue),
    header: c.header ?? null,
    expected: c.expected === undefined ? null : r.text(c.expected),
    actual,
    hop: c.hop === undefined ? null : c.hop + 1,
  };
}

/** The page's URL: as the input gives it, else as the request's Referer states it (maybe only the origin, by its Referrer-Policy). */
function pageUrl(input: ReportInput, r: Redactor): string | null {
  const url = input.pageUrl ?? getHeader(input.exchange.request.headers, 'referer');
  return url === null || url === '' ? null : r.url(url);
}

function exchange(input: ReportInput, cat: Catalogue, redact: boolean): ReportExchange {
  const ex = input.exchange;
  const v: Verdict = input.verdict;
  const r = redactorFor(ex, redact);
  const info = REASONS[v.reason];
  // The fix is computed on the real exchange (it uses only the origin, method, header names and path).
  const fix = suggestFix(v, ex);
  const checks = v.checks.map((c) => check(c, cat, r));
  return {
    kind: reportKind(v),
    verdict: {
      outcome: v.outcome,
      reason: v.reason,
      title: renderReasonTitle(v.reason, cat),
      summary: r.text(renderSummary(v, cat)),
      stage: info.stage,
      chromium: info.chromium,
      firefox: v.firefoxReason ?? info.firefox,
      firefoxAlternatives: [...(v.firefoxAlternatives ?? [])],
    },
    initiator: evaluatedOrigin(ex, v),
    pageUrl: pageUrl(input, r),
    request: {
      method: ex.request.method,
      url: r.url(ex.url),
      resourceType: ex.request.resourceType,
      mode: v.mode,
      credentials: { mode: v.credentials.mode, basis: v.credentials.basis },
      headers: r.headers(ex.request.headers),
      body:
        input.requestBody === undefined
          ? null
          : {
              text: r.body(input.requestBody.text, input.requestBody.mimeType),
              ...(input.requestBody.mimeType === undefined ? {} : { mimeType: input.requestBody.mimeType }),
            },
    },
    preflight: preflight(ex, r),
    redirects: ex.redirects.map((h) => ({
      url: r.url(h.url),
      status: h.status,
      location: r.url(h.location),
      headers: r.headers(h.headers),
      preflight: h.preflight ? observedPreflight(h.preflight, 'observed', r) : null,
    })),
    response: response(ex.response, r),
    browserOutcome: ex.outcome.kind === 'failure' ? { kind: 'failure', error: r.text(ex.outcome.error) } : { kind: ex.outcome.kind, error: null },
    failedCheck: v.failedCheck >= 0 ? (checks[v.failedCheck] ?? null) : null,
    checks,
    warnings: v.warnings.map((w) => ({ code: w.code, text: r.text(renderWarning(w, cat)) })),
    hints: v.hints.map((h) => ({ code: h, text: renderHint(h, cat) })),
    fix: {
      needed: fix.needed,
      notes: fix.notes.map((n) => ({ code: n.code, text: r.text(renderFixNote(n, cat)) })),
      preflightHeaders: [...fix.preflightHeaders],
      responseHeaders: [...fix.responseHeaders],
      // The snippets quote the request's path, which may hold a token.
      snippets: fix.snippets === null ? null : { express: r.text(fix.snippets.express), nginx: r.text(fix.snippets.nginx), caddy: r.text(fix.snippets.caddy) },
    },
    curl: curlCommands(ex, v, r, input.requestBody),
    capture: {
      capturedAt: isoUtc(input.capturedAt),
      browser: input.browser ?? (ex.browser === 'firefox' ? 'Firefox' : ex.browser === 'chromium' ? 'Chromium' : null),
      extensionVersion: input.extensionVersion ?? null,
      source: input.source ? source(input.source, r) : null,
      notes: (input.notes ?? []).map((code) => ({ code, text: cat.report.notes[code] })),
    },
  };
}

/** The report document for one or more judged exchanges (redacted unless `redact: false`). */
export function buildReport(inputs: ReportInput | readonly ReportInput[], options: ReportOptions = {}): Report {
  const list: readonly ReportInput[] = Array.isArray(inputs) ? inputs : [inputs as ReportInput];
  const redact = options.redact ?? true;
  const cat = options.catalogue ?? en;
  return { format: 'cors-lens-report', version: 1, redacted: redact, exchanges: list.map((i) => exchange(i, cat, redact)) };
}
