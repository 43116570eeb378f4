// Which tab the panel describes: the inspected tab inside DevTools, or `?tabId=N` when the
// panel is opened as an ordinary page.
export function inspectedTabId(search: string): number | null {
  const devtools = (globalThis as { chrome?: { devtools?: { inspectedWindow?: { tabId?: number } } } }).chrome?.devtools;
  const fromDevtools = devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}
