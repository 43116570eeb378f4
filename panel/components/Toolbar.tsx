// The toolbar: clear, capture switches (sent to the background, which answers with `state`),
// export of every blocked request (secrets redacted unless the user opts in), connection,
// inspected tab and the dropped counter.
import type { PageToBackground, TabState } from '../../src/shared/protocol.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import type { ExportContext } from '../export.ts';
import { pageLabel, type InspectedPage } from '../inspected-page.ts';
import { words } from '../words.ts';
import { ExportActions } from './ExportActions.tsx';

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
}

function Toggle(props: { label: string; title: string; checked: boolean; testid: string; onChange: (v: boolean) => void }) {
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

export function Toolbar({ version, tabId, page = { kind: 'unknown' }, connected, state, send, blocked, loadBlocked, exportCtx, onIncludeSecrets }: ToolbarProps) {
  return (
    <header class="toolbar" data-testid="toolbar">
      <button type="button" class="tool" data-testid="clear" title={words.clearTitle} onClick={() => send({ type: 'clear' })}>
        {words.clear}
      </button>
      <span class="sep" />
      <Toggle label={words.preserve} title={words.preserveTitle} testid="preserve" checked={state.preserve} onChange={(preserve) => send({ type: 'set-preserve', preserve })} />
      <Toggle label={words.pause} title={words.pauseTitle} testid="pause" checked={state.paused} onChange={(paused) => send({ type: 'set-paused', paused })} />
      <Toggle label={words.onlyWithDevtools} title={words.onlyWithDevtoolsTitle} testid="only-with-devtools" checked={state.onlyWithDevtools} onChange={(value) => send({ type: 'set-only-with-devtools', value })} />
      <span class="sep" />
      <span class="export-slot" data-testid="export-slot" title={words.exportBlockedTitle}>
        <span class="muted">{words.exportBlocked}</span>
        <ExportActions count={blocked} load={loadBlocked} ctx={exportCtx} testid="export-blocked" />
      </span>
      <Toggle label={words.includeSecrets} title={words.includeSecretsTitle} testid="include-secrets" checked={!exportCtx.redact} onChange={onIncludeSecrets} />
      {!exportCtx.redact && (
        <span class="secrets-warning" role="alert" data-testid="secrets-warning">
          {words.secretsWarning}
        </span>
      )}
      <span class="spacer" />
      {state.dropped > 0 && (
        <span class="dropped" data-testid="dropped">
          {words.dropped(state.dropped)}
        </span>
      )}
      {(state.problems ?? []).map((p) => (
        <span class="problem" role="alert" data-testid="capture-problem" title={p.message} key={p.kind}>
          {words.problem(p.kind)}
        </span>
      ))}
      <span class="muted inspected" data-testid="inspected-tab" title={page.kind === 'page' && page.url !== '' ? words.inspectingTitle(page.url) : undefined}>
        {tabId === null ? words.noTab : page.kind === 'page' ? pageLabel(page) || words.inspecting(tabId) : page.kind === 'missing' ? words.noSuchTab(tabId) : words.inspecting(tabId)}
      </span>
      <span class={connected ? 'conn ok' : 'conn'} data-testid="connection">
        {connected ? words.connected : words.connecting}
      </span>
      <b class="brand">
        {words.title} {version}
      </b>
    </header>
  );
}
