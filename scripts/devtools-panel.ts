// Opens DevTools on a page and shows the extension's CORS panel, headless.
// This reaches into the DevTools front-end's internals (InspectorView), which have no
// public API; it is kept in this one helper so a DevTools change breaks one place.
import type { Frame, Page } from 'puppeteer';

export interface OpenPanel {
  devtools: Page;
  panel: Frame;
}

/** Where DevTools sits in the window (its DockController's sides). */
export type DockSide = 'bottom' | 'right' | 'left' | 'undocked';

/**
 * Docks DevTools on `side` (as its ⋮ menu's "Dock side" does) and returns the side it then
 * reports. The front-end must have booted (openCorsPanel returned).
 */
export async function dockDevTools(devtools: Page, side: DockSide): Promise<string> {
  return devtools.evaluate(async (s: string) => {
    // A module of the DevTools front-end, resolved inside devtools:// (a variable: nothing here
    // can resolve or type it).
    const legacy = './ui/legacy/legacy.js';
    const UI = await import(legacy);
    const dock = UI.DockController.DockController.instance();
    dock.setDockSide(s);
    return String(dock.dockSide());
  }, side);
}

export async function openCorsPanel(page: Page, extensionId: string, timeoutMs = 15_000): Promise<OpenPanel> {
  const devtools = await page.openDevTools();
  // Panel ids of extension panels are the extension origin followed by the panel title.
  const panelId = `chrome-extension://${extensionId}CORS`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const panel = devtools.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/panel.html`));
    if (panel) {
      await panel.waitForSelector('#app > *', { timeout: Math.max(1, deadline - Date.now()) });
      return { devtools, panel };
    }
    if (Date.now() > deadline) throw new Error(`DevTools never showed the panel ${panelId}`);
    // The front-end boots and the devtools page creates the panel asynchronously: until
    // both happened, InspectorView is missing or does not know the panel yet, so retry.
    await devtools
      .evaluate(async (id: string) => {
        // A module of the DevTools front-end, resolved inside devtools:// (see dockDevTools).
        const legacy = './ui/legacy/legacy.js';
        const UI = await import(legacy);
        await UI.InspectorView.InspectorView.instance().showPanel(id);
      }, panelId)
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
  }
}
