// Turns the one source manifest into the Chrome and Firefox manifests.
// Chrome: MV3 service worker, pinned `key`; Firefox: event page (`background.scripts`)
// and `browser_specific_settings.gecko`. Everything else is shared.

/**
 * A build of the extension (dist/chrome, dist/firefox): named for the stores and the manifests,
 * not the engines (`BrowserEngine`, 'chromium' | 'firefox', is whose behaviour a record shows).
 */
export type BuildTarget = 'chrome' | 'firefox';
export const BUILD_TARGETS: readonly BuildTarget[] = ['chrome', 'firefox'];

type Json = Record<string, unknown>;

export interface ManifestOptions {
  /** Store builds drop the `key` that pins the extension id for tests: stores assign their own. */
  store?: boolean;
}

export function manifestFor(source: Json, browser: BuildTarget, version: string, options: ManifestOptions = {}): Json {
  if (source.version !== version) {
    throw new Error(`manifest.json version ${String(source.version)} differs from package.json version ${version}: make them equal`);
  }
  const out: Json = structuredClone(source);
  const background = { ...(out.background as Json) };
  if (browser === 'chrome') {
    delete background.scripts;
    delete out.browser_specific_settings;
  } else {
    delete background.service_worker;
    // Firefox ignores these and web-ext lint warns about them.
    delete out.minimum_chrome_version;
    delete out.key;
  }
  out.background = background;
  if (options.store) delete out.key;
  return out;
}
