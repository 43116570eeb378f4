// The turn-taking server. Every browser's bench page long-polls /turn; the bench hands out one
// turn at a time (so the browsers never compete for the two cores) and waits for its report.
// It also serves the page itself, on `localhost`, while the API servers answer on 127.0.0.1:
// page and API are then different origins, so every request is a CORS request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_PAGE, type TurnMessage, type TurnReport } from './page.ts';

/** How long a /turn request is held before the page is told to ask again. */
const POLL_HOLD_MS = 15_000;

export interface Conductor {
  /** The page origin, e.g. http://localhost:41234 */
  origin: string;
  pageUrl(browser: string): string;
  /** Resolves once `browser`'s page is waiting for a turn (it loaded, or reloaded after its last turn). */
  waitIdle(browser: string, timeoutMs: number): Promise<void>;
  /** Gives `browser` a turn and resolves with its report; `reload` tells the page to reload afterwards. */
  run(browser: string, turn: { id: string; api: string; n: number }, reload: boolean, timeoutMs: number): Promise<TurnReport>;
  close(): Promise<void>;
}

export async function startConductor(): Promise<Conductor> {
  const polls = new Map<string, ServerResponse>();
  const idleWaiters = new Map<string, Array<() => void>>();
  const pendingReports = new Map<string, { reload: boolean; resolve: (r: TurnReport) => void }>();

  const answer = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const onPoll = (browser: string, res: ServerResponse) => {
    polls.get(browser)?.end();
    polls.set(browser, res);
    const hold = setTimeout(() => {
      if (polls.get(browser) !== res) return;
      polls.delete(browser);
      answer(res, { kind: 'wait' } satisfies TurnMessage);
    }, POLL_HOLD_MS);
    res.on('close', () => {
      clearTimeout(hold);
      if (polls.get(browser) === res) polls.delete(browser);
    });
    for (const wake of idleWaiters.get(browser)?.splice(0) ?? []) wake();
  };

  const onReport = (req: IncomingMessage, res: ServerResponse, turnId: string) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const pending = pendingReports.get(turnId);
      answer(res, { reload: pending?.reload ?? true });
      if (!pending) return;
      pendingReports.delete(turnId);
      try {
        pending.resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as TurnReport);
      } catch (error) {
        pending.resolve({ elapsedMs: 0, ok: 0, notOk: 0, failed: 0, error: `unreadable report: ${String(error)}` });
      }
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const browser = url.searchParams.get('b') ?? '';
    if (req.method === 'GET' && url.pathname === '/bench') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(BENCH_PAGE);
    } else if (req.method === 'GET' && url.pathname === '/turn') {
      onPoll(browser, res);
    } else if (req.method === 'POST' && url.pathname === '/result') {
      onReport(req, res, url.searchParams.get('turn') ?? '');
    } else {
      res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;

  const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };

  const waitIdle = (browser: string, timeoutMs: number): Promise<void> => {
    if (polls.has(browser)) return Promise.resolve();
    const idle = new Promise<void>((resolve) => {
      const list = idleWaiters.get(browser) ?? [];
      list.push(resolve);
      idleWaiters.set(browser, list);
    });
    return withTimeout(idle, timeoutMs, `the ${browser} page to ask for a turn`);
  };

  return {
    origin,
    pageUrl: (browser) => `${origin}/bench?b=${encodeURIComponent(browser)}`,
    waitIdle,
    async run(browser, turn, reload, timeoutMs) {
      const started = Date.now();
      await waitIdle(browser, timeoutMs);
      const res = polls.get(browser);
      if (!res) throw new Error(`the ${browser} page stopped polling`);
      polls.delete(browser);
      const report = new Promise<TurnReport>((resolve) => pendingReports.set(turn.id, { reload, resolve }));
      answer(res, { kind: 'run', ...turn } satisfies TurnMessage);
      try {
        return await withTimeout(report, timeoutMs - (Date.now() - started), `turn ${turn.id} in ${browser}`);
      } finally {
        pendingReports.delete(turn.id);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of polls.values()) answer(res, { kind: 'done' } satisfies TurnMessage);
        polls.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
