// Ready-to-paste server configuration for a computed set of CORS requirements. Code only:
// the explanations are fix notes from the catalogue. The generators live in ./snippets/, one
// module per stack family; this module keeps the three snippets every Fix has carried
// (Express, nginx, Caddy) and re-exports the shared requirements.
import { expressSnippet } from './snippets/node.ts';
import { caddySnippet, nginxSnippet } from './snippets/proxies.ts';
import { sanitize, type CorsRequirements } from './snippets/requirements.ts';

export type { CorsCause, CorsRequirements } from './snippets/requirements.ts';

/** Configuration text per server (every stack: stackSnippets in ./snippets/stacks.ts). */
export interface Snippets {
  readonly express: string;
  readonly nginx: string;
  readonly caddy: string;
}

/** The three classic snippets for one set of requirements. */
export function snippets(req: CorsRequirements): Snippets {
  const r = sanitize(req);
  return { express: expressSnippet(r), nginx: nginxSnippet(r), caddy: caddySnippet(r) };
}
