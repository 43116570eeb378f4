// Minimal panel until the full UI lands (issue: the CORS panel): connection state, the
// capture as a list of rows, and the empty state.
import { useEffect, useState } from 'preact/hooks';
import { connect, type RuntimeLike } from '../src/shared/reconnecting-port.ts';
import { panelPortName } from '../src/shared/protocol.ts';
import { emptyState, reduce } from './store.ts';

interface AppProps {
  tabId: number | null;
  version: string;
  runtime: RuntimeLike;
}

export function App({ tabId, version, runtime }: AppProps) {
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

  const records = [...s.records.values()];
  return (
    <main>
      <header class="toolbar" data-testid="toolbar">
        <b>CORS Lens {version}</b>
        <span data-testid="inspected-tab">{tabId === null ? 'No inspected tab.' : `Inspecting tab ${tabId}.`}</span>
        <span data-testid="connection">{s.connected ? 'connected' : 'connecting…'}</span>
        {s.state.dropped > 0 && <span data-testid="dropped">{s.state.dropped} older records dropped</span>}
      </header>
      {records.length === 0 ? (
        <div class="empty" data-testid="empty-state">
          <p>No cross-origin requests yet. Reload the page to capture from the start.</p>
        </div>
      ) : (
        <table class="list" data-testid="request-list">
          <tbody>
            {records.map((r) => (
              <tr key={r.id} data-testid="request-row" data-id={r.id} data-outcome={r.verdict?.outcome ?? 'pending'}>
                <td>{r.verdict?.outcome ?? 'pending'}</td>
                <td>{r.method}</td>
                <td>{r.url}</td>
                <td>{r.preflight ? 'preflight' : r.preflightCached ? 'preflight (cached)' : ''}</td>
                <td>{r.verdict?.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
