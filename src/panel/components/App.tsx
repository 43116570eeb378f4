// The CORS panel. Data flows one way: background messages → store (reduce) → components;
// user actions go back to the background as protocol messages, or change view state here.
// The list works from rows; the whole record of a row is asked for (`records`) when the
// detail view opens on it or an export needs it.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { MAX_RECORD_IDS, panelPortName, type PageToBackground } from '../../shared/protocol.ts';
import type { CaptureRecord } from '../../shared/record.ts';
import type { RecordRow } from '../../shared/row.ts';
import { connect, type Connection, type RuntimeLike } from '../../shared/reconnecting-port.ts';
import { blockedRecords, browserName, type ExportContext } from '../export.ts';
import { countCategories, inCategoryRows, searchRows, type FilterId } from '../filters.ts';
import { nextTask, type Scheduler } from '../next-task.ts';
import { emptyState, reduce, type PanelState } from '../store.ts';
import { useNarrow } from '../use-narrow.ts';
import { useInspectedPage, type TabsLike } from '../inspected-page.ts';
import type { PrefsLike } from '../remembered-choice.ts';
import { StackChoiceContext, useStackChoice } from '../stack-choice.ts';
import { useLanguageChoice } from '../language-choice.ts';
import { setPanelLanguage } from '../words.ts';
import { CAPTURE_ORDER, nextSort, sortRows, type SortKey, type SortState } from '../sort.ts';
import { searchesText, warmSearch } from '../search.ts';
import { DetailPending, DetailView } from './DetailView.tsx';
import { EmptyState } from './EmptyState.tsx';
import { FilterBar } from './FilterBar.tsx';
import { NARROW_ROW_HEIGHT, RequestList, ROW_HEIGHT } from './RequestList.tsx';
import { RowMenu, type MenuAt } from './RowMenu.tsx';
import { Toolbar } from './Toolbar.tsx';

interface AppProps {
  tabId: number | null;
  version: string;
  runtime: RuntimeLike;
  /** browser.tabs, to name the inspected page (absent: the toolbar names the tab by its id). */
  tabs?: TabsLike;
  /** When background messages are applied (default: the next task, several at once). */
  schedule?: Scheduler;
  /** browser.storage, to remember the user's server stack (absent: remembered while the panel is open). */
  prefs?: PrefsLike;
  /** The browser's UI language (i18n.getUILanguage()): the panel's language until the user picks one. */
  uiLanguage?: string;
}

