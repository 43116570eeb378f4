// Export buttons for a set of exchanges (one in the detail view, every blocked one in the
// toolbar): copy or save the report as Markdown, save it as JSON, copy the curl commands.
// The toolbar's set is a list of rows: their whole records are asked for when a button is
// pressed (`load`), not before.
import { useState } from 'preact/hooks';
import type { CaptureRecord } from '../../shared/record.ts';
import { copyText } from '../clipboard.ts';
import { saveFile } from '../download.ts';
import { buildExport, type ExportContext, type ExportFormat } from '../export.ts';
import { words } from '../words.ts';

interface ExportProps {
  /** The whole records to export, when the panel has them. */
  records?: readonly CaptureRecord[];
  /** Otherwise: how many there are, and how to get them whole. */
  count?: number;
  load?: () => Promise<readonly CaptureRecord[]>;
  ctx: ExportContext;
  /** Prefix of the buttons' data-testid ("export" in the detail, "export-blocked" in the toolbar). */
  testid: string;
  /** As items of a menu (the toolbar's overflow menu). */
  menu?: boolean;
  /** Where the result ("Copied", "Saved …") is said; absent: beside the buttons. */
  onDone?: (message: string) => void;
  /** Shorter labels, for a toolbar short of room. */
  short?: boolean;
}

export function ExportActions({ records, count, load, ctx, testid, menu = false, onDone, short = false }: ExportProps) {
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const empty = (records?.length ?? count ?? 0) === 0;
  const flash = (message: string) => {
    if (onDone) return onDone(message);
    setDone(message);
    setTimeout(() => setDone(null), 1500);
  };
  /** Runs `fn` on the whole records: at once when they are here, else once they arrive. */
  const withRecords = (fn: (records: readonly CaptureRecord[]) => void | Promise<void>) => {
    if (records) return void fn(records);
    if (!load || busy) return;
    setBusy(true);
    void load()
      .then(fn)
      .finally(() => setBusy(false));
  };
  const copy = (format: ExportFormat) =>
    withRecords(async (rs) => {
      const ok = await copyText(buildExport(rs, format, ctx).text);
      flash(ok ? words.copied : words.copyFailed);
    });
  const save = (format: ExportFormat) =>
    withRecords((rs) => {
      const file = buildExport(rs, format, ctx);
      saveFile(file.text, file.fileName, file.mime);
      flash(words.saved(file.fileName));
    });
  const button = (label: string, id: string, onClick: () => void, title: string) =>
    menu ? (
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        data-testid={`${testid}-${id}`}
        aria-disabled={empty || busy}
        title={title}
        onClick={() => !(empty || busy) && onClick()}
      >
        {label}
      </button>
    ) : (
      <button type="button" class="tool" data-testid={`${testid}-${id}`} disabled={empty || busy} title={title} onClick={onClick}>
        {label}
      </button>
    );
  if (menu) {
    return (
      <div role="group" class="menu-group" aria-label={words.exportBlockedTitle} data-testid={testid}>
        {button(words.copyMarkdown, 'copy-md', () => copy('markdown'), words.copyMarkdownTitle)}
        {button(words.saveMarkdown, 'save-md', () => save('markdown'), words.saveMarkdownTitle)}
        {button(words.saveJson, 'save-json', () => save('json'), words.saveJsonTitle)}
        {button(words.copyCurl, 'copy-curl', () => copy('curl'), words.copyCurlTitle)}
      </div>
    );
  }
  return (
    <span class="export" data-testid={testid}>
      {button(short ? words.copyMarkdownShort : words.copyMarkdown, 'copy-md', () => copy('markdown'), words.copyMarkdownTitle)}
      {button(words.saveMarkdown, 'save-md', () => save('markdown'), words.saveMarkdownTitle)}
      {button(words.saveJson, 'save-json', () => save('json'), words.saveJsonTitle)}
      {button(words.copyCurl, 'copy-curl', () => copy('curl'), words.copyCurlTitle)}
      {done && (
        <span class="muted" data-testid={`${testid}-done`}>
          {done}
        </span>
      )}
    </span>
  );
}
