// One tab's page-witness calls waiting for their records (witness-join.ts), oldest first, with
// the two lookups the join makes for each event: by request (`METHOD url`) when a record
// arrives, and by call (page and seq) when an outcome does. A page that fires a burst of
// requests has its calls reach the worker before most of their webRequest events (bench/capture:
// 600 of 1,000), so a scan of the whole list per record made the join quadratic.

/** What the list needs of a waiting call. */
interface Waiting {
  page: string;
  call: { seq: number; url: string; method: string };
}

export const requestKey = (url: string, method: string): string => `${method} ${url}`;

export class WaitingCalls<P extends Waiting> implements Iterable<P> {
  /** Insertion order is age: the oldest is first. */
  private readonly all = new Set<P>();
  private readonly byRequest = new Map<string, P[]>();
  private readonly byCall = new Map<string, P>();

  get size(): number {
    return this.all.size;
  }

  [Symbol.iterator](): Iterator<P> {
    return this.all.values();
  }

  has(p: P): boolean {
    return this.all.has(p);
  }

  add(p: P): void {
    this.all.add(p);
    const key = requestKey(p.call.url, p.call.method);
    const list = this.byRequest.get(key);
    if (list) list.push(p);
    else this.byRequest.set(key, [p]);
    this.byCall.set(`${p.page}|${p.call.seq}`, p);
  }

  remove(p: P): void {
    if (!this.all.delete(p)) return;
    const key = requestKey(p.call.url, p.call.method);
    const list = this.byRequest.get(key);
    if (list) {
      const i = list.indexOf(p);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.byRequest.delete(key);
    }
    const callKey = `${p.page}|${p.call.seq}`;
    if (this.byCall.get(callKey) === p) this.byCall.delete(callKey);
  }

  /** The oldest waiting call, if any. */
  oldest(): P | undefined {
    for (const p of this.all) return p;
    return undefined;
  }

  /** The oldest call for this request (`requestKey`) that `fits`. */
  forRequest(key: string, fits: (p: P) => boolean): P | undefined {
    return this.byRequest.get(key)?.find(fits);
  }

  /** The call `seq` of `page`. */
  forCall(page: string, seq: number): P | undefined {
    return this.byCall.get(`${page}|${seq}`);
  }
}
