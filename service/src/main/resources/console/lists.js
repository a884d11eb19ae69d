// The Lists screen (admin): the served lists, the upload of a new version with progress and its rejected line, the
// exchange sources that keep lists current (with a sync on demand), and single hashes added to or removed from a
// list that changes live.
import { call, upload, el, ApiError } from './api.js';

/** A suppression list has only suppression entries (a hit on one cancels matches); others may have some. */
function kindOf(l) {
  if (l.entries > 0 && l.suppressionEntries === l.entries) return el('span', { class: 'suppression' }, 'suppression list');
  if (l.suppressionEntries > 0) {
    return ['match list, ', el('span', { class: 'suppression' },
      `${l.suppressionEntries} suppression ${l.suppressionEntries === 1 ? 'entry' : 'entries'}`)];
  }
  return 'match list';
}

/** A live list's entries now, with what changed since its version; the version's count when nothing changed. */
function entriesOf(l) {
  if (!l.changes || (!l.changes.added && !l.changes.removed)) return String(l.entries);
  return `${l.changes.liveEntries} (+${l.changes.added} −${l.changes.removed} since this version)`;
}

export async function showLists() {
  const tbody = document.querySelector('#lists-table tbody');
  const answer = await call('GET', '/v1/console/lists');
  liveLists = answer.lists.filter((l) => l.changes).map((l) => l.name);
  fillListChoices();
  await showSources().catch((e) => say('sources-report', 'error', `Exchange sources not shown: ${failure(e)}`));
  tbody.replaceChildren(...answer.lists.map((l) => el('tr', { 'data-list': l.name },
    el('th', { scope: 'row' }, l.name),
    el('td', { class: 'kind' }, kindOf(l)),
    el('td', { class: 'version' }, l.version),
    el('td', { class: 'entries' }, entriesOf(l)),
    el('td', { class: 'hash' }, l.checksum),
    el('td', {}, new Date(l.loadedSince).toLocaleString()),
    el('td', {}, String(l.maxDistance)),
    el('td', {}, l.origin))));
}

function report(...children) {
  document.getElementById('upload-report').replaceChildren(...children);
}

async function submitUpload(event) {
  event.preventDefault();
  const name = document.getElementById('upload-name').value.trim();
  const file = document.getElementById('upload-file').files[0];
  if (!name || !file) {
    report(el('p', { class: 'error' }, 'Give a list name and choose a file.'));
    return;
  }
  const params = new URLSearchParams();
  const format = document.getElementById('upload-format').value;
  const kind = document.getElementById('upload-kind').value;
  const version = document.getElementById('upload-version').value.trim();
  if (format !== 'auto') params.set('format', format);
  if (kind) params.set('kind', kind);
  if (version) params.set('version', version);
  const previous = [...document.querySelectorAll('#lists-table tbody tr')]
    .find((r) => r.dataset.list === name)?.querySelector('.version')?.textContent;
  const progress = document.getElementById('upload-progress');
  progress.hidden = false;
  progress.value = 0;
  report(el('p', {}, `Uploading ${file.name}…`));
  try {
    const query = params.toString();
    const answer = await upload('PUT', `/v1/lists/${encodeURIComponent(name)}${query ? '?' + query : ''}`, file,
      (fraction) => { progress.value = Math.round(fraction * 100); });
    const l = answer.list;
    report(el('p', { class: 'ok' }, `List ${l.name} is now version ${l.version}: ${l.entries} entries, checksum ${l.checksum}.`));
    await showLists();
  } catch (e) {
    const rejected = (e.details || []).filter((d) => d.line != null).map((d) => el('li', { class: 'rejected-line' },
      `line ${d.line}${d.column != null ? ', column ' + d.column : ''}: ${d.message}`));
    // what became of the list: a first upload leaves no list behind, a new version leaves the served one as it was
    const served = previous ? `list ${name} is unchanged (version ${previous}).` : `list ${name} was not created.`;
    // the rejected line is said once, in the list below; other errors have no line
    report(el('p', { class: 'error' }, `Not uploaded: ${served} `
      + (rejected.length ? 'The file has an invalid line:' : `${e.message}.`)),
      rejected.length ? el('ul', { 'aria-label': 'Rejected lines' }, rejected) : null);
  }
}

// Exchange sources and single entries. Built here rather than in index.html: the markup lives with its code.

