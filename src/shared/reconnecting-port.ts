// The extension pages' end of the protocol (panel, devtools page). The background may be a
// service worker that Chrome kills when idle: its ports then disconnect, so a page reconnects
// by itself (which also wakes the worker) and, as a panel, gets a fresh snapshot.
import { decodeFromPort, isBackgroundToPanel, type BackgroundToPanel, type PageToBackground } from './protocol.ts';

export interface RuntimeLike {
  connect(info: { name: string }): PortLike;
}

export interface PortLike {
  postMessage(message: PageToBackground): void;
  disconnect(): void;
  onMessage: { addListener(cb: (m: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface Connection {
  send(message: PageToBackground): void;
  close(): void;
}

export function connect(
  runtime: RuntimeLike,
  portName: string,
  onMessage: (m: BackgroundToPanel) => void,
  onDisconnect: () => void = () => undefined,
  retryMs = 100,
): Connection {
  let port: PortLike | undefined;
  let closed = false;
  const open = () => {
    if (closed) return;
    const p = runtime.connect({ name: portName });
    port = p;
    p.onMessage.addListener((raw) => {
      const m = decodeFromPort(raw); // large messages come as JSON text
      if (isBackgroundToPanel(m)) onMessage(m);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = undefined;
      onDisconnect();
      setTimeout(open, retryMs);
    });
  };
  open();
  return {
    send(message) {
      port?.postMessage(message);
    },
    close() {
      closed = true;
      port?.disconnect();
    },
  };
}
