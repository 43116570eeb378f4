// The parts of webRequest event details the capture reads, in both browsers. Declared here
// (not taken from @types/chrome) so the tracker is fed the same shape by Chromium, Firefox
// and the unit tests.

export interface WireHeader {
  name: string;
  value?: string;
  binaryValue?: ArrayLike<number>;
}

export interface RequestDetails {
  requestId: string;
  url: string;
  method: string;
  tabId: number;
  type: string;
  timeStamp: number;
  frameId?: number;
  /** Chromium: the initiator's serialised origin ("null" for opaque). */
  initiator?: string;
  /** Firefox: the URL of the document or resource that made the request. */
  originUrl?: string;
  documentUrl?: string;
  /** Chromium 106+: the document making the request, and its parent document (a frame's). */
  documentId?: string;
  parentDocumentId?: string;
  /** Chromium 106+: "prerender" for a document being prerendered (speculation rules). */
  documentLifecycle?: string;
}

export interface SendHeadersDetails extends RequestDetails {
  requestHeaders?: WireHeader[];
}

export interface ResponseDetails extends RequestDetails {
  statusCode: number;
  responseHeaders?: WireHeader[];
  fromCache?: boolean;
}

export interface RedirectDetails extends ResponseDetails {
  redirectUrl: string;
}

export interface ErrorDetails extends RequestDetails {
  error: string;
  fromCache?: boolean;
}

/** How a top-level navigation's request ended: its status, or the browser's error. */
export interface NavigationEnd {
  requestId: string;
  tabId: number;
  statusCode?: number;
  error?: string;
  /** Its response is a download (Content-Disposition: attachment): no new page. */
  download?: boolean;
}
