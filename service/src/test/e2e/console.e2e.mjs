// End-to-end scenarios of the web console in headless Debian Chromium, driven by playwright-core.
// Run by ConsoleEndToEndTest, which starts the service and passes everything through the environment:
//   HASHMATCH_URL          the service's base URL (http://127.0.0.1:PORT)
//   HASHMATCH_MATCH_KEY    a key with the match role
//   HASHMATCH_ADMIN_KEY    a key with the admin role
//   HIT_IMAGE, MISS_IMAGE  an image in a served list, and one in none
//   VARIANT_IMAGES         edited copies of a listed image (a border, a collage, bars), separated by the path
//                          delimiter: each found through a variant, and none with variants off
//   NOT_IMAGE              a file that is not an image
//   REPLACEMENT_LIST       a valid list file, uploaded as a new version of list LIST_NAME
//   BAD_LIST               a list file with an invalid line
//   SCREENSHOTS_DIR        where each screen's screenshot goes
//   RESULTS_FILE           where the JSON results go: {"scenarios":[{name,passed,error}],"observed":{..}}
//   CHROMIUM               the browser (default /usr/bin/chromium)
// Exit code 0 when every scenario passed, 1 otherwise, 2 when the browser cannot start.
import { chromium } from 'playwright-core';
import { check, env, scenarios } from './harness.mjs';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const BASE = env('HASHMATCH_URL');
const MATCH_KEY = env('HASHMATCH_MATCH_KEY');
const ADMIN_KEY = env('HASHMATCH_ADMIN_KEY');
const LIST_NAME = env('LIST_NAME');
const SHOTS = env('SCREENSHOTS_DIR');
const RESULTS = env('RESULTS_FILE');
const TIMEOUT = 15000;

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

/** The status of a call the page itself makes with its stored key (the API, not the page, must refuse). */
async function statusFromPage(page, method, path) {
  return page.evaluate(async ([m, p]) => {
    const r = await fetch(p, { method: m, headers: { Authorization: 'Bearer ' + sessionStorage.getItem('hashmatch.apiKey'),
      'Content-Type': 'text/plain' }, body: m === 'GET' ? undefined : 'pdq 0' });
    return r.status;
  }, [method, path]);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'hashmatch-e2e-chromium-'));
mkdirSync(SHOTS, { recursive: true });
let context;
try {
  // a persistent context is how Playwright takes a fresh --user-data-dir (deleted at the end)
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
// air-gapped: any request that leaves the service is recorded (and refused)
const outside = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(BASE + '/')) return route.continue();
  outside.push(url);
  return route.abort();
});
const page = await context.newPage();
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

await scenario('a wrong key is refused at sign-in', async () => {
  await page.goto(BASE + '/console/');
  await page.getByLabel('API key').fill('hm_not-a-configured-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#signin-error').filter({ hasText: 'not valid' }).waitFor();
  observed.wrongKeyMessage = await page.locator('#signin-error').textContent();
  await shot(page, '01-sign-in-refused');
});

await scenario('match key: only the Check screen, and the API refuses the admin routes', async () => {
  await signIn(page, MATCH_KEY);
  observed.matchWho = await page.locator('#who').textContent();
  check(await page.getByRole('link', { name: 'Check' }).isVisible(), 'Check link not visible');
  check(!(await page.getByRole('link', { name: 'Lists' }).isVisible()), 'Lists link visible to a match key');
  check(!(await page.getByRole('link', { name: 'Activity' }).isVisible()), 'Activity link visible to a match key');
  await page.goto(BASE + '/console/#lists');
  await page.locator('#check').waitFor({ state: 'visible' });
  check(await page.locator('#lists').isHidden(), 'the Lists screen opened for a match key');
  observed.matchKeyActivityStatus = await statusFromPage(page, 'GET', '/v1/console/activity');
  observed.matchKeyListPutStatus = await statusFromPage(page, 'PUT', '/v1/lists/' + LIST_NAME);
  await shot(page, '02-match-key-check');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor({ state: 'visible' });
  check(await page.evaluate(() => sessionStorage.getItem('hashmatch.apiKey')) === null, 'key left in sessionStorage');
});

await scenario('admin key: every screen', async () => {
  await signIn(page, ADMIN_KEY);
  observed.adminWho = await page.locator('#who').textContent();
  for (const name of ['Check', 'Lists', 'Activity']) {
    check(await page.getByRole('link', { name }).isVisible(), name + ' link not visible to an admin key');
  }
});

