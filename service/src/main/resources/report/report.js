// The report page: files are hashed here, in a Web Worker (hash-worker.mjs); a video's frames are read in the page
// itself (hash.mjs's videoFrames needs a <video> element, which a worker does not have), one video at a time, the
// module loaded only once a video is picked. Only the hashes and the fields the reader fills in are sent
// (POST /v1/report). Nothing else leaves the device: no file, no file name, no pixels.
import { language, onChange, start, t } from './i18n.mjs';

const $ = (id) => document.getElementById(id);
// {kind, state: 'hashing'|'done'|'failed', result, error; videos also frames: {state: 'waiting'|'reading'|'done'|'none',
// done, total, vpdq}}
const items = [];
let form = { categories: [], maxItems: 20, maxSeenWhere: 1000, maxContact: 200, maxFrames: 1200 };
let videos = Promise.resolve(); // the videos' frames are read one after the other
let worker = null;
let nextId = 0;
const pending = new Map();
let submissionId = null;

function randomHex(bytes) {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function inWorker(message) {
  if (!worker) {
    worker = new Worker('/report/hash-worker.mjs', { type: 'module' });
    worker.onmessage = (e) => {
      const { id, result, error } = e.data;
      const p = pending.get(id);
      pending.delete(id);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(result);
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, ...message });
  });
}

function hashInWorker(blob, kind) {
  return inWorker({ blob, kind: kind === 'image' ? 'image' : 'file' });
}

/** Challenge codes after which a new challenge is asked for and the report sent once more. */
const STALE_CHALLENGE = ['challenge_expired', 'challenge_forged', 'challenge_replayed'];

/** POSTs the report with a freshly solved proof-of-work challenge (solved in the worker: no network, no pixels). */
async function sendWithChallenge(b) {
  for (let attempt = 0; ; attempt++) {
    const c = await fetch('/v1/report/challenge', { credentials: 'omit', cache: 'no-store' });
    if (!c.ok) throw new Error(String(c.status));
    const { challenge, difficulty } = await c.json();
    const solution = await inWorker({ challenge, difficulty });
    const r = await fetch('/v1/report', {
      method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ challenge, solution, ...b }),
    });
    const answer = await r.json().catch(() => ({}));
    const code = answer.error && answer.error.code;
    if (r.ok || attempt > 0 || !STALE_CHALLENGE.includes(code)) return { r, answer };
  }
}

/** Frames the report can still carry: the service's cap less what the other videos took. */
function framesLeft(self) {
  let used = 0;
  for (const it of items) {
    if (it !== self && it.frames && it.frames.vpdq) used += it.frames.vpdq.length;
  }
  return Math.max(0, form.maxFrames - used);
}

/** Reads a video's frames into it.frames (after the videos picked before it), showing the progress as it goes. */
function readFrames(file, it) {
  it.frames = { state: 'waiting', done: 0, total: 0, vpdq: null };
  videos = videos.then(async () => {
    const max = framesLeft(it);
    if (max === 0) {
      it.frames.state = 'none';
      return;
    }
    it.frames.state = 'reading';
    render();
    const { videoFrames } = await import('./hash.mjs');
    const vpdq = await videoFrames(file, {
      maxFrames: max,
      onFrame: (done, total) => { it.frames.done = done; it.frames.total = total; render(); },
    });
    it.frames.vpdq = vpdq && vpdq.length > 0 ? vpdq : null;
    it.frames.state = it.frames.vpdq ? 'done' : 'none';
  }).catch(() => { it.frames.state = 'none'; }).then(render);
}

/** Whether an item is still being hashed (its file, or a video's frames). */
function busy(it) {
  return it.state === 'hashing' || (it.frames && (it.frames.state === 'waiting' || it.frames.state === 'reading'));
}

function kindOf(file) {
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('video/')) return 'video';
  return 'file';
}

/** The body POST /v1/report sends: exactly what "What will be sent" shows. */
function body() {
  const chosen = [...document.querySelectorAll('#categories input:checked')].map((c) => c.value);
  return {
    submission: submissionId,
    lang: language(),
    items: items.filter((i) => i.state === 'done').map((i) => (i.kind === 'image'
      ? { kind: 'image', md5: i.result.md5, sha256: i.result.sha256, pdq: i.result.pdq, quality: i.result.quality,
          width: i.result.width, height: i.result.height }
      : i.frames && i.frames.vpdq
        ? { kind: i.kind, md5: i.result.md5, sha256: i.result.sha256, vpdq: i.frames.vpdq }
        : { kind: i.kind, md5: i.result.md5, sha256: i.result.sha256 })),
    categories: chosen,
    seenWhere: $('seen').value.trim(),
    contact: $('contact').value.trim(),
  };
}

