// The Markdown report: what a user pastes into the server owner's ticket. It must read well
// rendered (GitHub, GitLab) and as plain text, and stay inert whatever the server sent:
// every captured value goes through code()/codeBlock(), every sentence through text().
import type { HeaderEntry } from '../exchange.ts';
import { headersThatMatter } from './header-order.ts';
import { curlSteps } from './curl.ts';
import { code, codeBlock, text } from './markdown-escape.ts';
import { buildReport } from './model.ts';
import { chosenLines, chosenSnippet, CLASSIC } from './stack-snippet.ts';
import type { StackSnippet } from '../snippets/stacks.ts';
import { REDACTED } from './redact.ts';
import type { ReportCheck, ReportExchange, ReportInput, ReportOptions, ReportPreflight, ReportResponse } from './types.ts';
import type { Catalogue, ReportWords } from '../messages/catalogue.ts';
import { en } from '../messages/en.ts';
import { resourceTypeWord } from './words.ts';

type Lines = string[];

function headerBlock(w: ReportWords, label: string, headers: readonly HeaderEntry[], out: Lines): void {
  out.push(`${label}:`, '');
  if (headers.length === 0) {
    out.push(w.noHeaders, '');
    return;
  }
  const { shown, omitted } = headersThatMatter(headers);
  out.push(codeBlock(shown.map((h) => `${h.name}: ${h.value}`).join('\n'), 'http'), '');
  const cut = shown.filter((h) => h.truncated === true);
  if (cut.length > 0) out.push(`${w.cutByCapture}: ${cut.map((h) => text(h.name)).join(', ')}`, '');
  if (omitted.length > 0) out.push(`${w.notShown}: ${omitted.map(text).join(', ')}`, '');
}

function responseLines(w: ReportWords, res: ReportResponse, out: Lines): void {
  if (res.kind === 'response') {
    out.push(`${w.status}: ${code(String(res.status))}`, '');
    headerBlock(w, w.responseHeaders, res.headers, out);
  } else if (res.kind === 'network-error') {
    out.push(`${w.networkError}: ${code(res.error ?? '')}`, '');
  } else {
    out.push(w.notSent, '');
  }
}

function preflightLines(w: ReportWords, p: ReportPreflight, out: Lines): void {
  if (p.kind === 'none') {
    out.push(w.preflightNone, '');
    return;
  }
  if (p.kind === 'unknown') {
    out.push(w.preflightUnknown, '');
    return;
  }
  if (p.kind === 'cached') out.push(w.preflightCached, '');
  if (p.result === null) {
    if (p.kind === 'observed') out.push(w.preflightNotObserved, '');
    return;
  }
  headerBlock(w, w.requestHeaders, p.requestHeaders, out);
  responseLines(w, p.result, out);
}

function checkLines(cat: Catalogue, c: ReportCheck | null, out: Lines): void {
  const w = cat.report;
  if (c === null) {
    out.push(w.noFailedCheck, '');
    return;
  }
  out.push(`**${text(c.title)}** (${text(cat.statuses[c.status])}): ${text(c.text)}`, '');
  if (c.header !== null) out.push(`- ${w.header}: ${code(c.header)}`);
  if (c.hop !== null) out.push(`- ${w.redirects}: ${c.hop}`);
  out.push(`- ${w.expected}: ${c.expected === null ? w.none : code(c.expected)}`);
  out.push(`- ${w.actual}: ${c.actual === null ? w.absent : code(c.actual)}`, '');
}

/** The other failures of the deciding rule (every request header refused, not just the first). */
function sameRuleFailures(e: ReportExchange): ReportCheck[] {
  const f = e.failedCheck;
  if (f === null) return [];
  return e.checks.filter((c) => c !== f && c.id === f.id && c.status === 'fail' && (c.header !== f.header || c.hop !== f.hop));
}

function summaryLines(cat: Catalogue, e: ReportExchange, out: Lines): void {
  const w = cat.report;
  const v = e.verdict;
  const r = e.request;
  const cap = e.capture;
  out.push(text(v.summary), '');
  out.push(`- **${w.reason}:** ${text(v.title)} (${code(v.reason)})`);
  out.push(
    `- **${w.browserNames}:** ${w.chromium} ${v.chromium === null ? w.none : code(v.chromium)}, ${w.firefox} ${v.firefox === null ? w.none : code(v.firefox)}${v.firefoxAlternatives.map((k) => ` ${w.or} ${code(k)}`).join('')}`,
  );
  out.push(`- **${w.initiator}:** ${e.initiator === null ? w.unknownOrigin : code(e.initiator)}`);
  if (e.pageUrl !== null) out.push(`- **${w.pageUrl}:** ${code(e.pageUrl)}`);
  const basis = w.credentialsBasis[r.credentials.basis] ?? r.credentials.basis;
  out.push(
    `- **${w.request}:** ${code(r.method)} ${code(r.url)}, ${w.resourceType} ${text(resourceTypeWord(r.resourceType, cat))}, ${w.mode} ${code(r.mode)}, ${w.credentials} ${code(r.credentials.mode)} (${text(basis)})`,
  );
  const bo = e.browserOutcome;
  const outcome = bo.kind === 'failure' ? `${w.outcomeFailure} ${code(bo.error ?? '')}` : bo.kind === 'success' ? w.outcomeSuccess : w.outcomeNotObserved;
  out.push(`- **${w.browserOutcome}:** ${outcome}`);
  const meta = [`**${w.capturedAt}:** ${cap.capturedAt === null ? w.none : code(cap.capturedAt)}`];
  if (cap.browser !== null) meta.push(`**${w.browser}:** ${text(cap.browser)}`);
  if (cap.extensionVersion !== null) meta.push(`**${w.extension}:** ${code(cap.extensionVersion)}`);
  out.push(`- ${meta.join(', ')}`);
  const s = cap.source;
  if (s !== null) {
    const where = s.url === undefined ? '' : ` ${code(`${s.url}${s.line === undefined ? '' : `:${s.line}`}${s.column === undefined ? '' : `:${s.column}`}`)}`;
    out.push(`- **${w.source}:** ${code(s.kind)}${where}`);
  }
  out.push('');
}

