// The toolbar: clear, capture switches (sent to the background, which answers with `state`),
// export of every blocked request (secrets redacted unless the user opts in), connection,
// inspected page and the dropped counter. One row at any width: what does not fit goes into
// the "⋯" menu, least used first (toolbar-fit.ts); alerts and the inspected page stay.
import { useRef, useState } from 'preact/hooks';
import type { PageToBackground, TabState } from '../../shared/protocol.ts';
import type { CaptureRecord } from '../../shared/record.ts';
import type { ExportContext } from '../export.ts';
import { pageLabel, type InspectedPage } from '../inspected-page.ts';
import { isOut, useOverflowLevel } from '../toolbar-fit.ts';
import { words } from '../words.ts';
import { Choice } from './Choice.tsx';
import { ExportActions } from './ExportActions.tsx';
import { MenuCheckbox, OverflowMenu } from './OverflowMenu.tsx';
import { LOCALE_TAGS, type LocaleTag } from '../../core/report/index.ts';
import { LANGUAGE_NAMES, storedLanguage } from '../language-choice.ts';

interface ToolbarProps {
  version: string;
  tabId: number | null;
  /** The inspected tab's page as the browser has it (unknown until read). */
  page?: InspectedPage;
  connected: boolean;
  state: TabState;
  send: (m: PageToBackground) => void;
  /** How many rows are blocked, and their whole records when an export asks for them. */
  blocked: number;
  loadBlocked: () => Promise<readonly CaptureRecord[]>;
  exportCtx: ExportContext;
  onIncludeSecrets: (include: boolean) => void;
  /** How many overflow steps apply, fixed (tests); absent: as many as the width needs. */
  overflow?: number;
  /** The panel's language, and picking another (language-choice.ts); absent: no switch. */
  language?: LocaleTag;
  onLanguage?: (language: LocaleTag) => void;
}

/** The toolbar's switches, by their words in the catalogue (each has a `…Title` too). */
type ToggleWord = 'preserve' | 'pause' | 'onlyWithDevtools' | 'witness' | 'includeSecrets';

interface ToggleProps {
  label: string;
  title: string;
  checked: boolean;
  testid: string;
  onChange: (v: boolean) => void;
}

function Toggle(props: ToggleProps) {
  return (
    <label class="toggle" title={props.title}>
      <input
        type="checkbox"
        data-testid={props.testid}
        checked={props.checked}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      {props.label}
    </label>
  );
}

function inspectedText(tabId: number | null, page: InspectedPage): string {
  if (tabId === null) return words.noTab;
  if (page.kind === 'page') return pageLabel(page) || words.inspecting(tabId);
  return page.kind === 'missing' ? words.noSuchTab(tabId) : words.inspecting(tabId);
}

