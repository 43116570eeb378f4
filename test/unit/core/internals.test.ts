// The evaluator predicts the credentialed verdict from the uncredentialed run instead of running
// the rules twice; this pins the prediction to the real second run for every table case.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../../src/core/classify.ts';
import { runRules } from '../../../src/core/evaluate.ts';
import { preflightNeed } from '../../../src/core/preflight-need.ts';
import { allCases } from './cases/index.ts';

it('predicted credentialed failure equals a real credentialed run, for every table case', () => {
  let compared = 0;
  for (const c of allCases) {
    const cls = classify(c.ex);
    if (cls.kind !== 'cors') continue;
    const need = preflightNeed(c.ex.request.method, c.ex.request.headers);
    const omit = runRules(c.ex, cls.origin, need, false);
    const include = runRules(c.ex, cls.origin, need, true);
    assert.equal(omit.includeFailure, include.failure, c.name);
    assert.equal(include.includeFailure, include.failure, c.name);
    compared++;
  }
  assert.ok(compared > 100);
});
