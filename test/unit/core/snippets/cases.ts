// Shared scenarios for the per-stack snippet tests: each a failing request's requirements.
import type { CorsRequirements } from '../../../../src/core/index.ts';

export const ORIGIN = 'http://localhost:5173';

const base: CorsRequirements = { path: '/api/search', origin: ORIGIN, credentials: false, methods: [], headers: [], preflight: false, maxAge: 600, expose: [], causes: [] };

export const SCENARIOS: ReadonlyArray<readonly [string, CorsRequirements]> = [
  ['missing ACAO on a simple GET', base],
  ['credentials', { ...base, credentials: true }],
  ['preflight method, header and max-age', { ...base, path: '/items/7', methods: ['PUT'], headers: ['x-token'], preflight: true, maxAge: 777 }],
  ['preflight with credentials', { ...base, path: '/items/7', credentials: true, methods: ['DELETE'], headers: ['authorization', 'x-token'], preflight: true }],
  ['preflight 401 from an auth layer', { ...base, methods: ['PATCH'], headers: ['x-token'], preflight: true, causes: ['preflight-auth'] }],
  ['preflight 404 without an OPTIONS route', { ...base, methods: ['PUT'], preflight: true, causes: ['preflight-no-route'] }],
  ['exposed headers kept', { ...base, credentials: true, expose: ['x-total-count'] }],
  ['a 500 without CORS headers', { ...base, causes: ['error-status'] }],
  ['duplicate ACAO from a proxy and the app', { ...base, causes: ['duplicate-origin'] }],
  ['any origin, no credentials', { ...base, origin: '*', methods: ['PUT'], headers: ['x-token'], preflight: true }],
];