export function App({ tabId, version, runtime, tabs, schedule = nextTask, prefs, uiLanguage }: AppProps) {
  const languageChoice = useLanguageChoice(prefs, uiLanguage);
  // Before anything renders a word: every component of this render reads the chosen language.
  const language = setPanelLanguage(languageChoice.language);
  const page = useInspectedPage(tabId, tabs);
  const stackChoice = useStackChoice(prefs);
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
  const all = useMemo(() => [...s.rows.values()], [s.rows]);
  // In idle time, the text each row is searched by: the first search over many rows is then quick.
  useEffect(() => {
    const idle = globalThis.requestIdleCallback;
    if (typeof idle !== 'function') return undefined;
    let handle = 0;
    const step = (deadline: IdleDeadline) => {
      if (warmSearch(all, () => deadline.timeRemaining() > 2, s.whole) > 0) handle = idle(step);
    };
    handle = idle(step);
    return () => globalThis.cancelIdleCallback?.(handle);
  }, [all, s.whole]);
  const [sort, setSort] = useState<SortState>(CAPTURE_ORDER);
  const onSort = useCallback((key: SortKey) => setSort((cur) => nextSort(cur, key)), []);
  // A search with words matches header names and values too, in the whole records the panel
  // has (asked for below while it has words); without words, loading records re-filters nothing.
  const hasWords = useMemo(() => searchesText(text), [text]);
  const wholeForSearch = hasWords ? s.whole : undefined;
  const wholeOf = useMemo(() => (wholeForSearch === undefined ? undefined : (id: string) => wholeForSearch.get(id)), [wholeForSearch]);
  // One search per text: the shown rows and every category's count come from its result.
  // The language is a dependency: search matches the text as shown, in the panel's language.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the language changes the text shown, which the search matches
  const found = useMemo(() => searchRows(all, text, wholeOf), [all, text, wholeOf, language]);
  const shown = useMemo(() => sortRows(inCategoryRows(found, filter), sort), [found, filter, sort]);
  const counts = useMemo(() => countCategories(found), [found]);

  // Whole records: asked for once per row object (a changed row is a new object, and its
  // record, dropped from `whole`, is asked for again); callers waiting for some are settled
  // when each of their ids is whole or gone.
  const current = useRef(s);
  current.current = s;
  const asked = useRef(new Map<string, RecordRow>());
  const waiters = useRef<Array<{ ids: string[]; resolve: (records: CaptureRecord[]) => void }>>([]);
  const ask = useCallback(
    (ids: Iterable<string>) => {
      const st = current.current;
      const need: string[] = [];
      for (const id of ids) {
        const row = st.rows.get(id);
        if (row === undefined || st.whole.has(id) || asked.current.get(id) === row) continue;
        asked.current.set(id, row);
        need.push(id);
      }
      for (let i = 0; i < need.length; i += MAX_RECORD_IDS) conn?.send({ type: 'records', ids: need.slice(i, i + MAX_RECORD_IDS) });
    },
    [conn],
  );
  const settle = useCallback(() => {
    const st = current.current;
    waiters.current = waiters.current.filter((w) => {
      const missing = w.ids.filter((id) => st.rows.has(id) && !st.whole.has(id));
      if (missing.length > 0) {
        ask(missing);
        return true;
      }
      w.resolve(w.ids.flatMap((id) => st.whole.get(id) ?? []));
      return false;
    });
  }, [ask]);
  const wholeRecords = useCallback(
    (ids: string[]) =>
      new Promise<CaptureRecord[]>((resolve) => {
        waiters.current.push({ ids, resolve });
        settle();
      }),
    [settle],
  );

  // Words search headers: the whole records of complete rows are asked for, once each (a row that
  // changes is asked for again); they stay, as the detail's do, until their row changes or goes.
  useEffect(() => {
    if (hasWords) ask(all.filter((r) => r.complete).map((r) => r.id));
  }, [hasWords, all, ask]);

  const selectedRow = selectedId === null ? undefined : s.rows.get(selectedId);
  const detailRow = open ? selectedRow : undefined;
  const detail = detailRow && s.whole.get(detailRow.id);
  const cacheFiller = detail?.cachedFrom === undefined ? undefined : s.whole.get(detail.cachedFrom);
  useEffect(() => {
    if (s.rows.size === 0) asked.current.clear(); // reset or cleared: nothing asked is pending
    settle();
    if (detailRow) ask(detail?.cachedFrom === undefined ? [detailRow.id] : [detailRow.id, detail.cachedFrom]);
  }, [s, detailRow, detail, ask, settle]);

  // Exports redact secrets unless the user opts in; the choice lasts as long as the panel.
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const exportCtx = useMemo<ExportContext>(
    () => ({
      records: { get: (id: string) => current.current.whole.get(id) },
      browser: browserName(globalThis.navigator?.userAgent ?? ''),
      extensionVersion: version,
      redact: !includeSecrets,
      // Only a stack the user picked leads the report as "your stack".
      ...(stackChoice.chosen ? { stack: stackChoice.stack } : {}),
    }),
    [version, includeSecrets, stackChoice.chosen, stackChoice.stack],
  );
  const blocked = useMemo(() => blockedRecords(all), [all]);
  /** Whole records for an export, with the records that filled their preflight cache (the export reads them from `whole`). */
  const forExport = useCallback(
    async (ids: string[]) => {
      const records = await wholeRecords(ids);
      const fillers = records.flatMap((r) => (r.cachedFrom === undefined ? [] : [r.cachedFrom]));
      if (fillers.length > 0) await wholeRecords(fillers);
      return records;
    },
    [wholeRecords],
  );
  const loadBlocked = useCallback(() => forExport(blocked.map((r) => r.id)), [blocked, forExport]);

  const onOpen = useCallback((id: string) => {
    setSelectedId(id);
    setOpen(true);
  }, []);
  const onClose = useCallback(() => setOpen(false), []);

  // The row context menu: copy as curl / fetch / report of one row's whole record.
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const [menuResult, setMenuResult] = useState<string | null>(null);
  const onMenu = useCallback((id: string, x: number, y: number) => {
    setSelectedId(id);
    setMenu({ id, x, y });
  }, []);
  const closeMenu = useCallback(() => setMenu(null), []);
  const loadOne = useCallback(async (id: string) => (await forExport([id]))[0], [forExport]);
  const menuDone = useCallback((message: string) => {
    setMenuResult(message);
    setTimeout(() => setMenuResult(null), 1500);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !open) return;
      setOpen(false);
      (document.querySelector('[data-testid="request-list"]') as HTMLElement | null)?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const showList = !(narrow && detailRow);
  return (
    <StackChoiceContext.Provider value={stackChoice}>
      <main class={`app${detailRow ? ' has-detail' : ''}${narrow ? ' narrow' : ''}`}>
        <Toolbar
          version={version}
          tabId={tabId}
          page={page}
          connected={s.connected}
          state={s.state}
          send={send}
          blocked={blocked.length}
          loadBlocked={loadBlocked}
          exportCtx={exportCtx}
          onIncludeSecrets={setIncludeSecrets}
          language={language}
          onLanguage={languageChoice.choose}
        />
        <FilterBar filter={filter} text={text} counts={counts} onFilter={setFilter} onText={setText} />
        <div class="panes">
          {showList && (
            <div class="pane-list">
              {shown.length === 0 ? (
                <EmptyState filtered={all.length > 0} />
              ) : (
                <RequestList
                  records={shown}
                  selectedId={selectedId}
                  onSelect={setSelectedId}
                  onOpen={onOpen}
                  sort={sort}
                  onSort={onSort}
                  onSortTo={setSort}
                  onMenu={onMenu}
                  rowHeight={narrow ? NARROW_ROW_HEIGHT : ROW_HEIGHT}
                />
              )}
            </div>
          )}
          {detail ? (
            <DetailView record={detail} cacheFiller={cacheFiller} narrow={narrow} onClose={onClose} exportCtx={exportCtx} />
          ) : (
            detailRow && <DetailPending row={detailRow} narrow={narrow} onClose={onClose} />
          )}
        </div>
        {menu && <RowMenu at={menu} load={loadOne} ctx={exportCtx} onClose={closeMenu} onDone={menuDone} />}
        {menuResult !== null && (
          <div class="menu-result" role="status" data-testid="row-menu-result">
            {menuResult}
          </div>
        )}
      </main>
    </StackChoiceContext.Provider>
  );
}
