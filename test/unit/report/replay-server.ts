// A loopback Node HTTP server for replaying the report's curl commands: it answers as the
// demo API does (the query string says which CORS headers, demo/scenario.ts), and logs every
// request it gets (method, URL, headers, body) so a test can see what curl sent. Plus helpers
// to run a command in a real shell with the real curl, and to read curl -i's output.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scenarioResponse } from '../../../demo/scenario.ts';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ReplayServer {
  /** e.g. http://127.0.0.1:43121 */
  readonly origin: string;
  readonly host: string;
  readonly log: Received[];
  close(): Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const log: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      log.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const { status, headers } = scenarioResponse(url.searchParams, req.method ?? 'GET', req.headers.origin);
      res.writeHead(status, [...headers, ['Content-Type', 'application/json'], ['Cache-Control', 'no-store']].flat());
      res.end(req.method === 'OPTIONS' || status === 204 ? undefined : JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The real curl binary, or null (the tests that need it then fail with this message). */
export function curlVersion(): string | null {
  try {
    return execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? null;
  } catch {
    return null;
  }
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly responses: HttpResponse[];
}

/** Run shell text (one command or a whole script) with sh, as a user pasting it would, asynchronously (the server runs in this process). */
export async function runShell(text: string, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', text], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stderr: Buffer.concat(err).toString('utf8'), responses: parseResponses(Buffer.concat(out).toString('latin1')) }),
    );
  });
}

/** The status lines and header blocks of curl -i output (bodies skipped). */
function parseResponses(out: string): HttpResponse[] {
  const found: HttpResponse[] = [];
  for (const m of out.matchAll(/HTTP\/[\d.]+ (\d{3})[^\r\n]*\r\n((?:[^\r\n]+\r\n)*)\r\n/g)) {
    const headers = (m[2] ?? '')
      .split('\r\n')
      .filter((l) => l !== '')
      .map((l): readonly [string, string] => {
        const colon = l.indexOf(':');
        return [l.slice(0, colon), l.slice(colon + 1).trim()];
      });
    found.push({ status: Number(m[1]), headers });
  }
  return found;
}

/** sh -n: the text parses as a shell script. */
export function shellParses(text: string): boolean {
  return spawnSync('sh', ['-n'], { input: text }).status === 0;
}
