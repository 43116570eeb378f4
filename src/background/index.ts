// Background entry: the MV3 service worker in Chromium, the event page in Firefox.
// Every listener is registered synchronously at top level, so an event that wakes a killed
// worker finds its listener in place; state comes back from storage.session (capture.ts).
import browser from 'webextension-polyfill';
import { createCapture } from './capture.ts';
import { registerCaptureListeners } from './listeners.ts';
import { ListeningPolicy } from './listening-policy.ts';
import { isOwnExtensionPage } from './sender.ts';
import { parsePortName } from '../shared/protocol.ts';
import { readWitnessWire, type WitnessAck } from '../shared/witness-protocol.ts';
import { urlOrigin } from './initiator.ts';
import { withoutFragment } from './witness-join.ts';

// Declared before the capture so that its settings can switch listening off; the listeners
// themselves are registered right here, synchronously, by the policy's constructor.
const listening: { policy?: ListeningPolicy } = {};
const capture = createCapture({
  browser: __BROWSER__ === 'firefox' ? 'firefox' : 'chromium',
  version: browser.runtime.getManifest().version,
  storage: browser.storage.session,
  settings: browser.storage.local,
  badge: browser.action,
  onOnlyWithDevtools: (value) => listening.policy?.setOnlyWithDevtools(value),
});
const policy = new ListeningPolicy(() => registerCaptureListeners(capture.handlers));
listening.policy = policy;

browser.tabs.onRemoved.addListener((tabId) => capture.tabClosed(tabId));
// The page witness switch: the background drops what a relay sent while it is off.
browser.storage.local.onChanged.addListener((changes) => {
  if ('settings' in changes) capture.settingsChanged(changes.settings?.newValue);
});

// The page witness's relay (a content script of ours) reports what pages asked for and got.
// Tab and frame come from the browser's sender; the message itself is the page's word and is
// checked for shape and bounds before anything reads it (docs/browsers.md "The page witness").
browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
  const tabId = sender.tab?.id;
  if (sender.id !== browser.runtime.id || tabId === undefined || tabId < 0) return undefined;
  const message = readWitnessWire(raw);
  if (message === null) return undefined;
  // The answer tells the relay it may forget the message (it sends it again until then).
  const ack: WitnessAck = { ack: message.n };
  // "Capture only while DevTools is open" with none open: no record to join to.
  if (!policy.listening) return Promise.resolve(ack);
  const pageOrigin = sender.url?.startsWith('http') ? urlOrigin(sender.url) : null;
  const documentUrl = pageOrigin && sender.url ? withoutFragment(sender.url) : null;
  // Chromium 106+ names the sending document; the polyfill's types do not know it yet.
  const documentId = (sender as { documentId?: unknown }).documentId;
  return capture
    .witness(
      {
        tabId,
        ...(Number.isSafeInteger(sender.frameId) ? { frameId: sender.frameId } : {}),
        ...(pageOrigin ? { pageOrigin } : {}),
        ...(documentUrl ? { documentUrl } : {}),
        ...(typeof documentId === 'string' ? { documentId } : {}),
      },
      message,
    )
    .then(() => ack);
});

// Tabs open before install or browser start never showed us their navigation: learn their
// page origins once, so their service-worker traffic can be attributed.
const learnOpenTabs = () =>
  void browser.tabs.query({}).then(
    (tabs) => capture.tabsFound(tabs),
    () => undefined,
  );
browser.runtime.onInstalled.addListener(learnOpenTabs);
browser.runtime.onStartup.addListener(learnOpenTabs);

browser.runtime.onConnect.addListener((port) => {
  const parsed = parsePortName(port.name);
  // Only the extension's own pages may read captured traffic or change capture settings.
  if (!parsed || !isOwnExtensionPage(port.sender?.url, browser.runtime.getURL(''))) {
    port.disconnect();
    return;
  }
  if (parsed.kind === 'panel') {
    capture.connectPanel(parsed.tabId, port);
    return;
  }
  capture.connectDevtools(parsed.tabId, port);
  policy.devtoolsOpened(parsed.tabId);
  port.onDisconnect.addListener(() => policy.devtoolsClosed(parsed.tabId));
});
