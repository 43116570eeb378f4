// Issue 11, "Wrong or misleading today": every sentence a server owner reads must be right.
// Each block pins one finding; the sentences are read through the catalogue, as users see them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  en,
  evaluate,
  renderCheck,
  renderFixNote,
  renderSummary,
  renderWarning,
  suggestFix,
  type Check,
  type Exchange,
  type Fix,
  type Verdict,
} from '../../../src/core/index.ts';
import { renderMarkdown } from '../../../src/core/report/index.ts';
import { ex, PAGE, type Spec } from './helpers.ts';
import { sentencesOf } from './sentences-of.ts';

const A = 'Access-Control-Allow-Origin';
/** The exchange as captured without the credentials mode (webRequest does not show it). */
const unseen = (e: Exchange): Exchange => {
  const { credentials: _dropped, ...request } = e.request;
  return { ...e, request };
};
const judged = (spec: Spec, credentials: 'as-spec' | 'unseen' = 'as-spec'): { e: Exchange; v: Verdict; f: Fix } => {
  const e = credentials === 'unseen' ? unseen(ex(spec)) : ex(spec);
  const v = evaluate(e);
  return { e, v, f: suggestFix(v, e) };
};
const checkText = (v: Verdict, id: Check['id']): string => {
  const c = v.checks.find((x) => x.id === id);
  assert.ok(c, `no ${id} check`);
  return renderCheck(c, en).text;
};
const warningTexts = (v: Verdict): string[] => v.warnings.map((w) => renderWarning(w, en));
const noteTexts = (f: Fix): string[] => f.notes.map((n) => renderFixNote(n, en));
const value = (list: Fix['responseHeaders'], name: string) => list.find((h) => h.name === name)?.value;

/** A preflighted DELETE whose preflight passes every CORS header rule; only its status varies. */
const preflightStatus = (
  status: number,
  headers: Record<string, string> = { [A]: PAGE, 'Access-Control-Allow-Methods': 'DELETE' },
  credentials: 'omit' | 'unknown' = 'omit',
) =>
  judged(
    { method: 'DELETE', credentials: 'omit', preflight: { status, headers }, response: 'not-sent', outcome: 'net::ERR_FAILED' },
    credentials === 'omit' ? 'as-spec' : 'unseen',
  );

/** What the engine says about a preflight status: the status check and the warnings. */
const statusWords = (status: number, headers?: Record<string, string>): string =>
  (({ v }) => [checkText(v, 'preflight-status'), ...warningTexts(v)].join(' '))(preflightStatus(status, headers));

describe('each preflight status class has its own cause', () => {
  it('a 500 is a server failure, never an authentication layer or a missing route', () => {
    for (const words of [statusWords(500), statusWords(503), statusWords(500, {})]) {
      assert.doesNotMatch(words, /authenticat|OPTIONS route|no route/i);
      assert.match(words, /server (failed|error)/i);
    }
  });

  it('401/403 blame authentication, 404/405 a missing OPTIONS route, 3xx a redirect', () => {
    for (const s of [401, 403]) assert.match(statusWords(s), /authenticat/i, String(s));
    for (const s of [404, 405]) {
      assert.match(statusWords(s), /route/i, String(s));
      assert.doesNotMatch(statusWords(s), /authenticat/i, String(s));
    }
    for (const s of [300, 304]) assert.match(statusWords(s), /redirect/i, String(s));
    for (const s of [400, 429]) assert.doesNotMatch(statusWords(s), /authenticat|route|server failed/i, String(s));
  });

  it('the classes are told apart, and statuses of one class get the same sentence', () => {
    const cause = (s: number) => statusWords(s).replaceAll(String(s), 'N');
    assert.equal(cause(401), cause(403));
    assert.equal(cause(404), cause(405));
    assert.equal(cause(500), cause(502));
    const classes = [401, 404, 304, 500, 429].map(cause);
    assert.equal(new Set(classes).size, classes.length);
  });

  it('the fix follows the class: auth first for 401, a route for 404, the server error for 500', () => {
    const codes = (s: number, headers?: Record<string, string>) => preflightStatus(s, headers).f.notes.map((n) => n.code);
    assert.ok(codes(401).includes('cors-before-auth'));
    assert.ok(codes(404).includes('options-route'));
    assert.ok(!codes(404).includes('cors-before-auth'));
    assert.ok(codes(500).includes('fix-server-error'));
    assert.ok(!codes(500).includes('cors-before-auth') && !codes(500).includes('options-route'));
    assert.ok(codes(404, {}).includes('options-route'), 'also when the 404 has no CORS headers (missing ACAO decides)');
  });
});

