// The status page: the receipt code is sent in a POST body (never in a URL), the answer shown in the reader's language.
import { language, onChange, start, t } from './i18n.mjs';

const $ = (id) => document.getElementById(id);
let last = null; // the last answer, re-shown on a language change

function show() {
  if (!last) return;
  if (last.status === 'unknown' || last.status === 'failed') {
    $('answer').textContent = t('status.' + last.status);
  } else {
    const date = new Date(last.status === 'received' ? last.receivedAt : last.updatedAt)
      .toLocaleDateString(language(), { year: 'numeric', month: 'long', day: 'numeric' });
    $('answer').textContent = t('status.' + last.status, { date });
  }
  $('answer').dataset.status = last.status;
}

async function check() {
  const receipt = $('receipt-code').value.trim();
  if (!receipt) return;
  try {
    const r = await fetch('/v1/report/status', {
      method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ receipt }),
    });
    last = r.status === 404 ? { status: 'unknown' } : r.ok ? await r.json() : { status: 'failed' };
  } catch (e) {
    last = { status: 'failed' };
  }
  show();
}

async function main() {
  await start();
  onChange(show);
  $('check').addEventListener('click', check);
  $('receipt-code').addEventListener('keydown', (e) => { if (e.key === 'Enter') check(); });
  document.body.dataset.ready = 'true';
}

main();
