// Background entry: the MV3 service worker in Chromium, the event page in Firefox.
// Every listener is registered synchronously at top level, so an event that wakes a killed
// worker finds its listener in place; state comes back from storage.session (capture.ts).
import browser from 'webextension-polyfill';
import { createCapture } from './capture.ts';
import { registerCaptureListeners } from './listeners.ts';
import { isOwnExtensionPage } from './sender.ts';
import { parsePortName } from '../shared/protocol.ts';

const capture = createCapture({
  browser: __BROWSER__ === 'firefox' ? 'firefox' : 'chromium',
  version: browser.runtime.getManifest().version,
  storage: browser.storage.session,
  badge: browser.action,
});

registerCaptureListeners(capture.handlers);

browser.tabs.onRemoved.addListener((tabId) => capture.tabClosed(tabId));

browser.runtime.onConnect.addListener((port) => {
  const parsed = parsePortName(port.name);
  // Only the extension's own pages may read captured traffic or change capture settings.
  if (!parsed || !isOwnExtensionPage(port.sender?.url, browser.runtime.getURL(''))) {
    port.disconnect();
    return;
  }
  if (parsed.kind === 'panel') capture.connectPanel(parsed.tabId, port);
  else capture.connectDevtools(parsed.tabId, port);
});
