// Every rule the engine evaluated, in its order: status, title, the finding, what the
// browser needed and what it got, and a link to where the rule is defined.
import { renderCheck, type Check } from '../../core/index.ts';
import { CHECK_LINKS } from '../spec-links.ts';
import { engineWords, words } from '../words.ts';

const ICON: Record<Check['status'], string> = { pass: '✓', fail: '✗', warn: '!', skipped: '–' };

export function ChecksSection({ checks, failed }: { checks: readonly Check[]; failed: number }) {
  return (
    <section data-testid="checks">
      <h3>{words.checks}</h3>
      <ol class="checks">
        {checks.map((c, i) => {
          const r = renderCheck(c, engineWords);
          return (
            <li key={i} class={`check st-${c.status}${i === failed ? ' deciding' : ''}`} data-testid="check" data-status={c.status} data-id={c.id}>
              <span class="st" role="img" title={r.status} aria-label={r.status}>
                {ICON[c.status]}
              </span>
              <div class="body">
                <div class="title">
                  {r.title}
                  {c.header !== undefined && <code class="hdr">{c.header}</code>}
                  <a class="spec" href={CHECK_LINKS[c.id]} target="_blank" rel="noreferrer">
                    {words.spec}
                  </a>
                </div>
                <div class="text">{r.text}</div>
                {(c.expected !== undefined || c.actual !== undefined) && c.status !== 'pass' && (
                  <div class="need-got">
                    {c.expected !== undefined && (
                      <span>
                        {words.needed} <code>{c.expected}</code>
                      </span>
                    )}
                    {c.actual !== undefined && (
                      <span>
                        {words.got} <code>{c.actual ?? engineWords.words.absent}</code>
                      </span>
                    )}
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
