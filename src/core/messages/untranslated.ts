// What every catalogue writes the same way because no language translates it: the header name
// its sentences quote most, and the resource types a developer knows by the name of their API or
// element. Kept here once, so a catalogue holds only what it translates.
import type { ResourceType } from '../exchange.ts';

/** The header most sentences name, written out in full (what a developer searches for). */
export const ACAO = 'Access-Control-Allow-Origin';

/** Resource types named after their API or element, in every language. */
export const API_NAMED_TYPES = {
  xmlhttprequest: 'fetch/XHR',
  object: '<object>/<embed>',
  ping: '<a ping>',
  beacon: 'sendBeacon',
  websocket: 'WebSocket',
  webtransport: 'WebTransport',
  xslt: 'XSLT',
} as const satisfies Partial<Record<ResourceType, string>>;
