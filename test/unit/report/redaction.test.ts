// Redaction: on by default, every secret kind, in every place a report shows it (headers,
// URLs of every section, curl, JSON); `redact: false` keeps them; the verdict never changes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type Exchange } from '../../../src/core/index.ts';
import {
  isSecretHeader,
  isSecretParam,
  redactHeaders,
  redactUrl,
  renderCurl,
  renderJson,
  renderMarkdown,
  REDACTED,
  type ReportInput,
} from '../../../src/core/report/index.ts';
import { hl } from '../core/helpers.ts';

const PAGE = 'http://localhost:5173';
const SECRETS = {
  cookie: 'COOKIEVALUE123',
  setCookie: 'SETCOOKIE999',
  authorization: 'AUTHTOKEN123456',
  proxy: 'PROXYCREDS987',
  apiKeyHeader: 'XAPIKEY55555',
  accessToken: 'ATOK12345',
  apiKey: 'AKEY12345',
  amzSignature: 'AMZSIG12345',
  amzCredential: 'AMZCRED12345',
  password: 'PW123456',
  session: 'SESS12345',
  code: 'CODE12345',
  sig: 'SIG123456',
  redirectToken: 'REDIRTOK12345',
  userinfo: 'URLPASS12345',
};
const QUERY =
  `access_token=${SECRETS.accessToken}&api_key=${SECRETS.apiKey}&X-Amz-Signature=${SECRETS.amzSignature}` +
  `&X-Amz-Credential=${SECRETS.amzCredential}&password=${SECRETS.password}&session=${SECRETS.session}&code=${SECRETS.code}&sig=${SECRETS.sig}&page=2`;
const URL_ = `https://api.example.test/items?${QUERY}`;
const FINAL = `https://api.example.test/v2/items?token=${SECRETS.redirectToken}&page=2`;

