// The JSON report: the same document as the Markdown, for tools. Its shape is
// docs/report.schema.json (format "cors-lens-report", version 1); reason, check, warning,
// hint and fix-note codes are the engine's stable codes.
import { buildReport } from './model.ts';
import type { ReportInput, ReportOptions } from './types.ts';

export const REPORT_FORMAT = 'cors-lens-report';
export const REPORT_VERSION = 1;

/** The JSON report, pretty-printed, ending with a newline. */
export function renderJson(inputs: ReportInput | readonly ReportInput[], options: ReportOptions = {}): string {
  return `${JSON.stringify(buildReport(inputs, options), null, 2)}\n`;
}
