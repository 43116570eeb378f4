// The verdict badge of a row or of the detail header.
import type { RowKind } from '../row-kind.ts';
import { words } from '../words.ts';

export function Badge({ kind }: { kind: RowKind }) {
  return (
    <span class={`badge badge-${kind}`} data-testid="badge" data-kind={kind}>
      {words.kinds[kind]}
    </span>
  );
}
