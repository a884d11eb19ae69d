// The console's shell: sign-in, the screens the key's role allows, and navigation between them (#check, #lists,
// #activity). The role comes from the service (GET /v1/console/session); hiding a screen is a courtesy, the
// service refuses an admin route to a match key whatever the page shows.
import { call, session, ApiError } from './api.js';
import { setUpCheck } from './check.js';
import { setUpLists, showLists } from './lists.js';
import { setUpActivity, showActivity, sampleActivity } from './activity.js';
import { showHotline } from './hotline.js';
import { setFeedbackRole } from './feedback.js';

const SCREENS = { check: null, lists: showLists, activity: showActivity, hotline: showHotline };
let current = null;

function show(id, load) {
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== id;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.screen === id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  sampleActivity(id === 'activity');
  if (load) {
    load().catch((e) => {
      const section = document.getElementById(id);
      const p = section.querySelector('.load-error') || section.appendChild(document.createElement('p'));
      p.className = 'error load-error';
      p.setAttribute('role', 'alert');
      p.textContent = e instanceof ApiError ? `${e.message} (${e.status})` : String(e);
    });
  }
}

function route() {
  if (!current) {
    show('signin');
    document.getElementById('api-key').focus();
    return;
  }
  let id = location.hash.slice(1);
  if (!(id in SCREENS) || !allowed(document.querySelector(`#nav a[data-screen="${id}"]`)?.closest('li'))) id = 'check';
  show(id, SCREENS[id]);
}

/** A nav item's data-role lists the roles that may use its screen (none: every role). */
function allowed(li) {
  return !li?.dataset.role || li.dataset.role.split(' ').includes(current.role);
}

function enter(me) {
  current = me;
  setFeedbackRole(me.role);
  document.getElementById('nav').hidden = false;
  for (const li of document.querySelectorAll('#nav [data-role]')) li.hidden = !allowed(li);
  document.getElementById('who').textContent = `Signed in as ${me.key} (${me.role})`;
  document.getElementById('sign-out').hidden = false;
  document.getElementById('max-distance').value = me.maxDistance;
  route();
  document.getElementById('main').focus();
}

async function signIn(key) {
  const me = await call('GET', '/v1/console/session', { key });
  session.save(key);
  enter(me);
}

function signOut() {
  session.clear();
  current = null;
  setFeedbackRole(null);
  document.getElementById('nav').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('sign-out').hidden = true;
  document.getElementById('results').replaceChildren();
  location.hash = '';
  route();
}

document.addEventListener('DOMContentLoaded', async () => {
  setUpCheck();
  setUpLists();
  setUpActivity();
  window.addEventListener('hashchange', route);
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.getElementById('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = document.getElementById('api-key');
    const error = document.getElementById('signin-error');
    error.textContent = '';
    try {
      await signIn(input.value.trim());
      input.value = '';
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? 'This key is not valid.' : String(err.message);
    }
  });
  const saved = session.key();
  if (saved) {
    try { await signIn(saved); return; } catch (e) { session.clear(); }
  }
  route();
});
