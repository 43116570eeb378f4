// Shared helpers for the report tests: recorded fixtures as report inputs, exact snapshot
// files (UPDATE_SNAPSHOTS=1 rewrites them), and a JSON Schema validator for the report.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ReportInput } from '../../../src/core/report/index.ts';
import type { CaptureRecord } from '../../../src/shared/record.ts';
import { reportInputFromRecord } from '../../../src/shared/report-input.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SNAPSHOTS = join(import.meta.dirname, 'snapshots');

interface RecordsFixture {
  scenarios: Record<string, string[]>;
  records: CaptureRecord[];
}

export const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/records.json'), 'utf8')) as RecordsFixture;

/** The record of a named scenario (its last record when it has several). */
export function record(scenario: string): CaptureRecord {
  const id = fixture.scenarios[scenario]?.at(-1);
  const r = fixture.records.find((x) => x.id === id);
  assert.ok(r, `no record for scenario ${scenario}`);
  return r;
}

/** A fixture record as report input, with a fixed browser and version so snapshots are stable. */
export function input(scenario: string): ReportInput {
  return reportInputFromRecord(record(scenario), { browser: 'Chromium 156', extensionVersion: '0.1.0' });
}

export const allInputs = (): ReportInput[] => fixture.records.map((r) => reportInputFromRecord(r, { browser: 'Chromium 156', extensionVersion: '0.1.0' }));

/** Compare with a committed snapshot; UPDATE_SNAPSHOTS=1 rewrites it instead. */
export function matchSnapshot(name: string, actual: string): void {
  const path = join(SNAPSHOTS, name);
  if (process.env['UPDATE_SNAPSHOTS'] === '1') {
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `snapshot ${name} is missing: run with UPDATE_SNAPSHOTS=1 to create it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `output differs from snapshots/${name} (UPDATE_SNAPSHOTS=1 rewrites it)`);
}

export const schema: unknown = JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema as object);

/** Assert a JSON report text matches docs/report.schema.json. */
export function assertValidReport(json: string): void {
  const ok = validate(JSON.parse(json));
  assert.ok(ok, `schema errors: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}
