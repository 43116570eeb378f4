// The stacks the snippet farm runs, and how each is started. VERIFIED_STACKS
// (src/core/snippets/stacks.ts) may name only these (test/unit/core/snippets/verified.test.ts).
import type { StackId } from '../../../src/core/index.ts';
import type { StartHost } from './host.ts';
import { goHost } from './go.ts';
import { nodeHost } from './node.ts';
import { apacheHost, caddyHost, nginxHost } from './proxies.ts';
import { djangoHost, fastapiHost, flaskHost } from './python.ts';
import { railsHost } from './ruby.ts';

export const FARM_HOSTS = {
  express: nodeHost('express'),
  fastify: nodeHost('fastify'),
  koa: nodeHost('koa'),
  hono: nodeHost('hono'),
  nginx: nginxHost,
  apache: apacheHost,
  caddy: caddyHost,
  django: djangoHost,
  flask: flaskHost,
  fastapi: fastapiHost,
  go: goHost('go'),
  'go-rs-cors': goHost('go-rs-cors'),
  rails: railsHost,
} as const satisfies Partial<Record<StackId, StartHost>>;

export const FARM_STACKS = Object.keys(FARM_HOSTS) as ReadonlyArray<keyof typeof FARM_HOSTS>;
