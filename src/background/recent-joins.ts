// The most recent joins of a tab, looked up by request: a burst of identical-looking requests
// made differently is noticed by comparing a join with the earlier joins of its own URL and
// method only, not with every recent join of the tab (a scan of the whole list per join was a
// fifth of the witness's cost in the worker during a 1,000-fetch burst, bench/capture).

export interface RecentJoin {
  readonly id: string;
  readonly key: string;
  readonly frameId: number | undefined;
  readonly startedAt: number;
  /** The call's settings (credentials, mode, redirect) as one string. */
  readonly facts: string;
}

export class RecentJoins {
  /** Oldest first: the first to go when more than `max` are kept. */
  private readonly order: RecentJoin[] = [];
  private readonly byKey = new Map<string, RecentJoin[]>();

  constructor(private readonly max: number) {}

  /** The kept joins of this URL and method, oldest first. */
  of(key: string): readonly RecentJoin[] {
    return this.byKey.get(key) ?? [];
  }

  add(join: RecentJoin): void {
    this.order.push(join);
    const same = this.byKey.get(join.key);
    if (same) same.push(join);
    else this.byKey.set(join.key, [join]);
    if (this.order.length <= this.max) return;
    const gone = this.order.shift() as RecentJoin;
    // Joins of a key are kept in the order they came: the oldest overall is its key's first.
    const list = this.byKey.get(gone.key);
    list?.shift();
    if (list?.length === 0) this.byKey.delete(gone.key);
  }
}
