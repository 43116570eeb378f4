// Background entry: the MV3 service worker in Chromium, the event page in Firefox.
// Every listener is registered synchronously at top level, so that an event that wakes a
// killed worker finds its listener already in place.
import browser from 'webextension-polyfill';
import { isOwnExtensionPage } from './sender.ts';
import { tabIdFromPortName, type BackgroundToPanel } from '../shared/protocol.ts';

browser.runtime.onConnect.addListener((port) => {
  const tabId = tabIdFromPortName(port.name);
  // Only the extension's own pages may read captured traffic.
  if (tabId === null || !isOwnExtensionPage(port.sender?.url, browser.runtime.getURL(''))) {
    port.disconnect();
    return;
  }
  const hello: BackgroundToPanel = { type: 'hello', version: browser.runtime.getManifest().version, tabId };
  port.postMessage(hello);
});
