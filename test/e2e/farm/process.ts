// Starting and stopping the farm's servers. Each is spawned in its own process group and killed
// as a group (nginx or Apache children included); readiness is awaited (a `LISTEN <port>` line,
// or a connect that succeeds), never slept for.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');
const READY_MS = 60_000;

/** One started process. */
export interface Proc {
  readonly child: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** A scratch folder under the OS's temporary folder; `node_modules` links to the repository's. */
export function scratch(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-farm-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The first of `paths` that exists, or a failure naming what to install. */
export function binary(what: string, paths: readonly string[], install: string): string {
  const found = paths.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`${what} is not installed (${paths.join(' or ')} missing): ${install}; .ci/run installs it`);
  return found;
}

/** Spawns `cmd` in its own process group, collecting its output. */
export function start(cmd: string, args: readonly string[], options: SpawnOptions = {}): Proc {
  const child = spawn(cmd, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  child.once('error', (e) => (out += `\nspawn error: ${e.message}`));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    child,
    log: () => out,
    stop: async () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (child.pid !== undefined) await exited;
    },
  };
}

const gone = (p: Proc): boolean => p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined;

/** Resolves with the port `p` prints as `LISTEN <port>`. */
export async function listenLine(name: string, p: Proc): Promise<number> {
  const deadline = Date.now() + READY_MS;
  for (;;) {
    const m = /LISTEN (\d+)/.exec(p.log());
    if (m) return Number(m[1]);
    if (gone(p)) throw new Error(`${name} exited (${p.child.exitCode ?? p.child.signalCode}) before listening:\n${p.log()}`);
    if (Date.now() > deadline) throw new Error(`${name}: not listening after ${READY_MS} ms:\n${p.log()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves once 127.0.0.1:`port` accepts a connection. */
export async function portOpen(name: string, port: number, p: Proc, extra = ''): Promise<void> {
  const deadline = Date.now() + READY_MS;
  for (;;) {
    if (gone(p)) throw new Error(`${name} exited (${p.child.exitCode ?? p.child.signalCode}) before listening:\n${p.log()}${extra}`);
    const up = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`${name}: not listening on ${port} after ${READY_MS} ms:\n${p.log()}${extra}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Ports free right now (for servers that must be told theirs: nginx, Apache, Caddy). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
