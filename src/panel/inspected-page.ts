// What the toolbar says about the inspected tab: the page's title (or URL) as the browser has
// it, or that the tab does not exist (a `?tabId=` of a closed tab), instead of an internal id.
// Read with the extension's `tabs` API (title and URL need the host permission CORS Lens has),
// and followed while the panel is open.
import { useEffect, useState } from 'preact/hooks';

/** The part of `browser.tabs` this needs (injected: unit tests pass a fake). */
export interface TabsLike {
  get(tabId: number): Promise<{ title?: string; url?: string }>;
  onUpdated: {
    addListener(cb: (tabId: number, change: { title?: string; url?: string }) => void): void;
    removeListener(cb: (tabId: number, change: { title?: string; url?: string }) => void): void;
  };
  onRemoved: { addListener(cb: (tabId: number) => void): void; removeListener(cb: (tabId: number) => void): void };
}

export type InspectedPage = { kind: 'unknown' } | { kind: 'page'; title: string; url: string } | { kind: 'missing' };

/** The label: the title when there is one, else the URL, else '' (a page the extension may not read, e.g. data:). Untrusted text, shown as text. */
export function pageLabel(page: { title: string; url: string }): string {
  const title = page.title.trim();
  return title !== '' ? title : page.url;
}

export function useInspectedPage(tabId: number | null, tabs: TabsLike | undefined): InspectedPage {
  const [page, setPage] = useState<InspectedPage>({ kind: 'unknown' });
  useEffect(() => {
    if (tabId === null || !tabs) return undefined;
    let live = true;
    let current = { title: '', url: '' };
    const show = (next: { title?: string; url?: string }) => {
      current = { title: next.title ?? current.title, url: next.url ?? current.url };
      if (live) setPage({ kind: 'page', ...current });
    };
    tabs.get(tabId).then(show, () => live && setPage({ kind: 'missing' }));
    const updated = (id: number, change: { title?: string; url?: string }) => {
      if (id === tabId && (change.title !== undefined || change.url !== undefined)) show(change);
    };
    const removed = (id: number) => {
      if (id === tabId && live) setPage({ kind: 'missing' });
    };
    tabs.onUpdated.addListener(updated);
    tabs.onRemoved.addListener(removed);
    return () => {
      live = false;
      tabs.onUpdated.removeListener(updated);
      tabs.onRemoved.removeListener(removed);
    };
  }, [tabId, tabs]);
  return page;
}
