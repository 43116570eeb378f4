// What the panel shows before the first cross-origin request, or when a filter hides all.
import { words } from '../words.ts';

export function EmptyState({ filtered }: { filtered: boolean }) {
  if (filtered) {
    return (
      <div class="empty" data-testid="no-match">
        <p>{words.noMatch}</p>
      </div>
    );
  }
  return (
    <div class="empty" data-testid="empty-state">
      <p>{words.empty}</p>
    </div>
  );
}
