// `cors-lens audit`: the forged origins sent to an endpoint, each standing for one way an
// origin check goes wrong (the tricks Corsy, CORScanner and Burp try), and how bad it is when
// the server trusts it. Attacker hosts are under `.test` (RFC 2606): they resolve nowhere.
import { originOfUrl } from '../core/index.ts';
import type { AuditFinding } from '../core/report/index.ts';

export type FindingKind = AuditFinding;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One forged origin to send, and the trusted origin it plays on (null: none). */
export interface Probe {
  readonly kind: FindingKind;
  readonly origin: string;
  readonly trusted: string | null;
}

const ATTACKER_HOST = 'attacker.test';

/** Severity when the forged origin may read responses made with the visitor's cookies, and when only without. */
export const SEVERITY: Readonly<Record<FindingKind, readonly [withCredentials: Severity, without: Severity]>> = {
  'arbitrary-origin': ['critical', 'medium'],
  'null-origin': ['critical', 'medium'],
  'prefix-match': ['high', 'low'],
  'suffix-match': ['high', 'low'],
  'unescaped-dot': ['high', 'low'],
  'special-characters': ['high', 'low'],
  'any-subdomain': ['medium', 'low'],
  'http-downgrade': ['medium', 'low'],
  'wildcard-with-cookies': ['medium', 'medium'],
  'missing-vary': ['medium', 'medium'],
};

/** The registrable-looking part of a host: its last two labels (no public-suffix list; good enough for a probe). */
function domainOf(host: string): string {
  const labels = host.split('.');
  return labels.length <= 2 ? host : labels.slice(-2).join('.');
}

const IP = /^(\d+\.){3}\d+$|^\[/;

/** Every forged origin for these trusted origins, the arbitrary and null ones first. */
export function probes(trusted: readonly string[]): Probe[] {
  const list: Probe[] = [
    { kind: 'arbitrary-origin', origin: `https://cors-lens-probe.${ATTACKER_HOST}`, trusted: null },
    { kind: 'null-origin', origin: 'null', trusted: null },
  ];
  for (const t of trusted) {
    const o = originOfUrl(t);
    if (o === null || o.opaque) continue;
    const port = o.port === '' ? '' : `:${o.port}`;
    const at = (host: string, scheme = o.scheme): string => `${scheme}://${host}${port}`;
    list.push({ kind: 'prefix-match', origin: at(`${o.host}.${ATTACKER_HOST}`), trusted: t });
    if (!IP.test(o.host)) {
      list.push({ kind: 'suffix-match', origin: at(`attacker${domainOf(o.host)}`), trusted: t });
      // One probe per dot: app.trusted.example → appXtrusted.example, app.trustedXexample.
      const labels = o.host.split('.');
      for (let i = 1; i < labels.length && i <= 3; i++) {
        list.push({ kind: 'unescaped-dot', origin: at(`${labels.slice(0, i).join('.')}x${labels.slice(i).join('.')}`), trusted: t });
      }
      list.push({ kind: 'any-subdomain', origin: at(`cors-lens-probe.${o.host}`), trusted: t });
    }
    for (const c of ['_', '`', '}']) list.push({ kind: 'special-characters', origin: at(`${o.host}${c}.${ATTACKER_HOST}`), trusted: t });
    if (o.scheme === 'https') list.push({ kind: 'http-downgrade', origin: at(o.host, 'http'), trusted: t });
  }
  return list;
}

export const atLeast = (s: Severity, floor: Severity): boolean => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(floor);
