// The snippet scenarios are what the product itself derives: for each failing exchange, the
// engine's verdict is a block (or, for a header hidden from script, allowed with that header
// named) and suggestFix's requirements are exactly the scenario's.
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
      if (f.unread === undefined) assert.equal(verdict.outcome, 'blocked', `${verdict.outcome} ${verdict.reason}`);
      else {
        assert.equal(verdict.outcome, 'allowed', `${verdict.outcome} ${verdict.reason}`);
        assert.equal(verdict.warnings.find((w) => w.code === 'unexposed-header-read')?.params['headers'], f.unread.join(', '));
      }
      const fix = suggestFix(verdict, ex);
      assert.equal(fix.needed, true);
      assert.deepEqual(fix.requirements, want);
    });
  }

  it('every scenario has a failing exchange', () => {
    assert.deepEqual(
      [...new Set(FAILING.map((f) => f.scenario))].sort((a, b) => a - b),
      SCENARIOS.map((_, i) => i),
    );
  });
});
