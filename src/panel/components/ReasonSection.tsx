// The headline of the detail: the summary sentence, the reason's title and the names the
// browsers give the same error, and where in the page's code the request was made.
import { REASONS, renderReasonTitle, renderSummary, type Verdict } from '../../core/index.ts';
import type { RequestSource } from '../../shared/record.ts';
import { reasonLink } from '../spec-links.ts';
import { engineWords, words } from '../words.ts';

/** The top stack frame, or the script location when there is no stack. */
function topFrame(source: RequestSource): string {
  const first = source.stack?.[0];
  if (first !== undefined) return first;
  if (source.url === undefined) return source.kind;
  return `${source.url}${source.line === undefined ? '' : `:${source.line}${source.column === undefined ? '' : `:${source.column}`}`}`;
}

export function ReasonSection({ verdict, source }: { verdict: Verdict; source?: RequestSource | undefined }) {
  const info = REASONS[verdict.reason];
  return (
    <section class="reason" data-testid="detail-reason">
      <p class="summary" data-testid="detail-summary">
        {renderSummary(verdict, engineWords)}
      </p>
      <dl class="names">
        <dt>{words.reason}</dt>
        <dd>
          <a href={reasonLink(verdict.reason)} target="_blank" rel="noreferrer" data-testid="reason-title">
            {renderReasonTitle(verdict.reason, engineWords)}
          </a>{' '}
          <code class="muted">{verdict.reason}</code>
        </dd>
        <dt>{words.chromiumName}</dt>
        <dd>
          <code data-testid="chromium-name">{info.chromium ?? words.noBrowserName}</code>
        </dd>
        <dt>{words.firefoxName}</dt>
        <dd>
          <code data-testid="firefox-name">{info.firefox ?? words.noBrowserName}</code>
          {verdict.firefoxReason !== undefined && (
            <span class="muted">
              {' '}
              ({words.firefoxDiffers} <code>{verdict.firefoxReason}</code>)
            </span>
          )}
          {verdict.firefoxAlternatives?.map((name) => (
            <span key={name} class="muted" data-testid="firefox-alternative">
              {' '}
              ({words.firefoxOr} <code>{name}</code>)
            </span>
          ))}
        </dd>
        {source && (
          <>
            <dt>{words.madeBy}</dt>
            <dd>
              <code class="frame" data-testid="made-by" title={topFrame(source)}>
                {topFrame(source)}
              </code>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
