// `cors-lens audit <url> [--origin <trusted>]…`: sends the endpoint a GET from each forged origin
// of audit-probes.ts and reports every one it trusts, with the response that proves it. Whether
// a browser would let the origin read the response is the engine's CORS check (corsCheck), with
// and without credentials; exit 1 when a finding is at or above --fail-on.
import type { HeaderList } from '../core/index.ts';
import { corsCheck } from '../core/index.ts';
import { REDACTED } from '../core/report/index.ts';
import { getHeader, lowerCommaItems } from '../core/index.ts';
import { originOfUrl, serializeOrigin } from '../core/index.ts';
import { atLeast, probes, SEVERITIES, SEVERITY, type FindingKind, type Probe, type Severity } from './audit-probes.ts';
import { renderAudit, type AuditResult, type Finding, type ProbeResponse } from './audit-report.ts';
import { limits, limitsLine, NET_OPTIONS, origin, parse, str, strs, targetUrl, UsageError } from './net-args.ts';
import { TextOut, visible } from './output.ts';
import { packageVersion } from './version.ts';
import { langUsage, takeLang } from './lang-arg.ts';
import { cliWords } from './words.ts';
import { BudgetError, Wire } from './wire.ts';
import type { CliIo } from './main.ts';

const OPTIONS = { ...NET_OPTIONS, origin: { type: 'string', multiple: true }, credentials: { type: 'boolean' }, 'fail-on': { type: 'string' } } as const;

const ACAO_ACAC_VARY = /^(access-control-allow-origin|access-control-allow-credentials|vary|set-cookie)$/i;
const ids = { acao: 'allow-origin', acac: 'allow-credentials' } as const;

/** What a browser on `origin` may read of this response: nothing, only uncredentialed, or credentialed too. */
function access(headers: HeaderList, sent: string): 'none' | 'omit' | 'include' {
  const r = corsCheck(headers, sent, false, ids, null);
  if (r.failure !== null) return 'none';
  return r.includeFailure === null ? 'include' : 'omit';
}

function varies(headers: HeaderList, name: string): boolean {
  const items = lowerCommaItems(getHeader(headers, 'vary'));
  return items.includes(name) || items.includes('*');
}

async function send(wire: Wire, url: string, sent: string): Promise<ProbeResponse> {
  const request = {
    method: 'GET',
    url,
    headers: [
      { name: 'Accept', value: '*/*' },
      { name: 'Origin', value: sent },
      { name: 'Sec-Fetch-Mode', value: 'cors' },
      { name: 'User-Agent', value: `cors-lens/${packageVersion() ?? '0'}` },
    ],
  };
  const r = await wire.send(request);
  if (r.kind === 'network-error') throw new UsageError((w) => w.errors.network(`GET ${url} (Origin: ${sent})`, r.say(w)));
  const proof = r.headers.filter((h) => ACAO_ACAC_VARY.test(h.name)).map((h) => (/^set-cookie$/i.test(h.name) ? { name: h.name, value: REDACTED } : h));
  return { request, status: r.status, headers: proof };
}

/** Probe the endpoint and judge every response. */
async function runAudit(wire: Wire, url: string, trusted: readonly string[], credentials: boolean): Promise<AuditResult> {
  const findings: Finding[] = [];
  const allowed: Array<AuditResult['trusted'][number]> = [];
  const add = (kind: FindingKind, probe: Probe | null, response: ProbeResponse, withCredentials: boolean): void => {
    const severity: Severity = SEVERITY[kind][withCredentials ? 0 : 1];
    findings.push({ kind, severity, origin: probe?.origin ?? null, trusted: probe?.trusted ?? null, credentials: withCredentials, response });
  };
  const seen: Array<{ sent: string; res: ProbeResponse }> = [];
  const note = (sent: string, res: ProbeResponse): void => void seen.push({ sent, res });
  for (const t of trusted) {
    const res = await send(wire, url, t);
    allowed.push({ origin: t, access: access(res.headers, t) });
    note(t, res);
  }
  for (const probe of probes(trusted)) {
    if (trusted.includes(probe.origin)) continue; // e.g. http:// given as trusted too
    // A prefix match already trusts every host that starts with the trusted one, special characters included.
    if (probe.kind === 'special-characters' && findings.some((f) => f.kind === 'prefix-match' && f.trusted === probe.trusted)) continue;
    const res = await send(wire, url, probe.origin);
    note(probe.origin, res);
    // `*` is a public resource, said to everyone alike (never with credentials): no origin is singled out as trusted.
    if (getHeader(res.headers, 'access-control-allow-origin') === '*') continue;
    const a = access(res.headers, probe.origin);
    if (a === 'none' || (credentials && a !== 'include')) continue;
    add(probe.kind, probe, res, a === 'include');
  }
  // Vary: Origin matters only when the value depends on the Origin: it changed between probes.
  const acaoOf = (r: ProbeResponse): string | null => getHeader(r.headers, 'access-control-allow-origin');
  const perRequest = new Set(seen.map((x) => acaoOf(x.res))).size > 1;
  const reflected = seen.find((x) => acaoOf(x.res) === x.sent && !varies(x.res.headers, 'origin'));
  if (perRequest && reflected !== undefined) add('missing-vary', null, reflected.res, false);
  const wildcard = seen.find((x) => acaoOf(x.res) === '*' && (varies(x.res.headers, 'cookie') || getHeader(x.res.headers, 'set-cookie') !== null));
  if (wildcard !== undefined) add('wildcard-with-cookies', null, wildcard.res, false);
  findings.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
  return { url, credentials, trusted: allowed, requests: wire.sent, findings };
}

export async function audit(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = takeLang(argv, io.env ?? {}, (say) => new UsageError(say));
  const w = cliWords(lang.catalogue.locale);
  const { values, positionals } = parse(lang.rest, OPTIONS);
  if (values['help'] === true) {
    io.stdout(`${w.usage.audit(langUsage(w))}\n`);
    return 0;
  }
  const url = targetUrl(positionals, 'audit');
  const failOn = str(values['fail-on']) ?? 'high';
  if (!(SEVERITIES as readonly string[]).includes(failOn)) throw new UsageError((w) => w.errors.failOnUnknown(SEVERITIES.join(', '), failOn));
  const given = strs(values['origin']).map((o) => origin(o));
  const own = originOfUrl(url);
  const trusted = given.length > 0 ? [...new Set(given.filter((o) => o !== 'null'))] : own === null ? [] : [serializeOrigin(own)];
  const wire = new Wire(limits(values, 60));
  const slow = setTimeout(() => io.stderr(`cors-lens: ${w.progress.probing(visible(url))}\n`), 1000);
  let result: AuditResult;
  try {
    result = await runAudit(wire, url, trusted, values['credentials'] === true);
  } catch (e) {
    if (e instanceof BudgetError) throw new UsageError(e.say);
    throw e;
  } finally {
    clearTimeout(slow);
  }
  const out = new TextOut(io.stdout);
  out.write(renderAudit(result, values['json'] === true ? 'json' : 'markdown', lang.catalogue.audit));
  out.end();
  const failing = result.findings.filter((f) => atLeast(f.severity, failOn as Severity)).length;
  io.stderr(`cors-lens: ${w.progress.auditDone(visible(url), result.findings.length, failing, failOn, limitsLine(wire.limits, wire.sent, w))}\n`);
  return failing > 0 ? 1 : 0;
}
