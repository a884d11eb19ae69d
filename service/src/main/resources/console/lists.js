// The Lists screen (admin): the served lists, and the upload of a new version with progress and its rejected line.
import { call, upload, el } from './api.js';

/** A suppression list has only suppression entries (a hit on one cancels matches); others may have some. */
function kindOf(l) {
  if (l.entries > 0 && l.suppressionEntries === l.entries) return el('span', { class: 'suppression' }, 'suppression list');
  if (l.suppressionEntries > 0) {
    return ['match list, ', el('span', { class: 'suppression' },
      `${l.suppressionEntries} suppression ${l.suppressionEntries === 1 ? 'entry' : 'entries'}`)];
  }
  return 'match list';
}

export async function showLists() {
  const tbody = document.querySelector('#lists-table tbody');
  const answer = await call('GET', '/v1/console/lists');
  tbody.replaceChildren(...answer.lists.map((l) => el('tr', { 'data-list': l.name },
    el('th', { scope: 'row' }, l.name),
    el('td', { class: 'kind' }, kindOf(l)),
    el('td', { class: 'version' }, l.version),
    el('td', { class: 'entries' }, String(l.entries)),
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

export function setUpLists() {
  document.getElementById('upload-form').addEventListener('submit', submitUpload);
}