function secretExchange(): Exchange {
  const origin = { name: 'Origin', value: PAGE };
  return {
    initiator: PAGE,
    url: URL_,
    request: {
      method: 'PUT',
      resourceType: 'xmlhttprequest',
      headers: [
        origin,
        { name: 'Cookie', value: `sid=${SECRETS.cookie}; theme=dark` },
        { name: 'Authorization', value: `Bearer ${SECRETS.authorization}` },
        { name: 'Proxy-Authorization', value: `Basic ${SECRETS.proxy}` },
        { name: 'X-Api-Key', value: SECRETS.apiKeyHeader },
        { name: 'Referer', value: `${PAGE}/app?session=${SECRETS.session}` },
      ],
    },
    preflight: {
      kind: 'observed',
      requestHeaders: [origin, ...hl({ 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization,x-api-key' })],
      result: {
        kind: 'response',
        status: 204,
        headers: hl({
          'Access-Control-Allow-Origin': PAGE,
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': 'PUT',
          'Access-Control-Allow-Headers': 'authorization,x-api-key',
        }),
      },
    },
    redirects: [
      {
        url: URL_,
        status: 307,
        location: FINAL,
        headers: hl({ Location: FINAL, 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }),
      },
    ],
    response: {
      kind: 'response',
      status: 200,
      headers: [
        { name: 'Set-Cookie', value: `session=${SECRETS.setCookie}; Path=/; HttpOnly; SameSite=None; Secure` },
        { name: 'Content-Location', value: `https://u:${SECRETS.userinfo}@api.example.test/x` },
      ],
    },
    outcome: { kind: 'failure', error: 'net::ERR_FAILED' },
    browser: 'chromium',
  };
}

const input = (): ReportInput => {
  const exchange = secretExchange();
  return { exchange, verdict: evaluate(exchange), capturedAt: Date.UTC(2026, 10, 22, 12, 5, 3) };
};

/** Asserts that `is` takes each name for a secret's (or, with `secret` false, for an ordinary one's). */
function assertNames(is: (name: string) => boolean, names: readonly string[], secret = true): void {
  for (const name of names) assert.equal(is(name), secret, name);
}

function outputs(redact?: boolean): { markdown: string; json: string; curl: string } {
  const i = input();
  const options = redact === undefined ? {} : { redact };
  const curl = renderCurl(i, options);
  return {
    markdown: renderMarkdown(i, options),
    json: renderJson(i, options),
    curl: `${curl.preflight ?? ''}\n${curl.actual}`,
  };
}

describe('redaction', () => {
  it('is on by default: no secret appears in Markdown, JSON or curl', () => {
    for (const [format, text] of Object.entries(outputs())) {
      for (const [kind, secret] of Object.entries(SECRETS)) {
        assert.ok(!text.includes(secret), `${kind} secret ${secret} leaked into the ${format} report`);
      }
      assert.ok(text.includes(REDACTED), `${format} shows the marker`);
    }
  });

  it('keeps what is not secret: cookie names, attributes, auth scheme, other parameters', () => {
    const { markdown, json, curl } = outputs();
    assert.match(markdown, /Cookie: sid=\[redacted\]; theme=\[redacted\]/);
    assert.match(markdown, /Set-Cookie: session=\[redacted\]; Path=\/; HttpOnly; SameSite=None; Secure/);
    assert.match(markdown, /Authorization: Bearer \[redacted\]/);
    assert.match(markdown, /Proxy-Authorization: Basic \[redacted\]/);
    assert.match(markdown, /X-Api-Key: \[redacted\]/);
    assert.match(json, /access_token=\[redacted\]&api_key=\[redacted\]&X-Amz-Signature=\[redacted\]/);
    assert.match(json, /token=\[redacted\]&page=2/, 'the redirect target in JSON');
    assert.match(curl, /-H 'Authorization: Bearer \[redacted\]'/);
    assert.match(curl, /'https:\/\/api\.example\.test\/items\?access_token=\[redacted\]&.*&page=2'/);
    assert.match(markdown, /page=2/);
  });

  it('in the index and the Location header of a redirect hop', () => {
    const md = renderMarkdown([input(), input()]);
    for (const secret of Object.values(SECRETS)) assert.ok(!md.includes(secret), secret);
    assert.match(md, /Location: https:\/\/api\.example\.test\/v2\/items\?token=\[redacted\]&page=2/);
  });

  it('{ redact: false } keeps every secret', () => {
    for (const [format, text] of Object.entries(outputs(false))) {
      for (const [kind, secret] of Object.entries(SECRETS)) {
        // Response-only secrets are not replayed by curl.
        if (format === 'curl' && ['setCookie', 'redirectToken', 'userinfo'].includes(kind)) continue;
        assert.ok(text.includes(secret), `${kind} missing from the unredacted ${format} report`);
      }
      assert.ok(!text.includes(REDACTED), format);
    }
  });

  it('does not change the verdict shown', () => {
    type Doc = { exchanges: Array<{ kind: string; verdict: { reason: string; outcome: string; title: string }; failedCheck: unknown }> };
    const on = JSON.parse(outputs().json ?? '') as Doc;
    const off = JSON.parse(outputs(false).json ?? '') as Doc;
    assert.deepEqual(on.exchanges[0]?.verdict.reason, off.exchanges[0]?.verdict.reason);
    assert.deepEqual(on.exchanges[0]?.verdict.outcome, off.exchanges[0]?.verdict.outcome);
    assert.equal(on.exchanges[0]?.kind, off.exchanges[0]?.kind);
    assert.equal(on.exchanges[0]?.verdict.reason, input().verdict.reason);
  });

  it('short or plain cookie values do not spill into the rest of the report', () => {
    const exchange: Exchange = {
      initiator: PAGE,
      url: 'https://api.example.test/x?code=1',
      browser: 'chromium',
      request: {
        method: 'GET',
        resourceType: 'xmlhttprequest',
        credentials: 'include',
        headers: hl({ Origin: PAGE, Cookie: 'consent=true; theme=dark; n=1' }),
      },
      preflight: { kind: 'none' },
      redirects: [],
      response: {
        kind: 'response',
        status: 200,
        headers: hl({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', 'X-Theme': 'dark' }),
      },
      outcome: { kind: 'success' },
    };
    const md = renderMarkdown({ exchange, verdict: evaluate(exchange) });
    assert.match(md, /Cookie: consent=\[redacted\]; theme=\[redacted\]; n=\[redacted\]/);
    assert.match(md, /Access-Control-Allow-Credentials: true\n/);
    assert.match(md, /X-Theme: dark\n/);
    assert.match(md, /\?code=\[redacted\]/);
    assert.match(md, /Status: `200`/);
  });

  it('query parameter names that look like secrets', () => {
    assertNames(isSecretParam, [
      'access_token',
      'api_key',
      'apiKey',
      'X-Amz-Signature',
      'X-Amz-Credential',
      'X-Amz-Security-Token',
      'sig',
      'signature',
      'password',
      'pass',
      'pwd',
      'client_secret',
      'auth',
      'SESSION_ID',
      'code',
      'credential',
      'id_token',
    ]);
    assertNames(isSecretParam, ['page', 'q', 'id', 'lang', 'acao', 'redirect', 'status'], false);
  });

  it('headers: the four credential headers and secret-named ones, never the CORS ones', () => {
    assertNames(isSecretHeader, ['Cookie', 'set-cookie', 'AUTHORIZATION', 'Proxy-Authorization', 'X-Api-Key', 'X-CSRF-Token', 'X-Amz-Security-Token']);
    assertNames(
      isSecretHeader,
      ['Access-Control-Allow-Credentials', 'Access-Control-Allow-Headers', 'Accept-Encoding', 'Content-Encoding', 'WWW-Authenticate', 'Origin', 'Keep-Alive'],
      false,
    );
    assert.deepEqual(redactHeaders([{ name: 'Authorization', value: 'weird' }]), [{ name: 'Authorization', value: REDACTED }]);
  });

  it('redactUrl keeps the URL shape: path, other parameters, fragment, encoded names', () => {
    for (const [url, redacted] of [
      ['https://a.test/p?x=1&token=abc#frag', 'https://a.test/p?x=1&token=[redacted]#frag'],
      ['https://a.test/p?api%5Fkey=abc', 'https://a.test/p?api%5Fkey=[redacted]'],
      ['https://a.test/p?token=&x=1', 'https://a.test/p?token=&x=1'],
      ['https://u:pw@a.test/', 'https://u:[redacted]@a.test/'],
      ['https://a.test/p', 'https://a.test/p'],
    ] as const) {
      assert.equal(redactUrl(url), redacted, url);
    }
  });
});

describe('redaction by name pattern and of token-like path segments', () => {
  // issue 11: each of these kept its value in every export.
  const PARAMS = ['sid', 'jwt', 'bearer', 'cookie', 'otp', 'pin', 'nonce', 'ticket', 'hash', 'state', 'SAMLResponse', 'assertion', 'hmac'];
  const HEADERS = [
    'Ocp-Apim-Subscription-Key',
    'X-Functions-Key',
    'X-Access-Key',
    'X-Private-Key',
    'X-Jwt',
    'X-Sid',
    'X-Bearer',
    'X-Otp',
    'X-Ticket',
    'X-Upstream-Cookie',
  ];
  // Names no list spells out: caught by their shape (*-key, *-token, *-secret, *-jwt, *cookie*, *session*).
  const PATTERN_HEADERS = ['X-Tenant-Key', 'X-Refresh-Token', 'X-Client-Secret', 'X-Id-Jwt', 'X-Cookie-Jar', 'X-Session-Ref'];
  const PATTERN_PARAMS = ['tenant_key', 'refresh-token', 'client.secret', 'id_jwt', 'upstream_cookie', 'sessionRef', 'user_pin', 'otpValue'];
  const TOKENS = {
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlMTIzNDU2',
    hex: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    random: 'Q7wLx2Rk9TzP4mVb8YcN1sHd',
  };
  const secret = (n: number): string => `SeCrEt${String(n).padStart(4, '0')}Zq`;

  function exchange(): Exchange {
    const query = [...PARAMS, ...PATTERN_PARAMS].map((p, n) => `${encodeURIComponent(p)}=${secret(n)}`).join('&');
    const url = `https://api.example.test/files/${TOKENS.jwt}/v/${TOKENS.hex}/s/${TOKENS.random}?${query}&page=2&lang=en`;
    const headers = [...HEADERS, ...PATTERN_HEADERS].map((name, n) => ({ name, value: secret(100 + n) }));
    return {
      initiator: PAGE,
      url,
      browser: 'chromium',
      request: {
        method: 'GET',
        resourceType: 'xmlhttprequest',
        headers: [{ name: 'Origin', value: PAGE }, ...headers, { name: 'X-Request-Id', value: 'req-7' }],
      },
      preflight: { kind: 'none' },
      redirects: [],
      response: {
        kind: 'response',
        status: 200,
        headers: hl({ 'Access-Control-Allow-Origin': PAGE, Location: `/next/${TOKENS.random}` }),
      },
      outcome: { kind: 'success' },
    };
  }

  it('query parameters and headers named in the issue, and names by pattern, are redacted in every format', () => {
    const ex = exchange();
    const i: ReportInput = { exchange: ex, verdict: evaluate(ex) };
    const c = renderCurl(i);
    const formats = { markdown: renderMarkdown(i), json: renderJson(i), curl: `${c.preflight ?? ''}\n${c.actual}` };
    const params = [...PARAMS, ...PATTERN_PARAMS];
    const headers = [...HEADERS, ...PATTERN_HEADERS];
    for (const [format, text] of Object.entries(formats)) {
      params.forEach((p, n) => assert.ok(!text.includes(secret(n)), `query parameter ${p} leaked into ${format}`));
      headers.forEach((h, n) => assert.ok(!text.includes(secret(100 + n)), `header ${h} leaked into ${format}`));
      for (const [kind, token] of Object.entries(TOKENS)) assert.ok(!text.includes(token), `${kind} path token leaked into ${format}`);
      assert.match(text, /page=2&lang=en/, `${format} keeps ordinary parameters`);
    }
    assert.match(formats.markdown, /X-Request-Id: req-7/, 'ordinary headers stay');
    assert.match(formats.markdown, /\/files\/\[redacted\]\/v\/\[redacted\]\/s\/\[redacted\]\?/);
    assert.match(formats.markdown, /Location: \/next\/\[redacted\]/, 'a relative Location with the same token');
    assertNames(isSecretParam, params);
    assertNames(isSecretHeader, headers);
  });

  it('ordinary names, ids and slugs are kept', () => {
    assertNames(isSecretParam, ['page', 'q', 'id', 'lang', 'acao', 'redirect', 'status', 'shipping', 'footprint', 'statement', 'sort', 'limit'], false);
    assertNames(
      isSecretHeader,
      [
        'Accept',
        'Content-Type',
        'Content-Encoding',
        'X-Request-Id',
        'X-Error-Code',
        'Keep-Alive',
        'Vary',
        'Sec-WebSocket-Key',
        'Idempotency-Key',
        'Access-Control-Request-Headers',
      ],
      false,
    );
    for (const path of [
      '/items/12345678901234567890',
      '/u/123e4567-e89b-12d3-a456-426614174000',
      '/o/507f1f77bcf86cd799439011',
      '/blog/my-very-long-article-title-2024',
      '/api/v2/internationalization',
    ]) {
      assert.equal(redactUrl(`https://a.test${path}?x=1`), `https://a.test${path}?x=1`, path);
    }
  });
});