export function Toolbar({
  version,
  tabId,
  page = { kind: 'unknown' },
  connected,
  state,
  send,
  blocked,
  loadBlocked,
  exportCtx,
  onIncludeSecrets,
  overflow,
  language,
  onLanguage,
}: ToolbarProps) {
  const bar = useRef<HTMLElement>(null);
  const level = useOverflowLevel(bar, overflow);
  const out = (step: Parameters<typeof isOut>[1]) => isOut(level, step);
  const compact = out('compact');
  // What an export did ("Saved …"), said apart from the row (as the row menu's result is): a
  // passing message must not push items into the menu, and one chosen in the menu closed it.
  const [done, setDone] = useState<string | null>(null);
  const onDone = (message: string) => {
    setDone(message);
    setTimeout(() => setDone(null), 1500);
  };

  /** A switch of the toolbar, labelled and explained by its words (`word`, `wordTitle`). */
  const toggle = (word: ToggleWord, testid: string, checked: boolean, onChange: (value: boolean) => void): ToggleProps => ({
    label: words[word],
    title: words[`${word}Title`],
    testid,
    checked,
    onChange,
  });
  const preserve = toggle('preserve', 'preserve', state.preserve, (value) => send({ type: 'set-preserve', preserve: value }));
  const pause = toggle('pause', 'pause', state.paused, (paused) => send({ type: 'set-paused', paused }));
  const only = toggle('onlyWithDevtools', 'only-with-devtools', state.onlyWithDevtools, (value) => send({ type: 'set-only-with-devtools', value }));
  const witness = toggle('witness', 'witness', state.witness, (value) => send({ type: 'set-witness', value }));
  const secrets = toggle('includeSecrets', 'include-secrets', !exportCtx.redact, onIncludeSecrets);
  const inspected = inspectedText(tabId, page);
  const inspectedTitle = page.kind === 'page' && page.url !== '' ? words.inspectingTitle(page.url) : inspected;

  return (
    <header ref={bar} class={compact ? 'toolbar compact' : 'toolbar'} data-testid="toolbar" data-overflow={level}>
      <button type="button" class="tool" data-testid="clear" title={words.clearTitle} onClick={() => send({ type: 'clear' })}>
        {words.clear}
      </button>
      <span class="sep" />
      {!out('preserve') && <Toggle {...preserve} />}
      {!out('pause') && <Toggle {...pause} />}
      {!out('only-with-devtools') && <Toggle {...only} />}
      {!out('witness') && <Toggle {...witness} />}
      {!(out('export') && out('include-secrets')) && <span class="sep" />}
      {!out('export') && (
        <span class="export-slot" data-testid="export-slot" title={words.exportBlockedTitle}>
          <span class="muted">{words.exportBlocked}</span>
          <ExportActions count={blocked} load={loadBlocked} ctx={exportCtx} testid="export-blocked" short={compact} onDone={onDone} />
        </span>
      )}
      {!out('include-secrets') && <Toggle {...secrets} label={compact ? words.includeSecretsShort : words.includeSecrets} />}
      {!exportCtx.redact && (
        <span class="secrets-warning flex-text" role="alert" data-testid="secrets-warning" title={words.secretsWarning}>
          {words.secretsWarning}
        </span>
      )}
      {done !== null && (
        <span class="menu-result" role="status" data-testid="export-blocked-done">
          {done}
        </span>
      )}
      <span class="spacer" />
      {state.dropped > 0 && (
        <span class="dropped flex-text" data-testid="dropped" title={words.dropped(state.dropped)}>
          {words.dropped(state.dropped)}
        </span>
      )}
      {(state.problems ?? []).map((p) => (
        <span class="problem flex-text" role="alert" data-testid="capture-problem" title={p.message} key={p.kind}>
          {words.problem(p.kind)}
        </span>
      ))}
      <span class="muted inspected flex-text" data-testid="inspected-tab" title={inspectedTitle}>
        {inspected}
      </span>
      <span
        class={connected ? 'conn ok' : 'conn'}
        data-testid="connection"
        data-state={connected ? 'connected' : 'connecting'}
        title={connected ? words.connected : words.connecting}
      >
        {connected ? words.connected : words.connecting}
      </span>
      {!out('brand') && (
        <b class="brand">
          {words.title} {version}
          {language !== undefined && onLanguage && (
            <Choice
              class="language"
              testid="language"
              label={words.language}
              title={words.languageTitle}
              value={language}
              options={LOCALE_TAGS.map((tag) => ({ value: tag, label: LANGUAGE_NAMES[tag] }))}
              accept={storedLanguage}
              onChoose={onLanguage}
            />
          )}
        </b>
      )}
      {level > 0 && (
        <OverflowMenu>
          {out('preserve') && <MenuCheckbox {...preserve} />}
          {out('pause') && <MenuCheckbox {...pause} />}
          {out('only-with-devtools') && <MenuCheckbox {...only} />}
          {out('witness') && <MenuCheckbox {...witness} />}
          {out('export') && (
            <>
              <div class="menu-heading" role="presentation">
                {words.exportBlockedMenu}
              </div>
              <ExportActions count={blocked} load={loadBlocked} ctx={exportCtx} testid="export-blocked" menu onDone={onDone} />
            </>
          )}
          {out('include-secrets') && <MenuCheckbox {...secrets} />}
          {out('brand') && language !== undefined && onLanguage && (
            <>
              <div class="menu-heading" role="presentation" title={words.languageTitle}>
                {words.language}
              </div>
              {LOCALE_TAGS.map((tag) => (
                <button
                  type="button"
                  role="menuitemradio"
                  tabIndex={-1}
                  key={tag}
                  aria-checked={tag === language}
                  data-testid={`language-${tag}`}
                  onClick={() => onLanguage(tag)}
                >
                  <span class="check" aria-hidden="true">
                    {tag === language ? '✓' : ''}
                  </span>
                  {LANGUAGE_NAMES[tag]}
                </button>
              ))}
            </>
          )}
          {out('brand') && (
            <div class="menu-note muted" role="presentation">
              {words.title} {version}
            </div>
          )}
        </OverflowMenu>
      )}
    </header>
  );
}
