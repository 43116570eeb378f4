// Everything about one exchange: reason, timeline, checks, warnings and hints, headers, fix.
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { renderSummary, type Verdict } from '../../core/index.ts';
import type { CaptureRecord } from '../../shared/record.ts';
import type { RecordRow } from '../../shared/row.ts';
import { rowKind, type RowKind } from '../row-kind.ts';
import { splitUrl } from '../url-parts.ts';
import { fullVerdict } from '../verdict-trace.ts';
import { engineWords, words } from '../words.ts';
import type { ExportContext } from '../export.ts';
import { Badge } from './Badge.tsx';
import { ExportActions } from './ExportActions.tsx';
import { ChecksSection } from './ChecksSection.tsx';
import { FixSection } from './FixSection.tsx';
import { HeadersSection } from './HeadersSection.tsx';
import { NotesSection } from './NotesSection.tsx';
import { ReasonSection } from './ReasonSection.tsx';
import { TimelineSection } from './TimelineSection.tsx';
import { WhatIfSection } from './WhatIfSection.tsx';

interface DetailProps {
  record: CaptureRecord;
  /** The earlier record whose preflight filled the cache this one used. */
  cacheFiller?: CaptureRecord | undefined;
  narrow: boolean;
  onClose: () => void;
  /** Absent in tests that only look at the explanation. */
  exportCtx?: ExportContext;
}

export function DetailView({ record, cacheFiller, narrow, onClose, exportCtx }: DetailProps) {
  // The list showed the verdict's summary; the checks and the fix need its trace.
  const v = useMemo(() => fullVerdict(record), [record]);
  // Another exchange opens at its top (its reason and fix), not where the last one was scrolled to.
  const body = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when another record opens, not when this one updates
  useLayoutEffect(() => {
    if (body.current) body.current.scrollTop = 0;
  }, [record.id]);
  return (
    <aside class="detail" data-testid="detail" data-id={record.id} aria-label={record.url}>
      <DetailHeader kind={rowKind(record)} method={record.method} url={record.url} narrow={narrow} onClose={onClose} />
      <div class="detail-body" ref={body} data-testid="detail-body">
        {/* Answer first: why, and what to change; then the simulation, the trace, the headers, the exports. */}
        {v && <ReasonSection verdict={v} source={record.source} />}
        {v && <FixSection record={record} verdict={v} cacheFiller={cacheFiller} />}
        {v && record.complete && v.outcome !== 'not-cors' && <WhatIfSection record={record} cacheFiller={cacheFiller} exportCtx={exportCtx} />}
        <TimelineSection record={record} />
        {v && <NotesSection verdict={v} />}
        {v && <ChecksSection checks={v.checks} failed={v.failedCheck} />}
        <HeadersSection record={record} />
        {exportCtx && record.complete && (
          <div class="detail-export">
            <span class="muted">{words.exportOne}</span>
            <ExportActions records={[record]} ctx={exportCtx} testid="export" />
          </div>
        )}
      </div>
    </aside>
  );
}

/**
 * The detail of a row whose whole record is on its way: what the row has (badge, method, URL,
 * the one-line reason) at once; DetailView takes over when the record arrives.
 */
export function DetailPending({ row, narrow, onClose }: { row: RecordRow; narrow: boolean; onClose: () => void }) {
  return (
    <aside class="detail" data-testid="detail-pending" data-id={row.id} aria-label={row.url} aria-busy="true">
      <DetailHeader kind={rowKind(row)} method={row.method} url={row.url} narrow={narrow} onClose={onClose} />
      <div class="detail-body">
        {row.verdict && (
          <section class="reason">
            {/* The row's verdict summary has what the sentence needs (reason and params). */}
            <p class="summary" data-testid="detail-pending-summary">
              {renderSummary(row.verdict as unknown as Verdict, engineWords)}
            </p>
          </section>
        )}
        <p class="muted" data-testid="detail-loading">
          {words.loading}
        </p>
      </div>
    </aside>
  );
}

/** The head of a detail, shown alike while its record is on its way and once it is there. */
function DetailHeader({ kind, method, url, narrow, onClose }: { kind: RowKind; method: string; url: string; narrow: boolean; onClose: () => void }) {
  const { origin, rest } = splitUrl(url);
  return (
    <header class="detail-head">
      {narrow && (
        <button type="button" class="tool back" data-testid="back" onClick={onClose}>
          {words.back}
        </button>
      )}
      <Badge kind={kind} />
      <b class="mono">{method}</b>
      <span class="mono ellipsis" title={url}>
        <span class="url-origin">{origin}</span>
        <span class="url-path">{rest}</span>
      </span>
      <span class="spacer" />
      {!narrow && (
        <button type="button" class="tool close" data-testid="close" title={words.closeTitle} aria-label={words.close} onClick={onClose}>
          ✕
        </button>
      )}
    </header>
  );
}
