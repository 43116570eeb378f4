// The audit's report: each finding with its severity, what it means, and the exact request and
// response that prove it; as Markdown (a ticket) or JSON (format "cors-lens-audit", version 1).
// Server text is put in code spans and blocks (markdown-escape.ts); the caller's TextOut makes
// every control character visible.
import type { HeaderEntry } from '../core/index.ts';
import { code, codeBlock, text } from '../core/report/index.ts';
import { TITLES, type FindingKind, type Severity } from './audit-probes.ts';

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
export function findingTitle(f: Finding): string {
  return TITLES[f.kind].replace('{origin}', f.origin ?? '').replace('{trusted}', f.trusted ?? '');
}

const ACCESS = { none: 'refused', omit: 'allowed, without credentials', include: 'allowed, with credentials' } as const;

function counts(findings: readonly Finding[]): string {
  const by = new Map<Severity, number>();
  for (const f of findings) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  return (['critical', 'high', 'medium', 'low'] as const).filter((s) => by.has(s)).map((s) => `${by.get(s) ?? 0} ${s}`).join(', ');
}

function markdown(r: AuditResult): string {
  const out: string[] = [`# CORS Lens audit: ${code(`GET ${r.url}`)}`, ''];
  const trusted = r.trusted.map((t) => `${code(t.origin)} (${ACCESS[t.access]})`).join(', ');
  out.push(`Trusted origins: ${trusted === '' ? 'none given' : trusted}. ${r.requests} requests sent${r.credentials ? '; only origins allowed with credentials count (--credentials)' : ''}.`, '');
  if (r.findings.length === 0) {
    out.push('**No finding:** the server trusted none of the forged origins.', '');
    return out.join('\n');
  }
  out.push(`**${r.findings.length} ${r.findings.length === 1 ? 'finding' : 'findings'}:** ${counts(r.findings)}.`);
  r.findings.forEach((f, k) => {
    out.push('', `## ${k + 1}. ${capital(f.severity)}: ${text(f.kind)}`, '', `${text(capital(findingTitle(f)))}.`, '');
    if (f.origin !== null) out.push(`- **Origin sent:** ${code(f.origin)}`, `- **Readable by that origin:** ${f.credentials ? 'with the visitor\'s cookies (Access-Control-Allow-Credentials: true)' : 'without credentials only'}`);
    out.push(`- **Response:** status ${code(String(f.response.status))} to ${code(`${f.response.request.method} ${f.response.request.url}`)} with ${code(`Origin: ${f.response.request.headers.find((h) => h.name === 'Origin')?.value ?? ''}`)}`, '');
    out.push(codeBlock(f.response.headers.map((h) => `${h.name}: ${h.value}`).join('\n') || '(none of Access-Control-Allow-Origin, Access-Control-Allow-Credentials, Vary)', 'http'));
  });
  out.push('');
  return out.join('\n');
}

export function renderAudit(r: AuditResult, format: 'markdown' | 'json'): string {
  if (format === 'markdown') return markdown(r);
  const findings = r.findings.map((f) => ({ ...f, title: findingTitle(f) }));
  return `${JSON.stringify({ format: 'cors-lens-audit', version: 1, url: r.url, credentials: r.credentials, trusted: r.trusted, requests: r.requests, findings }, null, 2)}\n`;
}
