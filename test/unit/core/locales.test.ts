// Every catalogue of LOCALES against English: the same keys, the same placeholders in each
// message, the same report-word functions; and a Spanish catalogue with no English sentence
// left. Generic over LOCALES, so a third language is checked by adding it there.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../../src/core/messages/en.ts';
import { catalogueFor, LOCALES, LOCALE_TAGS, localeOf } from '../../../src/core/messages/locales.ts';
import { placeholders } from '../../../src/core/messages/render.ts';
import { englishWordIn } from '../../support/english.ts';

type Tree = { readonly [k: string]: unknown };

/** Every message of a catalogue as [path, value]: strings, and the report's count functions. */
function leaves(node: unknown, path = ''): Array<[string, unknown]> {
  if (typeof node === 'string' || typeof node === 'function') return [[path, node]];
  return Object.entries(node as Tree).flatMap(([k, v]) => leaves(v, path === '' ? k : `${path}.${k}`));
}

describe('catalogues (LOCALES)', () => {
  const enLeaves = new Map(leaves(en));
  for (const tag of LOCALE_TAGS) {
    const cat = LOCALES[tag];
    it(`${tag}: its locale tag is its key`, () => assert.equal(cat.locale, tag));
    it(`${tag}: exactly the keys of en, each with the same placeholders`, () => {
      const own = new Map(leaves(cat));
      assert.deepEqual([...own.keys()].sort(), [...enLeaves.keys()].sort());
      for (const [path, value] of own) {
        const english = enLeaves.get(path);
        assert.equal(typeof value, typeof english, path);
        if (typeof value === 'string' && typeof english === 'string') {
          assert.deepEqual(placeholders(value).sort(), placeholders(english).sort(), `${tag} ${path}`);
          assert.ok(value.trim() !== '', `${tag} ${path} is empty`);
        } else {
          for (const n of [1, 3]) assert.match(String((value as (n: number) => string)(n)), new RegExp(`\\b${n}\\b`), `${tag} ${path}(${n})`);
        }
      }
    });
  }

  for (const tag of LOCALE_TAGS.filter((t) => t !== 'en'))
    it(`${tag}: no English sentence left (function words outside code, header names, quotes and URLs)`, () => {
      const left: string[] = [];
      for (const [path, value] of leaves(LOCALES[tag])) {
        const shown =
          typeof value === 'function' ? `${String((value as (n: number) => string)(1))} ${String((value as (n: number) => string)(3))}` : String(value);
        const word = englishWordIn(shown);
        if (word !== undefined) left.push(`${path}: "${word}" in ${shown}`);
      }
      assert.deepEqual(left, []);
    });

  it('the heuristic catches English (it would fail on en)', () => {
    const english = leaves(en).filter(([, v]) => typeof v === 'string' && englishWordIn(v) !== undefined);
    assert.ok(english.length > 200, `only ${english.length} English sentences detected`);
  });

  it('a tag finds its catalogue: es, es_ES.UTF-8, es-MX; anything else is English', () => {
    for (const tag of ['es', 'es_ES.UTF-8', 'es-MX', 'ES', 'es_ES@euro']) assert.equal(catalogueFor(tag), LOCALES.es, tag);
    for (const tag of ['en', 'en_US.UTF-8', 'C', 'POSIX', 'C.UTF-8', 'fr_FR.UTF-8', '', 'spanish']) assert.equal(catalogueFor(tag), en, tag);
    assert.equal(localeOf('fr'), null);
    assert.equal(localeOf('toString'), null);
  });
});
