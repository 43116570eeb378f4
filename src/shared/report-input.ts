// Capture record → report input: the adapter between what the extension keeps for a request
// and the pure report renderers of src/core/report (which know nothing of records).
import { evaluate } from '../core/index.ts';
import type { CaptureNote, ReportInput } from '../core/report/index.ts';
import type { CaptureRecord, PreflightCapture } from './record.ts';
import { toExchange } from './to-exchange.ts';
import { neverSent } from './row.ts';

export interface RecordReportOptions {
  /** e.g. "Chromium 156" or navigator.userAgent's product; defaults to the browser family. */
  browser?: string;
  /** The extension's version (chrome.runtime.getManifest().version). */
  extensionVersion?: string;
  /** The earlier record whose preflight filled the browser's preflight cache, when known. */
  cacheFiller?: { preflight?: PreflightCapture };
}

/** What the capture of this record could not see. */
function notesOf(record: CaptureRecord): CaptureNote[] {
  const notes: CaptureNote[] = [];
  if (record.observedBy === 'headers-only' && record.error === undefined) notes.push('outcome-not-observed');
  if (neverSent(record)) notes.push('request-not-sent');
  return notes;
}

/** The report input for a record; its verdict is used as is when whole (a stored one lacks its trace: derived again). */
export function reportInputFromRecord(record: CaptureRecord, options: RecordReportOptions = {}): ReportInput {
  const exchange = toExchange(record, options.cacheFiller);
  // Firefox's webRequest names the page (documentUrl); Chromium's does not, but the browser names
  // the frame that sent the page witness's report; without either the report reads the Referer.
  const pageUrl = record.documentUrl ?? record.witness?.documentUrl;
  return {
    exchange,
    verdict: record.verdict && Array.isArray(record.verdict.checks) ? record.verdict : evaluate(exchange),
    capturedAt: record.startedAt,
    ...(record.source ? { source: record.source } : {}),
    ...(options.browser !== undefined ? { browser: options.browser } : {}),
    ...(options.extensionVersion !== undefined ? { extensionVersion: options.extensionVersion } : {}),
    notes: notesOf(record),
    ...(pageUrl === undefined ? {} : { pageUrl }),
  };
}
