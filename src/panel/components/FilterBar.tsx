// Category buttons with their counts, and the URL text filter.
import { FILTER_IDS, type FilterCounts, type FilterId } from '../filters.ts';
import { words } from '../words.ts';

interface FilterBarProps {
  filter: FilterId;
  text: string;
  counts: FilterCounts;
  onFilter: (f: FilterId) => void;
  onText: (text: string) => void;
}

export function FilterBar({ filter, text, counts, onFilter, onText }: FilterBarProps) {
  return (
    <div class="filterbar" data-testid="filter-bar">
      <input
        type="search"
        class="filter-text"
        data-testid="filter-text"
        placeholder={words.filterPlaceholder}
        aria-label={words.filterLabel}
        title={words.filterLabel}
        value={text}
        onInput={(e) => onText((e.currentTarget as HTMLInputElement).value)}
      />
      <div class="filters" role="group">
        {FILTER_IDS.map((f) => (
          <button
            type="button"
            key={f}
            class={f === filter ? 'filter active' : 'filter'}
            aria-pressed={f === filter}
            data-testid={`filter-${f}`}
            onClick={() => onFilter(f)}
          >
            {words.filters[f]}{' '}
            <span class="count" data-testid="filter-count">
              {counts[f]}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}
