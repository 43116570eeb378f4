// One header list as name/value rows, CORS headers highlighted. Values are text nodes
// (never HTML) with invisible control characters made visible.
import { displayValue, type HeaderEntry } from '../../core/index.ts';
import { isCorsHeader } from '../cors-header.ts';
import { words } from '../words.ts';

interface HeaderTableProps {
  title: string;
  headers: readonly HeaderEntry[] | undefined;
  testid?: string;
  /** Said instead of an empty table (default: not captured). */
  emptyText?: string;
}

export function HeaderTable({ title, headers, testid, emptyText = words.noHeaders }: HeaderTableProps) {
  return (
    <div class="header-table" data-testid={testid ?? 'header-table'}>
      <h4>{title}</h4>
      {headers === undefined || headers.length === 0 ? (
        <p class="muted" data-testid="no-headers">
          {emptyText}
        </p>
      ) : (
        <table class="kv">
          <tbody>
            {headers.map((h, i) => (
              <tr key={i} class={isCorsHeader(h.name) ? 'cors' : ''} data-cors={isCorsHeader(h.name)}>
                <th class="mono">{h.name}</th>
                <td class="mono" data-testid="header-value">
                  {displayValue(h.value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
