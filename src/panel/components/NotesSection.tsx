// Warnings (fragile or risky but allowed) and hints (other causes worth checking).
import { renderHint, renderWarning, type Verdict } from '../../core/index.ts';
import { engineWords, words } from '../words.ts';
import { NoteList } from './NoteList.tsx';

export function NotesSection({ verdict }: { verdict: Verdict }) {
  if (verdict.warnings.length === 0 && verdict.hints.length === 0) return null;
  return (
    <section data-testid="notes">
      {verdict.warnings.length > 0 && (
        <>
          <h3>{words.warnings}</h3>
          <NoteList class="notes warn" testid="warning" notes={verdict.warnings.map((w) => renderWarning(w, engineWords))} />
        </>
      )}
      {verdict.hints.length > 0 && (
        <>
          <h3>{words.hints}</h3>
          <NoteList class="notes" testid="hint" notes={verdict.hints.map((h) => renderHint(h, engineWords))} />
        </>
      )}
    </section>
  );
}
