// A loopback HTTP server that answers every request as its query string says (scenario.ts),
// logs what it received (so a test can prove a request never reached the server), and can
// serve a static page. Used by `npm start` and by the end-to-end tests.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scenarioResponse } from './scenario.ts';

interface LoggedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface CorsServer {
  /** e.g. http://127.0.0.1:43121 */
  origin: string;
  log: LoggedRequest[];
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Static files by path, e.g. { '/': '<html>…' }: HTML, or `{ type, body }` for other types. */
  pages?: Record<string, string | { type: string; body: string }>;
  /** Delay every API answer by this many milliseconds (latency benchmarks). */
  delayMs?: number;
}

export async function startCorsServer(options: ServeOptions = {}): Promise<CorsServer> {
  const log: LoggedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const page = options.pages?.[url.pathname];
    if (page !== undefined && req.method === 'GET') {
      const { type, body } = typeof page === 'string' ? { type: 'text/html; charset=utf-8', body: page } : page;
      res.writeHead(200, { 'Content-Type': type });
      res.end(body);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    log.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const { status, headers, delayMs } = scenarioResponse(url.searchParams, req.method ?? 'GET', req.headers.origin);
    const answer = () => {
      res.writeHead(status, [...headers, ['Content-Type', 'application/json'], ['Cache-Control', 'no-store']].flat());
      res.end(req.method === 'OPTIONS' || status === 204 ? undefined : JSON.stringify({ ok: true, path: url.pathname }));
    };
    // Drain the body before answering so keep-alive connections stay usable.
    req.resume();
    const wait = delayMs + (options.delayMs ?? 0);
    req.on('end', () => (wait > 0 ? setTimeout(answer, wait) : answer()));
  });
  server.keepAliveTimeout = 5_000;
  // A port in use (or any listen error) rejects instead of waiting forever.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    origin: `http://${host}:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
