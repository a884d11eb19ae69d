// The hotline's screens (keys with role hotline or admin): the queue of reports made on /report, filtered by status,
// and one report with its hashes, the served lists they already match, the reporter's notes (always as text: every
// string goes through el(), which never parses HTML), its status and history, and the actions confirm, forward
// (download the JSON case bundle, open its printable page) and dismiss with a reason. No image exists here: a report
// is hashes and words only. Every string comes from the console's message bundles (console/i18n/), through the report
// page's i18n module; the language is the browser's, switchable on the screen.
import { call, el, session, ApiError } from './api.js';
import { language, onChange, start, t } from '/report/i18n.mjs';

const STATUSES = ['received', 'confirmed', 'forwarded', 'dismissed', 'all'];

let started = null; // the bundles' loading, once
let form = { categories: [] }; // the hotline's categories and their labels (GET /v1/report/form)
let filter = 'received';
let queue = null; // the last queue answer
let opened = null; // the report shown, or null for the queue
let notice = null; // {kind, text | key+values, link} of the last action

const $ = (id) => document.getElementById(id);

function date(iso) {
  return new Date(iso).toLocaleString(language(), { dateStyle: 'medium', timeStyle: 'short' });
}

function errorText(e) {
  return e instanceof ApiError ? `${e.message} (${e.status})` : String(e.message || e);
}

function categoryLabel(id) {
  const c = form.categories.find((x) => x.id === id);
  return c ? c.labels[language()] || c.labels.en || id : id;
}

function listsOf(report) {
  return [...new Set(report.items.flatMap((i) => i.matches ?? []))].sort();
}

/** The language buttons and the screen's frame; the rest is drawn by render(). */
function frame() {
  const section = $('hotline');
  if (section.querySelector('#hotline-languages')) return;
  section.replaceChildren(
    el('div', { class: 'hotline-head' },
      el('h2', { id: 'hotline-title', 'data-i18n': 'hotline.title' }),
      el('nav', { id: 'hotline-languages', 'aria-label': 'Language / ភាសា' })),
    el('p', { class: 'hint', 'data-i18n': 'hotline.noImage' }),
    el('p', { id: 'hotline-notice', role: 'status' }),
    el('div', { id: 'hotline-body' }));
}

