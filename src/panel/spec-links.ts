// Where each rule is defined: a Fetch Standard anchor, or MDN's page for the browser error.
// One map, so a moved anchor is fixed in one place.
import type { CheckId, ReasonCode } from '../core/index.ts';
import { REASONS } from '../core/index.ts';

const FETCH = 'https://fetch.spec.whatwg.org/';
const MDN = 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors';

export const CHECK_LINKS: Readonly<Record<CheckId, string>> = {
  initiator: `${FETCH}#concept-request-origin`,
  url: `${MDN}/CORSRequestNotHttp`,
  'cross-origin': 'https://html.spec.whatwg.org/multipage/browsers.html#same-origin',
  mode: `${FETCH}#concept-request-mode`,
  credentials: `${FETCH}#concept-request-credentials-mode`,
  method: `${FETCH}#cors-safelisted-method`,
  'request-header': `${FETCH}#cors-safelisted-request-header`,
  'preflight-needed': `${FETCH}#cors-preflight-fetch`,
  'preflight-seen': `${FETCH}#cors-preflight-cache`,
  'preflight-request-headers': `${FETCH}#http-access-control-request-headers`,
  'preflight-network': `${MDN}/CORSDidNotSucceed`,
  'preflight-redirect': `${MDN}/CORSExternalRedirectNotAllowed`,
  'preflight-allow-origin': `${FETCH}#cors-check`,
  'preflight-allow-credentials': `${FETCH}#http-access-control-allow-credentials`,
  'preflight-status': `${MDN}/CORSPreflightDidNotSucceed`,
  'preflight-allow-methods': `${FETCH}#http-access-control-allow-methods`,
  'preflight-allow-headers': `${FETCH}#http-access-control-allow-headers`,
  'preflight-method': `${MDN}/CORSMethodNotFound`,
  'preflight-header': `${MDN}/CORSMissingAllowHeaderFromPreflight`,
  'preflight-max-age': `${FETCH}#http-access-control-max-age`,
  'redirect-count': `${FETCH}#http-redirect-fetch`,
  'redirect-allow-origin': `${FETCH}#cors-check`,
  'redirect-allow-credentials': `${FETCH}#http-access-control-allow-credentials`,
  'redirect-location': `${FETCH}#http-redirect-fetch`,
  'redirect-taint': `${FETCH}#concept-request-tainted-origin`,
  response: `${FETCH}#main-fetch`,
  'allow-origin': `${FETCH}#http-access-control-allow-origin`,
  'allow-credentials': `${FETCH}#http-access-control-allow-credentials`,
  'expose-headers': `${FETCH}#http-access-control-expose-headers`,
  outcome: MDN,
};

/** MDN's page for a reason: its Firefox error key has one; otherwise the CORS errors index. */
export function reasonLink(code: ReasonCode): string {
  const key = REASONS[code].firefox;
  return key === null ? MDN : `${MDN}/${key}`;
}
