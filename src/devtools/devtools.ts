// The devtools page lives as long as DevTools is open on a tab; its only job is to add
// the CORS panel. Everything else happens in the panel page and the background.
import browser from 'webextension-polyfill';

browser.devtools.panels.create('CORS', 'icons/icon-32.png', 'panel.html').catch((error: unknown) => {
  console.error('CORS Lens: could not create the CORS panel', error);
});
