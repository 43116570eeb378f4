// Entry of the toolbar popup (manifest action.default_popup): the active tab's summary, or the
// tab of `?tabId=N` when the page is opened on its own (tests).
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { Popup } from './components/Popup.tsx';
import { inspectedTabId } from './inspected-tab.ts';
import { LANGUAGE_KEY, storedLanguage } from './language-choice.ts';
import { setPanelLanguage } from './words.ts';
import type { RuntimeLike } from '../shared/reconnecting-port.ts';

async function tabOf(): Promise<number | null> {
  const given = inspectedTabId(globalThis.location.search);
  if (given !== null) return given;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

/** The panel's language for the popup too: the user's pick, else the browser's (language-choice.ts). */
async function language(): Promise<void> {
  const items = await browser.storage.local.get(LANGUAGE_KEY).catch(() => ({}) as Record<string, unknown>);
  setPanelLanguage(storedLanguage((items as Record<string, unknown>)[LANGUAGE_KEY]) ?? browser.i18n.getUILanguage());
}

const root = document.getElementById('app');
if (root) {
  void Promise.all([tabOf(), language()]).then(([tabId]) => {
    render(
      <Popup
        tabId={tabId}
        runtime={browser.runtime as unknown as RuntimeLike}
        openWindow={(id) => void browser.tabs.create({ url: browser.runtime.getURL(`panel.html?tabId=${id}`) })}
      />,
      root,
    );
  });
}
