// Entry of the CORS panel page. It runs inside DevTools (chrome.devtools present) or as a
// standalone page `panel.html?tabId=N` for tests and for users who want their own window.
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { App } from './components/App.tsx';
import { inspectedTabId } from './inspected-tab.ts';
import type { TabsLike } from './inspected-page.ts';
import { inspectedWindowTabs, type DevtoolsLike } from './inspected-window-tabs.ts';
import type { PrefsLike } from './remembered-choice.ts';
import { followDevtoolsTheme } from './theme.ts';
import type { RuntimeLike } from '../shared/reconnecting-port.ts';

followDevtoolsTheme(document.documentElement);

/** Where the toolbar reads the inspected page's title: `tabs`, which Firefox's DevTools panels lack (inspected-window-tabs.ts). */
function pageSource(): TabsLike | undefined {
  if (browser.tabs) return browser.tabs as unknown as TabsLike;
  const devtools = (browser as unknown as { devtools?: DevtoolsLike }).devtools;
  return devtools?.inspectedWindow ? inspectedWindowTabs(devtools) : undefined;
}
const version = browser.runtime.getManifest().version;
const root = document.getElementById('app');
if (root) {
  render(
    <App
      tabId={inspectedTabId(globalThis.location.search)}
      version={version}
      runtime={browser.runtime as unknown as RuntimeLike}
      tabs={pageSource()}
      prefs={browser.storage as unknown as PrefsLike}
      uiLanguage={browser.i18n.getUILanguage()}
    />,
    root,
  );
}
