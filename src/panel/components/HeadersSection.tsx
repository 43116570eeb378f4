// The request and response headers of the preflight, each redirect hop and the actual request.
import type { CaptureRecord } from '../../shared/record.ts';
import { timeline } from '../timeline.ts';
import { words } from '../words.ts';
import { HeaderTable } from './HeaderTable.tsx';

export function HeadersSection({ record: r }: { record: CaptureRecord }) {
  // Behind a failed preflight the actual request never went out.
  const notSent = timeline(r).some((s) => s.kind === 'request' && s.notSent === true);
  return (
    <section data-testid="headers">
      <h3>{words.headers}</h3>
      <div class="header-grid">
        {r.preflight && (
          <>
            <HeaderTable title={words.preflightRequest} headers={r.preflight.requestHeaders} testid="preflight-request-headers" />
            <HeaderTable title={words.preflightResponse} headers={r.preflight.responseHeaders} testid="preflight-response-headers" />
          </>
        )}
        <HeaderTable title={words.request} headers={r.requestHeaders} testid="request-headers" emptyText={notSent ? words.notSent : words.noHeaders} />
        {r.redirects.map((hop, i) => (
          <HeaderTable key={i} title={words.redirectResponse(i + 1)} headers={hop.headers} testid="redirect-headers" />
        ))}
        <HeaderTable title={words.response} headers={r.responseHeaders} testid="response-headers" emptyText={notSent ? words.notSent : words.noHeaders} />
      </div>
    </section>
  );
}
