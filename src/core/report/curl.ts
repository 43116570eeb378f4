// The preflight and the actual request as curl commands, so the server owner can replay them
// from a terminal and watch the CORS headers come back. The browser-managed headers (Host,
// User-Agent, Sec-*, …) are left to curl; what the page's script set, the Origin, and the
// preflight's Access-Control-Request-* headers are sent exactly as captured. A redirect is
// replayed hop by hop, each request as the browser sent it (Origin: null after a cross-origin
// hop). Every command has `-g` (no URL globbing: `[redacted]` is a literal, not a range).
import type { Exchange, HeaderEntry, HeaderList, ObservedPreflight } from '../exchange.ts';
import { getHeader, lowerCommaItems } from '../headers.ts';
import { isCrossOrigin, originOfUrl, resolve, sameOrigin } from '../origin.ts';
import { isSafelistedMethod, normalizeMethod, unsafeRequestHeaderNames } from '../safelist.ts';
import type { Verdict } from '../verdict.ts';
import { evaluatedOrigin } from './facts.ts';
import { isSecretHeader } from './redact.ts';
import { redactorFor, type Redactor } from './redactor.ts';
import { shellQuote, shellWord, visibleControls } from './shell-quote.ts';
import type { ReportInput, ReportOptions, RequestBody } from './types.ts';
import type { ReportWords } from '../messages/catalogue.ts';
import { reportWords, reportWordsOf } from './words.ts';

/** The browser's request after one redirect, as it sent it. */
export interface CurlHop {
  /** The preflight sent to the new URL before following, when one was captured. */
  readonly preflight: string | null;
  readonly request: string;
}

/** The commands; `preflight` is null when the request needs none, `redirects` one entry per hop followed. */
export interface CurlCommands {
  readonly preflight: string | null;
  readonly actual: string;
  readonly redirects: readonly CurlHop[];
}

/** Stands for a header value the capture does not have (a request never sent, cookies not shown). */
export const PLACEHOLDER = '<value not captured>';

// Headers the browser sets itself (Fetch's forbidden request-header names, plus its defaults):
// a script cannot choose them, and curl sends its own.
const BROWSER_MANAGED =
  /^(accept-charset|accept-encoding|accept-language|access-control-request-.*|connection|content-length|cookie2|date|dnt|expect|host|keep-alive|origin|referer|te|trailer|transfer-encoding|upgrade|via|user-agent|priority|sec-.*|proxy-connection)$/i;

// Fetch #request-body-header-name: dropped with the body when a redirect turns the request into a GET.
const BODY_HEADER = /^content-(encoding|language|location|type)$/i;

/** Request headers worth replaying: set by the page (or cookies), not by the browser. */
export function replayHeaders(headers: HeaderList): HeaderEntry[] {
  return headers.filter((h) => !h.name.startsWith(':') && !BROWSER_MANAGED.test(h.name));
}

function header(name: string, value: string): string {
  // `-H 'Name:'` would make curl drop the header; `Name;` sends it empty.
  return `-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`;
}

function command(head: string, url: string, args: readonly string[]): string {
  return [`${head} ${shellQuote(url)}`, ...args].join(' \\\n  ');
}

/** A request as the browser sent it, ready to print. */
interface Request {
  readonly method: string;
  readonly url: string;
  readonly origin: string | null;
  /** Sent as they are (already redacted). */
  readonly headers: readonly HeaderEntry[];
  /** Shown as a comment: credentials the report cannot show (redacted, or not captured). */
  readonly commented: readonly HeaderEntry[];
  readonly body: RequestBody | null;
}

// Bytes a `printf '%b'` argument must escape: the backslash itself and control characters.
function printfEscape(s: string): string {
  return s.replace(/[\\\u0000-\u001f\u007f]/g, (c) => (c === '\\' ? '\\\\' : `\\0${c.charCodeAt(0).toString(8).padStart(3, '0')}`));
}

