// The panel follows DevTools' theme when it runs inside DevTools; as a standalone page the
// stylesheet follows prefers-color-scheme by itself (no class set).
export type Theme = 'light' | 'dark' | 'system';

interface DevtoolsLike {
  chrome?: { devtools?: { panels?: { themeName?: string } } };
}

export function devtoolsTheme(g: DevtoolsLike = globalThis as DevtoolsLike): Theme {
  const name = g.chrome?.devtools?.panels?.themeName;
  if (name === undefined) return 'system';
  return name === 'dark' ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, root: HTMLElement): void {
  root.classList.toggle('theme-dark', theme === 'dark');
  root.classList.toggle('theme-light', theme === 'light');
}
