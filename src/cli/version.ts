// The package's version, for reports and the User-Agent of the requests `check` and `audit` send.
import { readFileSync } from 'node:fs';

export function packageVersion(): string | undefined {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
