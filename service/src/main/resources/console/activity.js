// The Activity screen (admin): request and hit counts from the service's metrics, sampled while the screen is open,
// the audit log's latest entries and the verification of its chain (GET /v1/console/activity).
import { call, el } from './api.js';

const samples = [];
const MAX_SAMPLES = 20;
const SAMPLE_MS = 10000;
let timer = null;

/** What a match request did, as its audit line says: counts and list versions (never a hash). */
function counts(e) {
  if (e.queries == null) return '';
  const lists = (e.lists || []).join(', '); // each name@version#checksum
  return `${e.queries} queries, ${e.hits} hits${lists ? ' on ' + lists : ''}`;
}

export async function showActivity() {
  const a = await call('GET', '/v1/console/activity');
  samples.unshift({ time: new Date(a.time), ...a.metrics });
  samples.length = Math.min(samples.length, MAX_SAMPLES);
  document.querySelector('#metrics-table tbody').replaceChildren(...samples.map((s) => el('tr', {},
    el('td', {}, s.time.toLocaleTimeString()), el('td', { class: 'requests' }, String(s.requests)),
    el('td', {}, String(s.queriesMatched)), el('td', { class: 'hits' }, String(s.hits)))));
  const v = a.audit.verification;
  const chain = document.getElementById('audit-chain');
  chain.className = v.intact ? 'ok' : 'error';
  chain.textContent = v.intact ? `Audit chain intact: ${v.lines} lines verified.`
    : `Audit chain BROKEN at line ${v.brokenLine}: ${v.reason}`;
  document.querySelector('#audit-table tbody').replaceChildren(...a.audit.latest.map((e) => el('tr', {},
    el('td', {}, e.time), el('td', {}, e.key ?? '—'), el('td', { class: 'route' }, e.route ?? eventText(e)),
    el('td', {}, e.status !== undefined ? String(e.status) : statusesText(e)),
    el('td', { class: 'counts' }, counts(e)))));
}

/** An audit line that is not one request: "refused 203.0.113.7 ×57", "recovered", "continued". */
function eventText(e) {
  return e.event === 'refused' ? `refused ${e.client} ×${e.count}` : String(e.event ?? '');
}

/** The statuses of a "refused" line, "401×20 429×37"; empty for other event lines. */
function statusesText(e) {
  return Object.entries(e.statuses ?? {}).map(([s, n]) => `${s}×${n}`).join(' ');
}

export function setUpActivity() {
  document.getElementById('activity-refresh').addEventListener('click', showActivity);
}

/** Samples every SAMPLE_MS while the Activity screen is shown. */
export function sampleActivity(on) {
  clearInterval(timer);
  timer = on ? setInterval(() => showActivity().catch(() => {}), SAMPLE_MS) : null;
}
