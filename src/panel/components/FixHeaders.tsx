// Headers the server must send, as "Name: value" lines ready to paste, with a copy button.
import type { HeaderEntry } from '../../core/index.ts';
import { CopyButton } from './CopyButton.tsx';

export function FixHeaders({ title, headers, testid }: { title: string; headers: readonly HeaderEntry[]; testid: string }) {
  const lines = headers.map((h) => `${h.name}: ${h.value}`).join('\n');
  return (
    <div class="fix-headers" data-testid={testid}>
      <div class="fix-headers-head">
        <h4>{title}</h4>
        <CopyButton text={lines} testid={`copy-${testid}`} />
      </div>
      <pre class="snippet">{lines}</pre>
    </div>
  );
}
