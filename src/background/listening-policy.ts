// Decides whether the webRequest listeners are registered at all. By default they always
// are (capture works before DevTools is opened). With "capture only while DevTools is open",
// they are removed while no DevTools window is open on any tab, so the browser pays nothing
// for CORS Lens then, and added back when a devtools page connects.
export class ListeningPolicy {
  private unregister: (() => void) | undefined;
  private readonly devtoolsTabs = new Map<number, number>();
  private onlyWithDevtools = false;

  /** Registers at once: at worker start this must happen synchronously, before any await. */
  constructor(private readonly register: () => () => void) {
    this.unregister = register();
  }

  get listening(): boolean {
    return this.unregister !== undefined;
  }

  setOnlyWithDevtools(value: boolean): void {
    this.onlyWithDevtools = value;
    this.apply();
  }

  devtoolsOpened(tabId: number): void {
    this.devtoolsTabs.set(tabId, (this.devtoolsTabs.get(tabId) ?? 0) + 1);
    this.apply();
  }

  devtoolsClosed(tabId: number): void {
    const n = (this.devtoolsTabs.get(tabId) ?? 1) - 1;
    if (n <= 0) this.devtoolsTabs.delete(tabId);
    else this.devtoolsTabs.set(tabId, n);
    this.apply();
  }

  private apply(): void {
    const wanted = !this.onlyWithDevtools || this.devtoolsTabs.size > 0;
    if (wanted && !this.unregister) this.unregister = this.register();
    else if (!wanted && this.unregister) {
      this.unregister();
      this.unregister = undefined;
    }
  }
}
