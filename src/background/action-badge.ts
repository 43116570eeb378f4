// The toolbar badge: how many cross-origin requests of the tab were blocked. Badge text set
// per tab follows the active tab by itself.
import type { CaptureRecord } from '../shared/record.ts';
import type { TabLogObserver } from './tab-log.ts';

export interface BadgeApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void> | void;
  setBadgeBackgroundColor(details: { color: string }): Promise<void> | void;
}

export class ActionBadge implements TabLogObserver {
  private readonly dirty = new Set<number>();
  private readonly shown = new Map<number, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: BadgeApi,
    private readonly blockedCount: (tabId: number) => number,
    private readonly delayMs = 200,
  ) {
    void Promise.resolve(api.setBadgeBackgroundColor({ color: '#c5221f' })).catch(() => undefined);
  }

  recordChanged(record: CaptureRecord): void {
    if (record.complete) this.mark(record.tabId);
  }
  recordsRemoved(tabId: number): void {
    this.mark(tabId);
  }
  metaChanged(): void {}
  tabRemoved(tabId: number): void {
    this.shown.delete(tabId);
    this.dirty.delete(tabId);
  }

  update(): void {
    this.timer = undefined;
    for (const tabId of this.dirty) {
      const n = this.blockedCount(tabId);
      const text = n === 0 ? '' : n > 999 ? '999+' : String(n);
      if (this.shown.get(tabId) === text) continue;
      this.shown.set(tabId, text);
      // The tab may have closed meanwhile: nothing to show then.
      void Promise.resolve(this.api.setBadgeText({ tabId, text })).catch(() => undefined);
    }
    this.dirty.clear();
  }

  private mark(tabId: number): void {
    this.dirty.add(tabId);
    if (this.timer === undefined) this.timer = setTimeout(() => this.update(), this.delayMs);
  }
}
