// Translates a capture record into the engine's input: what webRequest saw, with "unknown"
// wherever it could not see.
import type { Exchange, ExchangeGaps, ObservedOutcome, PageObservation, PageOutcome, PreflightObservation, ResponseObservation } from '../core/index.ts';
import type { CaptureRecord, PageWitness, PreflightCapture } from './record.ts';
import type { WitnessOutcome } from './witness-protocol.ts';

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
  const gaps = record.gaps;
  // docs/lifecycle.md "Gaps": events before or during a restart may be missing.
  const missed = gaps?.start === true || gaps?.restart === true;
  let preflight: PreflightObservation = { kind: 'none' };
  if (record.preflight) preflight = { kind: 'observed', ...preflightOf(record.preflight) };
  else if (record.preflightCached) {
    preflight = filler ? { kind: 'cached', earlier: preflightOf(filler) } : { kind: 'cached' };
  }
  // Rule 7: no preflight seen on a record with a gap proves nothing, cache or not: it may have gone out unseen.
  else if (missed) preflight = { kind: 'unknown' };

  let response: ResponseObservation;
  if (record.status !== undefined) response = { kind: 'response', status: record.status, headers: record.responseHeaders ?? [] };
  else if (record.error !== undefined && record.requestHeaders === undefined && record.preflight) response = { kind: 'not-sent' };
  // An error without a status on a record with a gap: the request may never have been sent (its
  // preflight failed) or its response may have been missed, so no response was observed.
  else if (record.error !== undefined && missed) response = { kind: 'not-sent' };
  else if (record.error !== undefined) response = { kind: 'network-error', error: record.error };
  else response = { kind: 'not-sent' };

  let outcome: ObservedOutcome;
  if (record.error !== undefined) outcome = { kind: 'failure', error: record.error };
  // Ended by the capture (restart timeout, navigation), or never seen on the network side:
  // the browser's report never came.
  else if (gaps?.end !== undefined || gaps?.unseen === true) outcome = { kind: 'not-observed' };
  // Firefox completes a CORS-blocked simple request like any other: success there proves nothing.
  else if (record.observedBy === 'headers-only') outcome = { kind: 'not-observed' };
  else outcome = { kind: 'success' };

  const capture = gaps === undefined ? undefined : gapsOf(gaps);

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
    redirects:
      record.hopPreflights === undefined
        ? record.redirects
        : record.redirects.map((hop, i) => {
            const again = record.hopPreflights?.find((p) => p.hop === i);
            return again === undefined ? hop : { ...hop, preflight: preflightOf(again) };
          }),
    response,
    outcome,
    browser: record.browser,
    ...(capture === undefined ? {} : { capture }),
    ...(record.witness === undefined ? {} : { page: pageOf(record.witness) }),
  };
}

/** What the page witness saw, as the engine's input (core/page-facts.ts weighs it). */
function pageOf(w: PageWitness): PageObservation {
  const outcome = pageOutcome(w.outcome);
  return {
    api: w.api,
    mode: w.mode,
    credentials: w.credentials,
    redirectMode: w.redirect,
    ...(outcome === undefined ? {} : { outcome }),
    ...(w.ambiguous === true ? { ambiguous: true } : {}),
    ...(w.unread === undefined || w.unread.length === 0 ? {} : { unread: w.unread }),
  };
}

function pageOutcome(o: WitnessOutcome | undefined): PageOutcome | undefined {
  if (o === undefined) return undefined;
  switch (o.kind) {
    case 'resolved':
      return { kind: 'resolved', type: o.type, status: o.status };
    case 'rejected':
      // An abort is the page's own doing: nothing was judged.
      return o.name === 'AbortError' ? { kind: 'aborted', error: `${o.name}: ${o.message}` } : { kind: 'rejected', error: `${o.name}: ${o.message}` };
    case 'xhr':
      if (o.event === 'load') return { kind: 'resolved', type: 'cors', status: o.status };
      return o.event === 'error' ? { kind: 'rejected', error: 'XMLHttpRequest error event' } : { kind: 'aborted', error: `XMLHttpRequest ${o.event} event` };
    case 'eventsource':
      return o.event === 'open' ? { kind: 'resolved', type: 'cors', status: 200 } : { kind: 'rejected', error: 'EventSource error event' };
    case 'beacon':
      // Queued or not says nothing about what the server or CORS did.
      return undefined;
  }
}

/** The record's gaps as the engine's input; undefined when there are none. */
function gapsOf(gaps: NonNullable<CaptureRecord['gaps']>): ExchangeGaps | undefined {
  if (gaps.start !== true && gaps.restart !== true && gaps.end === undefined && gaps.unseen !== true) return undefined;
  return {
    ...(gaps.unseen === true ? { networkUnseen: true } : {}),
    ...(gaps.start === true ? { missedStart: true } : {}),
    ...(gaps.restart === true ? { restarted: true } : {}),
    ...(gaps.end === undefined ? {} : { endedBy: gaps.end }),
  };
}
