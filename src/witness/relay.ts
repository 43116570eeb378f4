// The witness relay: a content script in the ISOLATED world (document_start, all frames). It
// takes the batches the page witness (page.ts) writes, bounds and rate-limits them (the page
// can dispatch the same events with anything in them) without parsing them, and sends them to
// the background as `WitnessWire` messages (src/shared/witness-protocol.ts) with
// runtime.sendMessage, one at a time, each until the background acknowledges it (relay-core.ts
// `Delivery`). The background parses and checks every entry: it is the one place that can
// (the page reaches everything on its own thread), and it is off the page's thread.
//
// The switch: storage.local `settings.witness` (on unless false), read at start in a top-level
// http(s) page, elsewhere only when the page script first has something to report, and followed
// on change. Off: the relay drops everything and tells the page script to stop recording.
// Until it is read, what comes is held; at pagehide it is sent, and the background, which
// follows the switch too, drops it if the witness is off.
// A background without a listener (or an extension that was reloaded under this page) makes
// sendMessage fail: that failure is caught, never logged in the page's console.

import browser from 'webextension-polyfill';
import { WITNESS_CONTROL_EVENT, WITNESS_DATA_EVENT, type ControlWord } from './channel.ts';
import { witnessEnabled } from '../shared/witness-protocol.ts';
import { Delivery, newPageId, RelayQueue } from './relay-core.ts';

(() => {
  try {
    start();
  } catch {
    // No extension context (the extension went away under this page): nothing to relay.
  }
})();

function start(): void {
  const queue = new RelayQueue(newPageId((bytes) => crypto.getRandomValues(bytes)));
  const delivery = new Delivery(queue, {
    // No listener in the background, or the extension reloaded: not the page's problem.
    send: (message) => browser.runtime.sendMessage(message),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
  });
  /** null until storage answered. */
  let enabled: boolean | null = null;
  /** Between pagehide and pageshow: send at once, timers may never fire again. */
  let hiding = false;

  const tellPage = (word: ControlWord): void => {
    try {
      window.dispatchEvent(new CustomEvent(WITNESS_CONTROL_EVENT, { detail: word }));
    } catch {
      // ignore
    }
  };

  const setEnabled = (value: boolean): void => {
    enabled = value;
    if (!value) queue.clear();
    delivery.setEnabled(value);
    tellPage(value ? 'on' : 'off');
  };

  window.addEventListener(
    WITNESS_DATA_EVENT,
    (event: Event) => {
      try {
        if (enabled === false) return;
        // Switch unknown: only the page script's pagehide batch comes (page.ts flush), held
        // until storage answers or sent now if the document is going.
        queue.accept((event as CustomEvent<unknown>).detail, Date.now());
        if (hiding) delivery.sendAllNow();
        else if (enabled === true) delivery.kick();
      } catch {
        // ignore
      }
    },
    true,
  );

  window.addEventListener(
    WITNESS_CONTROL_EVENT,
    (event: Event) => {
      try {
        // The page script has something to report: tell it the switch, read first if need be.
        if ((event as CustomEvent<unknown>).detail !== 'hello') return;
        if (enabled !== null) tellPage(enabled ? 'on' : 'off');
        else learn();
      } catch {
        // ignore
      }
    },
    true,
  );

  // Send what is queued before the document goes (and what the page script flushes then), also
  // while the switch is unknown: a frame removed right after its first request goes before
  // storage answers, and waiting would lose its report. The background drops it if the witness
  // is off (capture.ts, witnessOn).
  window.addEventListener(
    'pagehide',
    () => {
      hiding = true;
      if (enabled !== false) delivery.sendAllNow();
    },
    true,
  );
  window.addEventListener('pageshow', () => (hiding = false), true);

  // A frame, and any document that is not an http(s) page, reads only when its page script asks
  // (its first entry): one that makes no request calls no extension API, so Firefox has no answer
  // to report as "Promise resolved after context unloaded". Seen: every new tab's initial
  // about:blank runs this script (match_about_blank) and is replaced before storage answers. An
  // http(s) top-level page reads at once, so that a first request it makes as it goes (a pagehide
  // beacon) is not held waiting for the switch.
  let reading = false;
  const learn = (): void => {
    if (reading) return;
    reading = true;
    browser.storage.local.get('settings').then(
      (items) => {
        if (enabled === null) setEnabled(witnessEnabled(items.settings));
      },
      () => {
        if (enabled === null) setEnabled(true);
      },
    );
  };
  // storage.local's own event: a listener on storage.onChanged would be sent every change of
  // every area (in Chromium, an extension page gets each storage.session write of the capture).
  browser.storage.local.onChanged.addListener((changes) => {
    if (!('settings' in changes)) return;
    const value = witnessEnabled(changes.settings?.newValue);
    if (value !== enabled) setEnabled(value);
  });
  if (window === window.top && (location.protocol === 'http:' || location.protocol === 'https:')) learn();
  tellPage('ready');
}
