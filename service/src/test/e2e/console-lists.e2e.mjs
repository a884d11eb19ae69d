// End-to-end scenarios of the console's live lists in headless Debian Chromium, driven by playwright-core: exchange
// sources synced from the Lists screen, single hashes added and removed, feedback sent from a hit.
// Run by ListsConsoleEndToEndTest, which starts the service with a loopback fake NCMEC and passes through the
// environment:
//   HASHMATCH_URL          the service's base URL (http://127.0.0.1:PORT)
//   HASHMATCH_MATCH_KEY    a key with the match role
//   HASHMATCH_ADMIN_KEY    a key with the admin role
//   EXCHANGE, LIST         the exchange that syncs from the fake, and its target list
//   BROKEN_EXCHANGE        an exchange whose credentials the fake refuses
//   EXCHANGE_PDQ           the PDQ hash of the fake's first entry (entry 0 of LIST after the sync)
//   ADDED_PDQ              a PDQ hash in no list, added by hand then removed
//   SCREENSHOTS_DIR, RESULTS_FILE, CHROMIUM as for console.e2e.mjs
// Exit code 0 when every scenario passed, 1 otherwise, 2 when the browser cannot start.
import { chromium } from 'playwright-core';
import { check, env, scenarios } from './harness.mjs';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = env('HASHMATCH_URL');
const MATCH_KEY = env('HASHMATCH_MATCH_KEY');
const ADMIN_KEY = env('HASHMATCH_ADMIN_KEY');
const EXCHANGE = env('EXCHANGE');
const BROKEN = env('BROKEN_EXCHANGE');
const LIST = env('LIST');
const EXCHANGE_PDQ = env('EXCHANGE_PDQ');
const ADDED_PDQ = env('ADDED_PDQ');
const SHOTS = env('SCREENSHOTS_DIR');
const RESULTS = env('RESULTS_FILE');
const TIMEOUT = 20000;

const results = { scenarios: [], observed: {} };
const scenario = scenarios(results);
const observed = results.observed;

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

async function signIn(page, key) {
  await page.goto(BASE + '/console/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who').filter({ hasText: 'Signed in as' }).waitFor({ timeout: TIMEOUT });
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor({ state: 'visible' });
}

/** A call the page makes with its stored key: status and JSON body (the API, not the page, must refuse). */
async function fromPage(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const r = await fetch(p, { method: m, headers: { Authorization: 'Bearer ' + sessionStorage.getItem('hashmatch.apiKey'),
      'Content-Type': 'application/json' }, body: b == null ? undefined : JSON.stringify(b) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }, [method, path, body]);
}

/** The hits of one hash through POST /v1/match/hashes, as "list#entry". */
async function hitsOf(page, hash) {
  const r = await fromPage(page, 'POST', '/v1/match/hashes', { hashes: [hash] });
  check(r.status === 200, 'match answered ' + r.status);
  return r.body.results[0].hits.map((h) => `${h.list}#${h.entry}`);
}

const cells = (row) => row.locator('th, td').allTextContents();

async function pasteAndCheck(page, hash) {
  await page.getByRole('link', { name: 'Check' }).click();
  await page.locator('#hashes').fill(hash);
  await page.getByRole('button', { name: 'Check hashes' }).click();
  const card = page.locator('article.result').first();
  await card.locator('.verdict').waitFor();
  return card;
}

const userDataDir = mkdtempSync(join(tmpdir(), 'hashmatch-e2e-chromium-'));
mkdirSync(SHOTS, { recursive: true });
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1366, height: 768 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  results.scenarios.push({ name: 'browser starts', passed: false, error: String(e && e.message || e) });
  writeFileSync(RESULTS, JSON.stringify(results, null, 2));
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(2);
}

context.setDefaultTimeout(TIMEOUT);
const outside = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(BASE + '/')) return route.continue();
  outside.push(url);
  return route.abort();
});
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));

