// The snippet farm's cases (issue 12): the failing exchanges of the snippet tests
// (test/unit/core/snippets/cases.ts FAILING), each with the requirements the engine derives from
// it, exactly as the product does (evaluate, then suggestFix), for the real page's origin. Every
// case has its own path prefix (/s0, /s1, ...), so one server can hold them all.
import { evaluate, suggestFix, type CorsRequirements } from '../../../src/core/index.ts';
import { FAILING, SCENARIOS, type FailingExchange, failingExchange } from '../../unit/core/snippets/cases.ts';

export interface FarmCase {
  readonly name: string;
  /** The case's path prefix, e.g. `/s3`. */
  readonly prefix: string;
  /** The request's path, prefix included. */
  readonly path: string;
  readonly failing: FailingExchange;
  /** What CORS Lens generates the snippet from. */
  readonly req: CorsRequirements;
  /** What the server does besides CORS (read by the app templates). */
  readonly app: AppBehaviour;
  /** False when the fix allows any origin (`*`): then another origin is allowed too, by design. */
  readonly refusesOthers: boolean;
}

export interface AppBehaviour {
  /** Answer 401 to a request without X-Token (the auth layer that answered the preflight 401). */
  readonly auth: boolean;
  /** The only method the route answers (anything else, OPTIONS included, is a 404). */
  readonly method: string;
  /** The app has no OPTIONS handling at all (the preflight was answered 404: no OPTIONS route). */
  readonly noOptions: boolean;
  /** The route fails: an error thrown through the framework's own error path (500). */
  readonly fails: boolean;
  /** The route sets X-Total-Count: 42 (the page reads it). */
  readonly expose: boolean;
  /** The app sends its own `Access-Control-Allow-Origin: *` (behind a proxy whose snippet must hide it). */
  readonly ownAcao: boolean;
}

/** The cases for a page at `pageOrigin` (the API's host does not enter the requirements, its path does). */
export function farmCases(pageOrigin: string): FarmCase[] {
  return FAILING.map((failing, i) => {
    const prefix = `/s${i}`;
    const [, scenario] = SCENARIOS[failing.scenario]!;
    const path = `${prefix}${scenario.path}`;
    const ex = failingExchange(failing, pageOrigin, `http://api.farm.invalid${path}`);
    const verdict = evaluate(ex);
    // A failure is a block, or a header the page asked for and could not read (it passes otherwise).
    const hidden = verdict.warnings.some((w) => w.code === 'unexposed-header-read');
    if (failing.unread === undefined ? verdict.outcome !== 'blocked' : verdict.outcome !== 'allowed' || !hidden) {
      throw new Error(`${failing.name}: the engine does not see the failure (${verdict.outcome}, ${verdict.reason})`);
    }
    const req = suggestFix(verdict, ex).requirements;
    if (req === null) throw new Error(`${failing.name}: no requirements`);
    const causes = req.causes ?? [];
    return {
      name: failing.name,
      prefix,
      path,
      failing,
      req,
      app: {
        auth: causes.includes('preflight-auth'),
        method: failing.method,
        noOptions: causes.includes('preflight-no-route'),
        fails: causes.includes('error-status'),
        expose: (req.expose ?? []).length > 0,
        ownAcao: causes.includes('duplicate-origin'),
      },
      refusesOthers: req.origin !== '*',
    };
  });
}