function li(text, cls) {
  const e = document.createElement('li');
  e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function render() {
  const list = $('items');
  list.replaceChildren();
  items.forEach((it, n) => {
    const e = li(t('kind.' + it.kind) + ' ' + (n + 1) + ': ' + (it.state === 'hashing' ? t('pick.hashing')
      : it.state === 'done' ? t('pick.done') : t('pick.failed', { error: it.error })));
    e.dataset.state = busy(it) ? 'hashing' : it.state;
    if (it.state === 'done') {
      const h = document.createElement('div');
      h.className = 'hash';
      h.textContent = 'MD5 ' + it.result.md5 + ' · SHA-256 ' + it.result.sha256
        + (it.result.pdq ? ' · PDQ ' + it.result.pdq : '');
      e.append(h);
    }
    if (it.frames) {
      const f = it.frames;
      const p = document.createElement('div');
      p.className = 'frames';
      p.dataset.frames = f.state;
      p.textContent = f.state === 'done' ? t('pick.framesDone', { count: f.vpdq.length })
        : f.state === 'none' ? t('pick.noFrames')
          : t('pick.frames', { done: f.done, total: f.total || '…' });
      e.append(p);
    }
    list.append(e);
  });
  const b = body();
  const sent = $('sent');
  sent.replaceChildren();
  let shown = 0;
  items.forEach((it) => {
    if (it.state !== 'done') return;
    const kind = t('kind.' + it.kind);
    sent.append(li(it.frames && it.frames.vpdq
      ? t('preview.video', { kind, n: ++shown, count: it.frames.vpdq.length })
      : t('preview.item', { kind, n: ++shown })));
  });
  const labels = form.categories.filter((c) => b.categories.includes(c.id))
    .map((c) => c.labels[language()] || c.labels.en || c.id);
  if (labels.length) sent.append(li(t('preview.categories', { value: labels.join(', ') })));
  if (b.seenWhere) sent.append(li(t('preview.seen', { value: b.seenWhere })));
  sent.append(li(b.contact ? t('preview.contact', { value: b.contact }) : t('preview.noContact')));
  sent.append(li(t('preview.notSent')));
  $('exact').textContent = JSON.stringify(b, null, 2);
  $('submit').disabled = items.some(busy) || b.items.length === 0;
}

function renderCategories() {
  const box = $('categories');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((c) => c.value));
  box.querySelectorAll('label').forEach((l) => l.remove());
  for (const c of form.categories) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.value = c.id;
    input.checked = checked.has(c.id);
    input.addEventListener('change', render);
    label.append(input, document.createTextNode(c.labels[language()] || c.labels.en || c.id));
    box.append(label);
  }
}

async function pickFiles(files) {
  $('problem').textContent = '';
  submissionId = randomHex(16); // new content: a new submission
  for (const file of files) {
    if (items.length >= form.maxItems) {
      $('problem').textContent = t('pick.tooMany', { max: form.maxItems });
      break;
    }
    const it = { kind: kindOf(file), state: 'hashing', result: null, error: '' };
    items.push(it);
    if (it.kind === 'video') readFrames(file, it);
    render();
    hashInWorker(file, it.kind).then((result) => {
      it.result = result;
      it.state = 'done';
    }, (e) => {
      it.state = 'failed';
      it.error = e.message;
    }).then(render);
  }
}

async function submit() {
  const b = body();
  $('submit').disabled = true;
  $('problem').textContent = t('preview.sending');
  try {
    const { r, answer } = await sendWithChallenge(b);
    if (!r.ok) throw new Error((answer.error && answer.error.message) || String(r.status));
    $('problem').textContent = '';
    $('code').textContent = answer.receipt;
    $('receipt').hidden = false;
    for (const s of ['pick', 'details', 'preview']) $(s).hidden = true;
    $('receipt').scrollIntoView();
  } catch (e) {
    $('problem').textContent = t('preview.failed', { error: e.message });
    $('submit').disabled = false;
  }
}

async function main() {
  await start();
  const r = await fetch('/v1/report/form', { credentials: 'omit' });
  if (r.ok) form = await r.json();
  $('seen').maxLength = form.maxSeenWhere;
  $('contact').maxLength = form.maxContact;
  renderCategories();
  render();
  onChange(() => { renderCategories(); render(); });
  $('files').addEventListener('change', (e) => { pickFiles([...e.target.files]); e.target.value = ''; });
  $('seen').addEventListener('input', render);
  $('contact').addEventListener('input', render);
  $('submit').addEventListener('click', submit);
  document.body.dataset.ready = 'true';
}

main();
