// Meta-tests: every code has words and browser names, every placeholder gets a value, and the
// tables exercise every reason, warning, detail, hint and fix note the engine can produce.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHECK_IDS,
  DETAIL_CODES,
  FIX_NOTES,
  HINT_CODES,
  REASONS,
  REASON_CODES,
  WARNING_CODES,
  en,
  evaluate,
  renderCheck,
  renderSummary,
  suggestFix,
  type Catalogue,
} from '../../../src/core/index.ts';
import { placeholders, displayValue } from '../../../src/core/messages/render.ts';
import { allCases } from './cases/index.ts';
import { ex, PAGE } from './helpers.ts';
import { sentencesOf } from './sentences-of.ts';

// docs/cors-rules.md §8: the vocabularies the mapping may use.
const CHROMIUM = new Set([
  'DisallowedByMode',
  'InvalidResponse',
  'WildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  'CorsDisabledScheme',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  'RedirectContainsCredentials',
  'InsecureLocalNetwork',
  'InvalidLocalNetworkAccess',
  'NoCorsRedirectModeNotFollow',
  'LocalNetworkAccessPermissionDenied',
]);
const FIREFOX = new Set([
  'CORSDisabled',
  'CORSDidNotSucceed',
  'CORSOriginHeaderNotAdded',
  'CORSExternalRedirectNotAllowed',
  'CORSRequestNotHttp',
  'CORSMissingAllowOrigin',
  'CORSMultipleAllowOriginNotAllowed',
  'CORSAllowOriginNotMatchingOrigin',
  'CORSNotSupportingCredentials',
  'CORSMethodNotFound',
  'CORSMissingAllowCredentials',
  'CORSPreflightDidNotSucceed',
  'CORSInvalidAllowMethod',
  'CORSInvalidAllowHeader',
  'CORSMissingAllowHeaderFromPreflight',
]);

describe('reason codes', () => {
  for (const code of REASON_CODES) {
    it(`${code}: kebab-case, catalogue entry, browser mapping`, () => {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
      const text = en.reasons[code];
      for (const field of ['title', 'summary', 'meaning', 'cause', 'fix'] as const) assert.ok(text[field].trim().length > 0, `${code}.${field}`);
      const info = REASONS[code];
      assert.ok(info.chromium === null || CHROMIUM.has(info.chromium), `${code}: unknown Chromium name ${info.chromium}`);
      assert.ok(info.firefox === null || FIREFOX.has(info.firefox), `${code}: unknown Firefox name ${info.firefox}`);
    });
  }
  it('preflight failures and actual-response failures have different codes, as in Chromium', () => {
    for (const code of REASON_CODES) {
      const name = REASONS[code].chromium;
      if (REASONS[code].stage === 'preflight' && name !== null) assert.ok(name.startsWith('Preflight') || name.endsWith('PreflightResponse'), code);
    }
  });
});

describe('catalogue completeness (runtime check of what the compiler enforces)', () => {
  it('the compiler rejects a locale that misses a code (type-checked by tsc)', () => {
    const { ok: _dropped, ...withoutOk } = en.reasons;
    // @ts-expect-error a Catalogue must give words for every reason code
    const incomplete: Catalogue = { ...en, reasons: withoutOk };
    assert.ok(incomplete.locale === 'en' && _dropped.title !== '');
  });
  const sections: Array<[keyof Catalogue, readonly string[]]> = [
    ['reasons', REASON_CODES],
    ['checks', CHECK_IDS],
    ['details', DETAIL_CODES],
    ['warnings', WARNING_CODES],
    ['hints', HINT_CODES],
    ['fixes', FIX_NOTES],
  ];
  for (const [section, codes] of sections) {
    it(`${section} has exactly the engine's codes`, () => {
      assert.deepEqual(Object.keys(en[section] as object).sort(), [...codes].sort());
    });
  }
});

describe('the tables exercise every code', () => {
  const verdicts = allCases.map((c) => ({ c, v: evaluate(c.ex) }));
  const seen = (f: (v: ReturnType<typeof evaluate>) => readonly string[]) => new Set(verdicts.flatMap(({ v }) => [...f(v)]));
  const cases: Array<[string, readonly string[], Set<string>]> = [
    ['reason', REASON_CODES, seen((v) => [v.reason])],
    ['warning', WARNING_CODES, seen((v) => v.warnings.map((w) => w.code))],
    ['detail', DETAIL_CODES, seen((v) => v.checks.map((c) => c.detail))],
    ['check', CHECK_IDS, seen((v) => v.checks.map((c) => c.id))],
    ['hint', HINT_CODES, seen((v) => v.hints)],
    ['fix note', FIX_NOTES, new Set(verdicts.flatMap(({ c, v }) => suggestFix(v, c.ex).notes.map((n) => n.code)))],
  ];
  for (const [kind, codes, got] of cases) {
    it(`every ${kind} code appears in at least one table case`, () => {
      assert.deepEqual(
        codes.filter((code) => !got.has(code)),
        [],
      );
    });
  }
  it('there are at least 150 table cases', () => assert.ok(allCases.length >= 150, String(allCases.length)));
});

describe('every placeholder is filled', () => {
  for (const c of allCases) {
    it(c.name, () => {
      const missing: string[] = [];
      const v = evaluate(c.ex);
      sentencesOf(v, suggestFix(v, c.ex), (where, name) => missing.push(`${where}: {${name}}`));
      assert.deepEqual(missing, []);
    });
  }
  it('documentation fields (meaning, cause, fix) have no placeholders: they are never filled', () => {
    for (const [code, r] of Object.entries(en.reasons)) {
      for (const field of [r.meaning, r.cause, r.fix]) assert.deepEqual(placeholders(field), [], code);
    }
  });
  it('every template uses only simple {name} placeholders', () => {
    const all = [
      ...Object.values(en.reasons).flatMap((r) => [r.summary]),
      ...Object.values(en.details),
      ...Object.values(en.warnings),
      ...Object.values(en.fixes),
    ];
    for (const t of all) for (const p of placeholders(t)) assert.match(p, /^[a-zA-Z]+$/);
  });
});

describe('rendering', () => {
  it('the classic summary reads naturally', () => {
    const v = evaluate(
      ex({
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        preflight: {
          status: 401,
          headers: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type' },
        },
        response: 'not-sent',
        outcome: 'net::ERR_FAILED',
      }),
    );
    assert.equal(renderSummary(v, en), 'Blocked: the preflight answered 401, so the browser never sent the PUT.');
  });
  it('the "no preflight needed" explanation names the rule', () => {
    const v = evaluate(ex({ method: 'POST', headers: { 'Content-Type': 'text/plain' }, response: { headers: { 'Access-Control-Allow-Origin': '*' } } }));
    const check = v.checks.find((c) => c.id === 'preflight-needed');
    assert.ok(check);
    assert.equal(renderCheck(check, en).text, 'No preflight needed: POST is safelisted and every header the page set is safelisted.');
  });
  it('untrusted values are shown with control characters escaped', () => {
    assert.equal(displayValue('a\u0000b\u202ec\r'), 'a\\u0000b\\u202ec\\u000d');
    const v = evaluate(ex({ response: { headers: { 'Access-Control-Allow-Origin': 'http://x\u0007.test' } } }));
    assert.doesNotMatch(renderSummary(v, en), /\u0007/);
  });
  it('a reason code inside params renders as its title', () => {
    const v = evaluate(ex({ response: { headers: {} }, outcome: 'success' }));
    assert.match(renderSummary(v, en), /No Access-Control-Allow-Origin/);
  });
});
