// The request list, windowed: rows have one fixed height (taller in a narrow panel), so only the rows on screen (plus a
// few) are in the DOM, whatever the number of records. Up/Down/Home/End move the selection,
// Enter opens the detail. New rows stream in; a list scrolled to the bottom follows them.
// While it follows, the rows shown are the last ones, worked out from the row count rather
// than from the last scroll event (which comes a frame later): a batch of records renders the
// rows that end up on screen once, not the rows at the old scroll position first.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RecordRow } from '../../shared/row.ts';
import { revealRow, stepIndex, visibleRange } from '../windowing.ts';
import { CAPTURE_ORDER, SORT_KEYS, type SortKey, type SortState } from '../sort.ts';
import { words } from '../words.ts';
import { Choice, type ChoiceOption } from './Choice.tsx';
import { RequestRow } from './RequestRow.tsx';

export const ROW_HEIGHT = 22;
/** A narrow panel's rows: the request on one line, the reason on up to two below it (panel.css). */
export const NARROW_ROW_HEIGHT = 56;

interface ListProps {
  records: readonly RecordRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  /** The column the rows are sorted by (App sorts them); absent: capture order, heads not clickable. */
  sort?: SortState;
  onSort?: (key: SortKey) => void;
  /** Sets the sort outright (the sort picker): where a column's head is hidden, its sort is still reachable. */
  onSortTo?: (sort: SortState) => void;
  /** The context menu of a row, at a point of the window. */
  onMenu?: (id: string, x: number, y: number) => void;
  /** Each row's height in pixels, as the CSS lays it out (default ROW_HEIGHT). */
  rowHeight?: number;
}

const KEY_STEP: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 };

export function RequestList({ records, selectedId, onSelect, onOpen, sort, onSort, onSortTo, onMenu, rowHeight = ROW_HEIGHT }: ListProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Until measured, assume the window's height: the first paint already shows a full screen.
  const [viewport, setViewport] = useState(() => (typeof window === 'undefined' ? 600 : window.innerHeight));
  const atBottom = useRef(true);
  const index = selectedId === null ? -1 : records.findIndex((r) => r.id === selectedId);
  const following = atBottom.current && index < 0;

  // The list's height, as layout finds it: the ResizeObserver reports it once the list is
  // laid out (at once after it starts observing), without forcing a layout of its own while
  // the rows are still being added (reading clientHeight here would).
  // biome-ignore lint/correctness/useExhaustiveDependencies: observes the list once; the fallback reads the first viewport
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    if (typeof ResizeObserver === 'undefined') {
      setViewport(el.clientHeight || viewport);
      return undefined;
    }
    const ro = new ResizeObserver((entries) => {
      const h = entries.at(-1)?.contentRect.height;
      if (h !== undefined && h > 0) setViewport(h);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Follow the stream while the user sits at the bottom. The rows shown are already the last
  // ones (worked out from the count); the scroll position follows before the next frame is
  // painted, in the layout that frame does anyway (setting it now would force one more).
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows each new row; `following` is read as it is then
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !following) return undefined;
    if (typeof requestAnimationFrame === 'undefined') {
      el.scrollTop = el.scrollHeight;
      return undefined;
    }
    const frame = requestAnimationFrame(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(frame);
  }, [records.length]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reveals the row when the selection moves; the row height is fixed
  useEffect(() => {
    const el = box.current;
    if (!el || index < 0) return;
    const next = revealRow(index, el.scrollTop, el.clientHeight, rowHeight);
    if (next !== el.scrollTop) el.scrollTop = next;
  }, [index]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    // Against the rows' height, not el.scrollHeight: the same answer, without asking layout.
    atBottom.current = el.scrollTop + el.clientHeight >= records.length * rowHeight - rowHeight;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    let next: number | null = null;
    const step = KEY_STEP[e.key];
    if (step !== undefined) next = stepIndex(index, step, records.length);
    else if (e.key === 'Home') next = records.length > 0 ? 0 : -1;
    else if (e.key === 'End') next = records.length - 1;
    else if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && selectedId !== null && onMenu) {
      // The keyboard's context menu: under the selected row.
      e.preventDefault();
      const rect = document.getElementById(`row-${selectedId}`)?.getBoundingClientRect();
      onMenu(selectedId, (rect?.left ?? 0) + 40, rect?.bottom ?? 0);
      return;
    } else if (e.key === 'Enter' && selectedId !== null) {
      e.preventDefault();
      onOpen(selectedId);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    const r = records[next];
    if (r) onSelect(r.id);
  };

  const top = following ? Math.max(0, records.length * rowHeight - viewport) : scrollTop;
  const range = visibleRange(top, viewport, rowHeight, records.length);
  const shown = records.slice(range.start, range.end);
  return (
    <div class="list-wrap">
      <div class="row head" role="row">
        {HEADS.map(([key, cls]) => (
          <SortHead key={key} column={key} cls={cls} sort={sort} onSort={onSort} />
        ))}
        {onSortTo && <SortPicker sort={sort ?? CAPTURE_ORDER} onSortTo={onSortTo} />}
      </div>
      <div
        ref={box}
        class="list"
        role="grid"
        tabIndex={0}
        aria-rowcount={records.length}
        aria-activedescendant={selectedId === null ? undefined : `row-${selectedId}`}
        data-testid="request-list"
        data-count={records.length}
        data-pending={pendingCount(records)}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: `${range.padTop}px` }} />
        {/* Keyed by position, as windowed lists are: a search or sort that replaces the rows on
            screen updates their text in place instead of building new elements. */}
        {shown.map((r, i) => (
          <RequestRow key={range.start + i} record={r} selected={r.id === selectedId} onOpen={onOpen} onMenu={onMenu} />
        ))}
        <div style={{ height: `${range.padBottom}px` }} />
      </div>
    </div>
  );
}

