// The Check screen: images (dropped or chosen) and pasted hashes, matched against the served lists.
// A dropped image stays in this tab's memory as an object URL; it is drawn only when the user asks, first blurred
// and greyscale, then as it is after a second explicit click.
import { call, el, ApiError } from './api.js';
import { feedbackControl } from './feedback.js';

const results = () => document.getElementById('results');
const status = (text, cls = '') => {
  const s = document.getElementById('check-status');
  s.textContent = text;
  s.className = cls;
};

/** One side of a hit between variants as the scan report writes it: kind/transform, then @[x,y,w,h] when known. */
const variantText = (v) => `${v.kind}/${v.transform}` + (v.rect ? `@[${v.rect.join(',')}]` : '');

/** Which variants met, query → list entry; a dash for a hit of the whole images as they are. */
const variantOf = (h) => (h.queryVariant ? `${variantText(h.queryVariant)} → ${variantText(h.entryVariant)}` : '—');

function hitRows(hits) {
  if (!hits.length) return el('p', {}, 'No hit.');
  return el('table', { class: 'hits' },
    el('caption', {}, 'Hits'),
    el('thead', {}, el('tr', {}, ['List', 'Entry', 'Distance', 'Variant', 'Hash kind', 'Category', 'Source list', 'Note']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, hits.map((h) => el('tr', {},
      el('td', {}, h.list), el('td', {}, String(h.entry)), el('td', {}, h.distance === undefined ? '—' : String(h.distance)),
      el('td', { class: 'variant' }, variantOf(h)), el('td', {}, h.kind),
      el('td', {}, h.category ?? '—'), el('td', {}, h.source ?? '—'),
      el('td', {}, h.suppressing ? el('span', { class: 'suppression' }, 'suppression entry')
        : h.suppressed ? 'cancelled by a suppression entry' : '', feedbackControl(h))))));
}

function verdict(result) {
  if (result.error) return el('p', { class: 'error verdict' }, result.error.message);
  let text = result.matched ? 'Match' : 'No match';
  if (result.suppressed) text = 'No match (suppressed)';
  if (result.lowQuality) text += ' — low-quality PDQ';
  return el('p', { class: result.matched ? 'error verdict' : 'ok verdict' }, text);
}

function resultCard(title, result, extra = []) {
  const cls = result.error ? 'result' : result.matched ? 'result matched' : 'result clear';
  return el('article', { class: cls, 'aria-label': title },
    el('h3', {}, title), verdict(result), ...extra, result.error ? null : hitRows(result.hits));
}

function hashList(h) {
  const rows = [['PDQ', h.pdq], ['PDQ quality', h.quality], ['MD5', h.md5], ['SHA-1', h.sha1], ['SHA-256', h.sha256],
    ['Size', h.width != null ? `${h.width}×${h.height} ${h.format ?? ''}` : null]].filter(([, v]) => v != null);
  return el('dl', {}, rows.map(([k, v]) => [el('dt', {}, k), el('dd', { class: 'hash', 'data-field': k }, String(v))]));
}

/** The preview control of one image: nothing drawn, then blurred greyscale, then revealed, each on a click. */
function preview(file) {
  const url = URL.createObjectURL(file);
  const box = el('div', { class: 'preview' });
  const img = el('img', { alt: `Preview of ${file.name}`, class: 'shielded' });
  const reveal = el('button', { type: 'button', class: 'secondary reveal' }, 'Reveal image');
  const show = el('button', { type: 'button', class: 'secondary show-preview' }, 'Show blurred preview');
  show.addEventListener('click', () => {
    img.src = url;
    box.replaceChildren(img, reveal);
    reveal.focus();
  });
  reveal.addEventListener('click', () => {
    img.className = 'revealed';
    box.replaceChildren(img, el('button', { type: 'button', class: 'secondary hide', onclick: () => {
      img.removeAttribute('src');
      img.className = 'shielded';
      box.replaceChildren(show);
      show.focus();
    } }, 'Hide image'));
  });
  box.append(show);
  return box;
}

/**
 * One file's card, and whether the service decoded it as an image: only an image gets the preview control (a file
 * that is not one has nothing to draw).
 */
async function checkImage(file, variants) {
  try {
    const answer = await call('POST', '/v1/match/image' + (variants ? '' : '?variants=false'),
      { body: file, contentType: 'application/octet-stream' });
    return { image: true, card: resultCard(file.name, answer.result, [hashList(answer.hashes), preview(file)]) };
  } catch (e) {
    return { image: false, card: el('article', { class: 'result', 'aria-label': file.name }, el('h3', {}, file.name),
      el('p', { class: 'error' }, e instanceof ApiError ? `${e.message} (${e.code})` : String(e))) };
  }
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

async function checkImages(files) {
  if (!files.length) return;
  status(`Checking ${plural(files.length, 'file', 'files')}…`);
  results().replaceChildren();
  let images = 0;
  const variants = document.getElementById('image-variants').checked;
  for (const file of files) {
    const checked = await checkImage(file, variants);
    if (checked.image) images++;
    results().append(checked.card);
  }
  const others = files.length - images;
  status(`Checked ${plural(images, 'image', 'images')}.`
    + (others ? ` ${plural(others, 'file was', 'files were')} not checked (see below).` : ''), others ? 'error' : '');
}

/**
 * The queries of the pasted text as the command line reads standard input: one per line, blank lines and
 * # comments skipped; each keeps its line number.
 */
function pastedQueries(text) {
  return text.split(/\r?\n/).map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((q) => q.text && !q.text.startsWith('#'));
}

/**
 * Answers pasted hashes line by line, as the command line does: the lines that are not hashes are marked with the
 * reason, the others are answered. The service refuses a batch with a bad line (listing every bad one), so the
 * good lines are then sent again alone.
 */
async function checkHashes(event) {
  event.preventDefault();
  const queries = pastedQueries(document.getElementById('hashes').value);
  if (!queries.length) {
    status('Paste at least one hash.', 'error');
    return;
  }
  const maxDistance = Number(document.getElementById('max-distance').value);
  status(`Checking ${plural(queries.length, 'line', 'lines')}…`);
  results().replaceChildren();
  const answers = new Map();
  let pending = queries.map((q, i) => i);
  while (pending.length) {
    try {
      const answer = await call('POST', '/v1/match/hashes', {
        body: JSON.stringify({ hashes: pending.map((i) => queries[i].text), maxDistance }),
        contentType: 'application/json' });
      answer.results.forEach((r, k) => answers.set(pending[k], r));
      pending = [];
    } catch (e) {
      const bad = (e.details || []).filter((d) => d.index != null && d.index < pending.length);
      if (!bad.length) {
        status(e.message, 'error');
        return;
      }
      for (const d of bad) answers.set(pending[d.index], { query: queries[pending[d.index]].text, error: { message: d.message } });
      const refused = new Set(bad.map((d) => d.index));
      pending = pending.filter((_, k) => !refused.has(k));
    }
  }
  queries.forEach((q, i) => results().append(resultCard(`Line ${q.line}: ${q.text}`, answers.get(i))));
  const invalid = [...answers.values()].filter((r) => r.error).length;
  status(`Checked ${plural(queries.length - invalid, 'hash', 'hashes')}.`
    + (invalid ? ` ${plural(invalid, 'line is', 'lines are')} not a hash (marked below).` : ''), invalid ? 'error' : '');
}

export function setUpCheck() {
  const drop = document.getElementById('drop');
  const input = document.getElementById('image-files');
  drop.addEventListener('click', () => input.click());
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); }
  });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    checkImages([...e.dataTransfer.files]);
  });
  input.addEventListener('change', () => { checkImages([...input.files]); input.value = ''; });
  document.getElementById('hash-form').addEventListener('submit', checkHashes);
}
