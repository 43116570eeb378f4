// One row of the request list: badge, method, URL (host greyed), initiator, preflight
// marker, status and the verdict's one-line summary.
import { memo } from 'preact/compat';
import { renderSummary, type Verdict } from '../../core/index.ts';
import type { RecordRow } from '../../shared/row.ts';
import { preflightMark, rowKind } from '../row-kind.ts';
import { durationOf } from '../sort.ts';
import { shortOrigin, splitOrigin, splitUrl } from '../url-parts.ts';
import { engineWords, words } from '../words.ts';
import { Badge } from './Badge.tsx';

interface RowProps {
  record: RecordRow;
  selected: boolean;
  /** A click opens the detail of this row. */
  onOpen: (id: string) => void;
  /** A right click asks for the row's context menu at that point. */
  onMenu?: (id: string, x: number, y: number) => void;
}

function statusText(r: RecordRow): string {
  if (r.status !== undefined) return String(r.status);
  if (r.error !== undefined) return r.notSent ? words.notSent : words.failedStatus;
  return '';
}

function durationText(r: RecordRow): string {
  const ms = durationOf(r);
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function RequestRowImpl({ record: r, selected, onOpen, onMenu }: RowProps) {
  const kind = rowKind(r);
  const { origin, rest } = splitUrl(r.url);
  // The list shows the host; the scheme stays in the text (copy, search), hidden by panel.css.
  const { scheme, host } = splitOrigin(origin);
  const mark = preflightMark(r);
  // The row's verdict summary has what the one-line reason needs (reason and params).
  const summary = r.verdict ? renderSummary(r.verdict as unknown as Verdict, engineWords) : '';
  return (
    <div
      role="row"
      id={`row-${r.id}`}
      class={selected ? `row selected kind-${kind}` : `row kind-${kind}`}
      aria-selected={selected}
      data-testid="request-row"
      data-id={r.id}
      data-outcome={r.verdict?.outcome ?? 'pending'}
      data-kind={kind}
      onClick={() => onOpen(r.id)}
      onContextMenu={
        onMenu &&
        ((e: MouseEvent) => {
          e.preventDefault();
          onMenu(r.id, e.clientX, e.clientY);
        })
      }
    >
      <span role="gridcell" class="c-verdict">
        <Badge kind={kind} />
      </span>
      <span role="gridcell" class="c-method">
        {r.method}
      </span>
      <span role="gridcell" class="c-url" title={r.url}>
        <span class="url-origin">
          <span class="url-scheme">{scheme}</span>
          {host}
        </span>
        <span class="url-path">{rest}</span>
      </span>
      <span role="gridcell" class="c-initiator" title={r.initiator ?? ''}>
        {shortOrigin(r.initiator)}
      </span>
      <span role="gridcell" class="c-preflight">
        {mark && (
          <span class={`pf pf-${mark}`} data-testid="preflight-mark" data-mark={mark}>
            {words.preflight[mark]}
          </span>
        )}
      </span>
      <span role="gridcell" class="c-status">
        {statusText(r)}
      </span>
      <span role="gridcell" class="c-duration" data-testid="row-duration">
        {durationText(r)}
      </span>
      <span role="gridcell" class="c-reason" title={summary} data-testid="row-reason">
        {summary}
      </span>
    </div>
  );
}

/** Rows re-render only when their row object or selection changes. */
export const RequestRow = memo(RequestRowImpl);
