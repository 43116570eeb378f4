// Puppeteer must never download a browser: this machine (and CI) has no internet
// beyond the npm registry. Tests use the system Chromium, see test/support/chrome-path.ts.
/** @type {import('puppeteer').Configuration} */
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  'chrome-headless-shell': { skipDownload: true },
  firefox: { skipDownload: true },
};
