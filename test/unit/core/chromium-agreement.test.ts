// Replays exchanges recorded against real Chromium (fixtures/record-chromium.ts): the engine
// must name the same Network.CorsError Chromium reported, and say "allowed" (or "not-cors" for
// an opaque no-cors response) exactly when fetch() resolved. A disagreement is an engine bug, never a fixture to edit by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REASONS, evaluate, type Exchange } from '../../../src/core/index.ts';

interface Recorded {
  readonly name: string;
  readonly exchange: Exchange;
  readonly chromium: string | null;
  readonly resolved: boolean;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/chromium-verdicts.json', import.meta.url), 'utf8')) as { browser: string; cases: Recorded[] };

describe(`agreement with ${fixture.browser}`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const v = evaluate(c.exchange);
      assert.equal(REASONS[v.reason].chromium, c.chromium, `engine ${v.reason}`);
      assert.equal(v.outcome === 'allowed' || v.outcome === 'not-cors', c.resolved, `engine outcome ${v.outcome}`);
    });
  }
  // webRequest cannot see the credentials mode: with it removed, the observed outcome must
  // still lead the engine to Chromium's answer.
  for (const c of fixture.cases) {
    it(`${c.name} (credentials mode unknown, as in webRequest)`, () => {
      const { credentials: _hidden, ...request } = c.exchange.request;
      const v = evaluate({ ...c.exchange, request });
      assert.equal(REASONS[v.reason].chromium, c.chromium, `engine ${v.reason} (assumed ${v.credentials.mode}/${v.credentials.basis})`);
      assert.equal(v.outcome === 'allowed' || v.outcome === 'not-cors', c.resolved, `engine outcome ${v.outcome}`);
    });
  }
  it('covers a meaningful set of exchanges', () => assert.ok(fixture.cases.length >= 50));
});
