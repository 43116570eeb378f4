// Writing the report as it is made. The documents are src/core/report's (renderMarkdown,
// renderJson, renderCurlScript), composed here one request at a time so that the output is
// the same text those functions give for the whole list, without ever being one string:
//  - Markdown: the title and index, then each request's section, which is renderMarkdown's
//    report for that one request with its headings one level down and numbered;
//  - JSON: buildReport's document, its "exchanges" array written element by element.
// Everything goes through visible(): no control character reaches a terminal.
import { buildReport, renderMarkdown, REDACTED, type ReportExchange, type ReportInput, type ReportOptions } from '../core/report/index.ts';
import { isoUtc } from '../core/report/index.ts';
import { code, text } from '../core/report/index.ts';
import { reportWords } from '../core/report/index.ts';
import type { Catalogue, ReportWords } from '../core/report/index.ts';
import { endpointOf, type ReportGroup } from './groups.ts';

// C0 controls but the line feed (TAB and CR included), DEL, C1 controls, and the Unicode
// zero-width, line/paragraph-separator and bidi controls that can hide or reorder text.
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * Text made safe for a terminal: each invisible or control character becomes `\uXXXX`. In JSON
 * output that is the character's own escape (JSON.stringify leaves DEL and C1 controls raw), so
 * the document still parses to the same values.
 */
export function visible(s: string): string {
  return s.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const CHUNK = 64 * 1024;

/** Buffered output: writes of about 64 K characters, each made visible. */
export class TextOut {
  #parts: string[] = [];
  #size = 0;
  constructor(private readonly sink: (s: string) => void) {}

  write(s: string): void {
    this.#parts.push(s);
    this.#size += s.length;
    if (this.#size >= CHUNK) this.#flush();
  }

  #flush(): void {
    if (this.#parts.length === 0) return;
    const s = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    this.sink(visible(s));
  }

  end(): void {
    this.#flush();
  }
}

/** renderJson's document, written one exchange at a time. */
export function jsonWriter(redact: boolean, out: TextOut): { exchange(e: ReportExchange | undefined): void; end(): void } {
  const empty = JSON.stringify(buildReport([], { redact }), null, 2);
  const at = empty.indexOf('[]');
  let n = 0;
  out.write(empty.slice(0, at + 1));
  return {
    exchange(e) {
      if (e === undefined) return;
      out.write(`${n++ === 0 ? '' : ','}\n    ${JSON.stringify(e, null, 2).replace(/\n/g, '\n    ')}`);
    },
    end() {
      out.write(`${n > 0 ? '\n  ' : ''}${empty.slice(at + 1)}\n`);
    },
  };
}

const headline = (e: ReportExchange, w: ReportWords): string => `${w.kinds[e.kind]}: ${code(`${e.request.method} ${e.request.url}`)}`;

/** The index line of the n-th request (or group of `count` requests), as renderMarkdown writes it. */
export function indexLine(n: number, e: ReportExchange, count = 1, w: ReportWords = reportWords): string {
  const line = `${n}. ${headline(e, w)}, ${e.kind === 'warning' ? w.warningCount(e.warnings.length) : text(e.verdict.title)}`;
  return count > 1 ? `${line} (${w.exchanges(count)})` : line;
}

/** The paragraph under a group's heading: how many requests, where, when. */
export function groupNote(g: ReportGroup, e: ReportExchange, w: ReportWords = reportWords): string {
  const first = isoUtc(g.first);
  const last = isoUtc(g.last);
  const fromTo = (a: string, b: string): string => w.capturedFromTo.replace('{first}', code(a)).replace('{last}', code(b));
  const when = first === null || last === null ? '' : first === last ? `, ${w.capturedAtTime} ${code(first)}` : `, ${fromTo(first, last)}`;
  const urls = g.urls.size > 1 ? `, ${w.differentUrls(g.urls.size)}` : '';
  return `**${w.alike(g.count)}** ${w.alikeWhy}: ${code(`${e.request.method} ${endpointOf(e.request.url)}`)}${urls}${when}. ${w.firstInFull}`;
}

/** renderMarkdown's footer when values were redacted. */
const footer = (w: ReportWords): string => `---\n\n${text(w.redacted)} ${code(REDACTED)}.\n`;

/** renderMarkdown's report of one request as the n-th section of a longer report. */
function section(input: ReportInput, n: number, options: ReportOptions, note: string | null): string {
  const redact = options.redact ?? true;
  const w = options.catalogue?.report ?? reportWords;
  let body = renderMarkdown([input], options);
  if (redact && body.endsWith(footer(w))) body = body.slice(0, -footer(w).length);
  const lines = body.trimEnd().split('\n');
  let fence: string | null = null;
  lines.forEach((line, k) => {
    if (fence !== null) {
      if (line === fence) fence = null;
      return;
    }
    const open = /^`{3,}/.exec(line);
    if (open !== null) fence = open[0];
    else if (line.startsWith('#')) lines[k] = k === 0 ? `## ${n}. ${line.replace(/^# /, '')}` : `#${line}`;
  });
  if (note !== null) lines.splice(2, 0, note, '');
  return lines.join('\n');
}

export interface MarkdownParts {
  /** Index lines, one per section. */
  readonly index: readonly string[];
  /** The requests the sections stand for (more than the sections when grouped). */
  readonly requests: number;
  readonly redact: boolean;
  /** The server stack whose snippet each section shows first. */
  readonly stack?: ReportOptions['stack'];
  /** The report's language (default English). */
  readonly catalogue?: Catalogue;
  /** Each section's request, and the paragraph saying what it stands for. */
  readonly sections: Iterable<{ readonly input: ReportInput; readonly note: string | null }>;
}

/** The Markdown report, written section by section. Nothing at all when there is nothing to report. */
export function composeMarkdown(out: TextOut, parts: MarkdownParts): void {
  const { index, requests, redact } = parts;
  const w = parts.catalogue?.report ?? reportWords;
  const options: ReportOptions = {
    redact,
    ...(parts.stack === undefined ? {} : { stack: parts.stack }),
    ...(parts.catalogue === undefined ? {} : { catalogue: parts.catalogue }),
  };
  if (index.length === 0) return;
  if (index.length === 1 && requests === 1) {
    for (const s of parts.sections) out.write(renderMarkdown([s.input], options));
    return;
  }
  const groups = index.length < requests ? ` ${w.inGroups(index.length)}` : '';
  out.write(`# ${w.reportTitle}: ${w.exchanges(requests)}${groups}\n\n${w.index}:\n`);
  for (const line of index) out.write(`\n${line}`);
  let n = 0;
  for (const s of parts.sections) out.write(`\n\n${section(s.input, ++n, options, s.note)}`);
  out.write(redact ? `\n\n${footer(w)}` : '\n');
}
