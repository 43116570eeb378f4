// The CORS panel. Data flows one way: background messages → store (reduce) → components;
// user actions go back to the background as protocol messages, or change view state here.
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { panelPortName, type PageToBackground } from '../../src/shared/protocol.ts';
import { connect, type Connection, type RuntimeLike } from '../../src/shared/reconnecting-port.ts';
import { blockedRecords, browserName, type ExportContext } from '../export.ts';
import { applyFilter, countFilters, type FilterId } from '../filters.ts';
import { nextTask, type Scheduler } from '../next-task.ts';
import { emptyState, reduce, type PanelState } from '../store.ts';
import { useNarrow } from '../use-narrow.ts';
import { DetailView } from './DetailView.tsx';
import { EmptyState } from './EmptyState.tsx';
import { FilterBar } from './FilterBar.tsx';
import { RequestList } from './RequestList.tsx';
import { Toolbar } from './Toolbar.tsx';

interface AppProps {
  tabId: number | null;
  version: string;
  runtime: RuntimeLike;
  /** When background messages are applied (default: the next task, several at once). */
  schedule?: Scheduler;
}

export function App({ tabId, version, runtime, schedule = nextTask }: AppProps) {
  const [s, setState] = useState(emptyState);
  const [conn, setConn] = useState<Connection | null>(null);
  const [filter, setFilter] = useState<FilterId>('all');
  const [text, setText] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const narrow = useNarrow();

  // Connect as soon as the panel is on the page, not after its first paint (useEffect waits
  // for the next frame): the background starts reading the log back that much earlier.
  useLayoutEffect(() => {
    if (tabId === null) return undefined;
    // Messages (and the disconnect, in its order among them) are queued and applied together.
    let queue: Array<(prev: PanelState) => PanelState> = [];
    const apply = () => {
      const updates = queue;
      queue = [];
      if (updates.length > 0) setState((prev) => updates.reduce((s, update) => update(s), prev));
    };
    const push = (update: (prev: PanelState) => PanelState) => {
      queue.push(update);
      if (queue.length === 1) schedule(apply);
    };
    const c = connect(
      runtime,
      panelPortName(tabId),
      (m) => push((prev) => reduce(prev, m)),
      () => push((prev) => ({ ...prev, connected: false })),
    );
    setConn(c);
    return () => {
      queue = [];
      c.close();
    };
  }, [tabId, runtime, schedule]);

  const send = useCallback((m: PageToBackground) => conn?.send(m), [conn]);
  const all = useMemo(() => [...s.records.values()], [s.records]);
  const shown = useMemo(() => applyFilter(all, filter, text), [all, filter, text]);
  const counts = useMemo(() => countFilters(all, text), [all, text]);
  const selected = selectedId === null ? undefined : s.records.get(selectedId);
  const detail = open && selected ? selected : undefined;
  const cacheFiller = detail?.cachedFrom === undefined ? undefined : s.records.get(detail.cachedFrom);
  // Exports redact secrets unless the user opts in; the choice lasts as long as the panel.
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const exportCtx = useMemo<ExportContext>(
    () => ({ records: s.records, browser: browserName(globalThis.navigator?.userAgent ?? ""), extensionVersion: version, redact: !includeSecrets }),
    [s.records, version, includeSecrets],
  );
  const blocked = useMemo(() => blockedRecords(all), [all]);

  const onOpen = useCallback((id: string) => {
    setSelectedId(id);
    setOpen(true);
  }, []);
  const onClose = useCallback(() => setOpen(false), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !open) return;
      setOpen(false);
      (document.querySelector('[data-testid="request-list"]') as HTMLElement | null)?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const showList = !(narrow && detail);
  return (
    <main class={`app${detail ? ' has-detail' : ''}${narrow ? ' narrow' : ''}`}>
      <Toolbar
        version={version}
        tabId={tabId}
        connected={s.connected}
        state={s.state}
        send={send}
        blocked={blocked}
        exportCtx={exportCtx}
        onIncludeSecrets={setIncludeSecrets}
      />
      <FilterBar filter={filter} text={text} counts={counts} onFilter={setFilter} onText={setText} />
      <div class="panes">
        {showList && (
          <div class="pane-list">
            {shown.length === 0 ? (
              <EmptyState filtered={all.length > 0} />
            ) : (
              <RequestList records={shown} selectedId={selectedId} onSelect={setSelectedId} onOpen={onOpen} />
            )}
          </div>
        )}
        {detail && <DetailView record={detail} cacheFiller={cacheFiller} narrow={narrow} onClose={onClose} exportCtx={exportCtx} />}
      </div>
    </main>
  );
}
