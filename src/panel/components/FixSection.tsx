// The server change: notes, the headers to send on the preflight and on responses, and
// ready-to-paste configuration for the user's server stack (picked once, remembered:
// stack-choice.ts), with where it goes and whether CORS Lens has proven it; the other stacks'
// snippets are folded below it and made only when opened.
import { useContext, useMemo, useState } from 'preact/hooks';
import { isStackId, renderFixNote, STACKS, stackSnippets, suggestFix, type StackSnippet, type Verdict } from '../../core/index.ts';
import type { CaptureRecord } from '../../shared/record.ts';
import { toExchange } from '../../shared/to-exchange.ts';
import { StackChoiceContext } from '../stack-choice.ts';
import { engineWords, words } from '../words.ts';
import { Choice } from './Choice.tsx';
import { CopyButton } from './CopyButton.tsx';
import { NoteList } from './NoteList.tsx';
import { FixHeaders } from './FixHeaders.tsx';

const STACK_OPTIONS = STACKS.map((s) => ({ value: s.id, label: s.name }));
const acceptStack = (v: string) => (isStackId(v) ? v : null);

interface FixProps {
  record: CaptureRecord;
  verdict: Verdict;
  cacheFiller?: CaptureRecord | undefined;
}

export function FixSection({ record, verdict, cacheFiller }: FixProps) {
  const fix = useMemo(() => suggestFix(verdict, toExchange(record, cacheFiller)), [record, verdict, cacheFiller]);
  const choice = useContext(StackChoiceContext);
  const [othersOpen, setOthersOpen] = useState(false);
  const req = fix.requirements;
  // Every stack's snippet only when the folded list is open; else the chosen one alone.
  const snippets = useMemo(
    () => (req === null ? [] : othersOpen ? stackSnippets(req, choice.stack) : stackSnippets(req, choice.stack).slice(0, 1)),
    [req, choice.stack, othersOpen],
  );
  const mine = snippets[0];
  return (
    <section class="fix" data-testid="fix" data-needed={fix.needed}>
      <h3>{words.fix}</h3>
      {!fix.needed && fix.notes.length === 0 && <p class="muted">{words.noFix}</p>}
      <NoteList class="notes" testid="fix-note" notes={fix.notes.map((n) => renderFixNote(n, engineWords))} />
      {fix.needed && (
        <div class="fix-grid">
          {fix.preflightHeaders.length > 0 && <FixHeaders title={words.fixPreflight} headers={fix.preflightHeaders} testid="fix-preflight-headers" />}
          {fix.responseHeaders.length > 0 && <FixHeaders title={words.fixResponse} headers={fix.responseHeaders} testid="fix-response-headers" />}
        </div>
      )}
      {fix.needed && mine !== undefined && (
        <div class="snippets" data-testid="snippets">
          <div class="tabs">
            <label class="stack-pick">
              {words.yourStack} <Choice testid="stack-select" value={choice.stack} options={STACK_OPTIONS} accept={acceptStack} onChoose={choice.choose} />
            </label>
            {!choice.chosen && (
              <span class="muted" data-testid="stack-hint">
                {words.pickStack}
              </span>
            )}
            {choice.error !== null && (
              <span class="problem" data-testid="stack-error">
                {words.stackNotSaved(choice.error)}
              </span>
            )}
            <span class="spacer" />
            <CopyButton text={mine.code} testid="copy-snippet" />
          </div>
          <p class="where" data-testid="snippet-where">
            {engineWords.stackWhere[mine.stack]}
          </p>
          <pre class="snippet" data-testid="snippet" data-stack={mine.stack}>
            {mine.code}
          </pre>
          <Proof s={mine} testid="snippet-proof" />
          <details
            class="other-stacks"
            data-testid="other-stacks"
            open={othersOpen}
            onToggle={(e) => setOthersOpen((e.currentTarget as HTMLDetailsElement).open)}
          >
            <summary>{words.otherStacks(STACKS.length - 1)}</summary>
            {othersOpen &&
              snippets.slice(1).map((s) => (
                <details key={s.stack} class="other-stack" data-testid="other-stack" data-stack={s.stack}>
                  <summary>{s.name}</summary>
                  <p class="where">{engineWords.stackWhere[s.stack]}</p>
                  <pre class="snippet">{s.code}</pre>
                  <Proof s={s} />
                </details>
              ))}
          </details>
        </div>
      )}
    </section>
  );
}

/** Whether the snippet was proven against the real server in a real browser; else the stack's own docs. */
function Proof({ s, testid }: { s: StackSnippet; testid?: string }) {
  return (
    <p class="proof muted" data-testid={testid} data-verified={s.verified}>
      {s.verified ? (
        words.verified
      ) : (
        <>
          {words.notVerified}{' '}
          <a href={s.docs} target="_blank" rel="noreferrer">
            {words.stackDocs(s.name)}
          </a>
        </>
      )}
    </p>
  );
}