await scenario('an image that hits a list, hidden until revealed', async () => {
  await page.getByRole('link', { name: 'Check' }).click();
  await page.setInputFiles('#image-files', env('HIT_IMAGE'));
  const card = page.locator('article.result').first();
  await card.locator('.verdict').waitFor();
  observed.hit = {
    verdict: await card.locator('.verdict').textContent(),
    pdq: await card.locator('[data-field="PDQ"]').textContent(),
    quality: await card.locator('[data-field="PDQ quality"]').textContent(),
    md5: await card.locator('[data-field="MD5"]').textContent(),
    hits: await card.locator('table.hits tbody tr').evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))),
  };
  observed.hit.imagesBeforeAsking = await card.locator('img').count();
  await shot(page, '03-check-hit-hidden');
  await card.getByRole('button', { name: 'Show blurred preview' }).click();
  const img = card.locator('img');
  await img.waitFor();
  observed.hit.previewFilter = await img.evaluate((i) => getComputedStyle(i).filter);
  observed.hit.previewSrcIsObjectUrl = (await img.getAttribute('src')).startsWith('blob:');
  await shot(page, '04-check-hit-blurred');
  await card.getByRole('button', { name: 'Reveal image' }).click();
  await page.locator('article.result img.revealed').waitFor();
  observed.hit.revealedFilter = await img.evaluate((i) => getComputedStyle(i).filter);
  await shot(page, '05-check-hit-revealed');
});

await scenario('an image that hits no list', async () => {
  await page.setInputFiles('#image-files', env('MISS_IMAGE'));
  const card = page.locator('article.result').first();
  await card.locator('.verdict').filter({ hasText: 'No match' }).waitFor();
  observed.miss = {
    verdict: await card.locator('.verdict').textContent(),
    pdq: await card.locator('[data-field="PDQ"]').textContent(),
    hitRows: await card.locator('table.hits tbody tr').count(),
    imagesBeforeAsking: await card.locator('img').count(),
  };
  await shot(page, '06-check-miss');
});

await scenario('a file that is not an image gets no preview and is not counted as one', async () => {
  await page.setInputFiles('#image-files', [env('HIT_IMAGE'), env('NOT_IMAGE')]);
  await page.locator('#check-status').filter({ hasText: 'Checked' }).waitFor();
  const cards = page.locator('article.result');
  observed.mixed = {
    status: await page.locator('#check-status').textContent(),
    titles: await cards.locator('h3').allTextContents(),
    previewButtons: await cards.evaluateAll((all) => all.map((c) => c.querySelectorAll('button').length)),
    notImageError: await cards.nth(1).locator('.error').textContent(),
  };
  await shot(page, '06b-check-not-an-image');
});

await scenario('edited copies are found through a variant, and not with variants off', async () => {
  const variants = page.getByLabel('Match variants too');
  const copies = env('VARIANT_IMAGES').split(delimiter);
  observed.variantsCheckedByDefault = await variants.isChecked();
  await page.setInputFiles('#image-files', copies);
  await page.locator('#check-status').filter({ hasText: `Checked ${copies.length} images` }).waitFor();
  const cards = page.locator('article.result');
  observed.variants = [];
  for (let i = 0; i < copies.length; i++) {
    const card = cards.nth(i);
    await card.locator('.verdict').waitFor();
    observed.variants.push({
      title: await card.locator('h3').textContent(),
      verdict: await card.locator('.verdict').textContent(),
      pdq: await card.locator('[data-field="PDQ"]').textContent(),
      hits: await card.locator('table.hits tbody tr').evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))),
    });
  }
  await shot(page, '06c-check-variant');
  await variants.uncheck();
  await page.setInputFiles('#image-files', copies);
  // the status still says "Checked N images" from above: wait for the last card's verdict instead
  await page.locator('article.result .verdict').filter({ hasText: 'No match' }).nth(copies.length - 1).waitFor();
  observed.variantOff = await page.locator('article.result .verdict').allTextContents();
  await variants.check();
});