function render() {
  if (!$('hotline-body')) return;
  for (const e of $('hotline').querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  $('hotline').lang = language();
  renderNotice();
  $('hotline-body').replaceChildren(...[opened ? caseView(opened) : queueView()].flat(Infinity));
}

function renderNotice() {
  const p = $('hotline-notice');
  if (!notice) {
    p.replaceChildren();
    p.className = '';
    return;
  }
  p.className = notice.kind;
  const text = notice.text ?? t(notice.key, notice.values);
  p.replaceChildren(text, ...(notice.link ? [' ', el('a', { href: notice.link, target: '_blank', rel: 'noopener' },
    t('hotline.printable'))] : []));
}

function queueView() {
  const select = el('select', { id: 'hotline-filter', onchange: (e) => { filter = e.target.value; load().catch(fail); } },
    STATUSES.map((s) => el('option', { value: s, selected: s === filter }, t('hotline.filter.' + s))));
  const controls = el('div', { class: 'hotline-controls' },
    el('label', { for: 'hotline-filter' }, t('hotline.filter')), select,
    el('button', { type: 'button', class: 'secondary', id: 'hotline-refresh', onclick: () => load().catch(fail) },
      t('hotline.refresh')));
  if (!queue) return controls;
  queue.reports = queue.reports ?? [];
  if (queue.reports.length === 0) return [controls, el('p', { id: 'hotline-empty' }, t('hotline.queue.empty'))];
  const rows = queue.reports.map((r) => el('tr', { 'data-report': r.id },
    el('th', { scope: 'row' }, String(r.id)),
    el('td', {}, date(r.receivedAt)),
    el('td', { class: 'status' }, t('hotline.status.' + r.status)),
    el('td', {}, String(r.items.length)),
    el('td', { class: 'matches' }, listsOf(r).join(', ') || t('hotline.none')),
    el('td', {}, el('button', { type: 'button', class: 'secondary open', onclick: () => open(r.id).catch(fail) },
      t('hotline.open', { id: r.id })))));
  return [controls, el('table', { id: 'hotline-queue' },
    el('caption', {}, t('hotline.queue.caption', { count: queue.reports.length })),
    el('thead', {}, el('tr', {},
      ['case', 'received', 'status', 'files', 'matches'].map((c) => el('th', { scope: 'col' }, t('hotline.col.' + c))),
      el('td', {}))),
    el('tbody', {}, rows))];
}

function field(key, value, attrs = {}) {
  return [el('dt', {}, t('hotline.field.' + key)), el('dd', attrs, value == null || value === '' ? t('hotline.none') : value)];
}

/** A video's vPDQ: how many frames, and each frame's index, PDQ and quality on one line when opened. */
function framesView(frames) {
  if (frames.length === 0) return '';
  return el('details', {},
    el('summary', {}, t('hotline.vpdq.count', { count: frames.length })),
    el('pre', { class: 'hash' }, frames.map((f) => `${f.frame} ${f.pdq} ${f.quality}`).join('\n')));
}

function caseView(r) {
  const fields = el('dl', { class: 'hotline-fields' },
    field('status', t('hotline.status.' + r.status), { class: 'status' }),
    field('received', date(r.receivedAt)),
    field('updated', date(r.updatedAt)),
    field('language', r.lang),
    field('categories', (r.categories ?? []).map(categoryLabel).join(', ')),
    field('seen', r.seenWhere, { class: 'notes', id: 'hotline-seen' }),
    field('contact', r.contact, { class: 'notes', id: 'hotline-contact' }),
    r.statusReason ? field('reason', r.statusReason, { class: 'notes' }) : []);
  const hashes = el('table', { id: 'hotline-hashes' },
    el('caption', {}, t('hotline.hashes.title')),
    el('thead', {}, el('tr', {}, ['n', 'kind', 'md5', 'sha256', 'pdq', 'quality', 'vpdq', 'matches']
      .map((c) => el('th', { scope: 'col' }, t('hotline.col.' + c))))),
    el('tbody', {}, r.items.map((i, n) => el('tr', {},
      el('td', {}, String(n + 1)),
      el('td', {}, t('hotline.kind.' + i.kind)),
      el('td', { class: 'hash' }, i.md5),
      el('td', { class: 'hash' }, i.sha256),
      el('td', { class: 'hash' }, i.pdq ?? ''),
      el('td', {}, i.quality == null ? '' : String(i.quality)),
      el('td', { class: 'vpdq' }, framesView(i.vpdq ?? [])),
      el('td', { class: 'matches' }, (i.matches ?? []).join(', ') || t('hotline.none'))))));
  const events = r.history ?? [];
  const history = events.length === 0
    ? el('p', {}, t('hotline.history.empty'))
    : el('ol', { id: 'hotline-history' }, events.map((h) => el('li', { 'data-action': h.action },
      t('hotline.history.entry', { date: date(h.at), action: t('hotline.status.' + h.action), key: h.key }),
      h.reason ? [el('br'), el('span', { class: 'notes' }, t('hotline.history.reason', { reason: h.reason }))] : [])));
  const reason = el('textarea', { id: 'hotline-reason', rows: 2, maxlength: 1000 });
  const actions = el('div', { class: 'hotline-actions' },
    el('button', { type: 'button', id: 'hotline-confirm', onclick: () => confirm(r.id) }, t('hotline.confirm')),
    el('button', { type: 'button', id: 'hotline-forward', onclick: () => forward(r.id) }, t('hotline.forward')),
    el('form', { id: 'hotline-dismiss-form', onsubmit: (e) => { e.preventDefault(); dismiss(r.id, reason.value); } },
      el('label', { for: 'hotline-reason' }, t('hotline.dismiss.reason')), reason,
      el('button', { type: 'submit', id: 'hotline-dismiss', class: 'secondary' }, t('hotline.dismiss'))));
  return [
    el('button', { type: 'button', class: 'secondary', id: 'hotline-back', onclick: back }, t('hotline.back')),
    el('h3', { id: 'hotline-case-title', 'data-report': r.id }, t('hotline.case.title', { id: r.id })),
    el('p', { class: 'hint' }, t('hotline.notes.hint')),
    fields, hashes,
    el('h4', {}, t('hotline.history.title')), history,
    el('h4', {}, t('hotline.actions.title')), actions];
}

async function load() {
  queue = await call('GET', '/v1/hotline/reports?status=' + encodeURIComponent(filter));
  opened = null;
  render();
}

async function open(id) {
  // the queue's copy may be old: the report as it is now (status=all, newest first)
  const all = await call('GET', '/v1/hotline/reports?status=all');
  opened = (all.reports ?? []).find((r) => r.id === id) || queue.reports.find((r) => r.id === id);
  notice = null;
  render();
  $('hotline-case-title').focus?.();
}

function back() {
  notice = null;
  load().catch(fail);
}

function fail(e) {
  notice = { kind: 'error', key: 'hotline.failed', values: { error: errorText(e) } };
  render();
}

async function act(id, path, body, done, extra) {
  try {
    opened = await call('POST', `/v1/hotline/reports/${id}/${path}`,
      body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' });
    notice = { kind: 'ok', key: done, values: { id } };
    if (extra) await extra(opened);
  } catch (e) {
    notice = { kind: 'error', key: 'hotline.failed', values: { error: errorText(e) } };
  }
  render();
}

function confirm(id) {
  return act(id, 'confirm', undefined, 'hotline.done.confirmed');
}

/** The case bundle as a JSON file download, then its printable page (fetched with the key) in a new tab. */
function forward(id) {
  return act(id, 'forward', undefined, 'hotline.done.forwarded', async (report) => {
    const json = new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(json), download: `case-${id}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    const r = await fetch(`/v1/hotline/reports/${id}/bundle.html`,
      { headers: { Authorization: 'Bearer ' + session.key() }, cache: 'no-store' });
    if (!r.ok) throw new ApiError(r.status, 'http_' + r.status, `the service answered ${r.status}`);
    const page = URL.createObjectURL(new Blob([await r.text()], { type: 'text/html;charset=utf-8' }));
    notice.link = page;
    window.open(page, '_blank');
  });
}

function dismiss(id, reason) {
  if (!reason.trim()) {
    notice = { kind: 'error', key: 'hotline.dismiss.needReason' };
    renderNotice();
    return Promise.resolve();
  }
  return act(id, 'dismiss', { reason: reason.trim() }, 'hotline.done.dismissed');
}

/** Draws the screen (the queue, in the reader's language) each time it is shown. */
export async function showHotline() {
  frame();
  if (!started) {
    started = (async () => {
      await start({ bundles: '/console/i18n/', nav: 'hotline-languages' });
      onChange(render);
      try {
        form = await call('GET', '/v1/report/form');
      } catch (e) { /* labels unknown: category ids are shown */ }
    })();
  }
  await started;
  notice = null;
  await load();
}
