// Preflight, redirects and the actual request, in wire order, with status and timing.
import type { CaptureRecord } from '../../shared/record.ts';
import { formatMs, timeline, type Step } from '../timeline.ts';
import { words } from '../words.ts';

function outcomeText(s: Step): string {
  if (s.cached) return words.cachedPreflight;
  // The browser's error for a request it never sent (Chromium net::ERR_FAILED, Firefox NS_ERROR_DOM_BAD_URI) stays in view.
  if (s.notSent) return s.error === undefined ? words.notSent : `${words.notSent} (${s.error})`;
  if (s.status !== undefined) return String(s.status);
  return s.error ?? '';
}

export function TimelineSection({ record }: { record: CaptureRecord }) {
  const steps = timeline(record);
  return (
    <section data-testid="timeline">
      <h3>{words.timeline}</h3>
      <table class="kv timeline">
        <tbody>
          {steps.map((s, i) => (
            <tr key={i} data-testid="timeline-step" data-kind={s.kind} class={s.error !== undefined || s.notSent ? 'bad' : ''}>
              <th>{words.steps[s.kind]}</th>
              <td class="mono">{s.method}</td>
              <td class="mono ellipsis url" title={s.url}>
                {s.url}
              </td>
              <td class="mono">{outcomeText(s)}</td>
              <td class="mono num">{s.durationMs === undefined ? words.noTiming : formatMs(s.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
