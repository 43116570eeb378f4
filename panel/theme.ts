// The panel follows DevTools' theme when it runs inside DevTools; as a standalone page the
// stylesheet follows prefers-color-scheme by itself (no class set).
export type Theme = 'light' | 'dark' | 'system';

interface PanelsLike {
  themeName?: string;
  /** Chromium 99+. */
  setThemeChangeHandler?: (cb: (name: string) => void) => void;
  /** Firefox. */
  onThemeChanged?: { addListener(cb: (name: string) => void): void };
}

interface DevtoolsLike {
  chrome?: { devtools?: { panels?: PanelsLike } };
  browser?: { devtools?: { panels?: PanelsLike } };
}

const panelsOf = (g: DevtoolsLike): PanelsLike | undefined => g.browser?.devtools?.panels ?? g.chrome?.devtools?.panels;

export function themeFromName(name: string | undefined): Theme {
  if (name === undefined) return 'system';
  return name === 'dark' ? 'dark' : 'light';
}

export function devtoolsTheme(g: DevtoolsLike = globalThis as DevtoolsLike): Theme {
  return themeFromName(panelsOf(g)?.themeName);
}

export function applyTheme(theme: Theme, root: HTMLElement): void {
  root.classList.toggle('theme-dark', theme === 'dark');
  root.classList.toggle('theme-light', theme === 'light');
}

/** Applies the DevTools theme now and whenever the user switches it. */
export function followDevtoolsTheme(root: HTMLElement, g: DevtoolsLike = globalThis as DevtoolsLike): void {
  applyTheme(devtoolsTheme(g), root);
  const panels = panelsOf(g);
  const onChange = (name: string) => applyTheme(themeFromName(name), root);
  if (panels?.onThemeChanged) panels.onThemeChanged.addListener(onChange);
  else panels?.setThemeChangeHandler?.(onChange);
}
