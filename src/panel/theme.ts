// The panel follows DevTools' theme when it runs inside DevTools, and prefers-color-scheme as
// a standalone page; either way it sets one class on the root, so the CSS has one palette.
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

function themeFromName(name: string | undefined): Theme {
  if (name === undefined) return 'system';
  return name === 'dark' ? 'dark' : 'light';
}

export function devtoolsTheme(g: DevtoolsLike = globalThis as DevtoolsLike): Theme {
  return themeFromName(panelsOf(g)?.themeName);
}

function applyTheme(theme: Theme, root: HTMLElement): void {
  root.classList.toggle('theme-dark', theme === 'dark');
  root.classList.toggle('theme-light', theme === 'light');
}

/** The slice of matchMedia used for the standalone page. */
export type MatchMedia = (query: string) => { matches: boolean; addEventListener(type: 'change', cb: () => void): void };

/** Applies the DevTools theme (or the system's, standalone) now and whenever it changes. */
export function followDevtoolsTheme(
  root: HTMLElement,
  g: DevtoolsLike = globalThis as DevtoolsLike,
  matchMedia: MatchMedia | undefined = (globalThis as { matchMedia?: MatchMedia }).matchMedia,
): void {
  const panels = panelsOf(g);
  if (panels?.themeName === undefined && matchMedia) {
    const dark = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => applyTheme(dark.matches ? 'dark' : 'light', root);
    apply();
    dark.addEventListener('change', apply);
    return;
  }
  applyTheme(devtoolsTheme(g), root);
  const onChange = (name: string) => applyTheme(themeFromName(name), root);
  if (panels?.onThemeChanged) panels.onThemeChanged.addListener(onChange);
  else panels?.setThemeChangeHandler?.(onChange);
}
