// In-memory stand-ins for storage.session, the action badge and runtime ports.
import type { StorageAreaLike } from '../../src/background/persistence.ts';
import type { BadgeApi } from '../../src/background/action-badge.ts';
import { decodeFromPort, type BackgroundToPanel } from '../../src/shared/protocol.ts';

export class MemoryStorage implements StorageAreaLike {
  data = new Map<string, string>();
  sets = 0;
  /**
   * Optional quota in bytes, counted the way Chromium's storage.session does: a string by its
   * length, a structured value by its in-memory shape (modelled as 3.4x its JSON length, what
   * the capture benchmark measured for records with verdicts). A write over it is refused.
   */
  constructor(private readonly quota = Infinity) {}
  private static cost(key: string, json: string): number {
    return key.length + (json.startsWith('"') ? json.length : Math.ceil(json.length * 3.4));
  }
  async get(_keys: string[] | null): Promise<Record<string, unknown>> {
    return Object.fromEntries([...this.data].map(([k, v]) => [k, JSON.parse(v)]));
  }
  async set(items: Record<string, unknown>): Promise<void> {
    this.sets++;
    const next = new Map(this.data);
    for (const [k, v] of Object.entries(items)) next.set(k, JSON.stringify(v));
    let used = 0;
    for (const [k, v] of next) used += MemoryStorage.cost(k, v);
    if (used > this.quota) throw new Error('QUOTA_BYTES quota exceeded');
    this.data = next;
  }
  async remove(keys: string[]): Promise<void> {
    for (const k of keys) this.data.delete(k);
  }
  bytes(): number {
    let n = 0;
    for (const [k, v] of this.data) n += k.length + v.length;
    return n;
  }
  /** A view of this area for one life of the background; `kill()` it when the worker dies. */
  life(): StorageLife {
    return storageLife(this);
  }
}

export class FakeBadge implements BadgeApi {
  text = new Map<number, string>();
  setBadgeText({ tabId, text }: { tabId: number; text: string }): void {
    this.text.set(tabId, text);
  }
  setBadgeBackgroundColor(): void {}
}

export class FakePort {
  received: BackgroundToPanel[] = [];
  private messageListeners: Array<(m: unknown) => void> = [];
  private disconnectListeners: Array<() => void> = [];
  postMessage(m: BackgroundToPanel | string): void {
    // Large messages cross the port as JSON text, rows packed (protocol.ts encodeForPort).
    this.received.push(typeof m === 'string' ? (decodeFromPort(m) as BackgroundToPanel) : structuredClone(m));
  }
  onMessage = { addListener: (cb: (m: unknown) => void) => void this.messageListeners.push(cb) };
  onDisconnect = { addListener: (cb: () => void) => void this.disconnectListeners.push(cb) };
  /** The page sends a message to the background. */
  send(m: unknown): void {
    for (const cb of this.messageListeners) cb(m);
  }
  disconnect(): void {
    for (const cb of this.disconnectListeners) cb();
  }
}

/** One life of a background over a MemoryStorage: its view of the area (see `MemoryStorage.life`). */
export interface StorageLife extends StorageAreaLike {
  /** The background died: set/remove calls made from now on never land. */
  kill(): void;
  readonly killed: boolean;
}

/**
 * A view of `storage` for one life of the background, to model a killed worker: writes
 * issued before `kill()` land (IPC already sent, as in Chromium), later ones are dropped.
 * `get` answers only the keys asked for, as storage.session does.
 */
function storageLife(storage: MemoryStorage): StorageLife {
  let killed = false;
  return {
    get killed() {
      return killed;
    },
    kill() {
      killed = true;
    },
    async get(keys: string[] | null): Promise<Record<string, unknown>> {
      const all = await storage.get(null);
      if (keys === null) return all;
      return Object.fromEntries(keys.filter((k) => k in all).map((k) => [k, all[k]]));
    },
    async set(items: Record<string, unknown>): Promise<void> {
      if (!killed) await storage.set(items);
    },
    async remove(keys: string[]): Promise<void> {
      if (!killed) await storage.remove(keys);
    },
  };
}
