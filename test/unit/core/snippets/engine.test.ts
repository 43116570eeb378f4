// The snippet scenarios are what the product itself derives: for each failing exchange, the
// engine's verdict is a block and suggestFix's requirements are exactly the scenario's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, suggestFix } from '../../../../src/core/index.ts';
import { FAILING, ORIGIN, SCENARIOS, failingExchange } from './cases.ts';

describe('snippet scenarios come from the engine', () => {
  for (const f of FAILING) {
    it(f.name, () => {
      const [, want] = SCENARIOS[f.scenario] ?? assert.fail(`no scenario ${f.scenario}`);
      const ex = failingExchange(f, ORIGIN, `https://api.example.test${want.path}`);
      const verdict = evaluate(ex);
      assert.equal(verdict.outcome, 'blocked', `${verdict.outcome} ${verdict.reason}`);
      const fix = suggestFix(verdict, ex);
      assert.equal(fix.needed, true);
      assert.deepEqual(fix.requirements, want);
    });
  }

  it('every scenario has a failing exchange', () => {
    assert.deepEqual([...new Set(FAILING.map((f) => f.scenario))].sort((a, b) => a - b), SCENARIOS.map((_, i) => i));
  });
});
