// Feedback to hash exchanges from the Check screen's hits (admin keys only): a hit on a list that an exchange which
// takes feedback (NCMEC, StopNCII, ThreatExchange) syncs into gets a "Exchange feedback" button; it asks the service which exchange
// the entry came from (GET /v1/lists/{list}/entries/{entry}), then offers Confirm and Disagree for each, sent through
// POST /v1/exchanges/{name}/feedback with the hit's list and entry, which the audit line names. For an NCMEC entry,
// Disagree goes with one of the reasons NCMEC offers (GET /v1/exchanges/{name}/feedback/reasons), chosen from a list.
import { call, el, ApiError } from './api.js';

let admin = false;
/** The lists that a feedback-taking exchange syncs into, fetched at most once a minute. */
let targets = null;
let fetchedAt = 0;

/** Called by the shell when a key signs in or out: only an admin key sees feedback controls. */
export function setFeedbackRole(role) {
  admin = role === 'admin';
  targets = null;
}

async function feedbackLists() {
  if (!targets || Date.now() - fetchedAt > 60000) {
    fetchedAt = Date.now();
    targets = call('GET', '/v1/exchanges')
      .then((a) => new Set(a.exchanges.filter((x) => x.feedback).map((x) => x.list)))
      .catch(() => new Set());
  }
  return targets;
}

const failure = (e) => (e instanceof ApiError ? `${e.message} (${e.code})` : String(e));

/** The Confirm / Disagree controls of one exchange the entry came from. */
function originControls(hit, origin, out) {
  const reason = origin.type === 'ncmec' ? reasonChoice(hit, origin) : null;
  const send = async (positive) => {
    out.className = 'feedback-result';
    out.textContent = `Sending to ${origin.exchange}…`;
    const body = { id: origin.id, positive, kind: hit.kind, list: hit.list, entry: hit.entry };
    const chosen = !positive && reason && reason.value ? reason.selectedOptions[0].textContent : null;
    if (chosen) body.reason = reason.value;
    try {
      await call('POST', `/v1/exchanges/${encodeURIComponent(origin.exchange)}/feedback`,
        { body: JSON.stringify(body), contentType: 'application/json' });
      out.className = 'feedback-result ok';
      out.textContent = `${positive ? 'Confirmed' : 'Disagreed'}: sent to ${origin.exchange} for its entry ${origin.id}`
        + (chosen ? ` (reason: ${chosen}).` : '.');
    } catch (e) {
      out.className = 'feedback-result error';
      out.textContent = `Not sent to ${origin.exchange}: ${failure(e)}`;
    }
  };
  return el('span', { class: 'feedback-origin', 'data-exchange': origin.exchange },
    el('button', { type: 'button', class: 'secondary', onclick: () => send(true) }, `Confirm (${origin.exchange})`),
    ' ',
    el('button', { type: 'button', class: 'secondary', onclick: () => send(false) }, `Disagree (${origin.exchange})`),
    reason ? [' ', reason] : null);
}

/**
 * NCMEC's reasons for disagreeing as a list to choose from (value: the reason's GUID), filled once the service has
 * asked NCMEC; the empty choice leaves the reason to the service (NCMEC's only one, or a refusal among several).
 */
function reasonChoice(hit, origin) {
  const choice = el('select', { class: 'feedback-reason', disabled: true,
    'aria-label': `Reason for disagreeing (${origin.exchange})` },
  el('option', { value: '' }, 'Loading reasons…'));
  const kind = hit.kind === 'md5' ? 'md5' : 'pdq';
  call('GET', `/v1/exchanges/${encodeURIComponent(origin.exchange)}/feedback/reasons?kind=${kind}`)
    .then((a) => {
      choice.replaceChildren(el('option', { value: '' }, 'Reason (to disagree)…'),
        ...a.reasons.map((r) => el('option', { value: r.id }, r.name)));
      choice.disabled = false;
    })
    .catch((e) => {
      choice.replaceChildren(el('option', { value: '' }, `No reasons: ${failure(e)}`));
    });
  return choice;
}

async function openFeedback(hit, box) {
  const out = el('span', { role: 'status', class: 'feedback-result' });
  box.replaceChildren(out);
  out.textContent = 'Looking up where the entry came from…';
  try {
    const entry = await call('GET', `/v1/lists/${encodeURIComponent(hit.list)}/entries/${hit.entry}`);
    const origins = entry.origins.filter((o) => o.feedback);
    if (!origins.length) {
      out.textContent = 'This entry came from no exchange that takes feedback.';
      return;
    }
    out.textContent = '';
    box.prepend(...origins.map((o) => originControls(hit, o, out)));
  } catch (e) {
    out.className = 'feedback-result error';
    out.textContent = failure(e);
  }
}

/**
 * A container for the feedback control of one hit, filled once the service says the hit's list is synced from an
 * exchange that takes feedback; empty for other hits and for keys that are not admin.
 */
export function feedbackControl(hit) {
  const box = el('span', { class: 'feedback' });
  if (!admin || hit.suppressing) return box;
  feedbackLists().then((lists) => {
    if (!lists.has(hit.list)) return;
    box.replaceChildren(el('button', { type: 'button', class: 'secondary',
      onclick: () => openFeedback(hit, box) }, 'Exchange feedback'));
  });
  return box;
}
