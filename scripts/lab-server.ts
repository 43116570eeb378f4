// What `npm start` and `npm run start:firefox` share: the command line (`--smoke`, whether a
// display exists), the build, and the lab page with its API on two origins.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCorsServer, type CorsServer } from '../demo/cors-server.ts';
import { demoPage } from '../demo/page.ts';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** `--smoke`: headless, and stop once the lab has run (a check that starting works). */
export const smoke = process.argv.includes('--smoke');
export const headless = smoke || (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

/** The browser's path from `find`, or its message and exit 1. */
export function browserOrExit(find: () => string): string {
  try {
    return find();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** The lab's two ports: any free one unless `--port N` / `--api-port N` (or LAB_PORT / LAB_API_PORT) say. */
export interface LabPorts {
  page: number;
  api: number;
}

/**
 * The ports asked for on the command line (`--port 8080`, `--port=8080`) or in the
 * environment; 0 (any free port) when not. A value that is not a port is a usage error.
 */
export function labPorts(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LabPorts | { error: string } {
  const read = (flag: string, variable: string): number | string => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    const raw = i < 0 ? env[variable] : argv[i]!.includes('=') ? argv[i]!.slice(flag.length + 1) : argv[i + 1];
    if (raw === undefined || raw === '') return i < 0 ? 0 : `${flag} needs a port number`;
    const n = Number(raw);
    return /^[0-9]{1,5}$/.test(raw) && n >= 1 && n <= 65535 ? n : `${i < 0 ? variable : flag}: "${raw}" is not a port (1-65535)`;
  };
  const page = read('--port', 'LAB_PORT');
  const api = read('--api-port', 'LAB_API_PORT');
  if (typeof page === 'string') return { error: page };
  if (typeof api === 'string') return { error: api };
  if (page !== 0 && page === api) return { error: `the lab page and its API need two ports (both ${page})` };
  return { page, api };
}

/** Builds the extension, then serves the lab: the API on 127.0.0.1, the page on localhost (different hosts, different origins). */
export async function startLab(): Promise<{ api: CorsServer; site: CorsServer }> {
  const ports = labPorts(process.argv.slice(2), process.env);
  if ('error' in ports) {
    console.error(`${ports.error}\nUsage: npm start -- [--port N] [--api-port N]   (or LAB_PORT / LAB_API_PORT)`);
    process.exit(2);
  }
  execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts/build.ts')], { stdio: 'inherit' });
  const listen = async (what: string, port: number, start: () => Promise<CorsServer>): Promise<CorsServer> => {
    try {
      return await start();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      console.error(code === 'EADDRINUSE' ? `port ${port} (${what}) is in use: choose another one` : `cannot serve the ${what}: ${(error as Error).message}`);
      process.exit(2);
    }
  };
  const api = await listen('lab API', ports.api, () => startCorsServer({ host: '127.0.0.1', port: ports.api }));
  const site = await listen('lab page', ports.page, () => startCorsServer({ host: 'localhost', port: ports.page, pages: { '/': demoPage(api.origin) } }));
  console.log(`lab page   ${site.origin}/\nlab API    ${api.origin}`);
  return { api, site };
}