let liveLists = [];
const failure = (e) => (e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
const when = (t) => (t ? new Date(t).toLocaleString() : 'never');
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function syncSummary(r) {
  return `${plural(r.records, 'record', 'records')}, ${r.added} added, ${r.removed} removed`
    + (r.malformed ? `, ${r.malformed} malformed` : '');
}

function sourceRow(x) {
  const last = x.last_sync;
  const button = el('button', { type: 'button', class: 'secondary sync', disabled: x.running,
    onclick: () => syncNow(x.name, button) }, x.running ? 'Syncing…' : 'Sync now');
  return el('tr', { 'data-exchange': x.name },
    el('th', { scope: 'row' }, x.name),
    el('td', {}, x.type),
    el('td', { class: 'target' }, x.list),
    el('td', { class: 'last-sync' }, when(x.last_success)),
    el('td', { class: 'hash checkpoint' }, x.checkpoint ?? '—'),
    el('td', { class: 'last-counts' }, last ? syncSummary(last) : '—'),
    el('td', { class: 'total-counts' }, `${x.added} added, ${x.removed} removed`
      + (x.malformed ? `, ${x.malformed} malformed` : '')),
    el('td', { class: 'held' }, String(x.entries)),
    el('td', { class: x.last_error ? 'error last-error' : 'last-error' },
      x.last_error ? `${x.last_error} (${x.last_error_kind})` : '—'),
    el('td', {}, button));
}

async function showSources() {
  const tbody = document.querySelector('#sources-table tbody');
  const answer = await call('GET', '/v1/exchanges');
  document.getElementById('sources-none').hidden = answer.exchanges.length > 0;
  tbody.replaceChildren(...answer.exchanges.map(sourceRow));
}

function say(id, cls, text) {
  const p = document.getElementById(id);
  p.className = cls;
  p.textContent = text;
}

async function syncNow(name, button) {
  button.disabled = true;
  button.textContent = 'Syncing…';
  say('sources-report', '', `Syncing ${name}…`);
  try {
    const r = await call('POST', `/v1/exchanges/${encodeURIComponent(name)}/sync`);
    say('sources-report', 'ok', `Synced ${name}: ${plural(r.pages, 'page', 'pages')}, ${syncSummary(r)}, in ${r.millis} ms.`);
  } catch (e) {
    say('sources-report', 'error', `Sync of ${name} failed: ${failure(e)}`);
  }
  await showLists().catch((e) => say('sources-report', 'error', failure(e)));
}

function fillListChoices() {
  for (const id of ['entry-add-list', 'entry-remove-list']) {
    const select = document.getElementById(id);
    const chosen = select.value;
    select.replaceChildren(...liveLists.map((n) => el('option', { value: n, selected: n === chosen }, n)));
  }
  document.getElementById('entries-none').hidden = liveLists.length > 0;
}

async function addEntry(event) {
  event.preventDefault();
  const list = document.getElementById('entry-add-list').value;
  const kind = document.getElementById('entry-add-kind').value;
  const hash = document.getElementById('entry-add-hash').value.trim();
  const category = document.getElementById('entry-add-category').value.trim();
  if (!list || !hash) {
    say('entry-add-report', 'error', 'Choose a list and give a hash.');
    return;
  }
  try {
    const a = await call('POST', `/v1/lists/${encodeURIComponent(list)}/entries`,
      { body: JSON.stringify({ kind, hash, category }), contentType: 'application/json' });
    say('entry-add-report', 'ok', `Added to ${a.list} as entry ${a.entry} (${a.kind} ${a.hash}).`);
    document.getElementById('entry-add-hash').value = '';
    await showLists();
  } catch (e) {
    say('entry-add-report', 'error', `Not added: ${failure(e)}`);
  }
}

async function removeEntry(event) {
  event.preventDefault();
  const list = document.getElementById('entry-remove-list').value;
  const entry = document.getElementById('entry-remove-number').value.trim();
  if (!list || !/^[0-9]+$/.test(entry)) {
    say('entry-remove-report', 'error', 'Choose a list and give an entry number.');
    return;
  }
  try {
    await call('DELETE', `/v1/lists/${encodeURIComponent(list)}/entries/${entry}`);
    say('entry-remove-report', 'ok', `Removed entry ${entry} from ${list}.`);
    await showLists();
  } catch (e) {
    say('entry-remove-report', 'error', `Not removed: ${failure(e)}`);
  }
}

/** The markup of the sources table and the two entry forms, after the upload report. */
function buildLiveSections() {
  const th = (t) => el('th', { scope: 'col' }, t);
  const label = (forId, text) => el('label', { for: forId }, text);
  const report = (id) => el('p', { id, role: 'status' });
  document.getElementById('upload-report').after(
    el('h3', { id: 'sources-title' }, 'Exchange sources'),
    el('p', { id: 'sources-none', class: 'hint', hidden: true }, 'No exchange is configured (hashmatch.exchanges).'),
    el('table', { id: 'sources-table', 'aria-labelledby': 'sources-title' },
      el('caption', {}, 'The exchanges that keep lists current, and their last sync'),
      el('thead', {}, el('tr', {}, ['Source', 'Type', 'List', 'Last sync', 'Checkpoint', 'Last sync did',
        'In total', 'Entries held', 'Last error', 'Action'].map(th))),
      el('tbody')),
    report('sources-report'),
    el('p', { id: 'entries-none', class: 'hint', hidden: true },
      'No list changes live: create one (an HMA bank, an exchange target, an upload) to add single hashes.'),
    el('div', { class: 'columns' },
      el('form', { id: 'entry-add-form', class: 'panel' },
        el('h3', {}, 'Add a hash'),
        label('entry-add-list', 'List'), el('select', { id: 'entry-add-list', required: true }),
        label('entry-add-kind', 'Hash kind'),
        el('select', { id: 'entry-add-kind' }, el('option', { value: 'pdq' }, 'PDQ'), el('option', { value: 'md5' }, 'MD5')),
        label('entry-add-hash', 'Hash (hex)'),
        el('input', { id: 'entry-add-hash', required: true, spellcheck: 'false', size: 66, autocomplete: 'off' }),
        label('entry-add-category', 'Category (optional)'),
        el('input', { id: 'entry-add-category', maxlength: 255 }),
        el('button', { type: 'submit' }, 'Add hash'),
        report('entry-add-report')),
      el('form', { id: 'entry-remove-form', class: 'panel' },
        el('h3', {}, 'Remove an entry'),
        label('entry-remove-list', 'List'), el('select', { id: 'entry-remove-list', required: true }),
        label('entry-remove-number', 'Entry number (as a hit or the addition names it)'),
        el('input', { id: 'entry-remove-number', required: true, inputmode: 'numeric', pattern: '[0-9]+', size: 10 }),
        el('button', { type: 'submit' }, 'Remove entry'),
        report('entry-remove-report'))));
  document.getElementById('entry-add-form').addEventListener('submit', addEntry);
  document.getElementById('entry-remove-form').addEventListener('submit', removeEntry);
}

export function setUpLists() {
  document.getElementById('upload-form').addEventListener('submit', submitUpload);
  buildLiveSections();
}