function requestCommand(req: Request, r: Redactor): string {
  const m = req.method;
  let head = m === 'GET' ? 'curl -g -i' : m === 'HEAD' ? 'curl -g -i --head' : `curl -g -i -X ${shellWord(m)}`;
  const args: string[] = [];
  if (req.origin !== null) args.push(header('Origin', r.value('origin', req.origin)));
  for (const h of req.headers) args.push(header(h.name, h.value));
  if (req.body !== null) {
    // curl would add its own form Content-Type to a body; an empty `Content-Type:` removes it.
    if (!req.headers.some((h) => /^content-type$/i.test(h.name))) {
      args.push(req.body.mimeType === undefined ? `-H ${shellQuote('Content-Type:')}` : header('Content-Type', req.body.mimeType));
    }
    // --data-raw: a leading @ is data, never a file name. Control characters (newlines of a
    // pretty-printed body) cannot stay inside quotes without reaching the terminal: then the body
    // comes from printf's escapes on stdin.
    if (/[\u0000-\u001f\u007f]/.test(req.body.text)) {
      head = `printf '%b' ${shellQuote(printfEscape(req.body.text))} | ${head}`;
      args.push('--data-binary @-');
    } else {
      args.push(`--data-raw ${shellQuote(req.body.text)}`);
    }
  }
  const cmd = command(head, req.url, args);
  if (req.commented.length === 0) return cmd;
  const lines = req.commented.map((h) => `#   ${header(h.name, h.value)}`);
  return [`# ${reportWords.credentialsLeftOut}`, ...lines.map(visibleControls), cmd].join('\n');
}

/** A preflight as observed (its Origin, method and header list), sent to `url`. */
function observedPreflightCommand(pf: ObservedPreflight, url: string, r: Redactor): string {
  const lines: string[] = [];
  const o = getHeader(pf.requestHeaders, 'origin');
  if (o !== null) lines.push(header('Origin', r.value('origin', o)));
  const acrm = getHeader(pf.requestHeaders, 'access-control-request-method');
  if (acrm !== null) lines.push(header('Access-Control-Request-Method', acrm));
  const acrh = getHeader(pf.requestHeaders, 'access-control-request-headers');
  if (acrh !== null) lines.push(header('Access-Control-Request-Headers', acrh));
  return command('curl -g -i -X OPTIONS', r.url(url), lines);
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
  return command('curl -g -i -X OPTIONS', r.url(ex.url), lines);
}

/** The page's headers: captured ones, plus (when the request was never sent) the preflight's list with placeholders. */
function pageHeaders(ex: Exchange, verdict: Verdict, body: RequestBody | null, r: Redactor): { headers: HeaderEntry[]; commented: HeaderEntry[] } {
  const headers: HeaderEntry[] = [];
  const commented: HeaderEntry[] = [];
  const captured = replayHeaders(ex.request.headers);
  for (const h of captured) {
    // A redacted secret would be sent as "[redacted]": a comment to fill in instead.
    if (r.on && isSecretHeader(h.name)) commented.push({ name: h.name, value: r.value(h.name, h.value) });
    else headers.push({ name: h.name, value: r.value(h.name, h.value) });
  }
  // The request was never sent (its preflight failed) or its headers were missed: the
  // preflight's Access-Control-Request-Headers still names the headers the page set.
  const acrh = ex.preflight.kind === 'observed' ? getHeader(ex.preflight.requestHeaders, 'access-control-request-headers') : null;
  const have = new Set(captured.map((h) => h.name.toLowerCase()));
  for (const name of lowerCommaItems(acrh)) {
    if (have.has(name) || BROWSER_MANAGED.test(name) || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) continue;
    have.add(name);
    if (isSecretHeader(name)) commented.push({ name, value: PLACEHOLDER });
    else headers.push({ name, value: name === 'content-type' && body?.mimeType !== undefined ? body.mimeType : PLACEHOLDER });
  }
  // A credentialed request whose cookies the capture does not show.
  if (verdict.credentials.mode === 'include' && !have.has('cookie')) commented.push({ name: 'Cookie', value: PLACEHOLDER });
  return { headers, commented };
}

/** Whether the actual request's command carries a body (GET and HEAD have none). */
export function replaysBody(ex: Exchange, body: RequestBody | undefined): boolean {
  return body !== undefined && ex.request.method !== 'GET' && ex.request.method !== 'HEAD';
}

