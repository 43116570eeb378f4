// What the Export buttons produce: a report of one exchange or of several, in one of the
// report formats, with its file name. The rendering itself is the engine's (src/core/report);
// this only gathers the inputs the panel has.
import type { StackId } from '../core/index.ts';
import { renderCurlScript, renderFetch, renderJson, renderMarkdown, reportFileName } from '../core/report/index.ts';
import type { CaptureRecord } from '../shared/record.ts';
import { reportInputFromRecord } from '../shared/report-input.ts';
import { withFullVerdict } from './verdict-trace.ts';
import { engineWords } from './words.ts';

export type ExportFormat = 'markdown' | 'json' | 'curl' | 'fetch';

export interface ExportContext {
  /** The tab's whole records the panel has, to find the preflight that filled a cache hit. */
  records: { get(id: string): CaptureRecord | undefined };
  /** e.g. "Chromium 156". */
  browser: string;
  extensionVersion: string;
  /** Replace Cookie, Authorization and secret-looking query values (the default). */
  redact: boolean;
  /** The server stack the user picked: the Markdown report shows its snippet first. */
  stack?: StackId;
}

export interface ExportFile {
  text: string;
  fileName: string;
  mime: string;
}

const MIME: Record<ExportFormat, string> = {
  markdown: 'text/markdown;charset=utf-8',
  json: 'application/json;charset=utf-8',
  curl: 'text/x-shellscript;charset=utf-8',
  fetch: 'text/javascript;charset=utf-8',
};

const EXTENSION: Record<ExportFormat, 'md' | 'json' | 'sh' | 'js'> = { markdown: 'md', json: 'json', curl: 'sh', fetch: 'js' };

export function buildExport(records: readonly CaptureRecord[], format: ExportFormat, ctx: ExportContext): ExportFile {
  // A report shows every check: records that came with their verdict's summary only get the
  // whole verdict derived here, when an export asks for it.
  const inputs = records.map((record) =>
    reportInputFromRecord(withFullVerdict(record), {
      browser: ctx.browser,
      extensionVersion: ctx.extensionVersion,
      ...(record.cachedFrom !== undefined ? { cacheFiller: ctx.records.get(record.cachedFrom) } : {}),
    }),
  );
  const options = { redact: ctx.redact };
  let text: string;
  // The Markdown report is written in the panel's language; JSON stays codes and parameters.
  if (format === 'markdown') text = renderMarkdown(inputs, { ...options, catalogue: engineWords, ...(ctx.stack === undefined ? {} : { stack: ctx.stack }) });
  else if (format === 'json') text = renderJson(inputs, options);
  else if (format === 'fetch') text = inputs.map((i) => renderFetch(i, options)).join('\n\n');
  else text = renderCurlScript(inputs, options);
  return { text, fileName: reportFileName(inputs, EXTENSION[format]), mime: MIME[format] };
}

/** The records (or rows) "Export blocked" covers, in capture order. */
export function blockedRecords<T extends { verdict?: { outcome: string } | undefined }>(records: Iterable<T>): T[] {
  return [...records].filter((r) => r.verdict?.outcome === 'blocked');
}

/** "Chromium 156" / "Firefox 153" from a user-agent string. */
export function browserName(userAgent: string): string {
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  if (firefox) return `Firefox ${firefox[1]}`;
  const chrome = /Chrom(?:e|ium)\/(\d+)/.exec(userAgent);
  return chrome ? `Chromium ${chrome[1]}` : 'unknown browser';
}