await scenario('pasted hashes, and a batch with a line that is not a hash', async () => {
  await page.getByLabel(/One hash per line/).fill(env('HIT_PDQ') + '\n' + '0'.repeat(32));
  await page.getByRole('button', { name: 'Check hashes' }).click();
  await page.locator('#check-status').filter({ hasText: 'Checked' }).waitFor();
  observed.pasted = await page.locator('article.result .verdict').allTextContents();
  await shot(page, '07-check-hashes');
  await page.getByLabel(/One hash per line/).fill('# a comment\n' + env('HIT_PDQ') + '\nnot-a-hash\n\n' + '0'.repeat(32));
  await page.getByRole('button', { name: 'Check hashes' }).click();
  await page.locator('#check-status').filter({ hasText: 'not a hash' }).waitFor();
  observed.pastedInvalid = {
    status: await page.locator('#check-status').textContent(),
    titles: await page.locator('article.result h3').allTextContents(),
    verdicts: await page.locator('article.result .verdict').allTextContents(),
  };
  await shot(page, '07b-check-hashes-line-by-line');
});

await scenario('the Lists screen', async () => {
  await page.getByRole('link', { name: 'Lists' }).click();
  await page.locator(`#lists-table tr[data-list="${LIST_NAME}"]`).waitFor();
  observed.listsBefore = await page.locator('#lists-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent)));
  await shot(page, '08-lists');
});

await scenario('a list upload that replaces a list', async () => {
  await page.getByLabel('List name').fill(LIST_NAME);
  await page.getByLabel('List file').setInputFiles(env('REPLACEMENT_LIST'));
  await page.getByLabel('Version label (optional)').fill('e2e-2');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#upload-report .ok').waitFor();
  observed.uploadReport = await page.locator('#upload-report').textContent();
  observed.uploadProgress = await page.locator('#upload-progress').evaluate((p) => p.value);
  await page.locator(`#lists-table tr[data-list="${LIST_NAME}"] .version`).filter({ hasText: 'e2e-2' }).waitFor();
  observed.listsAfter = await page.locator('#lists-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent)));
  await shot(page, '09-lists-replaced');
});

await scenario('a failed first upload says that no list was made, and its rejected line once', async () => {
  await page.getByLabel('List name').fill('fresh');
  await page.getByLabel('List file').setInputFiles(env('BAD_LIST'));
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#upload-report .error').waitFor();
  observed.badFirstUpload = {
    report: await page.locator('#upload-report').innerText(),
    message: await page.locator('#upload-report .error').textContent(),
    rejected: await page.locator('#upload-report .rejected-line').allTextContents(),
    lists: await page.locator('#lists-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.list)),
  };
  await page.getByLabel('List name').fill(LIST_NAME);
});

await scenario('a bad list upload shows its rejected line', async () => {
  await page.getByLabel('List file').setInputFiles(env('BAD_LIST'));
  await page.getByLabel('Version label (optional)').fill('e2e-bad');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#upload-report .error').waitFor();
  observed.badUpload = {
    message: await page.locator('#upload-report .error').textContent(),
    rejected: await page.locator('#upload-report .rejected-line').allTextContents(),
    versionAfter: await page.locator(`#lists-table tr[data-list="${LIST_NAME}"] .version`).textContent(),
  };
  await shot(page, '10-lists-bad-upload');
});

await scenario('the Activity screen', async () => {
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.locator('#audit-table tbody tr').first().waitFor();
  observed.activity = {
    chain: await page.locator('#audit-chain').textContent(),
    requests: Number(await page.locator('#metrics-table tbody tr .requests').first().textContent()),
    hits: Number(await page.locator('#metrics-table tbody tr .hits').first().textContent()),
    routes: await page.locator('#audit-table tbody .route').allTextContents(),
    hitCounts: await page.locator('#audit-table tbody tr').filter({ hasText: 'POST /v1/match/image' }).last()
      .locator('.counts').textContent(),
  };
  await shot(page, '11-activity');
});

await scenario('keyboard: the screens are reachable with Tab and Enter, focus is visible', async () => {
  await page.goto(BASE + '/console/#check');
  await page.locator('#check').waitFor({ state: 'visible' });
  await page.locator('a.skip').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  observed.keyboard = await page.evaluate(() => ({ focused: document.activeElement.textContent,
    outline: getComputedStyle(document.activeElement).outlineStyle }));
  await page.keyboard.press('Enter');
  await page.locator('#lists').waitFor({ state: 'visible' });
});

observed.requestsOutsideTheService = outside;
observed.pageErrors = consoleErrors;
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
writeFileSync(RESULTS, JSON.stringify(results, null, 2));
const failed = results.scenarios.filter((s) => !s.passed);
for (const s of results.scenarios) console.log(`${s.passed ? 'ok  ' : 'FAIL'} ${s.name}${s.passed ? '' : ': ' + s.error}`);
process.exit(failed.length ? 1 : 0);
