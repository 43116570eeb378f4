// The script an extension page runs to read a tab's records through the panel protocol, the
// same way the panel does: connect, take the reset and the snapshot, disconnect. It is a
// string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
export function snapshotScript(namespace: 'chrome' | 'browser', tabId: number): string {
  return `new Promise((resolve, reject) => {
    const byId = new Map();
    const port = ${namespace}.runtime.connect({ name: ${JSON.stringify(`cors-lens-panel:${tabId}`)} });
    let timer;
    port.onMessage.addListener((m) => {
      if (m.type === 'reset') byId.clear();
      for (const r of m.records ?? []) byId.set(r.id, r);
      for (const id of m.ids ?? []) byId.delete(id);
      // The snapshot follows the reset at once: a quiet spell means it is complete.
      clearTimeout(timer);
      timer = setTimeout(() => {
        port.disconnect();
        resolve([...byId.values()].sort((a, b) => a.seq - b.seq));
      }, 150);
    });
    port.onDisconnect.addListener(() => reject(new Error('port closed before the snapshot arrived')));
    setTimeout(() => reject(new Error('no snapshot within 5 s')), 5000);
  })`;
}
