// Looks at the background's state from an extension page of its own (Chromium), the way any
// page of the extension could: the panel protocol for any tab, the tabs, and storage.session
// as the background left it (records under `r:<id>`, a tab's meta under `m:<tabId>`,
// src/background/persistence.ts). Used to prove that a closed tab left nothing behind.
import type { Page } from 'puppeteer';
import type { CaptureRecord } from '../../src/shared/record.ts';
import type { LaunchedExtension } from './browser.ts';
import { snapshotScript } from './snapshot-script.ts';

export class ExtensionInspector {
  private constructor(readonly page: Page) {}

  /** Opens the extension's panel page for tab 0 (no such tab) as a plain extension page. */
  static async open(ext: LaunchedExtension): Promise<ExtensionInspector> {
    const page = await ext.browser.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/panel.html?tabId=0`);
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected');
    return new ExtensionInspector(page);
  }

  /** The records of any tab, through the panel protocol. */
  records(tabId: number): Promise<CaptureRecord[]> {
    return this.page.evaluate(snapshotScript('chrome', tabId)) as Promise<CaptureRecord[]>;
  }

  /** The id of the one tab whose URL is exactly `url`. */
  async tabId(url: string): Promise<number> {
    const ids = (await this.page.evaluate(
      `chrome.tabs.query({}).then((tabs) => tabs.filter((t) => t.url === ${JSON.stringify(url)}).map((t) => t.id))`,
    )) as number[];
    if (ids.length !== 1) throw new Error(`expected one tab at ${url}, found ${ids.length}`);
    return ids[0]!;
  }

  /** Everything in storage.session, with record entries parsed (they are stored as JSON strings). */
  async storage(): Promise<{ records: CaptureRecord[]; metaKeys: string[]; keys: string[] }> {
    const all = (await this.page.evaluate('chrome.storage.session.get(null)')) as Record<string, unknown>;
    const keys = Object.keys(all);
    const records = keys
      .filter((k) => k.startsWith('r:'))
      .map((k) => {
        const v = all[k];
        return (typeof v === 'string' ? JSON.parse(v) : v) as CaptureRecord;
      });
    return { records, metaKeys: keys.filter((k) => k.startsWith('m:')), keys };
  }
}
