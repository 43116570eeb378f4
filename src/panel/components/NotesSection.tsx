// Warnings (fragile or risky but allowed) and hints (other causes worth checking).
import { renderHint, renderWarning, type Verdict } from '../../core/index.ts';
import { engineWords, words } from '../words.ts';

export function NotesSection({ verdict }: { verdict: Verdict }) {
  if (verdict.warnings.length === 0 && verdict.hints.length === 0) return null;
  return (
    <section data-testid="notes">
      {verdict.warnings.length > 0 && (
        <>
          <h3>{words.warnings}</h3>
          <ul class="notes warn">
            {verdict.warnings.map((w, i) => (
              <li key={i} data-testid="warning">
                {renderWarning(w, engineWords)}
              </li>
            ))}
          </ul>
        </>
      )}
      {verdict.hints.length > 0 && (
        <>
          <h3>{words.hints}</h3>
          <ul class="notes">
            {verdict.hints.map((h) => (
              <li key={h} data-testid="hint">
                {renderHint(h, engineWords)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
