// What the bench injects into each panel page before its own script runs (a string, not a
// function: tsx's keepNames would inject a `__name` helper the page lacks). It
//  - notes when the panel opens its port and when each background message is dispatched to
//    it (the panel's own listener runs after this one, so the time is before its work);
//  - notes the main thread's long tasks;
//  - watches the DOM and notes the first moment the list is complete: the All filter reads
//    the expected count and rows are rendered (or, for an empty log, the empty state shows).
// All times are performance.now(): milliseconds since the navigation started.

/** What the probe leaves in `globalThis.__panelOpen`. */
export interface ProbeResult {
  /** The list was complete (ms since navigation start); absent until then. */
  doneAt?: number;
  /** The panel's script called runtime.connect. */
  connectAt?: number;
  /** Each message from the background: [dispatch time, type, records in it (characters when it came as JSON text)]. */
  messages: Array<[number, string, number]>;
  /** Long tasks on the panel's main thread: [start, duration]. */
  longTasks: Array<[number, number]>;
  /** Rows first appeared in the DOM. */
  firstRowsAt?: number;
  /** Rows in the DOM when complete. */
  rows?: number;
}

export const PROBE = `(() => {
  const expect = Number(new URLSearchParams(location.search).get('expect'));
  const out = { messages: [], longTasks: [] };
  globalThis.__panelOpen = out;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) out.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    const rt = chrome.runtime;
    const connect = rt.connect.bind(rt);
    rt.connect = (...args) => {
      const port = connect(...args);
      out.connectAt = performance.now();
      port.onMessage.addListener((m) => {
        // Large messages come as JSON text (not parsed again here: the type is at its start).
        if (typeof m === 'string') out.messages.push([performance.now(), (/^{"type":"([a-z-]+)"/.exec(m.slice(0, 40)) || [])[1] || '?', m.length]);
        else out.messages.push([performance.now(), String(m && m.type), Array.isArray(m && (m.rows || m.records)) ? (m.rows || m.records).length : 0]);
      });
      return port;
    };
  } catch {}
  const check = () => {
    if (out.doneAt !== undefined) return;
    if (out.firstRowsAt === undefined && document.querySelector('[data-testid="request-row"]')) out.firstRowsAt = performance.now();
    const count = document.querySelector('[data-testid="filter-all"] [data-testid="filter-count"]');
    if (!count || Number(count.textContent) !== expect) return;
    if (document.querySelector('[data-testid="connection"]')?.textContent !== 'connected') return;
    const rows = document.querySelectorAll('[data-testid="request-row"]').length;
    if (expect > 0 ? rows === 0 : !document.querySelector('[data-testid="empty-state"]')) return;
    out.doneAt = performance.now();
    out.rows = rows;
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;
