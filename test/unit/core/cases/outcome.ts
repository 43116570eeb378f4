// Reconciling the rules with what the browser reported; credentials assumptions.
import { PAGE, ex, type Case } from '../helpers.ts';

const A = 'Access-Control-Allow-Origin';
const star = { headers: { [A]: '*' } };

export const outcomeCases: Case[] = [
  {
    name: 'headers look right but Chromium failed the request: unexplained, with other causes',
    ex: ex({ response: star, outcome: 'net::ERR_FAILED', credentials: 'omit' }),
    outcome: 'blocked', reason: 'unexplained-block',
    check: { id: 'outcome', status: 'fail', detail: 'outcome-block-unexplained', actual: 'net::ERR_FAILED' },
    hints: ['extension-or-proxy', 'local-network-access'],
  },
  {
    name: 'a needed preflight was not seen and the browser failed: a stale preflight cache is a suspect',
    ex: ex({ method: 'PUT', credentials: 'omit', response: star, outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'unexplained-block',
    hints: ['preflight-cache'],
  },
  {
    name: 'an unexplained block to a private address suggests Local Network Access first',
    ex: ex({ initiator: 'https://app.test', url: 'http://192.168.1.10/api', response: star, credentials: 'omit', outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'unexplained-block',
    hints: ['local-network-access', 'mixed-content'],
  },
  {
    name: 'an extension blocking the request',
    ex: ex({ response: star, credentials: 'omit', outcome: 'net::ERR_BLOCKED_BY_CLIENT' }),
    outcome: 'blocked', reason: 'unexplained-block',
    hints: ['extension-or-proxy'],
  },
  {
    name: 'CORP/COEP blocking a CORS-valid response',
    ex: ex({ response: star, credentials: 'omit', outcome: 'net::ERR_BLOCKED_BY_RESPONSE' }),
    outcome: 'blocked', reason: 'unexplained-block',
    hints: ['resource-policy'],
  },
  {
    name: 'Local Network Access reported by the browser',
    ex: ex({ url: 'http://localhost:8080/api', initiator: 'https://app.test', response: star, outcome: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' }),
    outcome: 'blocked', reason: 'local-network-access',
    check: { id: 'outcome', status: 'fail', detail: 'outcome-local-network' },
  },
  {
    name: 'rules say blocked but the browser succeeded',
    ex: ex({ response: { headers: {} }, outcome: 'success' }),
    outcome: 'allowed', reason: 'unexpected-success',
    check: { id: 'outcome', status: 'warn', detail: 'outcome-success-unexpected', expected: 'missing-allow-origin' },
    hints: ['extension-or-proxy', 'capture-incomplete'],
  },
  {
    name: 'rules fail both ways for different reasons and the browser succeeded: the credentials assumption is a suspect',
    ex: ex({ method: 'PUT', headers: { 'X-Api-Key': 'k' }, preflight: { headers: { [A]: '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*' } }, response: { headers: {} }, outcome: 'success' }),
    outcome: 'allowed', reason: 'unexpected-success',
    hints: ['credentials-assumption'],
  },
  {
    name: 'credentials unknown, ACAO *, browser failed: credentials must have been included',
    ex: ex({ response: star, outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'wildcard-origin-with-credentials',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-unknown-outcome' },
    credentials: 'include',
  },
  {
    name: 'credentials unknown, ACAO *, browser succeeded: no credentials',
    ex: ex({ response: star, outcome: 'success' }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-unknown-outcome' },
    credentials: 'omit',
  },
  {
    name: 'credentials unknown and outcome unobservable: conditional on credentials, never a flat "allowed"',
    ex: ex({ response: star, outcome: 'not-observed', credentials: 'unseen' }),
    outcome: 'unknown', reason: 'depends-on-credentials',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-unknown-default' },
    warnings: ['credentials-assumption'],
    credentials: 'omit',
  },
  {
    name: 'credentials unknown but irrelevant (exact origin + ACAC true)',
    ex: ex({ response: { headers: { [A]: PAGE, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } }, outcome: 'success' }),
    outcome: 'allowed', reason: 'ok',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-unknown-same' },
    noWarnings: ['credentials-assumption'],
  },
  {
    name: 'Firefox: a blocked simple request looks completed, so the verdict comes from headers',
    ex: ex({ browser: 'firefox', response: { headers: {} }, outcome: 'not-observed' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-not-observed' },
  },
  {
    name: 'Firefox: a "completed" blocked simple request is not taken as success',
    ex: ex({ browser: 'firefox', response: { headers: {} }, outcome: 'success' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-not-observed' },
  },
  {
    name: 'Firefox: a "completed" report cannot settle the credentials mode either',
    ex: ex({ browser: 'firefox', response: { headers: { 'Access-Control-Allow-Origin': '*' } }, outcome: 'success' }),
    outcome: 'unknown', reason: 'depends-on-credentials',
    check: { id: 'credentials', status: 'pass', detail: 'credentials-unknown-default' },
    warnings: ['credentials-assumption'],
  },
  {
    name: 'Chromium: success despite a missing ACAO is unexpected',
    ex: ex({ browser: 'chromium', credentials: 'omit', response: { headers: {} }, outcome: 'success' }),
    outcome: 'allowed', reason: 'unexpected-success',
    check: { id: 'outcome', status: 'warn', detail: 'outcome-success-unexpected' },
  },
  {
    name: 'the browser\'s failure agrees with the rules',
    ex: ex({ response: { headers: {} }, outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'missing-allow-origin',
    check: { id: 'outcome', status: 'pass', detail: 'outcome-agrees' },
  },
  {
    name: 'a connection reset after valid headers is a network error',
    ex: ex({ response: star, credentials: 'omit', outcome: 'net::ERR_CONNECTION_RESET' }),
    outcome: 'unknown', reason: 'network-error',
    check: { id: 'outcome', status: 'skipped', detail: 'outcome-network-error' },
  },
  {
    name: 'preflight passed, actual never sent, browser failed: unexplained (e.g. cache or PNA)',
    ex: ex({ method: 'PUT', credentials: 'omit', preflight: { headers: { [A]: '*', 'Access-Control-Allow-Methods': 'PUT' } }, response: 'not-sent', outcome: 'net::ERR_FAILED' }),
    outcome: 'blocked', reason: 'unexplained-block',
  },
  {
    name: 'response not captured and the browser succeeded: incomplete',
    ex: ex({ response: 'not-sent', outcome: 'success' }),
    outcome: 'unknown', reason: 'incomplete',
  },
  {
    name: 'Firefox 153 also checks ACAO before the preflight status (no override)',
    ex: ex({ method: 'PUT', browser: 'firefox', preflight: { status: 404, headers: {} }, response: 'not-sent', outcome: 'NS_ERROR_DOM_BAD_URI' }),
    outcome: 'blocked', reason: 'preflight-missing-allow-origin',
    check: { id: 'preflight-allow-origin', status: 'fail', detail: 'acao-missing' },
  },
  {
    // Header lines are seen one by one (a Chromium capture): one line holding a list is what
    // Firefox calls a mismatch. (Captured in Firefox, lines are joined: see response cases.)
    name: 'Firefox names a comma list in one ACAO header a mismatch, not multiple values',
    ex: ex({ response: { headers: { 'Access-Control-Allow-Origin': `${PAGE}, https://b.test` } } }),
    outcome: 'blocked', reason: 'multiple-allow-origin-values',
    firefoxReason: 'CORSAllowOriginNotMatchingOrigin',
  },
];
