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

/** Builds the extension, then serves the lab: the API on 127.0.0.1, the page on localhost (different hosts, different origins). */
export async function startLab(): Promise<{ api: CorsServer; site: CorsServer }> {
  execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts/build.ts')], { stdio: 'inherit' });
  const api = await startCorsServer({ host: '127.0.0.1' });
  const site = await startCorsServer({ host: 'localhost', pages: { '/': demoPage(api.origin) } });
  console.log(`lab page   ${site.origin}/\nlab API    ${api.origin}`);
  return { api, site };
}
