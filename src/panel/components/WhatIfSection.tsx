// What if the server answered differently? Edit the preflight's and the response's status and
// headers (or apply the suggested fix) and see the verdict, the failing check and the fix
// change as you type, by the same engine (what-if-state.ts, src/core/what-if.ts). A simulation:
// it sends nothing and changes nothing in the browser, and says so. The difference with what
// the server sent is a patch to copy for the server owner.
import { useMemo, useState } from 'preact/hooks';
import { renderCheck, renderSummary, type Exchange } from '../../core/index.ts';
import type { CaptureRecord } from '../../shared/record.ts';
import { whatIfMarkdown } from '../../core/report/index.ts';
import { toExchange } from '../../shared/to-exchange.ts';
import { buildExport, type ExportContext } from '../export.ts';
import { rowKind } from '../row-kind.ts';
import { credentialsKnown, initialDraft, judgeDraft, withSuggestedFix, type AnswerDraft, type WhatIfDraft } from '../what-if-state.ts';
import { engineWords, words } from '../words.ts';
import { Badge } from './Badge.tsx';
import { Choice, oneOf } from './Choice.tsx';
import { CopyButton } from './CopyButton.tsx';

interface WhatIfProps {
  record: CaptureRecord;
  cacheFiller?: CaptureRecord | undefined;
  /** To copy the exchange's report with the change appended (absent in tests of the editor alone). */
  exportCtx?: ExportContext | undefined;
}

export function WhatIfSection({ record, cacheFiller, exportCtx }: WhatIfProps) {
  const [open, setOpen] = useState(false);
  return (
    <section class="whatif" data-testid="whatif">
      <h3>
        <button type="button" class="tool" aria-expanded={open} data-testid="whatif-open" onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {words.whatIf}
        </button>
      </h3>
      {/* Keyed by record: another exchange starts from its own answers. */}
      {open && <WhatIfEditor key={record.id} record={record} cacheFiller={cacheFiller} exportCtx={exportCtx} />}
    </section>
  );
}

function WhatIfEditor({ record, cacheFiller, exportCtx }: WhatIfProps) {
  const ex: Exchange = useMemo(() => toExchange(record, cacheFiller), [record, cacheFiller]);
  const [draft, setDraft] = useState<WhatIfDraft>(() => initialDraft(ex));
  const result = useMemo(() => judgeDraft(ex, draft, record.url, record.method), [ex, draft, record.url, record.method]);
  const v = result.verdict;
  const failing = v.failedCheck >= 0 ? v.checks[v.failedCheck] : undefined;
  // The fix for the answers as they are now (the first time: as the server sent them).
  const applyFix = () => setDraft((d) => withSuggestedFix(d, result.fix));
  return (
    <div class="whatif-body">
      <p class="muted" data-testid="whatif-note">
        {words.whatIfNote}
      </p>
      {!credentialsKnown(ex) && (
        <label class="whatif-credentials">
          {words.whatIfCredentials}{' '}
          <Choice
            testid="whatif-credentials"
            value={draft.credentials}
            options={[
              { value: 'unknown', label: words.whatIfCredentialsUnknown },
              { value: 'include', label: words.whatIfCredentialsYes },
              { value: 'omit', label: words.whatIfCredentialsNo },
            ]}
            accept={oneOf(['unknown', 'include', 'omit'] as const)}
            onChoose={(credentials) => setDraft((d) => ({ ...d, credentials }))}
          />
        </label>
      )}
      {draft.preflight !== null && (
        <AnswerEditor
          title={words.whatIfPreflight}
          testid="whatif-preflight"
          answer={draft.preflight}
          onChange={(a) => setDraft((d) => ({ ...d, preflight: a }))}
        />
      )}
      <AnswerEditor
        title={record.status === undefined ? words.whatIfResponseNotSent : words.whatIfResponse}
        testid="whatif-response"
        answer={draft.response}
        onChange={(a) => setDraft((d) => ({ ...d, response: a }))}
      />
      <div class="whatif-actions">
        <button type="button" class="tool" data-testid="whatif-apply-fix" onClick={applyFix}>
          {words.whatIfApplyFix}
        </button>
        <button type="button" class="tool" data-testid="whatif-reset" onClick={() => setDraft((d) => ({ ...initialDraft(ex), credentials: d.credentials }))}>
          {words.whatIfReset}
        </button>
      </div>
      <div class="whatif-result" data-testid="whatif-result" data-outcome={v.outcome} data-reason={v.reason}>
        <Badge kind={rowKind({ verdict: v })} />
        <span data-testid="whatif-summary">{renderSummary(v, engineWords)}</span>
        {failing && (
          <p class="whatif-failing" data-testid="whatif-failing">
            {renderCheck(failing, engineWords).text}
          </p>
        )}
      </div>
      {result.patch !== '' && (
        <div class="whatif-patch">
          <div class="tabs">
            <span>{words.whatIfPatch}</span>
            <span class="spacer" />
            <CopyButton text={result.patch} testid="whatif-copy-patch" />
            {exportCtx && record.complete && (
              <CopyButton
                label={words.whatIfCopyReport}
                text={() => `${buildExport([record], 'markdown', exportCtx).text.trimEnd()}\n\n${whatIfMarkdown(result.patch, renderSummary(v, engineWords))}`}
                testid="whatif-copy-report"
              />
            )}
          </div>
          <pre class="snippet" data-testid="whatif-patch">
            {result.patch}
          </pre>
        </div>
      )}
    </div>
  );
}

/** The two cells of a header row, each an input of its own. */
const HEADER_PARTS = ['name', 'value'] as const;

function AnswerEditor({ title, testid, answer, onChange }: { title: string; testid: string; answer: AnswerDraft; onChange: (a: AnswerDraft) => void }) {
  const setRow = (i: number, part: (typeof HEADER_PARTS)[number], text: string) =>
    onChange({ ...answer, headers: answer.headers.map((h, j) => (j === i ? { ...h, [part]: text } : h)) });
  return (
    <fieldset class="whatif-answer" data-testid={testid}>
      <legend>{title}</legend>
      <label>
        {words.whatIfStatus}{' '}
        <input
          class="status"
          data-testid={`${testid}-status`}
          inputMode="numeric"
          value={answer.status}
          onInput={(e) => onChange({ ...answer, status: (e.currentTarget as HTMLInputElement).value })}
        />
      </label>
      <table class="whatif-headers">
        <tbody>
          {answer.headers.map((h, i) => (
            <tr key={i} data-testid={`${testid}-header`}>
              {HEADER_PARTS.map((part) => (
                <td key={part}>
                  <input
                    aria-label={part === 'name' ? words.whatIfHeaderName : words.whatIfHeaderValue}
                    data-testid={`${testid}-${part}`}
                    value={h[part]}
                    onInput={(e) => setRow(i, part, (e.currentTarget as HTMLInputElement).value)}
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  class="tool"
                  title={words.whatIfRemove}
                  aria-label={words.whatIfRemove}
                  data-testid={`${testid}-remove`}
                  onClick={() => onChange({ ...answer, headers: answer.headers.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        class="tool"
        data-testid={`${testid}-add`}
        onClick={() => onChange({ ...answer, headers: [...answer.headers, { name: '', value: '' }] })}
      >
        {words.whatIfAdd}
      </button>
    </fieldset>
  );
}