describe('a verdict stored before the status classes existed', () => {
  it('is shown and fixed by the class of its status', () => {
    const { e, v } = preflightStatus(401);
    const old: Verdict = {
      ...v,
      checks: v.checks.map((c) => (c.id === 'preflight-status' ? { ...c, detail: 'status-not-ok' } : c)),
      warnings: v.warnings.map((w) => (w.code === 'preflight-auth-status' ? { ...w, code: 'preflight-error-status' } : w)),
    };
    assert.ok(old.warnings.some((w) => w.code === 'preflight-error-status'));
    assert.equal(checkText(old, 'preflight-status'), checkText(v, 'preflight-status'));
    assert.deepEqual(warningTexts(old), warningTexts(v));
    assert.deepEqual(suggestFix(old, e).notes, suggestFix(v, e).notes);
  });
});

describe('any status in 200-299 passes a preflight, and every sentence says so', () => {
  it('no sentence asks for 204 alone', () => {
    const texts = [
      ...Object.values(en.reasons).flatMap((r) => [r.summary, r.meaning, r.cause, r.fix]),
      ...Object.values(en.details),
      ...Object.values(en.warnings),
      ...Object.values(en.fixes),
    ];
    for (const t of texts) if (t.includes('204')) assert.match(t, /200-299/, t);
  });

  it('the preflight fix notes accept any 2xx', () => {
    const notes = noteTexts(preflightStatus(401).f).join(' ');
    assert.doesNotMatch(notes, /must answer 204/);
    assert.match(notes, /200-299/);
  });
});

describe('a failed preflight is not cached', () => {
  it('no sentence says a failed preflight is cached', () => {
    for (const headers of [undefined, { [A]: PAGE, 'Access-Control-Allow-Methods': 'DELETE', 'Access-Control-Max-Age': '600' }]) {
      const j = preflightStatus(401, headers);
      assert.equal(j.v.outcome, 'blocked');
      for (const s of sentencesOf(j.v, j.f)) assert.doesNotMatch(s, /\bis cached\b|may be cached|cached for/i, s);
    }
    const wrongHeader = judged({
      method: 'PUT',
      headers: { 'X-A': '1' },
      preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' } },
      response: 'not-sent',
    });
    assert.equal(wrongHeader.v.reason, 'header-not-allowed');
    assert.doesNotMatch(checkText(wrongHeader.v, 'preflight-max-age'), /cached for/);
  });

  it('a successful preflight is still said to be cached for the default 5 seconds', () => {
    assert.match(checkText(preflightStatus(204).v, 'preflight-max-age'), /5 seconds/);
  });
});

describe('Access-Control-Request-Headers belongs to the preflight, which was sent', () => {
  it('its row does not say it was never sent', () => {
    const e = ex({
      method: 'PUT',
      headers: { 'X-Request-Id': '1' },
      preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' } },
      response: 'not-sent',
    });
    const unseen: Exchange = { ...e, request: { ...e.request, headers: [], headersSeen: false } };
    const v = evaluate(unseen);
    const text = checkText(v, 'preflight-request-headers');
    assert.doesNotMatch(text, /^Skipped: the request was never sent/);
    assert.match(text, /x-request-id/);
    assert.match(text, /preflight was sent/);
  });
});

describe('every request header missing from Access-Control-Allow-Headers is named', () => {
  const two = () =>
    judged({
      method: 'PUT',
      headers: { 'X-Request-Id': '1', 'X-Trace': '2', 'Content-Type': 'application/json' },
      preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type' } },
      response: 'not-sent',
      outcome: 'net::ERR_FAILED',
    });

  it('in the summary', () => {
    const { v } = two();
    assert.equal(v.reason, 'header-not-allowed');
    const summary = renderSummary(v, en);
    for (const name of ['x-request-id', 'x-trace']) assert.match(summary, new RegExp(name));
    assert.doesNotMatch(summary, /content-type, x-|, content-type/, 'not the allowed one');
  });

  it('a verdict stored before all names were kept still names its one header', () => {
    const { v } = two();
    const { headers: _all, ...params } = v.params;
    assert.match(renderSummary({ ...v, params }, en), /x-request-id/);
  });

  it('in the Markdown "Failed check"', () => {
    const { e, v } = two();
    const md = renderMarkdown({ exchange: e, verdict: v, capturedAt: 0 });
    const failed = md.split('## Failed check')[1]?.split('\n## ')[0] ?? '';
    for (const name of ['x-request-id', 'x-trace']) assert.match(failed, new RegExp(name));
  });
});

describe('one word for an absent value, and words a developer uses', () => {
  const absentList = () =>
    judged({
      method: 'PUT',
      headers: { 'X-Request-Id': '1' },
      preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'PUT' } },
      response: 'not-sent',
    });

  it('an absent header is "(absent)" in the summary and in the checks, never doubly parenthesised', () => {
    const j = absentList();
    for (const s of sentencesOf(j.v, j.f)) {
      assert.doesNotMatch(s, /\(\(|\)\)/, s);
      assert.doesNotMatch(s, new RegExp(`Access-Control-Allow-Headers[^.]*${en.words.none.replace(/[()]/g, '\\$&')}`), s);
    }
    assert.ok(renderSummary(j.v, en).includes(en.words.absent));
  });

  it('an absent list is not said to "parse as a list"', () => {
    assert.doesNotMatch(checkText(absentList().v, 'preflight-allow-headers'), /parses as a list/);
  });

  it('a fetch()/XHR request is called that, not "xmlhttprequest"', () => {
    const { e, v } = judged({ response: { headers: { [A]: '*' } } });
    const mode = checkText(v, 'mode');
    assert.doesNotMatch(mode, /xmlhttprequest/);
    assert.match(mode, /fetch/);
    const md = renderMarkdown({ exchange: e, verdict: v, capturedAt: 0 });
    assert.doesNotMatch(md.split('## ')[0] ?? '', /xmlhttprequest/);
  });
});

