// reportInputFromRecord: a capture record becomes report input with its stored verdict, its
// capture time and source, and notes for what the capture could not see.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reportInputFromRecord } from '../../../src/shared/report-input.ts';
import { record } from './support.ts';

describe('reportInputFromRecord', () => {
  it('keeps the stored verdict, the start time and the source', () => {
    const r = record('missing-acao');
    const i = reportInputFromRecord(r, { extensionVersion: '9.9.9' });
    assert.equal(i.verdict, r.verdict);
    assert.equal(i.capturedAt, r.startedAt);
    assert.deepEqual(i.source, r.source);
    assert.equal(i.extensionVersion, '9.9.9');
    assert.equal(i.browser, undefined, 'the report falls back to the exchange\'s browser family');
    assert.deepEqual(i.notes, []);
  });

  it('notes a request its failed preflight kept from being sent', () => {
    assert.deepEqual(reportInputFromRecord(record('preflight-401')).notes, ['request-not-sent']);
  });

  it('notes a Firefox record whose outcome was not observable, and evaluates a record without a verdict', () => {
    const { verdict: _drop, ...rest } = record('allowed-get');
    const i = reportInputFromRecord({ ...rest, observedBy: 'headers-only' });
    assert.deepEqual(i.notes, ['outcome-not-observed']);
    assert.equal(i.exchange.browser, 'firefox');
    assert.equal(i.verdict.outcome, 'allowed');
  });
});
