// The page's two dictionaries (www/js/i18n/en.js and zh.js) have the same keys, the same kind of
// value per key (text or list), and the same {placeholders} in each text: a label added in one
// language only, or a translation that drops {n}, fails here instead of showing a raw key or "{n}".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import en from '../../www/js/i18n/en.js';
import zh from '../../www/js/i18n/zh.js';
import { readFileSync } from 'node:fs';
import { loadEngine } from './engine.mjs';

const placeholders = (v) => [...new Set(String(v).match(/\{\w+\}/g) || [])].sort();

test('every English key has a Chinese label', () => {
  assert.deepEqual(Object.keys(en).filter((k) => !(k in zh)), []);
});

test('every Chinese key has an English label', () => {
  assert.deepEqual(Object.keys(zh).filter((k) => !(k in en)), []);
});

test('both languages use the same {placeholders} per key', () => {
  const differ = Object.keys(en).filter((k) => k in zh)
    .filter((k) => placeholders(en[k]).join() !== placeholders(zh[k]).join())
    .map((k) => `${k}: en ${placeholders(en[k]).join(' ')} / zh ${placeholders(zh[k]).join(' ')}`);
  assert.deepEqual(differ, []);
});

test('a key is text in both languages or a list of the same length in both', () => {
  const differ = Object.keys(en).filter((k) => k in zh).filter((k) => {
    if (Array.isArray(en[k]) || Array.isArray(zh[k])) {
      return !Array.isArray(en[k]) || !Array.isArray(zh[k]) || en[k].length !== zh[k].length;
    }
    return typeof en[k] !== 'string' || typeof zh[k] !== 'string' || !en[k] || !zh[k];
  });
  assert.deepEqual(differ, []);
});

test('no label copies a KPI name: the engine\'s catalogue names KPIs in both languages', () => {
  const ids = loadEngine().kpiCatalog().map((k) => k.id);
  assert.deepEqual(ids.filter((id) => `k_${id}` in en || `k_${id}` in zh), []);
});

test('no key is written twice in a dictionary (the later one would silently replace the earlier)', () => {
  for (const lang of ['en', 'zh']) {
    const src = readFileSync(new URL(`../../www/js/i18n/${lang}.js`, import.meta.url), 'utf8');
    const keys = [...src.matchAll(/^ {2}([A-Za-z_]\w*):/gm)].map((m) => m[1]);
    assert.ok(keys.length > 100, `${lang}: keys found`);
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    assert.deepEqual(twice, [], `${lang}.js writes these keys twice`);
  }
});
