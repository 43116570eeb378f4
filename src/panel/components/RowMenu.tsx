// The context menu of a request row (right click, or the menu key / Shift+F10 on the selected
// row): copy the request as curl or as fetch(), or copy its report. The whole record is asked
// for when an item is chosen (rows carry no headers). Escape, a click elsewhere or a choice
// closes it; the result ("Copied", or that copying failed) is said in the panel's status.
import { useEffect, useRef } from 'preact/hooks';
import type { CaptureRecord } from '../../shared/record.ts';
import { copyText } from '../clipboard.ts';
import { buildExport, type ExportContext, type ExportFormat } from '../export.ts';
import { words } from '../words.ts';

export interface MenuAt {
  id: string;
  x: number;
  y: number;
}

interface RowMenuProps {
  at: MenuAt;
  /** The whole record and, for a preflight-cache hit, the one that filled the cache (ctx.records). */
  load: (id: string) => Promise<CaptureRecord | undefined>;
  ctx: ExportContext;
  onClose: () => void;
  onDone: (message: string) => void;
}

const ITEMS: ReadonlyArray<readonly [ExportFormat, keyof typeof words.rowMenu]> = [
  ['curl', 'curl'],
  ['fetch', 'fetch'],
  ['markdown', 'report'],
];

export function RowMenu({ at, load, ctx, onClose, onDone }: RowMenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    (menu.current?.querySelector('button') as HTMLButtonElement | null)?.focus();
    const away = (e: Event) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('mousedown', away, true);
    document.addEventListener('keydown', key, true);
    return () => {
      document.removeEventListener('mousedown', away, true);
      document.removeEventListener('keydown', key, true);
    };
  }, [onClose]);
  const choose = async (format: ExportFormat) => {
    onClose();
    const record = await load(at.id);
    if (!record) return onDone(words.copyFailed);
    const ok = await copyText(buildExport([record], format, ctx).text);
    onDone(ok ? words.copied : words.copyFailed);
  };
  return (
    <div ref={menu} class="row-menu" role="menu" data-testid="row-menu" data-id={at.id} style={{ left: `${at.x}px`, top: `${at.y}px` }}>
      {ITEMS.map(([format, label]) => (
        <button type="button" role="menuitem" key={format} data-testid={`row-menu-${format}`} onClick={() => void choose(format)}>
          {words.rowMenu[label]}
        </button>
      ))}
    </div>
  );
}
