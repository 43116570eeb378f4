// The server change: notes, the headers to send on the preflight and on responses, and
// ready-to-paste configuration for Express, nginx and Caddy.
import { useMemo, useState } from 'preact/hooks';
import { en, renderFixNote, suggestFix, type Snippets, type Verdict } from '../../src/core/index.ts';
import type { CaptureRecord } from '../../src/shared/record.ts';
import { toExchange } from '../../src/shared/to-exchange.ts';
import { words } from '../words.ts';
import { CopyButton } from './CopyButton.tsx';
import { FixHeaders } from './FixHeaders.tsx';

interface FixProps {
  record: CaptureRecord;
  verdict: Verdict;
  cacheFiller?: CaptureRecord | undefined;
}

const SERVERS = ['express', 'nginx', 'caddy'] as const satisfies ReadonlyArray<keyof Snippets>;

export function FixSection({ record, verdict, cacheFiller }: FixProps) {
  const fix = useMemo(() => suggestFix(verdict, toExchange(record, cacheFiller)), [record, verdict, cacheFiller]);
  const [server, setServer] = useState<keyof Snippets>('express');
  const snippet = fix.snippets?.[server];
  return (
    <section class="fix" data-testid="fix" data-needed={fix.needed}>
      <h3>{words.fix}</h3>
      {!fix.needed && fix.notes.length === 0 && <p class="muted">{words.noFix}</p>}
      <ul class="notes">
        {fix.notes.map((n, i) => <li key={i} data-testid="fix-note">{renderFixNote(n, en)}</li>)}
      </ul>
      {fix.needed && (
        <div class="fix-grid">
          {fix.preflightHeaders.length > 0 && <FixHeaders title={words.fixPreflight} headers={fix.preflightHeaders} testid="fix-preflight-headers" />}
          {fix.responseHeaders.length > 0 && <FixHeaders title={words.fixResponse} headers={fix.responseHeaders} testid="fix-response-headers" />}
        </div>
      )}
      {fix.needed && snippet !== undefined && (
        <div class="snippets" data-testid="snippets">
          <div class="tabs" role="tablist">
            {SERVERS.map((s) => (
              <button type="button" role="tab" key={s} aria-selected={s === server} class={s === server ? 'tab active' : 'tab'} data-testid={`snippet-tab-${s}`} onClick={() => setServer(s)}>
                {words.snippets[s]}
              </button>
            ))}
            <span class="spacer" />
            <CopyButton text={snippet} testid="copy-snippet" />
          </div>
          <pre class="snippet" data-testid="snippet" data-server={server}>{snippet}</pre>
        </div>
      )}
    </section>
  );
}