function fixLines(cat: Catalogue, e: ReportExchange, h: string, out: Lines, chosen: StackSnippet | null): void {
  const w = cat.report;
  const f = e.fix;
  out.push(`${h} ${w.fix}`, '');
  if (f.notes.length > 0) out.push(...f.notes.map((n) => `- ${text(n.text)}`), '');
  if (!f.needed && f.snippets === null) {
    out.push(w.nothingToFix, '');
    return;
  }
  const block = (label: string, list: readonly HeaderEntry[]): void => {
    if (list.length > 0) out.push(`${label}:`, '', codeBlock(list.map((x) => `${x.name}: ${x.value}`).join('\n'), 'http'), '');
  };
  block(w.fixPreflightHeaders, f.preflightHeaders);
  block(w.fixResponseHeaders, f.responseHeaders);
  if (chosen !== null) out.push(...chosenLines(chosen, w, cat.stackWhere[chosen.stack]));
  if (f.snippets !== null) {
    const snippets = f.snippets;
    for (const c of CLASSIC) if (c.key !== chosen?.stack) out.push(`${c.label}:`, '', codeBlock(snippets[c.key], c.language), '');
  }
}

function exchangeLines(cat: Catalogue, e: ReportExchange, level: number, title: string, chosen: StackSnippet | null): Lines {
  const w = cat.report;
  const h = '#'.repeat(level + 1);
  const out: Lines = [`${'#'.repeat(level)} ${title}`, ''];
  summaryLines(cat, e, out);
  out.push(`${h} ${w.failedCheck}`, '');
  checkLines(cat, e.failedCheck, out);
  for (const c of sameRuleFailures(e)) checkLines(cat, c, out);
  out.push(`${h} ${w.preflight}`, '');
  preflightLines(w, e.preflight, out);
  e.redirects.forEach((hop, i) => {
    out.push(`${h} ${w.redirects} ${i + 1}/${e.redirects.length}`, '');
    out.push(`${w.status}: ${code(String(hop.status))}, ${code(hop.url)} ${w.redirectTo} ${code(hop.location)}`, '');
    headerBlock(w, w.responseHeaders, hop.headers, out);
    if (hop.preflight !== null) {
      out.push(`${w.preflight}:`, '');
      preflightLines(w, hop.preflight, out);
    }
  });
  out.push(`${h} ${w.actualRequest}`, '');
  headerBlock(w, w.requestHeaders, e.request.headers, out);
  out.push(`${h} ${w.response}`, '');
  responseLines(w, e.response, out);
  if (e.warnings.length > 0) out.push(`${h} ${w.warnings}`, '', ...e.warnings.map((x) => `- ${text(x.text)}`), '');
  if (e.hints.length > 0) out.push(`${h} ${w.hints}`, '', ...e.hints.map((x) => `- ${text(x.text)}`), '');
  fixLines(cat, e, h, out, chosen);
  out.push(`${h} ${w.reproduce}`, '');
  out.push(codeBlock(curlSteps(e.curl, e.request.method, e.request.body, w).join('\n\n'), 'sh'), '');
  if (e.capture.notes.length > 0) out.push(`${h} ${w.captureNotes}`, '', ...e.capture.notes.map((n) => `- ${text(n.text)}`), '');
  return out;
}

function headline(w: ReportWords, e: ReportExchange): string {
  return `${w.kinds[e.kind]}: ${code(`${e.request.method} ${e.request.url}`)}`;
}

/** The Markdown report: one exchange, or an index and one section per exchange. */
export function renderMarkdown(inputs: ReportInput | readonly ReportInput[], options: ReportOptions = {}): string {
  const report = buildReport(inputs, options);
  const cat = options.catalogue ?? en;
  const w = cat.report;
  const list = report.exchanges;
  const given: readonly ReportInput[] = Array.isArray(inputs) ? inputs : [inputs as ReportInput];
  const chosen = (i: number): StackSnippet | null => {
    const input = given[i];
    return input === undefined ? null : chosenSnippet(input, options);
  };
  const out: Lines = [];
  if (list.length === 1 && list[0]) {
    out.push(...exchangeLines(cat, list[0], 1, headline(w, list[0]), chosen(0)));
  } else {
    out.push(`# ${w.reportTitle}: ${w.exchanges(list.length)}`, '', `${w.index}:`, '');
    list.forEach((e, i) =>
      out.push(
        `${i + 1}. ${w.kinds[e.kind]}: ${code(`${e.request.method} ${e.request.url}`)}, ${e.kind === 'warning' ? w.warningCount(e.warnings.length) : text(e.verdict.title)}`,
      ),
    );
    out.push('');
    list.forEach((e, i) => out.push(...exchangeLines(cat, e, 2, `${i + 1}. ${headline(w, e)}`, chosen(i))));
  }
  if (report.redacted) out.push('---', '', `${text(w.redacted)} ${code(REDACTED)}.`, '');
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
