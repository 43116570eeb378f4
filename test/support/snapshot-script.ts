// The script an extension page runs to read a tab's records through the panel protocol, the
// same way the panel does: connect, take the reset and the snapshot of rows, ask for the whole
// records of every row (`records`, as a detail view or an export does), disconnect. It is a
// string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
export function snapshotScript(namespace: 'chrome' | 'browser', tabId: number): string {
  return `new Promise((resolve, reject) => {
    const rows = new Map();
    const byId = new Map();
    const port = ${namespace}.runtime.connect({ name: ${JSON.stringify(`cors-lens-panel:${tabId}`)} });
    let timer;
    let asked = false;
    const ask = () => {
      // Whole records of the rows whose record is not here (or changed since): 500 ids a request.
      const ids = [...rows.keys()].filter((id) => !byId.has(id));
      for (let i = 0; i < ids.length; i += 500) port.postMessage({ type: 'records', ids: ids.slice(i, i + 500) });
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // Complete once every row has its whole record (a record that changed while it was
        // read is left out of the answer; its new row comes, and it is asked for again).
        if (asked && [...rows.keys()].every((id) => byId.has(id))) return done();
        asked = true;
        ask();
        quiet();
      }, 150);
    };
    const done = () => {
      port.disconnect();
      resolve([...rows.keys()].filter((id) => byId.has(id)).map((id) => byId.get(id)).sort((a, b) => a.seq - b.seq));
    };
    port.onMessage.addListener((m) => {
      if (typeof m === 'string') m = JSON.parse(m); // large messages come as JSON text
      if (m.type === 'reset') { rows.clear(); byId.clear(); }
      // Rows come packed (src/shared/row.ts packRows): the id is each row's first item.
      for (const id of m.rows ? m.rows.map((r) => r.id) : m.packed ? m.packed.r.map((r) => r[0]) : []) { rows.set(id, true); byId.delete(id); }
      for (const r of m.records ?? []) { rows.set(r.id, true); byId.set(r.id, r); }
      for (const id of m.ids ?? []) { rows.delete(id); byId.delete(id); }
      // The snapshot follows the reset at once: a quiet spell means it is complete.
      quiet();
    });
    port.onDisconnect.addListener(() => reject(new Error('port closed before the snapshot arrived')));
    setTimeout(() => reject(new Error('no snapshot within 5 s')), 5000);
  })`;
}

/** The script an extension page runs to send one protocol message to the background as the panel does. */
export function panelSendScript(namespace: 'chrome' | 'browser', tabId: number, message: unknown): string {
  return `new Promise((resolve) => {
    const port = ${namespace}.runtime.connect({ name: ${JSON.stringify(`cors-lens-panel:${tabId}`)} });
    port.postMessage(${JSON.stringify(message)});
    setTimeout(() => { port.disconnect(); resolve(); }, 100);
  })`;
}
