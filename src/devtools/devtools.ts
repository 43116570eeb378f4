// The devtools page lives as long as DevTools is open on a tab. It adds the CORS panel, tells
// the background that DevTools is open (a port, for "capture only while DevTools is open"),
// and forwards where each request came from (Chromium's HAR `_initiator`), so the panel can
// name the line of the page's code that made a request. Capture never depends on it.
import browser from 'webextension-polyfill';
import { devtoolsPortName } from '../shared/protocol.ts';
import { connect, type RuntimeLike } from '../shared/reconnecting-port.ts';
import { sourceMessage, type HarEntryLike } from './har-source.ts';

// The tab's title in the browser's language (_locales; 'CORS' in every language so far).
browser.devtools.panels.create(browser.i18n.getMessage('panelTitle') || 'CORS', 'icons/icon-32.png', 'panel.html').catch((error: unknown) => {
  console.error('CORS Lens: could not create the CORS panel', error);
});

const tabId = browser.devtools.inspectedWindow.tabId;
const connection = connect(browser.runtime as unknown as RuntimeLike, devtoolsPortName(tabId), () => undefined);

browser.devtools.network.onRequestFinished.addListener((entry) => {
  const message = sourceMessage(entry as unknown as HarEntryLike);
  if (message) connection.send(message);
});
