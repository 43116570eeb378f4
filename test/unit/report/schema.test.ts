// The JSON report against its published schema (docs/report.schema.json, draft 2020-12),
// validated with ajv for every recorded exchange, redacted or not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHECK_IDS, FIX_NOTES, HINT_CODES, REASON_CODES, WARNING_CODES } from '../../../src/core/index.ts';
import { CAPTURE_NOTES, REPORT_FORMAT, REPORT_VERSION, renderJson } from '../../../src/core/report/index.ts';
import { allInputs, assertValidReport, fixture, schema } from './support.ts';

interface SchemaShape {
  $schema: string;
  $defs: {
    check: { properties: { id: { enum: string[] } } };
    exchange: {
      properties: {
        verdict: { properties: { reason: { enum: string[] } } };
        warnings: { items: { properties: { code: { enum: string[] } } } };
        hints: { items: { properties: { code: { enum: string[] } } } };
        fix: { properties: { notes: { items: { properties: { code: { enum: string[] } } } } } };
        capture: { properties: { notes: { items: { properties: { code: { enum: string[] } } } } } };
      };
    };
  };
}

describe('JSON report schema', () => {
  const inputs = allInputs();

  for (const [i, input] of inputs.entries()) {
    const r = fixture.records[i];
    it(`record ${r?.id} (${r?.method} ${r?.verdict?.reason}) validates, redacted and not`, () => {
      assertValidReport(renderJson(input));
      assertValidReport(renderJson(input, { redact: false }));
    });
  }

  it('all records in one document validate, with format and version', () => {
    const json = renderJson(inputs);
    assertValidReport(json);
    const doc = JSON.parse(json) as { format: string; version: number; exchanges: unknown[] };
    assert.equal(doc.format, REPORT_FORMAT);
    assert.equal(doc.version, REPORT_VERSION);
    assert.equal(doc.exchanges.length, fixture.records.length);
  });

  it('an empty report validates', () => assertValidReport(renderJson([])));

  it("is draft 2020-12 and lists exactly the engine's stable codes", () => {
    const s = schema as SchemaShape;
    const ex = s.$defs.exchange.properties;
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(ex.verdict.properties.reason.enum, [...REASON_CODES]);
    assert.deepEqual(s.$defs.check.properties.id.enum, [...CHECK_IDS]);
    assert.deepEqual(ex.warnings.items.properties.code.enum, [...WARNING_CODES]);
    assert.deepEqual(ex.hints.items.properties.code.enum, [...HINT_CODES]);
    assert.deepEqual(ex.fix.properties.notes.items.properties.code.enum, [...FIX_NOTES]);
    assert.deepEqual(ex.capture.properties.notes.items.properties.code.enum, [...CAPTURE_NOTES]);
  });

  it('rejects a document that breaks it', () => {
    const doc = JSON.parse(renderJson(inputs[0] ?? [])) as { exchanges: Array<{ verdict: { reason: string } }> };
    const first = doc.exchanges[0];
    assert.ok(first);
    first.verdict.reason = 'no-such-reason';
    assert.throws(() => assertValidReport(JSON.stringify(doc)), /schema errors/);
  });
});
