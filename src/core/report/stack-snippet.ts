// The chosen stack's snippet in the Markdown report: shown first, with where it goes and whether
// CORS Lens has proven it. Computed from the same requirements as the fix's three snippets, and
// redacted the same way (the snippets quote the request's path, which may hold a token).
import { suggestFix } from '../fix.ts';
import { stackSnippets, type StackSnippet } from '../snippets/stacks.ts';
import { codeBlock, text } from './markdown-escape.ts';
import { redactorFor } from './redactor.ts';
import type { ReportInput, ReportOptions } from './types.ts';
import type { ReportWords } from '../messages/catalogue.ts';
import { reportWords } from './words.ts';

/** The chosen stack's snippet for one exchange; null when no stack is chosen or nothing is to configure. */
export function chosenSnippet(input: ReportInput, options: ReportOptions): StackSnippet | null {
  if (options.stack === undefined) return null;
  const req = suggestFix(input.verdict, input.exchange).requirements;
  if (req === null) return null;
  const first = stackSnippets(req, options.stack)[0];
  if (first === undefined) return null;
  const r = redactorFor(input.exchange, options.redact ?? true);
  return { ...first, code: r.text(first.code) };
}

/** The classic snippets (Express, nginx, Caddy) the report also shows, less the chosen one. */
export const CLASSIC = [
  { key: 'express', label: 'Express (`cors`)', language: 'js' },
  { key: 'nginx', label: 'nginx', language: 'nginx' },
  { key: 'caddy', label: 'Caddy', language: 'caddy' },
] as const;

/** Markdown lines: the stack's name and where the snippet goes, the code, and its proof status. */
export function chosenLines(s: StackSnippet, w: ReportWords = reportWords, where: string = s.where): string[] {
  const proof = s.verified ? w.snippetVerified : `${w.snippetNotVerified} ${s.docs}`;
  return [`**${text(s.name)}** ${w.yourStack}: ${text(where)}`, '', codeBlock(s.code, s.language), '', text(proof), ''];
}
