// Replays exchanges recorded against real browsers (fixtures/record-browser.ts): the engine must
// name the browser's own error (Chromium's Network.CorsError, Firefox's console reason key) and
// say "allowed" (or "not-cors" for an opaque no-cors response) exactly when fetch() resolved.
// A disagreement is an engine bug, never a fixture to edit by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REASONS, evaluate, type Exchange, type Verdict } from '../../../src/core/index.ts';

interface Recorded {
  readonly name: string;
  readonly exchange: Exchange;
  readonly chromium?: string | null;
  readonly firefox?: readonly string[];
  readonly resolved: boolean;
}
type Fixture = { readonly browser: string; readonly cases: readonly Recorded[] };
const load = (file: string): Fixture => JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as Fixture;

/** The same exchange as webRequest shows it: no credentials mode. */
function withoutCredentialsMode(ex: Exchange): Exchange {
  const { credentials: _hidden, ...request } = ex.request;
  return { ...ex, request };
}

/** As the page witness reports it: what the page got (Firefox's network events say nothing). */
function outcomeSeenByPage(ex: Exchange): Exchange {
  if (ex.browser !== 'firefox') return ex;
  const o = ex.outcome;
  return { ...ex, outcome: o.kind === 'success' ? { kind: 'success', byPage: true } : o.kind === 'failure' ? { ...o, byPage: true } : o };
}

function assertOutcome(v: Verdict, c: Recorded): void {
  assert.equal(v.outcome === 'allowed' || v.outcome === 'not-cors', c.resolved, `engine outcome ${v.outcome} (${v.reason})`);
}

function assertChromium(v: Verdict, c: Recorded): void {
  assert.equal(REASONS[v.reason].chromium, c.chromium ?? null, `engine ${v.reason} (assumed ${v.credentials.mode}/${v.credentials.basis})`);
  assertOutcome(v, c);
}

function assertFirefox(v: Verdict, c: Recorded): void {
  const logged = c.firefox ?? [];
  const primary = v.firefoxReason ?? REASONS[v.reason].firefox;
  // When the capture cannot tell which key Firefox used, the verdict lists the alternatives.
  const named = primary === null ? [] : [primary, ...(v.firefoxAlternatives ?? [])];
  // Some reasons reach only Firefox's parent-process console, not the page: when nothing
  // specific was logged for a blocked request, only the outcome can be checked.
  const specific = logged.filter((k) => k !== 'CORSDidNotSucceed');
  if (primary === null) assert.deepEqual(logged, [], `engine ${v.reason} has no Firefox name`);
  else if (specific.length > 0 || c.resolved) {
    assert.ok(
      named.some((k) => logged.includes(k)),
      `engine ${v.reason} → ${named.join(' | ')}, Firefox logged ${logged.join(', ')}`,
    );
  }
  assertOutcome(v, c);
}

for (const [file, check] of [
  ['chromium-verdicts.json', assertChromium],
  ['firefox-verdicts.json', assertFirefox],
] as const) {
  const fixture = load(file);
  describe(`agreement with ${fixture.browser}`, () => {
    for (const c of fixture.cases) {
      it(c.name, () => check(evaluate(c.exchange), c));
      // webRequest cannot see the credentials mode: the observed outcome must still lead there
      // (in Firefox the page's outcome, which only the page witness sees).
      it(`${c.name} (credentials mode unknown, as in webRequest)`, () => check(evaluate(withoutCredentialsMode(outcomeSeenByPage(c.exchange))), c));
    }
    if (file === 'firefox-verdicts.json') {
      // docs/browser-testing.md: Firefox's webRequest completes a CORS-blocked simple request as an
      // ordinary 200, so the capture may report "success"; the verdict must not believe it.
      for (const c of fixture.cases.filter((x) => !x.resolved && x.exchange.preflight.kind === 'none' && x.exchange.response.kind === 'response')) {
        it(`${c.name} (Firefox webRequest reports it completed)`, () => check(evaluate({ ...c.exchange, outcome: { kind: 'success' } }), c));
      }
    }
    if (file === 'firefox-verdicts.json') {
      // Without the page witness Firefox shows neither the credentials mode nor the page's
      // outcome: the verdict is either the browser's or conditional on credentials with the
      // browser's answer as one of its two branches, never a flat guess (issue 10).
      for (const c of fixture.cases) {
        it(`${c.name} (neither credentials nor the page's outcome seen)`, () => {
          // Firefox's webRequest completes every request that got a response, and reports the
          // failure of one whose preflight failed (never sent).
          const network: Exchange['outcome'] = c.exchange.response.kind === 'response' ? { kind: 'success' } : c.exchange.outcome;
          const v = evaluate({ ...withoutCredentialsMode(c.exchange), outcome: network });
          if (v.reason !== 'depends-on-credentials') return check(v, c);
          const withCredentials = String(v.params['other']);
          if (c.resolved) assert.equal(c.exchange.request.credentials === 'include', false, 'the page sent no credentials: the "allowed" branch');
          else {
            assert.equal(c.exchange.request.credentials, 'include', 'the page sent credentials: the "blocked" branch');
            const logged = (c.firefox ?? []).filter((k) => k !== 'CORSDidNotSucceed');
            if (logged.length > 0)
              assert.ok(
                logged.includes(REASONS[withCredentials as keyof typeof REASONS].firefox ?? ''),
                `with credentials ${withCredentials}, Firefox logged ${logged.join(', ')}`,
              );
          }
        });
      }
    }
    it('covers a meaningful set of exchanges', () => assert.ok(fixture.cases.length >= 60));
  });
}
