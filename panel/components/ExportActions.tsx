// Export buttons for a set of exchanges (one in the detail view, every blocked one in the
// toolbar): copy or save the report as Markdown, save it as JSON, copy the curl commands.
import { useState } from 'preact/hooks';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { copyText } from '../clipboard.ts';
import { saveFile } from '../download.ts';
import { buildExport, type ExportContext, type ExportFormat } from '../export.ts';
import { words } from '../words.ts';

interface ExportProps {
  records: readonly CaptureRecord[];
  ctx: ExportContext;
  /** Prefix of the buttons' data-testid ("export" in the detail, "export-blocked" in the toolbar). */
  testid: string;
}

export function ExportActions({ records, ctx, testid }: ExportProps) {
  const [done, setDone] = useState<string | null>(null);
  const empty = records.length === 0;
  const flash = (message: string) => {
    setDone(message);
    setTimeout(() => setDone(null), 1500);
  };
  const copy = async (format: ExportFormat) => {
    const ok = await copyText(buildExport(records, format, ctx).text);
    flash(ok ? words.copied : words.copyFailed);
  };
  const save = (format: ExportFormat) => {
    const file = buildExport(records, format, ctx);
    saveFile(file.text, file.fileName, file.mime);
    flash(words.saved(file.fileName));
  };
  const button = (label: string, id: string, onClick: () => void, title: string) => (
    <button type="button" class="tool" data-testid={`${testid}-${id}`} disabled={empty} title={title} onClick={onClick}>
      {label}
    </button>
  );
  return (
    <span class="export" data-testid={testid}>
      {button(words.copyMarkdown, 'copy-md', () => void copy('markdown'), words.copyMarkdownTitle)}
      {button(words.saveMarkdown, 'save-md', () => save('markdown'), words.saveMarkdownTitle)}
      {button(words.saveJson, 'save-json', () => save('json'), words.saveJsonTitle)}
      {button(words.copyCurl, 'copy-curl', () => void copy('curl'), words.copyCurlTitle)}
      {done && <span class="muted" data-testid={`${testid}-done`}>{done}</span>}
    </span>
  );
}