await scenario('the Lists screen shows the exchange sources before any sync', async () => {
  await signIn(page, ADMIN_KEY);
  await page.getByRole('link', { name: 'Lists' }).click();
  const row = page.locator(`#sources-table tr[data-exchange="${EXCHANGE}"]`);
  await row.waitFor();
  observed.sourceBefore = await cells(row);
  await shot(page, 'lists-01-sources-before-sync');
});

await scenario('a sync triggered from the screen shows the source after it', async () => {
  const row = page.locator(`#sources-table tr[data-exchange="${EXCHANGE}"]`);
  await row.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('#sources-report').filter({ hasText: `Synced ${EXCHANGE}` }).waitFor();
  observed.syncReport = await page.locator('#sources-report').textContent();
  await page.locator(`#sources-table tr[data-exchange="${EXCHANGE}"] .last-sync`).filter({ hasNotText: 'never' }).waitFor();
  observed.sourceAfter = await cells(page.locator(`#sources-table tr[data-exchange="${EXCHANGE}"]`));
  observed.listAfterSync = await cells(page.locator(`#lists-table tr[data-list="${LIST}"]`));
  await shot(page, 'lists-02-synced');
});

await scenario('a failed sync says why, typed, and the source shows its last error', async () => {
  const row = page.locator(`#sources-table tr[data-exchange="${BROKEN}"]`);
  await row.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('#sources-report').filter({ hasText: `Sync of ${BROKEN} failed` }).waitFor();
  // the sources table is redrawn after the report: wait for its error cell rather than read it mid-redraw
  await row.locator('.last-error').filter({ hasText: 'credentials_refused' }).waitFor({ timeout: TIMEOUT }).catch(() => {});
  observed.failedSync = {
    report: await page.locator('#sources-report').textContent(),
    reportClass: await page.locator('#sources-report').getAttribute('class'),
    lastError: await page.locator(`#sources-table tr[data-exchange="${BROKEN}"] .last-error`).textContent(),
  };
  await shot(page, 'lists-03-sync-failed');
});

await scenario('an admin adds a hash, which then matches; a wrong hash is refused with its error', async () => {
  await page.locator('#entry-add-list').selectOption(LIST);
  await page.locator('#entry-add-hash').fill('abc');
  await page.getByRole('button', { name: 'Add hash' }).click();
  await page.locator('#entry-add-report').filter({ hasText: 'Not added' }).waitFor();
  observed.addRefused = await page.locator('#entry-add-report').textContent();
  observed.addedBefore = await hitsOf(page, ADDED_PDQ);
  await page.locator('#entry-add-kind').selectOption('pdq');
  await page.locator('#entry-add-hash').fill(ADDED_PDQ);
  await page.locator('#entry-add-category').fill('e2e by hand');
  await page.getByRole('button', { name: 'Add hash' }).click();
  await page.locator('#entry-add-report').filter({ hasText: 'Added to' }).waitFor();
  observed.addReport = await page.locator('#entry-add-report').textContent();
  observed.addedHits = await hitsOf(page, ADDED_PDQ);
  await page.locator(`#lists-table tr[data-list="${LIST}"] .entries`).filter({ hasText: '+3' }).waitFor();
  observed.listAfterAdd = await cells(page.locator(`#lists-table tr[data-list="${LIST}"]`));
  await shot(page, 'lists-04-hash-added');
});

await scenario('an admin removes the entry, which then no longer matches', async () => {
  const entry = /as entry ([0-9]+)/.exec(observed.addReport)[1];
  await page.locator('#entry-remove-list').selectOption(LIST);
  await page.locator('#entry-remove-number').fill(entry);
  await page.getByRole('button', { name: 'Remove entry' }).click();
  await page.locator('#entry-remove-report').filter({ hasText: 'Removed entry' }).waitFor();
  observed.removeReport = await page.locator('#entry-remove-report').textContent();
  observed.removedHits = await hitsOf(page, ADDED_PDQ);
  await page.getByRole('button', { name: 'Remove entry' }).click();
  await page.locator('#entry-remove-report').filter({ hasText: 'Not removed' }).waitFor();
  observed.removeAgain = await page.locator('#entry-remove-report').textContent();
  await shot(page, 'lists-05-entry-removed');
});

