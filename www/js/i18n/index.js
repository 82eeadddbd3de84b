// The page's language: t() looks a key up in the dictionary of the current language (en.js, zh.js),
// getLang()/setLang() read and switch it, locale() gives the BCP 47 tag for Intl. The language is
// chosen from navigator.language on the first visit, kept in localStorage, and can be switched at
// any time (app.js then re-renders every panel). Plain enough to load under Node (the page's tests).
import en from './en.js';
import zh from './zh.js';

const dicts = { en, zh };
let lang = pickInitial();

function pickInitial() {
  let saved = null;
  try { saved = localStorage.getItem('callscore.lang'); } catch { /* storage may be off */ }
  if (saved && dicts[saved]) return saved;
  const nav = (typeof navigator !== 'undefined' && ((navigator.languages && navigator.languages[0])
    || navigator.language)) || 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const getLang = () => lang;
/** BCP 47 tag for Intl formatting. */
export const locale = () => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export function setLang(l) {
  if (!dicts[l]) return;
  lang = l;
  try { localStorage.setItem('callscore.lang', l); } catch { /* ignore */ }
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** t('key', {name: value}) — missing keys fall back to English, then to the key itself. */
export function t(key, vars) {
  let s = dicts[lang][key] ?? en[key] ?? key;
  if (vars && typeof s === 'string') s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}
