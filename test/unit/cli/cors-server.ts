// Local HTTP servers on loopback with a given CORS behaviour, for `cors-lens check` and
// `cors-lens audit`. Each records what it received, in order: method, path, Origin,
// Access-Control-Request-Method and Access-Control-Request-Headers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAsync, type CliIo } from '../../../src/cli/main.ts';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly origin: string | null;
  readonly acrm: string | null;
  readonly acrh: string | null;
  readonly userAgent: string | null;
}

type Reply = { readonly status?: number; readonly headers?: Record<string, string | string[] | undefined> } | 'hang';
export type Behaviour = (req: IncomingMessage, origin: string | null) => Reply;

export interface TestServer {
  readonly origin: string;
  readonly received: Received[];
  close(): Promise<void>;
}

const one = (v: string | string[] | undefined): string | null => (v === undefined ? null : Array.isArray(v) ? v.join(', ') : v);

export async function corsServer(behaviour: Behaviour): Promise<TestServer> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const origin = one(req.headers.origin);
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      origin,
      acrm: one(req.headers['access-control-request-method']),
      acrh: one(req.headers['access-control-request-headers']),
      userAgent: one(req.headers['user-agent']),
    });
    const reply = behaviour(req, origin);
    if (reply === 'hang') return;
    for (const [name, value] of Object.entries(reply.headers ?? {})) if (value !== undefined) res.setHeader(name, value);
    res.writeHead(reply.status ?? 200);
    res.end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The CLI in-process: its exit code and what it wrote. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    },
    readStdin: () => '',
  };
  const code = await runAsync(args, io);
  return { code, stdout, stderr };
}

/** What a server received, as `METHOD origin acrm acrh` lines (absent headers as -). */
export const lines = (s: TestServer): string[] => s.received.map((r) => [r.method, r.origin ?? '-', r.acrm ?? '-', r.acrh ?? '-'].join(' '));
