// The CORS panel inside Firefox's own DevTools (not the panel page in a tab, as
// firefox-panel.test.ts): firefox-esr's toolbox opened on the page's tab, docked at the bottom
// (300 px) and at the right (480 px), light and dark. Asserted: the CORS tool is Firefox's
// selected tool on that dock and size, its frame is our panel page, it draws the captured
// blocked request (red pixels of the blocked badge and reason), and it follows the DevTools
// theme (the panel's mean luminance). The whole browser window is written to
// docs/panel-firefox-devtools-{bottom,right}-{light,dark}.png.
//
// BiDi cannot screenshot Firefox's own UI ("privileged (chrome) scope"), so the parent-process
// script draws the window with WindowGlobalParent.drawSnapshot, which paints the toolbox and the
// panel's out-of-process frame too. Firefox internals used here (the DevTools loader, toolbox
// prefs and element ids) stay in this file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FirefoxSession } from '../support/firefox-session.ts';

const DOCS = resolve(import.meta.dirname, '../../docs');

interface Shown {
  /** Firefox's id of the selected tool, and of the tool labelled CORS. */
  tool: string;
  cors: string;
  host: string;
  panelUrl: string;
  panelWidth: number;
  panelHeight: number;
  /** Mean luminance (0–255) of the panel's frame. */
  luminance: number;
  /** Pixels of the panel that are clearly red (the blocked badge and reason). */
  red: number;
  /** The window as a PNG data URL. */
  png: string;
}

/** Parent-process script: the page's toolbox on `host`, the CORS tool selected, once it draws a blocked row. */
function showScript(pageOrigin: string, host: 'bottom' | 'right', theme: 'light' | 'dark'): string {
  return `(async () => {
    const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');
    Services.prefs.setCharPref('devtools.theme', ${JSON.stringify(theme)});
    Services.prefs.setIntPref('devtools.toolbox.footer.height', 300);
    Services.prefs.setIntPref('devtools.toolbox.sidebar.width', 480);
    const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec.startsWith(${JSON.stringify(pageOrigin)}));
    gBrowser.selectedTab = tab;
    const toolbox = await gDevTools.showToolboxForTab(tab, { hostType: ${JSON.stringify(host)} });
    // The extension's devtools page adds the tool once it has loaded in the new toolbox.
    const deadline = Date.now() + 15000;
    let cors;
    while (!(cors = toolbox.getAdditionalTools().find((d) => d.label === 'CORS'))) {
      if (Date.now() > deadline) throw new Error('no CORS tool in the toolbox: ' + JSON.stringify(toolbox.getAdditionalTools().map((d) => d.label)));
      await new Promise((r) => setTimeout(r, 100));
    }
    await toolbox.selectTool(cors.id);
    const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
    const draw = async (wg) => {
      const bitmap = await wg.drawSnapshot(null, 1, 'white');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      const g = canvas.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      return g;
    };
    for (;;) {
      const frame = toolbox.doc.getElementById('toolbox-panel-iframe-' + cors.id);
      const browser = frame?.contentDocument?.querySelector('browser');
      const wg = browser?.browsingContext?.currentWindowGlobal;
      // A frame not laid out yet cannot be drawn (NS_ERROR_LOSS_OF_SIGNIFICANT_DATA): try again.
      const g = browser && wg && !browser.webProgress?.isLoadingDocument ? await draw(wg).catch(() => null) : null;
      if (g) {
        const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
        let sum = 0, red = 0;
        for (let i = 0; i < d.length; i += 4) {
          sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
          if (d[i] - Math.max(d[i + 1], d[i + 2]) > 80) red++;
        }
        const luminance = sum / (d.length / 4);
        const themed = ${JSON.stringify(theme)} === 'dark' ? luminance < 100 : luminance > 150;
        if ((red > 0 && themed) || Date.now() > deadline) {
          const rect = browser.getBoundingClientRect();
          await draw(window.browsingContext.currentWindowGlobal);
          return { tool: toolbox.currentToolId, cors: cors.id, host: toolbox.hostType, panelUrl: browser.currentURI.spec,
            panelWidth: rect.width, panelHeight: rect.height, luminance, red, png: canvas.toDataURL('image/png') };
        }
      } else if (Date.now() > deadline) throw new Error('the CORS panel frame did not load or could not be drawn');
      await new Promise((r) => setTimeout(r, 200));
    }
  })()`;
}

describe("the CORS panel in Firefox's own DevTools", () => {
  let s: FirefoxSession;

  before(async () => {
    s = await FirefoxSession.start();
    // puppeteer gives its pages an 800x600 viewport; DevTools lays out around the real window.
    await s.page.setViewport(null);
    const api = s.api.origin;
    await s.fetch(`${api}/items?acao=*`);
    await s.fetch(`${api}/items/7?acao=$origin&acam=PUT`, { method: 'PUT', headers: { 'X-Request-Id': 'r7', 'Content-Type': 'application/json' }, body: '{}' });
    await s.fetch(`${api}/search?status=200`);
    await s.fetch(`${api}/old?acao=*&redirect=${encodeURIComponent(`${s.other.origin}/new?acao=*`)}`);
    await s.fetch(`${api}/pixel`, { mode: 'no-cors' });
    await s.recordsFor(`${api}/search?status=200`);
  });
  after(async () => {
    await s
      ?.inChrome(
        `(['devtools.theme', 'devtools.toolbox.footer.height', 'devtools.toolbox.sidebar.width'].forEach((p) => Services.prefs.clearUserPref(p)), true)`,
      )
      .catch(() => undefined);
    await s?.close();
  });

  test('docked at the bottom (300 px) and at the right (480 px), light and dark: the CORS tool shows the log and follows the theme', async () => {
    const luminance: Record<string, number> = {};
    for (const host of ['bottom', 'right'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        const where = `${host}, ${theme}`;
        const shown = await s.inChrome<Shown>(showScript(s.site.origin, host, theme));
        assert.equal(shown.tool, shown.cors, `${where}: the CORS tool is the one shown`);
        assert.equal(shown.host, host, where);
        assert.equal(shown.panelUrl, `${s.extensionOrigin}/panel.html`, `${where}: the frame is the CORS Lens panel`);
        if (host === 'bottom') assert.ok(shown.panelHeight > 200 && shown.panelHeight < 300, `${where}: panel height ${shown.panelHeight}`);
        else assert.ok(Math.abs(shown.panelWidth - 480) <= 2, `${where}: panel width ${shown.panelWidth}`);
        assert.ok(shown.red > 0, `${where}: the blocked request is drawn`);
        luminance[where] = shown.luminance;
        writeFileSync(`${DOCS}/panel-firefox-devtools-${host}-${theme}.png`, Buffer.from(shown.png.slice(shown.png.indexOf(',') + 1), 'base64'));
        await s.inChrome(`(async () => {
          const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
          const { gDevTools } = require('devtools/client/framework/devtools');
          await gDevTools.closeToolboxForTab(gBrowser.selectedTab);
          return true;
        })()`);
      }
      assert.ok(
        luminance[`${host}, light`]! > 150 && luminance[`${host}, dark`]! < 100,
        `${host}: the panel follows the DevTools theme (${JSON.stringify(luminance)})`,
      );
    }
    assert.deepEqual(await s.extensionErrors(), []);
  });
});
