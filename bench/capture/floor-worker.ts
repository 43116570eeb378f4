// Service worker of the do-nothing "floor" extension: CORS Lens's own webRequest listeners
// (same events, filters, extraInfoSpec incl. extraHeaders), imported from listeners.ts so they
// stay the same when it changes, with empty callbacks. What is left is what Chromium charges
// for merely being watched.
import { registerCaptureListeners } from '../../src/background/listeners.ts';

const nothing = (): void => {};

registerCaptureListeners({
  beforeRequest: nothing,
  sendHeaders: nothing,
  headersReceived: nothing,
  beforeRedirect: nothing,
  completed: nothing,
  errorOccurred: nothing,
  navigated: nothing,
  navigationEnded: nothing,
});
