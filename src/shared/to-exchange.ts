// Translates a capture record into the engine's input: what webRequest saw, with "unknown"
// wherever it could not see.
import type { Exchange, ObservedOutcome, PreflightObservation, ResponseObservation } from '../core/exchange.ts';
import type { CaptureRecord, PreflightCapture } from './record.ts';

function preflightOf(p: PreflightCapture) {
  const result: ResponseObservation =
    p.error !== undefined && p.status === undefined
      ? { kind: 'network-error', error: p.error }
      : p.status !== undefined
        ? { kind: 'response', status: p.status, headers: p.responseHeaders ?? [] }
        : { kind: 'not-sent' };
  return { requestHeaders: p.requestHeaders ?? [], result };
}

/** `cacheFiller`: the earlier record (or just its preflight) that filled the browser's preflight cache. */
export function toExchange(record: CaptureRecord, cacheFiller?: { preflight?: PreflightCapture }): Exchange {
  const filler = cacheFiller?.preflight ?? record.cachedPreflight;
  let preflight: PreflightObservation = { kind: 'none' };
  if (record.preflight) preflight = { kind: 'observed', ...preflightOf(record.preflight) };
  else if (record.preflightCached) {
    preflight = filler
      ? { kind: 'cached', earlier: preflightOf(filler) }
      : { kind: 'cached' };
  }

  let response: ResponseObservation;
  if (record.status !== undefined) response = { kind: 'response', status: record.status, headers: record.responseHeaders ?? [] };
  else if (record.error !== undefined && record.requestHeaders === undefined && record.preflight) response = { kind: 'not-sent' };
  else if (record.error !== undefined) response = { kind: 'network-error', error: record.error };
  else response = { kind: 'not-sent' };

  let outcome: ObservedOutcome;
  if (record.error !== undefined) outcome = { kind: 'failure', error: record.error };
  // Firefox completes a CORS-blocked simple request like any other: success there proves nothing.
  else if (record.observedBy === 'headers-only') outcome = { kind: 'not-observed' };
  else outcome = { kind: 'success' };

  return {
    initiator: record.initiator,
    url: record.url,
    request: {
      method: record.method,
      headers: record.requestHeaders ?? [],
      // Never sent (its preflight failed) or missed: the engine then reads the preflight's list.
      ...(record.requestHeaders === undefined ? { headersSeen: false } : {}),
      resourceType: record.type,
    },
    preflight,
    redirects: record.redirects,
    response,
    outcome,
    browser: record.observedBy === 'headers-only' ? 'firefox' : 'chromium',
  };
}
