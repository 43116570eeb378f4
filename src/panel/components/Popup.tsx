// The toolbar popup: the tab's counts (blocked / warnings / all), the last blocked request in
// one line, and how to reach the CORS panel in DevTools (it may sit in the » menu), or the same
// panel in a window of its own. It reads the tab's rows over the panel's own port (the
// background serves it like a panel; it does not count as DevTools being open).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { panelPortName } from '../../shared/protocol.ts';
import { connect, type RuntimeLike } from '../../shared/reconnecting-port.ts';
import { popupSummary } from '../popup-summary.ts';
import { emptyState, reduce } from '../store.ts';
import { words } from '../words.ts';

interface PopupProps {
  tabId: number | null;
  runtime: RuntimeLike;
  /** Opens the standalone panel of the tab (browser.tabs.create); absent: no such button. */
  openWindow?: (tabId: number) => void;
}

export function Popup({ tabId, runtime, openWindow }: PopupProps) {
  const [s, setState] = useState(emptyState);
  useEffect(() => {
    if (tabId === null) return undefined;
    const c = connect(
      runtime,
      panelPortName(tabId),
      (m) => setState((prev) => reduce(prev, m)),
      () => setState((prev) => ({ ...prev, connected: false })),
    );
    return () => c.close();
  }, [tabId, runtime]);
  const sum = useMemo(() => popupSummary(s.rows.values()), [s.rows]);
  if (tabId === null)
    return (
      <main class="popup" data-testid="popup">
        <p>{words.popupNoTab}</p>
      </main>
    );
  return (
    <main class="popup" data-testid="popup">
      <h1>CORS Lens</h1>
      <p class="counts" data-testid="popup-counts">
        <span class="blocked" data-testid="popup-blocked">
          {words.popupBlocked(sum.blocked)}
        </span>
        {' · '}
        <span data-testid="popup-warnings">{words.popupWarnings(sum.warnings)}</span>
        {' · '}
        <span data-testid="popup-all">{words.popupAll(sum.all)}</span>
      </p>
      {sum.lastBlocked && (
        <p class="last" data-testid="popup-last-blocked" title={sum.lastBlocked.url}>
          <b>{sum.lastBlocked.method}</b> {sum.lastBlocked.url}
          <br />
          {sum.lastBlocked.summary}
        </p>
      )}
      {sum.all === 0 && (
        <p class="muted" data-testid="popup-empty">
          {words.popupEmpty}
        </p>
      )}
      <p class="how" data-testid="popup-how">
        {words.popupHow}
      </p>
      {openWindow && (
        <button type="button" class="tool" data-testid="popup-open-window" onClick={() => openWindow(tabId)}>
          {words.popupOpenWindow}
        </button>
      )}
    </main>
  );
}