/** curl commands for an exchange and its verdict, with a redactor already chosen. */
export function curlCommands(ex: Exchange, verdict: Verdict, r: Redactor, requestBody?: RequestBody): CurlCommands {
  const initiator = evaluatedOrigin(ex, verdict);
  const origin = getHeader(ex.request.headers, 'origin') ?? initiator;
  let method = ex.request.method;
  const body: RequestBody | null =
    requestBody === undefined || !replaysBody(ex, requestBody)
      ? null
      : { text: r.body(requestBody.text, requestBody.mimeType), ...(requestBody.mimeType === undefined ? {} : { mimeType: requestBody.mimeType }) };
  const page = pageHeaders(ex, verdict, body, r);
  let req: Request = { method, url: r.url(ex.url), origin, headers: page.headers, commented: page.commented, body };
  const actual = requestCommand(req, r);

  // Each hop as the browser followed it (Fetch #http-redirect-fetch).
  const redirects: CurlHop[] = [];
  let tainted = origin === 'null';
  const from = origin === 'null' ? null : origin;
  for (const hop of ex.redirects) {
    const next = resolve(hop.location, hop.url);
    const here = originOfUrl(hop.url);
    const there = originOfUrl(next);
    const leaves = here === null || there === null || !sameOrigin(here, there);
    // The origin turns "null" when a hop leaves an origin that was already foreign to the page.
    if (origin !== null && leaves && (from === null || isCrossOrigin(from, hop.url))) tainted = true;
    const toGet = ((hop.status === 301 || hop.status === 302) && method === 'POST') || (hop.status === 303 && method !== 'GET' && method !== 'HEAD');
    if (toGet) method = 'GET';
    req = {
      method,
      url: r.url(next),
      origin: origin === null ? null : tainted ? 'null' : origin,
      headers: toGet ? req.headers.filter((h) => !BODY_HEADER.test(h.name)) : req.headers,
      commented: req.commented,
      body: toGet ? null : req.body,
    };
    redirects.push({ preflight: hop.preflight ? observedPreflightCommand(hop.preflight, next, r) : null, request: requestCommand(req, r) });
  }
  return { preflight: preflightCommand(ex, initiator, r), actual, redirects };
}

/** The preflight and the actual request as POSIX-shell-quoted curl commands (redacted by default). */
export function renderCurl(input: ReportInput, options: ReportOptions = {}): CurlCommands {
  return curlCommands(input.exchange, input.verdict, redactorFor(input.exchange, options.redact ?? true), input.requestBody);
}

/** The commands of one exchange in the order the browser sent them, each after a comment line. */
export function curlSteps(c: CurlCommands, method: string, body: RequestBody | null | undefined, w: ReportWords = reportWords): string[] {
  const out: string[] = [];
  // The commands are the report model's (in English, as the JSON has them): only their comment line is translated.
  const english = `# ${reportWords.credentialsLeftOut}\n`;
  const says = (cmd: string): string => (cmd.startsWith(english) ? `# ${w.credentialsLeftOut}\n${cmd.slice(english.length)}` : cmd);
  if (c.preflight !== null) out.push(`# ${w.reproducePreflight}\n${c.preflight}`);
  const bodiless = method === 'GET' || method === 'HEAD';
  out.push(`# ${bodiless || (body !== null && body !== undefined) ? w.reproduceActualWithBody : w.reproduceActual}\n${says(c.actual)}`);
  c.redirects.forEach((hop, i) => {
    if (hop.preflight !== null) out.push(`# ${w.reproduceHopPreflight(i + 1)}\n${hop.preflight}`);
    out.push(`# ${w.reproduceHop(i + 1)}\n${says(hop.request)}`);
  });
  return out;
}

/** Several exchanges as one POSIX shell script: per exchange a comment, then its commands in order. */
export function renderCurlScript(inputs: ReportInput | readonly ReportInput[], options: ReportOptions = {}): string {
  const list: readonly ReportInput[] = Array.isArray(inputs) ? inputs : [inputs as ReportInput];
  const blocks = list.map((input, n) => {
    const r = redactorFor(input.exchange, options.redact ?? true);
    const c = curlCommands(input.exchange, input.verdict, r, input.requestBody);
    // The comment holds a URL: control characters made visible so it stays one comment line.
    const head = `# ${n + 1}. ${visibleControls(`${input.exchange.request.method} ${r.url(input.exchange.url)}`)}`;
    return [head, ...curlSteps(c, input.exchange.request.method, input.requestBody, reportWordsOf(options.catalogue))].join('\n\n');
  });
  return blocks.length === 0 ? '' : `${blocks.join('\n\n\n')}\n`;
}
