// What the panel shows before the first cross-origin request, or when a filter hides all.
import { words } from '../words.ts';

export function EmptyState({ filtered }: { filtered: boolean }) {
  return (
    <div class="empty" data-testid={filtered ? 'no-match' : 'empty-state'}>
      <p>{filtered ? words.noMatch : words.empty}</p>
    </div>
  );
}
