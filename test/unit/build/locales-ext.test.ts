// The extension's own strings through the browsers' i18n (issue 16): _locales/<tag>/messages.json
// for every language of the engine's catalogues, the manifest's __MSG_…__ names all defined,
// every language with the same keys and placeholders, the store's 132-character limit, and no
// English sentence left in a translation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { LOCALE_TAGS } from '../../../src/core/messages/locales.ts';
import { englishWordIn } from '../../support/english.ts';

const root = new URL('../../../', import.meta.url);
const manifestText = readFileSync(new URL('manifest.json', root), 'utf8');
const manifest = JSON.parse(manifestText) as { default_locale?: string };
type Messages = Record<string, { message: string; description?: string; placeholders?: Record<string, unknown> }>;
const messagesOf = (tag: string): Messages => JSON.parse(readFileSync(new URL(`_locales/${tag}/messages.json`, root), 'utf8')) as Messages;
const tags = readdirSync(new URL('_locales/', root));
/** $1…$9 and $name$ references in a message. */
const refs = (m: string) => [...m.matchAll(/\$(\d|[A-Za-z_]+\$)/g)].map((x) => x[0]).sort();

test('a _locales folder for English (the default) and every language of the engine', () => {
  assert.equal(manifest.default_locale, 'en');
  for (const tag of LOCALE_TAGS) assert.ok(existsSync(new URL(`_locales/${tag}/messages.json`, root)), `_locales/${tag}/messages.json`);
  assert.deepEqual([...tags].sort(), [...LOCALE_TAGS].sort(), 'no folder without an engine catalogue, none missing');
});

test('every __MSG_name__ of the manifest is defined in every language, with the same keys and placeholders', () => {
  const used = [...manifestText.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);
  assert.ok(used.includes('extensionName') && used.includes('extensionDescription'), 'name and description are localised');
  const en = messagesOf('en');
  for (const tag of tags) {
    const m = messagesOf(tag);
    for (const key of used) assert.ok(m[key]?.message, `${tag}: ${key}`);
    assert.deepEqual(Object.keys(m).sort(), Object.keys(en).sort(), `${tag}: same keys as English`);
    for (const key of Object.keys(en)) assert.deepEqual(refs(m[key]!.message), refs(en[key]!.message), `${tag}: ${key} placeholders`);
    // Chrome Web Store and Chromium refuse a longer description.
    assert.ok(m.extensionDescription!.message.length <= 132, `${tag}: description ${m.extensionDescription!.message.length} > 132 characters`);
  }
});

test('the DevTools panel title comes from the messages (panelTitle)', () => {
  const devtools = readFileSync(new URL('src/devtools/devtools.ts', root), 'utf8');
  assert.match(devtools, /i18n\.getMessage\('panelTitle'\)/);
  for (const tag of tags) assert.ok(messagesOf(tag).panelTitle?.message, tag);
});

test('no English sentence left in a translation', () => {
  for (const tag of tags.filter((t) => t !== 'en')) {
    for (const [key, { message }] of Object.entries(messagesOf(tag))) {
      const word = englishWordIn(message);
      assert.equal(word, undefined, `${tag}: ${key} "${message}" has "${word}"`);
    }
  }
});
