// The preflight and the actual request as curl commands, so the server owner can replay them
// from a terminal and watch the CORS headers come back. The browser-managed headers (Host,
// User-Agent, Sec-*, …) are left to curl; what the page's script set, the Origin, and the
// preflight's Access-Control-Request-* headers are sent exactly as captured.
import type { Exchange, HeaderEntry, HeaderList } from '../exchange.ts';
import { getHeader } from '../headers.ts';
import { isSafelistedMethod, normalizeMethod, unsafeRequestHeaderNames } from '../safelist.ts';
import type { Verdict } from '../verdict.ts';
import { evaluatedOrigin } from './facts.ts';
import { redactorFor, type Redactor } from './redactor.ts';
import { shellQuote, shellWord, visibleControls } from './shell-quote.ts';
import type { ReportInput, ReportOptions } from './types.ts';

/** The two commands; `preflight` is null when the request needs none. */
export interface CurlCommands {
  readonly preflight: string | null;
  readonly actual: string;
}

// Headers the browser sets itself (Fetch's forbidden request-header names, plus its defaults):
// a script cannot choose them, and curl sends its own.
const BROWSER_MANAGED = /^(accept-charset|accept-encoding|accept-language|access-control-request-.*|connection|content-length|cookie2|date|dnt|expect|host|keep-alive|origin|referer|te|trailer|transfer-encoding|upgrade|via|user-agent|priority|sec-.*|proxy-connection)$/i;

/** Request headers worth replaying: set by the page (or cookies), not by the browser. */
export function replayHeaders(headers: HeaderList): HeaderEntry[] {
  return headers.filter((h) => !h.name.startsWith(':') && !BROWSER_MANAGED.test(h.name));
}

function header(name: string, value: string): string {
  // `-H 'Name:'` would make curl drop the header; `Name;` sends it empty.
  return `-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`;
}

function command(head: string, url: string, headers: readonly string[]): string {
  return [`${head} ${shellQuote(url)}`, ...headers].join(' \\\n  ');
}

/** The preflight the browser sent (or would send), as observed when it was captured. */
function preflightCommand(ex: Exchange, origin: string | null, r: Redactor): string | null {
  const method = normalizeMethod(ex.request.method);
  const observed = ex.preflight.kind === 'observed' ? ex.preflight.requestHeaders : null;
  const unsafe = unsafeRequestHeaderNames(ex.request.headers);
  if (observed === null && isSafelistedMethod(method) && unsafe.length === 0) return null;
  const pick = (name: string): string | null => (observed === null ? null : getHeader(observed, name));
  const lines: string[] = [];
  const o = pick('origin') ?? origin;
  if (o !== null) lines.push(header('Origin', r.value('origin', o)));
  lines.push(header('Access-Control-Request-Method', pick('access-control-request-method') ?? method));
  const acrh = pick('access-control-request-headers') ?? (unsafe.length > 0 ? unsafe.join(',') : null);
  if (acrh !== null) lines.push(header('Access-Control-Request-Headers', acrh));
  return command('curl -i -X OPTIONS', r.url(ex.url), lines);
}

function actualCommand(ex: Exchange, origin: string | null, r: Redactor): string {
  const method = ex.request.method;
  const head = method === 'GET' ? 'curl -i' : method === 'HEAD' ? 'curl -i --head' : `curl -i -X ${shellWord(method)}`;
  const lines: string[] = [];
  const o = getHeader(ex.request.headers, 'origin') ?? origin;
  if (o !== null) lines.push(header('Origin', r.value('origin', o)));
  for (const h of r.headers(replayHeaders(ex.request.headers))) lines.push(header(h.name, h.value));
  return command(head, r.url(ex.url), lines);
}

/** curl commands for an exchange and its verdict, with a redactor already chosen. */
export function curlCommands(ex: Exchange, verdict: Verdict, r: Redactor): CurlCommands {
  const origin = evaluatedOrigin(ex, verdict);
  return { preflight: preflightCommand(ex, origin, r), actual: actualCommand(ex, origin, r) };
}

/** The preflight and the actual request as POSIX-shell-quoted curl commands (redacted by default). */
export function renderCurl(input: ReportInput, options: ReportOptions = {}): CurlCommands {
  return curlCommands(input.exchange, input.verdict, redactorFor(input.exchange, options.redact ?? true));
}

/** Several exchanges as one POSIX shell script: per exchange a comment, the preflight, the request. */
export function renderCurlScript(inputs: ReportInput | readonly ReportInput[], options: ReportOptions = {}): string {
  const list: readonly ReportInput[] = Array.isArray(inputs) ? inputs : [inputs as ReportInput];
  const blocks = list.map((input, n) => {
    const r = redactorFor(input.exchange, options.redact ?? true);
    const c = curlCommands(input.exchange, input.verdict, r);
    // The comment holds a URL: control characters made visible so it stays one comment line.
    const head = `# ${n + 1}. ${visibleControls(`${input.exchange.request.method} ${r.url(input.exchange.url)}`)}`;
    return [head, ...(c.preflight === null ? [] : [c.preflight]), c.actual].join('\n\n');
  });
  return blocks.length === 0 ? '' : `${blocks.join('\n\n\n')}\n`;
}
