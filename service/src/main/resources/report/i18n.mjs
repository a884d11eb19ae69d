// Messages of the report and status pages, from the JSON bundles in i18n/ (one per language, listed in
// i18n/languages.json; adding a language is adding its bundle and its line there). The language is the reader's
// choice if they made one on this device, else the first of the browser's languages that has a bundle, else English.
// Every element with data-i18n="key" gets the message as its text (never as HTML). The console's hotline screens use
// the same module with their own bundles (start({bundles: '/console/i18n/', nav: ...})).

const CHOICE = 'hashmatch.report.lang';
const FALLBACK = 'en';

let messages = {};
let current = FALLBACK;
let bundles = '/report/i18n/';
let navId = 'languages';
const listeners = [];

async function json(path) {
  const r = await fetch(path, { credentials: 'omit' });
  if (!r.ok) throw new Error(path + ': ' + r.status);
  return r.json();
}

function pick(languages) {
  const tags = languages.map((l) => l.tag);
  let stored = null;
  try { stored = localStorage.getItem(CHOICE); } catch (e) { /* storage off: browser languages only */ }
  if (stored && tags.includes(stored)) return stored;
  for (const wanted of navigator.languages || [navigator.language]) {
    const base = String(wanted).toLowerCase().split('-')[0];
    if (tags.includes(base)) return base;
  }
  return FALLBACK;
}

/** The current language's message {key}, with {name} placeholders filled from values. */
export function t(key, values = {}) {
  const template = messages[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

/** The current language tag. */
export function language() {
  return current;
}

/** Calls fn after every language change (and not now). */
export function onChange(fn) {
  listeners.push(fn);
}

function apply() {
  document.documentElement.lang = current;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const b of document.querySelectorAll('#' + navId + ' button')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === current));
  }
}

async function use(tag, remember) {
  messages = await json(bundles + tag + '.json');
  current = tag;
  if (remember) {
    try { localStorage.setItem(CHOICE, tag); } catch (e) { /* not remembered */ }
  }
  apply();
  for (const fn of listeners) fn();
}

/**
 * Loads the bundle of the reader's language, translates the page and offers the other languages as buttons in the
 * element `nav`; `bundles` is the folder of languages.json and the bundles.
 */
export async function start({ bundles: folder = '/report/i18n/', nav: id = 'languages' } = {}) {
  bundles = folder;
  navId = id;
  const languages = await json(bundles + 'languages.json');
  const nav = document.getElementById(navId);
  for (const l of languages) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.lang = l.tag;
    b.lang = l.tag;
    b.textContent = l.name;
    b.addEventListener('click', () => use(l.tag, true));
    nav.append(b);
  }
  await use(pick(languages), false);
}
