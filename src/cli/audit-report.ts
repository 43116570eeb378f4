// The audit's report: each finding with its severity, what it means, and the exact request and
// response that prove it; as Markdown (a ticket) or JSON (format "cors-lens-audit", version 1).
// Server text is put in code spans and blocks (markdown-escape.ts); the caller's TextOut makes
// every control character visible.
import type { HeaderEntry } from '../core/index.ts';
import { code, codeBlock, text } from '../core/report/index.ts';
import { en } from '../core/index.ts';
import type { AuditWords } from '../core/report/index.ts';
import type { FindingKind, Severity } from './audit-probes.ts';

export interface ProbeResponse {
  readonly request: { readonly method: string; readonly url: string; readonly headers: readonly HeaderEntry[] };
  readonly status: number;
  /** Only the headers that prove the finding: Access-Control-Allow-Origin/-Credentials, Vary, Set-Cookie (value redacted). */
  readonly headers: readonly HeaderEntry[];
}

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** The forged origin the server trusted (null for findings about the response itself). */
  readonly origin: string | null;
  /** The trusted origin the trick plays on. */
  readonly trusted: string | null;
  /** The forged origin may read responses made with the visitor's cookies. */
  readonly credentials: boolean;
  readonly response: ProbeResponse;
}

export interface AuditResult {
  readonly url: string;
  readonly credentials: boolean;
  /** The trusted origins and what the server lets each read. */
  readonly trusted: ReadonlyArray<{ readonly origin: string; readonly access: 'none' | 'omit' | 'include' }>;
  readonly requests: number;
  readonly findings: readonly Finding[];
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The finding's sentence, with its origins filled in. */
function findingTitle(f: Finding, w: AuditWords = en.audit): string {
  return w.findings[f.kind].replace('{origin}', f.origin ?? '').replace('{trusted}', f.trusted ?? '');
}

function counts(findings: readonly Finding[], w: AuditWords): string {
  const by = new Map<Severity, number>();
  for (const f of findings) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  return (['critical', 'high', 'medium', 'low'] as const)
    .filter((s) => by.has(s))
    .map((s) => `${by.get(s) ?? 0} ${w.severities[s]}`)
    .join(', ');
}

function markdown(r: AuditResult, w: AuditWords): string {
  const out: string[] = [`# ${w.title}: ${code(`GET ${r.url}`)}`, ''];
  const trusted = r.trusted.map((t) => `${code(t.origin)} (${w.access[t.access]})`).join(', ');
  out.push(
    `${w.trustedOrigins}: ${trusted === '' ? w.noneGiven : trusted}. ${w.requestsSent(r.requests)}${r.credentials ? `; ${w.credentialsOnly}` : ''}.`,
    '',
  );
  if (r.findings.length === 0) {
    out.push(w.noFinding, '');
    return out.join('\n');
  }
  out.push(`**${w.findingCount(r.findings.length)}:** ${counts(r.findings, w)}.`);
  r.findings.forEach((f, k) => {
    out.push('', `## ${k + 1}. ${capital(w.severities[f.severity])}: ${text(f.kind)}`, '', `${text(capital(findingTitle(f, w)))}.`, '');
    if (f.origin !== null)
      out.push(`- **${w.originSent}:** ${code(f.origin)}`, `- **${w.readable}:** ${f.credentials ? w.readableWithCookies : w.readableWithout}`);
    const line = w.responseLine
      .replace('{status}', code(String(f.response.status)))
      .replace('{request}', code(`${f.response.request.method} ${f.response.request.url}`))
      .replace('{origin}', code(`Origin: ${f.response.request.headers.find((h) => h.name === 'Origin')?.value ?? ''}`));
    out.push(`- **${w.response}:** ${line}`, '');
    out.push(codeBlock(f.response.headers.map((h) => `${h.name}: ${h.value}`).join('\n') || w.noProofHeaders, 'http'));
  });
  out.push('');
  return out.join('\n');
}

/** The audit report; the Markdown in the words given (English by default), the JSON always in English. */
export function renderAudit(r: AuditResult, format: 'markdown' | 'json', w: AuditWords = en.audit): string {
  if (format === 'markdown') return markdown(r, w);
  const findings = r.findings.map((f) => ({ ...f, title: findingTitle(f) }));
  return `${JSON.stringify({ format: 'cors-lens-audit', version: 1, url: r.url, credentials: r.credentials, trusted: r.trusted, requests: r.requests, findings }, null, 2)}\n`;
}
