// docs/lifecycle.md rule 11: which page a request (or a page witness message) comes from, as keys
// the tab log can retire when the tab navigates away. The document's id where the browser gives
// one (`documentId`, and `parentDocumentId` for a frame's request: Chromium always; Firefox 153
// for a live page's requests, not for a keepalive fetch its pagehide makes), and in Firefox the
// top frame's document URL too, per tab (two tabs may show one URL), which counts only while it
// differs from the page navigated to: a reload, or a navigation to the same URL, retires nothing.
import { withoutFragment } from './witness-join.ts';

export interface DocumentFacts {
  tabId: number;
  frameId?: number;
  documentId?: string;
  parentDocumentId?: string;
  documentUrl?: string;
  documentLifecycle?: string;
}

/** The key of a tab's top-frame page by its URL (Firefox). */
export function pageUrlKey(tabId: number, url: string): string {
  return `url:${tabId}:${withoutFragment(url)}`;
}

/** The keys of the page `d` comes from; none when the browser did not say. */
export function documentKeys(d: DocumentFacts): string[] {
  const out: string[] = [];
  if (typeof d.documentId === 'string') out.push(d.documentId);
  if (typeof d.parentDocumentId === 'string') out.push(d.parentDocumentId);
  if (d.frameId === 0 && typeof d.documentUrl === 'string') out.push(pageUrlKey(d.tabId, d.documentUrl));
  return out;
}

/**
 * Whether a main-frame request navigates the tab away from its page. Chromium 156 also shows
 * the main-frame requests of a prerender (speculation rules): the prerender's own navigation
 * (a frame of its own, documentLifecycle "prerender") and the prefetch made for it, which the
 * shown page's document makes and names (a navigation's request names no document: the new
 * one does not exist yet). Neither leaves the page; taken for navigations, they cleared its
 * log and retired its documents, so its later requests were dropped (rule 11). Activating the
 * prerender makes no request at all (docs/browsers.md). Firefox prerenders nothing.
 */
export function navigatesTab(d: DocumentFacts, browser: 'chromium' | 'firefox'): boolean {
  // No tab (-1): a worker's or the browser's own request, such as a no-state prefetch.
  if (d.tabId < 0) return false;
  if (d.frameId !== undefined && d.frameId !== 0) return false;
  if (d.documentLifecycle === 'prerender') return false;
  return browser !== 'chromium' || d.documentId === undefined;
}
