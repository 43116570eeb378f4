// Property tests: hostile header names and values (control bytes, 64 KB, non-ASCII, HTML,
// duplicates) never make the engine throw, verdicts are deterministic plain JSON, every
// rendered sentence is complete, and fixes never widen trust.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  REASONS,
  en,
  evaluate,
  normalizeOrigin,
  renderCheck,
  renderSummary,
  renderWarning,
  renderFixNote,
  suggestFix,
  type Exchange,
  type HeaderEntry,
  type ResourceType,
} from '../../../src/core/index.ts';
import { classify } from '../../../src/core/classify.ts';
import { runRules } from '../../../src/core/evaluate.ts';
import { preflightNeed } from '../../../src/core/preflight-need.ts';

const BIG = 64 * 1024;
const hostile = [
  'a'.repeat(BIG),
  `http://localhost:5173${'\u0000'.repeat(BIG - 21)}`,
  '<script>alert(1)</script>'.repeat(2600),
  'é€😀'.repeat(BIG / 4),
  '\r\n\t\u0000\u001f\u007f\u2028\u202e',
  '*',
  'null',
  'true',
  'True',
  ' , ',
  ',',
  '',
  'http://a.test, http://b.test',
  'bytes=-1',
  'text/plain',
];
const names = [
  'Access-Control-Allow-Origin',
  'access-control-allow-credentials',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Max-Age',
  'Access-Control-Expose-Headers',
  'Vary',
  'Location',
  'Origin',
  'Cookie',
  'Content-Type',
  'Accept',
  'Range',
  'Sec-Fetch-Mode',
  'Access-Control-Request-Headers',
  'Access-Control-Request-Method',
  'X-Custom',
  'ACCESS-CONTROL-ALLOW-ORIGIN',
];

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom(...hostile));
const name = fc.oneof(fc.constantFrom(...names), fc.string({ unit: 'binary', maxLength: 30 }));
// Some values arrive cut by the capture (HeaderEntry.truncated, docs/lifecycle.md rule 9).
const header: fc.Arbitrary<HeaderEntry> = fc.record({ name, value: text, truncated: fc.constant(true as const) }, { requiredKeys: ['name', 'value'] });
const headers = fc.array(header, { maxLength: 14 });
const url = fc.oneof(
  fc.constantFrom(
    'https://api.example.test/items',
    'http://localhost:5173/x',
    'http://127.0.0.1:5173/',
    'file:///x',
    'data:,x',
    'http://[::1]:8080/',
    'https://user:pw@a.test/',
  ),
  text,
);
const types: ResourceType[] = ['xmlhttprequest', 'font', 'script', 'stylesheet', 'image', 'media', 'main_frame', 'sub_frame', 'ping', 'websocket', 'other'];
const response = fc.oneof(
  fc.record({ kind: fc.constant('response' as const), status: fc.integer({ min: 0, max: 999 }), headers }),
  fc.record({ kind: fc.constant('network-error' as const), error: text }),
  fc.constant({ kind: 'not-sent' as const }),
);
const observedPreflight = fc.record({ requestHeaders: headers, result: response });
const exchange: fc.Arbitrary<Exchange> = fc.record(
  {
    initiator: fc.oneof(fc.constantFrom('http://localhost:5173', 'https://app.test', null, undefined), text),
    url,
    request: fc.record(
      {
        method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'patch', 'delete', 'OPTIONS'), text),
        headers,
        resourceType: fc.constantFrom(...types),
        mode: fc.constantFrom('cors' as const, 'no-cors' as const, 'same-origin' as const, 'navigate' as const),
        credentials: fc.constantFrom('include' as const, 'omit' as const, 'same-origin' as const),
        redirectMode: fc.constantFrom('follow' as const, 'manual' as const, 'error' as const),
        headersSeen: fc.boolean(),
      },
      { requiredKeys: ['method', 'headers', 'resourceType'] },
    ),
    preflight: fc.oneof(
      fc.constant({ kind: 'none' as const }),
      observedPreflight.map((p) => ({ kind: 'observed' as const, ...p })),
      fc
        .option(observedPreflight, { nil: undefined })
        .map((earlier) => (earlier === undefined ? { kind: 'cached' as const } : { kind: 'cached' as const, earlier })),
      fc.constant({ kind: 'unknown' as const }),
    ),
    redirects: fc.array(fc.record({ url, status: fc.integer({ min: 300, max: 399 }), headers, location: url }), { maxLength: 3 }),
    response,
    outcome: fc.oneof(
      fc.constant({ kind: 'success' as const }),
      fc.constant({ kind: 'not-observed' as const }),
      fc.record({
        kind: fc.constant('failure' as const),
        error: fc.oneof(
          fc.constantFrom('net::ERR_FAILED', 'NS_ERROR_DOM_BAD_URI', 'net::ERR_BLOCKED_BY_CLIENT', 'net::ERR_ABORTED', 'NS_BINDING_ABORTED'),
          text,
        ),
      }),
    ),
    browser: fc.constantFrom('chromium' as const, 'firefox' as const),
    capture: fc.record(
      { missedStart: fc.boolean(), restarted: fc.boolean(), endedBy: fc.constantFrom('timeout' as const, 'navigated' as const) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['initiator', 'url', 'request', 'preflight', 'redirects', 'response', 'outcome'] },
);