/** The list's columns, in order: the sort key and the cell class. */
const HEADS: ReadonlyArray<readonly [SortKey, string]> = [
  ['verdict', 'c-verdict'],
  ['method', 'c-method'],
  ['url', 'c-url'],
  ['initiator', 'c-initiator'],
  ['preflight', 'c-preflight'],
  ['status', 'c-status'],
  ['duration', 'c-duration'],
  ['reason', 'c-reason'],
];

/** A sort direction's arrow, the same in every language: after the sorted column's head, and after each column in the sort picker. */
const ARROW: Readonly<Record<SortState['dir'], string>> = { asc: '▲', desc: '▼' };

function SortHead({ column, cls, sort, onSort }: { column: SortKey; cls: string; sort: SortState | undefined; onSort: ((key: SortKey) => void) | undefined }) {
  const label = words.columns[column as Exclude<SortKey, 'seq'>];
  const active = sort?.key === column;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  if (!onSort)
    return (
      <span class={cls} role="columnheader">
        {label}
      </span>
    );
  return (
    <span class={cls} role="columnheader" aria-sort={ariaSort}>
      <button
        type="button"
        class="sort"
        data-testid={`sort-${column}`}
        data-sort={active ? sort.dir : undefined}
        title={words.sortBy(label)}
        onClick={() => onSort(column)}
      >
        {label}
        {active ? ` ${ARROW[sort.dir]}` : ''}
      </button>
    </span>
  );
}

/**
 * Every sort in one select, shown (panel.css) only where some column heads are hidden: a
 * narrow panel hides Initiator and Time, a list beside the detail hides those and Reason.
 */
function SortPicker({ sort, onSortTo }: { sort: SortState; onSortTo: (sort: SortState) => void }) {
  const options: Array<ChoiceOption<SortValue>> = [
    { value: 'seq:asc', label: words.captureOrder },
    ...HEADS.flatMap(([key]) =>
      (['asc', 'desc'] as const).map((dir) => ({
        value: `${key}:${dir}` as const,
        label: `${words.columns[key as Exclude<SortKey, 'seq'>]} ${ARROW[dir]}`,
      })),
    ),
  ];
  return (
    <Choice
      class="sort-picker"
      testid="sort-picker"
      label={words.sortPicker}
      value={`${sort.key}:${sort.dir}`}
      options={options}
      accept={acceptSort}
      onChoose={(v) => {
        const [key, dir] = v.split(':') as [SortKey, 'asc' | 'desc'];
        onSortTo({ key, dir });
      }}
    />
  );
}

type SortValue = `${SortKey}:${'asc' | 'desc'}`;
const acceptSort = (v: string): SortValue | null => {
  const [key, dir, ...rest] = v.split(':');
  return rest.length === 0 && SORT_KEYS.includes(key as SortKey) && (dir === 'asc' || dir === 'desc') ? (v as SortValue) : null;
};

/** Rows still waiting for their verdict (tools and tests wait for none). */
function pendingCount(records: readonly RecordRow[]): number {
  let n = 0;
  for (const r of records) if (r.verdict === undefined) n++;
  return n;
}