await scenario('feedback from a hit on an exchange entry reaches the exchange', async () => {
  const card = await pasteAndCheck(page, EXCHANGE_PDQ);
  const feedback = card.getByRole('button', { name: 'Exchange feedback' });
  await feedback.click();
  await card.getByRole('button', { name: `Confirm (${EXCHANGE})` }).waitFor();
  await shot(page, 'lists-06-feedback-offered');
  await card.getByRole('button', { name: `Disagree (${EXCHANGE})` }).click();
  await card.locator('.feedback-result').filter({ hasText: 'Not sent' }).waitFor();
  observed.disagreeWithoutReason = await card.locator('.feedback-result').textContent();
  await card.getByRole('button', { name: `Confirm (${EXCHANGE})` }).click();
  await card.locator('.feedback-result').filter({ hasText: 'Confirmed' }).waitFor();
  observed.feedbackHit = (await cells(card.locator('table.hits tbody tr').first())).slice(0, 2);
  observed.confirmed = await card.locator('.feedback-result').textContent();
  await shot(page, 'lists-07-feedback-sent');
});

await scenario('disagreeing with an NCMEC entry sends the reason chosen from NCMEC\'s list', async () => {
  const card = page.locator('article.result').first();
  const reason = card.getByLabel(`Reason for disagreeing (${EXCHANGE})`);
  await card.locator('select.feedback-reason:enabled').waitFor();
  observed.reasons = await reason.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  await reason.selectOption({ label: 'Not CSAM' });
  await card.getByRole('button', { name: `Disagree (${EXCHANGE})` }).click();
  await card.locator('.feedback-result').filter({ hasText: 'Disagreed' }).waitFor();
  observed.disagreed = await card.locator('.feedback-result').textContent();
  await shot(page, 'lists-07b-feedback-reason');
});

await scenario('a match key sees no admin buttons, and the routes refuse it', async () => {
  await signOut(page);
  await signIn(page, MATCH_KEY);
  check(!(await page.getByRole('link', { name: 'Lists' }).isVisible()), 'Lists link visible to a match key');
  const card = await pasteAndCheck(page, EXCHANGE_PDQ);
  await page.waitForTimeout(500); // the feedback control would be filled asynchronously
  observed.matchKey = {
    verdict: await card.locator('.verdict').textContent(),
    buttons: await card.locator('table.hits button').count(),
    add: (await fromPage(page, 'POST', `/v1/lists/${LIST}/entries`, { kind: 'pdq', hash: ADDED_PDQ })).status,
    remove: (await fromPage(page, 'DELETE', `/v1/lists/${LIST}/entries/0`)).status,
    entry: (await fromPage(page, 'GET', `/v1/lists/${LIST}/entries/0`)).status,
    sync: (await fromPage(page, 'POST', `/v1/exchanges/${EXCHANGE}/sync`)).status,
    exchanges: (await fromPage(page, 'GET', '/v1/exchanges')).status,
    feedback: (await fromPage(page, 'POST', `/v1/exchanges/${EXCHANGE}/feedback`, { id: '42-x', positive: true })).status,
  };
  await shot(page, 'lists-08-match-key');
});

observed.requestsOutsideTheService = outside;
observed.pageErrors = pageErrors;
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
writeFileSync(RESULTS, JSON.stringify(results, null, 2));
const failed = results.scenarios.filter((s) => !s.passed);
for (const s of results.scenarios) console.log(`${s.passed ? 'ok  ' : 'FAIL'} ${s.name}${s.passed ? '' : ': ' + s.error}`);
process.exit(failed.length ? 1 : 0);
