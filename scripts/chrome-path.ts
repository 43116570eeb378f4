// Finds the Chromium the tests and `npm start` drive. Puppeteer never downloads one here
// (.puppeteerrc.cjs), so it must be on the machine: CHROME_PATH first, then Debian's
// chromium, then the usual Chrome locations.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const NO_CHROME_MESSAGE = 'No Chromium found: install it (Debian: `apt-get install chromium`) or set CHROME_PATH to a Chrome/Chromium binary.';

export function findChrome(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  const fromEnv = env.CHROME_PATH;
  if (fromEnv) {
    if (!exists(fromEnv)) throw new Error(`CHROME_PATH points to ${fromEnv}, which does not exist. ${NO_CHROME_MESSAGE}`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => exists(p));
  if (!found) throw new Error(NO_CHROME_MESSAGE);
  return found;
}

/**
 * Flags for Chromium on this kind of machine: root needs --no-sandbox, and the closed
 * network makes background services fail loudly, so they are switched off.
 */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