const RUNS = { numRuns: 400 };

describe('engine properties', () => {
  it('never throws, and the verdict is internally consistent', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const v = evaluate(ex);
        assert.equal(v.outcome, REASONS[v.reason].outcome);
        assert.ok(v.failedCheck >= -1 && v.failedCheck < v.checks.length);
        for (const c of v.checks) if (typeof c.actual === 'string') assert.ok(c.actual.length <= 300, 'values are clipped');
      }),
      RUNS,
    );
  });

  it('is deterministic and plain JSON (deep-equal after a JSON round trip)', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const a = evaluate(ex);
        const b = evaluate(ex);
        assert.deepEqual(a, b);
        assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
      }),
      RUNS,
    );
  });

  it('renders every sentence completely', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const v = evaluate(ex);
        const missing: string[] = [];
        const miss = (n: string) => missing.push(n);
        renderSummary(v, en, miss);
        for (const c of v.checks) renderCheck(c, en, miss);
        for (const w of v.warnings) renderWarning(w, en, miss);
        for (const n of suggestFix(v, ex).notes) renderFixNote(n, en, miss);
        assert.deepEqual(missing, []);
      }),
      RUNS,
    );
  });

  it('the predicted credentialed failure matches a real credentialed run', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const cls = classify(ex);
        if (cls.kind !== 'cors') return;
        const need = preflightNeed(ex.request.method, ex.request.headers);
        assert.equal(runRules(ex, cls.origin, need, false).includeFailure, runRules(ex, cls.origin, need, true).failure);
      }),
      RUNS,
    );
  });

  it('fixes never suggest * with credentials and never reflect anything but the initiator', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const v = evaluate(ex);
        const fix = suggestFix(v, ex);
        assert.deepEqual(JSON.parse(JSON.stringify(fix)), fix);
        const all = [...fix.preflightHeaders, ...fix.responseHeaders];
        const acao = all.filter((h) => h.name === 'Access-Control-Allow-Origin').map((h) => h.value);
        const credentials = all.some((h) => h.name === 'Access-Control-Allow-Credentials');
        const evaluated = v.checks.find((c) => c.id === 'initiator' && c.status !== 'skipped')?.actual;
        const initiator = typeof evaluated === 'string' ? normalizeOrigin(evaluated) : null;
        for (const value of acao) {
          if (credentials) assert.notEqual(value, '*');
          assert.ok(value === '*' || value === initiator, `ACAO ${value} vs initiator ${String(initiator)}`);
        }
      }),
      RUNS,
    );
  });
});
