// Registers the webRequest listeners, synchronously, when the background starts. Chromium
// shows preflights (and the Origin / Cookie headers) only to listeners registered with
// `extraHeaders`; Firefox rejects that option and shows everything anyway: feature-detect.
import type { ErrorDetails, NavigationEnd, RedirectDetails, RequestDetails, ResponseDetails, SendHeadersDetails } from './events.ts';

export interface CaptureHandlers {
  beforeRequest(d: RequestDetails): void;
  sendHeaders(d: SendHeadersDetails): void;
  headersReceived(d: ResponseDetails): void;
  beforeRedirect(d: RedirectDetails): void;
  completed(d: ResponseDetails): void;
  errorOccurred(d: ErrorDetails): void;
  /** A top-level navigation started in a tab. */
  navigated(d: RequestDetails): void;
  /** A top-level navigation's request ended (its response, or an error). */
  navigationEnded(d: NavigationEnd): void;
}

interface WebRequestEvent<D> {
  addListener(cb: (details: D) => void, filter: { urls: string[]; types?: string[] }, extraInfoSpec?: string[]): void;
  removeListener(cb: (details: D) => void): void;
}

interface WebRequestApi {
  onBeforeRequest: WebRequestEvent<RequestDetails>;
  onSendHeaders: WebRequestEvent<SendHeadersDetails>;
  onHeadersReceived: WebRequestEvent<ResponseDetails>;
  onBeforeRedirect: WebRequestEvent<RedirectDetails>;
  onCompleted: WebRequestEvent<ResponseDetails>;
  onErrorOccurred: WebRequestEvent<ErrorDetails>;
  OnSendHeadersOptions?: Record<string, string>;
}

// The request types CORS can apply to (fetch/XHR, fonts, and crossorigin scripts, styles,
// images, media; beacons with a non-safelisted body). Navigations and WebSockets never are.
const CORS_TYPES = {
  chrome: ['xmlhttprequest', 'font', 'script', 'stylesheet', 'image', 'media', 'ping', 'other'],
  firefox: ['xmlhttprequest', 'font', 'script', 'stylesheet', 'image', 'imageset', 'media', 'ping', 'beacon', 'other'],
};

function webRequestApi(): WebRequestApi {
  const g = globalThis as unknown as { browser?: { webRequest?: WebRequestApi }; chrome?: { webRequest?: WebRequestApi } };
  const api = g.browser?.webRequest ?? g.chrome?.webRequest;
  if (!api) throw new Error('CORS Lens: the webRequest API is missing (is the permission granted?)');
  return api;
}

/** Registers every listener; returns a function that removes them all. */
export function registerCaptureListeners(h: CaptureHandlers, api: WebRequestApi = webRequestApi()): () => void {
  const filter = { urls: ['<all_urls>'], types: CORS_TYPES[__BROWSER__] };
  // Chromium: without it, preflights never reach any listener. Firefox: the option does not exist.
  const extra = api.OnSendHeadersOptions?.EXTRA_HEADERS ? ['extraHeaders'] : [];
  const navigation = (d: RequestDetails) => h.navigated(d);
  const removers: Array<() => void> = [];
  const add = <D>(event: WebRequestEvent<D>, cb: (d: D) => void, f: { urls: string[]; types?: string[] }, spec?: string[]) => {
    // Firefox throws on an explicit `undefined` third argument: pass two when there is none
    // (this and the `extraHeaders` test are listed with their public records in
    // docs/browsers.md, "Browser workarounds and where they are reported").
    if (spec) event.addListener(cb, f, spec);
    else event.addListener(cb, f);
    removers.push(() => event.removeListener(cb));
  };
  // Only the headers events ask for headers: every extraInfoSpec costs a copy per request.
  add(api.onBeforeRequest, h.beforeRequest, filter);
  add(api.onSendHeaders, h.sendHeaders, filter, ['requestHeaders', ...extra]);
  add(api.onHeadersReceived, h.headersReceived, filter, ['responseHeaders', ...extra]);
  add(api.onBeforeRedirect, h.beforeRedirect, filter);
  add(api.onCompleted, h.completed, filter);
  add(api.onErrorOccurred, h.errorOccurred, filter);
  add(api.onBeforeRequest, navigation, { urls: ['<all_urls>'], types: ['main_frame'] });
  // Whether the page was left at all (a 204 or a download leaves it in place): rule 11.
  const navigationCompleted = (d: ResponseDetails) => h.navigationEnded({ requestId: d.requestId, tabId: d.tabId, statusCode: d.statusCode });
  const navigationFailed = (d: ErrorDetails) => h.navigationEnded({ requestId: d.requestId, tabId: d.tabId, error: d.error });
  // A download says so in its headers; its request then completes like a page's.
  const navigationHeaders = (d: ResponseDetails) => {
    const disposition = d.responseHeaders?.find((x) => x.name.toLowerCase() === 'content-disposition')?.value;
    if (disposition !== undefined && /^\s*attachment\b/i.test(disposition)) h.navigationEnded({ requestId: d.requestId, tabId: d.tabId, download: true });
  };
  add(api.onHeadersReceived, navigationHeaders, { urls: ['<all_urls>'], types: ['main_frame'] }, ['responseHeaders']);
  add(api.onCompleted, navigationCompleted, { urls: ['<all_urls>'], types: ['main_frame'] });
  add(api.onErrorOccurred, navigationFailed, { urls: ['<all_urls>'], types: ['main_frame'] });
  return () => removers.forEach((remove) => remove());
}
