// Rails (or any Rack app): rack-cors, inserted first in the middleware stack so the preflight is
// answered before Warden/Devise or any other authentication middleware sees it. Its methods
// list is checked for every request, so GET, HEAD and POST stay in it.
import { list, rb } from './quote.ts';
import { expose, methodsWithDefaults, routeGlob, type CorsRequirements } from './requirements.ts';

/** rack-cors in config/initializers/cors.rb. */
export function rackCorsSnippet(r: CorsRequirements): string {
  const opts = [
    `      methods: [${list(
      [...methodsWithDefaults(r), 'OPTIONS'].map((m) => m.toLowerCase()),
      rb,
    )}]`,
  ];
  if (r.preflight) opts.push(`      headers: [${list(r.headers, rb)}]`, `      max_age: ${r.maxAge}`);
  if (expose(r).length > 0) opts.push(`      expose: [${list(expose(r), rb)}]`);
  if (r.credentials) opts.push('      credentials: true');
  return [
    '# config/initializers/cors.rb (gem "rack-cors"): insert_before 0 puts it ahead of authentication.',
    'Rails.application.config.middleware.insert_before 0, Rack::Cors do',
    '  allow do',
    `    origins ${rb(r.origin)}`,
    `    resource ${rb(routeGlob(r))},`,
    opts.join(',\n'),
    '  end',
    'end',
  ].join('\n');
}
