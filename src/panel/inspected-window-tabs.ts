// The inspected page's title and URL where the panel has no `tabs` API: Firefox gives a DevTools
// panel only the devtools, runtime, extension and i18n APIs, so `browser.tabs` is undefined there
// and the toolbar said "Inspecting tab 3." (seen in Firefox 153's own DevTools). Read from the
// inspected window instead (devtools.inspectedWindow.eval), again after each navigation
// (devtools.network.onNavigated). The page controls its title, as it does the one `tabs` gives;
// the panel shows it as text. A title changed later without a navigation is not followed.
import type { TabsLike } from './inspected-page.ts';

/** The part of `browser.devtools` this needs (injected: unit tests pass a fake). */
export interface DevtoolsLike {
  inspectedWindow: {
    tabId: number;
    /** Resolves with [result, exceptionInfo] (webextension-polyfill and Firefox). */
    eval(expression: string): Promise<[unknown, unknown]>;
  };
  network: {
    onNavigated: { addListener(cb: (url: string) => void): void; removeListener(cb: (url: string) => void): void };
  };
}

const READ = '[document.title, location.href]';

/** The inspected window as a TabsLike for its own tab id (another id is not known here). */
export function inspectedWindowTabs(devtools: DevtoolsLike): TabsLike {
  const own = devtools.inspectedWindow.tabId;
  /** Null for a page it may not read (about:, a privileged page). */
  const read = async (): Promise<{ title: string; url: string } | null> => {
    const [value] = await devtools.inspectedWindow.eval(READ).catch((): [unknown, unknown] => [null, null]);
    if (!Array.isArray(value)) return null;
    const [title, url] = value as unknown[];
    return { title: typeof title === 'string' ? title : '', url: typeof url === 'string' ? url : '' };
  };
  const navigated = new Map<(tabId: number, change: { title?: string; url?: string }) => void, (url: string) => void>();
  return {
    // Unreadable: named by its tab id, never "does not exist".
    get: (tabId) =>
      tabId === own ? read().then((page) => page ?? { title: '', url: '' }) : Promise.reject(new Error(`tab ${tabId} is not the inspected tab`)),
    onUpdated: {
      addListener(cb) {
        const onNavigated = (url: string) => {
          // The URL at once; the new document's title once it can be read.
          cb(own, { url, title: '' });
          void read().then((page) => page && cb(own, page));
        };
        navigated.set(cb, onNavigated);
        devtools.network.onNavigated.addListener(onNavigated);
      },
      removeListener(cb) {
        const onNavigated = navigated.get(cb);
        if (onNavigated) devtools.network.onNavigated.removeListener(onNavigated);
        navigated.delete(cb);
      },
    },
    // The panel goes with its toolbox: the inspected tab never closes under it.
    onRemoved: { addListener: () => undefined, removeListener: () => undefined },
  };
}
