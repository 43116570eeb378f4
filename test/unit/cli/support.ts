// The HAR recorded from Chromium (scripts/record-har.ts), and the same HAR as Firefox's
// DevTools would have saved it: no _initiator, _resourceType or _error, creator "Firefox".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const HAR_PATH = join(import.meta.dirname, '..', '..', 'fixtures', 'chromium.har');
export const HAR_TEXT = readFileSync(HAR_PATH, 'utf8');

export function firefoxHar(): string {
  const har = JSON.parse(HAR_TEXT) as { log: { creator: unknown; browser?: unknown; entries: Array<Record<string, unknown> & { response: Record<string, unknown> }> } };
  har.log.creator = { name: 'Firefox', version: '153.0' };
  har.log.browser = { name: 'Firefox', version: '153.0' };
  for (const e of har.log.entries) {
    delete e['_initiator'];
    delete e['_resourceType'];
    delete e['_priority'];
    delete e.response['_error'];
  }
  return JSON.stringify(har);
}
