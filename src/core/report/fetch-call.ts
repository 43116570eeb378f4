// "Copy as fetch": the request as a fetch() call to paste into the page's console, to replay it
// with the page's own origin and cookies. Only what a script can set is written: the browser's
// own headers (Fetch's forbidden request-header names: Origin, Cookie, Sec-*, …) it sets
// itself, and fetch() would drop them anyway. Mode, credentials and redirect mode are the
// page's when the witness saw them, else the engine's assumption, said in a comment.
// Strings are JSON literals: valid JavaScript, control characters escaped.
import type { Exchange } from '../exchange.ts';
import { getHeader, lowerCommaItems, lowerName } from '../headers.ts';
import { isForbiddenRequestHeader } from '../safelist.ts';
import type { Verdict } from '../verdict.ts';
import { PLACEHOLDER, replayHeaders, replaysBody } from './curl.ts';
import { isSecretHeader } from './redact.ts';
import { redactorFor } from './redactor.ts';
import type { ReportInput, ReportOptions } from './types.ts';

const lit = (s: string): string => JSON.stringify(s);

/** The fetch() call (redacted by default: a secret header is written as `[redacted]`, with a comment). */
export function renderFetch(input: ReportInput, options: ReportOptions = {}): string {
  const ex: Exchange = input.exchange;
  const v: Verdict = input.verdict;
  const r = redactorFor(ex, options.redact ?? true);
  const lines: string[] = [];
  const headers = replayHeaders(ex.request.headers).filter((h) => !isForbiddenRequestHeader(lowerName(h.name)));
  // A request never sent (its preflight failed): the preflight's list still names the headers the page set.
  const acrh = ex.preflight.kind === 'observed' ? getHeader(ex.preflight.requestHeaders, 'access-control-request-headers') : null;
  const have = new Set(headers.map((h) => lowerName(h.name)));
  const unseen: string[] = [];
  for (const name of lowerCommaItems(acrh)) {
    if (have.has(name) || isForbiddenRequestHeader(name) || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) continue;
    have.add(name);
    unseen.push(name);
    headers.push({ name, value: PLACEHOLDER });
  }
  if (unseen.length > 0) lines.push(`// Not captured (the request was never sent): the values of ${unseen.join(', ')}.`);
  const secrets = headers.filter((h) => r.on && isSecretHeader(h.name) && h.value !== PLACEHOLDER).map((h) => h.name);
  if (secrets.length > 0) lines.push(`// Redacted: put in the real values of ${secrets.join(', ')}.`);
  const page = ex.page !== undefined && ex.page.ambiguous !== true ? ex.page : undefined;
  if (page === undefined && v.credentials.basis !== 'given' && v.credentials.basis !== 'cookie') {
    lines.push(`// How the page set credentials was not observed: "${v.credentials.mode}" is CORS Lens's assumption.`);
  }
  const init: string[] = [`  method: ${lit(ex.request.method)},`];
  if (headers.length > 0) {
    init.push('  headers: {');
    for (const h of headers) init.push(`    ${lit(h.name)}: ${lit(h.value === PLACEHOLDER ? h.value : r.value(h.name, h.value))},`);
    init.push('  },');
  }
  if (input.requestBody !== undefined && replaysBody(ex, input.requestBody))
    init.push(`  body: ${lit(r.body(input.requestBody.text, input.requestBody.mimeType))},`);
  init.push(`  mode: ${lit(page?.mode ?? ex.request.mode ?? 'cors')},`);
  init.push(`  credentials: ${lit(v.credentials.mode)},`);
  const redirect = page?.redirectMode ?? ex.request.redirectMode;
  if (redirect !== undefined && redirect !== 'follow') init.push(`  redirect: ${lit(redirect)},`);
  lines.push(`await fetch(${lit(r.url(ex.url))}, {`, ...init, '});');
  return lines.join('\n');
}
