// The one typed protocol between the background and the panel. Both sides import this
// module; nothing here is redeclared elsewhere.

/** Name of the port a panel opens; the inspected tab id follows the colon. */
export const PANEL_PORT_PREFIX = 'cors-lens-panel:';

export function panelPortName(tabId: number): string {
  return `${PANEL_PORT_PREFIX}${tabId}`;
}

/** The tab id a port name carries, or null when the port is not a panel port. */
export function tabIdFromPortName(name: string): number | null {
  if (!name.startsWith(PANEL_PORT_PREFIX)) return null;
  const rest = name.slice(PANEL_PORT_PREFIX.length);
  return /^\d+$/.test(rest) ? Number(rest) : null;
}

export type BackgroundToPanel = { type: 'hello'; version: string; tabId: number };

export function isBackgroundToPanel(message: unknown): message is BackgroundToPanel {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return m.type === 'hello' && typeof m.version === 'string' && typeof m.tabId === 'number';
}
