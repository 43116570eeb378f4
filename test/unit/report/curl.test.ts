// The curl reproduction parses back, in real POSIX shells, to the same request: method, URL
// and headers, whatever quotes, dollars or backticks the values hold.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type Exchange } from '../../../src/core/index.ts';
import { renderCurl, renderCurlScript, shellQuote, type ReportInput } from '../../../src/core/report/index.ts';
import { allInputs, input } from './support.ts';
import { hl } from '../core/helpers.ts';
import { scratchDir } from '../../support/scratch-dir.ts';

const SHELLS = ['bash', 'dash'].filter((sh) => {
  try {
    execFileSync(sh, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
});

/** The words a real shell makes of a command line (curl replaced by printf). */
function words(shell: string, command: string): string[] {
  // Comment lines (credentials left out) come first; the shell ignores them.
  const cmd = command
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
  assert.match(cmd, /^curl /);
  const out = execFileSync(shell, ['-c', cmd.replace(/^curl /, "printf '%s\\0' ")], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

interface Parsed {
  method: string;
  url: string;
  headers: Array<[string, string]>;
}

/** curl's own reading of the flags the report uses. */
function parseCurl(argv: string[]): Parsed {
  let method = 'GET';
  let url = '';
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-i' || a === '-g') continue;
    if (a === '--head') method = 'HEAD';
    else if (a === '-X') method = argv[++i] ?? '';
    else if (a === '-H') {
      const h = argv[++i] ?? '';
      const colon = h.indexOf(':');
      headers.push(colon < 0 ? [h.replace(/;$/, ''), ''] : [h.slice(0, colon), h.slice(colon + 1).replace(/^ /, '')]);
    } else if (!a.startsWith('-')) url = a;
    else assert.fail(`unexpected flag ${a}`);
  }
  return { method, url, headers };
}

const header = (p: Parsed, name: string) => p.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

describe('curl reproduction', () => {
  for (const shell of SHELLS) {
    it(`${shell}: every recorded exchange parses back to its method, URL, Origin and preflight headers`, () => {
      for (const i of allInputs()) {
        const ex = i.exchange;
        const c = renderCurl(i, { redact: false });
        const actual = parseCurl(words(shell, c.actual));
        assert.equal(actual.method, ex.request.method);
        assert.equal(actual.url, ex.url);
        const sentOrigin = ex.request.headers.find((h) => h.name.toLowerCase() === 'origin')?.value;
        assert.equal(header(actual, 'Origin'), sentOrigin ?? ex.initiator);
        if (ex.preflight.kind === 'observed') {
          assert.ok(c.preflight, `record ${ex.url} has a preflight command`);
          const pf = parseCurl(words(shell, c.preflight));
          assert.equal(pf.method, 'OPTIONS');
          assert.equal(pf.url, ex.url);
          for (const name of ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']) {
            assert.equal(header(pf, name), ex.preflight.requestHeaders.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value, name);
          }
        }
      }
    });
  }

  it('the preflight command has the documented shape', () => {
    const c = renderCurl(input('preflight-header-not-allowed'));
    assert.match(
      c.preflight ?? '',
      /^curl -g -i -X OPTIONS 'http:\/\/127\.0\.0\.1:\d+\/put-blocked\?acao=\$origin&acam=PUT' \\\n  -H 'Origin: http:\/\/localhost:\d+' \\\n  -H 'Access-Control-Request-Method: PUT' \\\n  -H 'Access-Control-Request-Headers: x-request-id'$/,
    );
    assert.equal(renderCurl(input('missing-acao')).preflight, null, 'a simple GET needs no preflight');
  });

  it('a preflight that was not captured is derived from the request (method, unsafe header names)', () => {
    const exchange: Exchange = {
      initiator: 'https://app.test',
      url: 'https://api.test/x',
      browser: 'chromium',
      request: { method: 'PATCH', resourceType: 'xmlhttprequest', headers: hl({ 'X-B': '1', 'Content-Type': 'application/json' }) },
      preflight: { kind: 'none' },
      redirects: [],
      response: { kind: 'not-sent' },
      outcome: { kind: 'failure', error: 'net::ERR_FAILED' },
    };
    const pf = parseCurl(words('sh', renderCurl({ exchange, verdict: evaluate(exchange) }).preflight ?? ''));
    assert.deepEqual(pf.headers, [
      ['Origin', 'https://app.test'],
      ['Access-Control-Request-Method', 'PATCH'],
      ['Access-Control-Request-Headers', 'content-type,x-b'],
    ]);
  });

  const hostile = ["it's", '$(touch PWNED)', '`touch PWNED`', '"; touch PWNED; "', '\\', "''\\''", '$HOME ${PATH}', '|&;<>*?[]~#', 'ünï ☃'];
  for (const shell of SHELLS) {
    it(`${shell}: hostile values come back byte for byte and run nothing`, () => {
      const dir = scratchDir('cors-lens-curl-');
      const exchange: Exchange = {
        initiator: 'https://app.test',
        url: `https://api.test/a'b?q=${encodeURIComponent("it's")}&x=$(id)`,
        browser: 'chromium',
        request: { method: 'PUT', resourceType: 'xmlhttprequest', headers: hostile.map((value, n) => ({ name: `X-H${n}`, value })) },
        preflight: { kind: 'none' },
        redirects: [],
        response: { kind: 'not-sent' },
        outcome: { kind: 'failure', error: 'net::ERR_FAILED' },
      };
      const i: ReportInput = { exchange, verdict: evaluate(exchange) };
      const c = renderCurl(i, { redact: false });
      const argv = execFileSync(shell, ['-c', c.actual.replace(/^curl /, "printf '%s\\0' ")], { encoding: 'utf8', cwd: dir })
        .split('\0')
        .slice(0, -1);
      const parsed = parseCurl(argv);
      assert.equal(parsed.url, exchange.url);
      assert.equal(parsed.method, 'PUT');
      assert.deepEqual(
        parsed.headers.slice(1),
        hostile.map((value, n) => [`X-H${n}`, value]),
      );
      assert.ok(!existsSync(join(dir, 'PWNED')), 'the command ran something');
      assert.ok(c.preflight !== null && words(shell, c.preflight).length > 0);
    });
  }

  it('renderCurlScript: one script, a redacted one-line comment per exchange, valid for sh', () => {
    const exchange: Exchange = {
      initiator: 'https://app.test',
      url: 'https://api.test/x?token=SECRET123abc&n=1\n$(id)',
      browser: 'chromium',
      request: { method: 'GET', resourceType: 'xmlhttprequest', headers: [] },
      preflight: { kind: 'none' },
      redirects: [],
      response: { kind: 'not-sent' },
      outcome: { kind: 'success' },
    };
    const script = renderCurlScript([input('preflight-header-not-allowed'), { exchange, verdict: evaluate(exchange) }]);
    assert.match(script, /^# 1\. PUT http:\/\/127\.0\.0\.1:\d+\/put-blocked\?/);
    assert.match(script, /\n# 2\. GET https:\/\/api\.test\/x\?token=\[redacted\]&n=1\\x0a\$\(id\)\n/);
    assert.ok(!script.includes('SECRET123abc'));
    for (const shell of SHELLS) {
      const check = spawnSync(shell, ['-n'], { input: script, encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
    }
    assert.equal(renderCurlScript([]), '');
  });

  it('control characters are shown as \\xNN, never passed to the terminal', () => {
    assert.equal(shellQuote('a\nb\u0007c\u009b'), "'a\\x0ab\\x07c\\x9b'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote(''), "''");
  });

  it('an empty header value is sent as empty (curl\'s "Name;" form), not dropped', () => {
    const exchange: Exchange = {
      initiator: 'https://app.test',
      url: 'https://api.test/',
      browser: 'chromium',
      request: { method: 'GET', resourceType: 'xmlhttprequest', headers: [{ name: 'X-Empty', value: '' }] },
      preflight: { kind: 'none' },
      redirects: [],
      response: { kind: 'not-sent' },
      outcome: { kind: 'success' },
    };
    assert.match(renderCurl({ exchange, verdict: evaluate(exchange) }).actual, /-H 'X-Empty;'/);
  });
});