describe('fixes change only what failed', () => {
  it("a preflight that failed only on its status keeps the server's Access-Control-Allow-Origin: *", () => {
    const { f } = preflightStatus(401, { [A]: '*', 'Access-Control-Allow-Methods': 'DELETE' });
    assert.equal(value(f.preflightHeaders, A), '*');
    assert.equal(value(f.responseHeaders, A), '*');
    assert.equal(value(f.preflightHeaders, 'Vary'), undefined);
    assert.match(f.snippets?.express ?? '', /origin: "\*"/);
  });

  it('the methods and headers the server already allows are kept, the missing ones added', () => {
    const { f } = judged({
      method: 'PUT',
      headers: { 'X-A': '1', 'X-B': '2' },
      credentials: 'omit',
      preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'x-a, x-other' } },
      response: 'not-sent',
    });
    const methods = value(f.preflightHeaders, 'Access-Control-Allow-Methods')?.split(/,\s*/) ?? [];
    for (const m of ['GET', 'POST', 'DELETE', 'PUT']) assert.ok(methods.includes(m), m);
    const headers = value(f.preflightHeaders, 'Access-Control-Allow-Headers')?.split(/,\s*/) ?? [];
    for (const h of ['x-a', 'x-other', 'x-b']) assert.ok(headers.includes(h), h);
  });

  it('says which headers are only recommended, not the cause', () => {
    const { f } = preflightStatus(401, { [A]: '*', 'Access-Control-Allow-Methods': 'DELETE' });
    const recommended = f.notes.find((n) => n.code === 'recommended-only');
    assert.ok(recommended, 'a recommendation note');
    assert.match(renderFixNote(recommended, en), /Access-Control-Max-Age/);
    assert.doesNotMatch(renderFixNote(recommended, en), /Access-Control-Allow-Origin/);
  });

  it('a failing Access-Control-Allow-Origin still gets the exact origin', () => {
    const { f } = judged({ credentials: 'include', response: { headers: { [A]: '*' } } });
    assert.equal(value(f.responseHeaders, A), PAGE);
  });
});

describe('the credentials note only where the answer is unknown', () => {
  const credNote = (f: Fix) => f.notes.some((n) => /credentials/i.test(renderFixNote(n, en)) && n.code === 'credentials-unknown');

  it('not when the server already allows credentials for the exact origin', () => {
    const { v, f } = preflightStatus(401, { [A]: PAGE, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'DELETE' }, 'unknown');
    assert.ok(v.credentials.basis === 'default' || v.credentials.basis === 'both-agree', v.credentials.basis);
    assert.equal(credNote(f), false);
  });

  it('not when no header change can help (a network error)', () => {
    const { v, f } = judged({ response: { error: 'net::ERR_CONNECTION_REFUSED' } }, 'unseen');
    assert.ok(v.credentials.basis === 'default' || v.credentials.basis === 'both-agree', v.credentials.basis);
    assert.equal(credNote(f), false);
  });

  it('still when it is unknown and the fix depends on it, saying * cannot be used with credentials', () => {
    const { v, f } = preflightStatus(401, { [A]: '*', 'Access-Control-Allow-Methods': 'DELETE' }, 'unknown');
    assert.ok(v.credentials.basis === 'default' || v.credentials.basis === 'both-agree', v.credentials.basis);
    const note = f.notes.find((n) => n.code === 'credentials-unknown');
    assert.ok(note);
    assert.match(renderFixNote(note, en), /exact origin/);
  });
});

describe('a lowercase method is most likely a client bug', () => {
  it('patch refused by an Allow-Methods listing PATCH: send PATCH from the page', () => {
    const { v, f } = judged({ method: 'patch', preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'GET, PATCH' } }, response: 'not-sent' });
    assert.equal(v.reason, 'method-not-allowed');
    const note = f.notes[0];
    assert.ok(note !== undefined && note.code === 'client-method-case', `first note: ${note?.code}`);
    const text = renderFixNote(note, en);
    assert.match(text, /PATCH/);
    assert.match(text, /page/);
  });

  it('an upper-case method gets no such note', () => {
    const { f } = judged({ method: 'PATCH', preflight: { headers: { [A]: PAGE, 'Access-Control-Allow-Methods': 'GET' } }, response: 'not-sent' });
    assert.ok(!f.notes.some((n) => n.code === 'client-method-case'));
  });
});
