// Placeholder UI until the request list lands (issue: the CORS panel).
interface AppProps {
  tabId: number | null;
  version: string;
}

export function App({ tabId, version }: AppProps) {
  return (
    <main class="empty" data-testid="empty-state">
      <h1>CORS Lens {version}</h1>
      <p>No cross-origin requests yet. Reload the page to capture from the start.</p>
      <p data-testid="inspected-tab">{tabId === null ? 'No inspected tab.' : `Inspecting tab ${tabId}.`}</p>
    </main>
  );
}
