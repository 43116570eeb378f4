// Which Firefox the scripts and tests drive: FIREFOX_PATH, else Debian's firefox-esr, else firefox.
import { existsSync } from 'node:fs';

export const NO_FIREFOX_MESSAGE =
  'No Firefox found: install it (Debian: `apt-get install -y --no-install-recommends firefox-esr`) or set FIREFOX_PATH to a Firefox binary.';

/** FIREFOX_PATH first, then Debian's firefox-esr, then a plain firefox. Throws when none exists. */
export function findFirefox(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  const fromEnv = env.FIREFOX_PATH;
  if (fromEnv) {
    if (!exists(fromEnv)) throw new Error(`FIREFOX_PATH points to ${fromEnv}, which does not exist. ${NO_FIREFOX_MESSAGE}`);
    return fromEnv;
  }
  const found = ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => exists(p));
  if (!found) throw new Error(NO_FIREFOX_MESSAGE);
  return found;
}
