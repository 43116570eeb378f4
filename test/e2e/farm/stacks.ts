// The stacks the snippet farm runs, and how each is started. VERIFIED_STACKS
// (src/core/snippets/stacks.ts) may name only these (test/unit/core/snippets/verified.test.ts).
import type { StackId } from '../../../src/core/index.ts';
import type { StartHost } from './host.ts';
import { goHost } from './go.ts';
import { nextHost } from './next.ts';
import { nodeHost } from './node.ts';
import { apacheHost, caddyHost, nginxHost } from './proxies.ts';
import { djangoHost, fastapiHost, flaskHost } from './python.ts';
import { railsHost } from './ruby.ts';
import { workersHost } from './workers.ts';

export const FARM_HOSTS = {
  express: nodeHost('express'),
  fastify: nodeHost('fastify'),
  koa: nodeHost('koa'),
  hono: nodeHost('hono'),
  nextjs: nextHost,
  nginx: nginxHost,
  apache: apacheHost,
  caddy: caddyHost,
  django: djangoHost,
  flask: flaskHost,
  fastapi: fastapiHost,
  go: goHost('go'),
  'go-rs-cors': goHost('go-rs-cors'),
  rails: railsHost,
  'cloudflare-workers': workersHost,
} as const satisfies Partial<Record<StackId, StartHost>>;

export const FARM_STACKS = Object.keys(FARM_HOSTS) as ReadonlyArray<keyof typeof FARM_HOSTS>;

/** The stacks a farm run runs: all, or those the FARM_STACKS variable names (comma-separated, e.g. `FARM_STACKS=nginx,django`). */
export function selectedStacks(env: string | undefined = process.env.FARM_STACKS): ReadonlyArray<keyof typeof FARM_HOSTS> {
  const only = (env ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (only.length === 0) return FARM_STACKS;
  const unknown = only.filter((s) => !(FARM_STACKS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`FARM_STACKS names stacks the farm does not have: ${unknown.join(', ')} (it has ${FARM_STACKS.join(', ')})`);
  return FARM_STACKS.filter((s) => only.includes(s));
}
