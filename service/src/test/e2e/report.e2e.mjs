// End-to-end scenarios of the public report page (/report, /report/status) in headless Debian Chromium, in each
// language: pick files, see their hashes, submit, get a receipt, check its status. Every request the pages make is
// recorded and checked: same origin only, and no body but the hashes and the form's fields.
// Run by IntakeEndToEndTest, which starts the service and passes through the environment:
//   HASHMATCH_URL     the service's base URL (http://127.0.0.1:PORT)
//   IMAGES            paths of the images to report, separated by ':'
//   SCREENSHOTS_DIR   where each screen's screenshot goes
//   RESULTS_FILE      where the JSON results go: {"scenarios":[{name,passed,error}],"runs":{lang:{..}}}
//   CHROMIUM          the browser (default /usr/bin/chromium)
// Exit code 0 when every scenario passed, 1 otherwise, 2 when the browser cannot start.
import { chromium } from 'playwright-core';
import { check, env, scenarios } from './harness.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE = env('HASHMATCH_URL');
const IMAGES = env('IMAGES').split(':');
const SHOTS = env('SCREENSHOTS_DIR');
const RESULTS = env('RESULTS_FILE');
const TIMEOUT = 30000;
const FIRST_LOAD_LIMIT = 300 * 1024;

const results = { scenarios: [], runs: {} };
const scenario = scenarios(results);

const HEX = /^[0-9a-f]+$/;
const ITEM_KEYS = ['kind', 'md5', 'sha256', 'pdq', 'quality', 'width', 'height'];

/** Throws unless a request body is exactly hashes + form fields (the routes' shapes, nothing more). */
function checkBody(path, text, form) {
  const body = JSON.parse(text);
  if (path === '/v1/report/status') {
    check(Object.keys(body).join() === 'receipt', 'status body has other keys: ' + text);
    return;
  }
  check(path === '/v1/report', 'a body was sent to ' + path);
  check(Object.keys(body).sort().join() === 'categories,challenge,contact,items,lang,seenWhere,solution,submission',
    'report body keys: ' + Object.keys(body));
  check(HEX.test(body.submission) && body.submission.length === 32, 'submission id');
  // the proof of work: the service's challenge (base64url) and a base-36 counter found in the worker
  check(/^[A-Za-z0-9_-]{56}$/.test(body.challenge) && /^[0-9a-z]{1,16}$/.test(body.solution), 'proof of work');
  for (const it of body.items) {
    for (const k of Object.keys(it)) check(ITEM_KEYS.includes(k), 'item key ' + k);
    check(HEX.test(it.md5) && it.md5.length === 32 && HEX.test(it.sha256) && it.sha256.length === 64, 'item hashes');
    if ('pdq' in it) check(HEX.test(it.pdq) && it.pdq.length === 64, 'pdq');
    for (const k of ['quality', 'width', 'height']) if (k in it) check(Number.isInteger(it[k]), k);
  }
  check(body.seenWhere === form.seen && body.contact === form.contact, 'text fields are what was typed');
  check(text.length < 600 * body.items.length + 2000, 'body too large for hashes only: ' + text.length);
}

mkdirSync(SHOTS, { recursive: true });
let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  console.error('cannot start the browser: ' + e);
  process.exit(2);
}

try {
  for (const [lang, locale] of [['en', 'en-US'], ['km', 'km-KH']]) {
    const run = { requests: [], firstLoadBytes: 0 };
    results.runs[lang] = run;
    const context = await browser.newContext({ locale, viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    const form = { seen: lang === 'km' ? 'ក្រុម Telegram <b>x</b>' : 'A Telegram group <b>x</b>', contact: '' };
    const requests = [];
    context.on('request', (r) => requests.push(r));
    const transferred = async () => {
      let sum = 0;
      for (const r of requests) {
        const s = await r.sizes().catch(() => null);
        if (s) sum += s.responseBodySize + s.responseHeadersSize;
      }
      return sum;
    };

    await scenario(lang + ': the page loads in the browser language, under 300 KB', async () => {
      await page.goto(BASE + '/report', { waitUntil: 'networkidle' });
      await page.locator('body[data-ready="true"]').waitFor({ timeout: TIMEOUT });
      run.htmlLang = await page.evaluate(() => document.documentElement.lang);
      run.title = await page.locator('h1').textContent();
      run.firstLoadBytes = await transferred();
      check(run.htmlLang === lang, 'language ' + run.htmlLang);
      check(run.firstLoadBytes > 0 && run.firstLoadBytes <= FIRST_LOAD_LIMIT, 'first load ' + run.firstLoadBytes);
      await page.screenshot({ path: join(SHOTS, `report-${lang}-1-page.png`), fullPage: true });
    });

    await scenario(lang + ': picked files are hashed on the device and shown', async () => {
      await page.setInputFiles('#files', IMAGES);
      await page.locator('#items li[data-state="done"]').nth(IMAGES.length - 1).waitFor({ timeout: TIMEOUT });
      await page.locator('#categories input').first().check();
      await page.fill('#seen', form.seen);
      run.items = await page.locator('#items li').allTextContents();
      run.sentList = await page.locator('#sent li').allTextContents();
      run.exact = JSON.parse(await page.locator('#exact').textContent());
      check(run.exact.items.length === IMAGES.length, 'items in the exact message');
      await page.locator('#preview details').evaluate((d) => { d.open = true; });
      await page.screenshot({ path: join(SHOTS, `report-${lang}-2-hashed.png`), fullPage: true });
    });

    await scenario(lang + ': submitting gives a receipt', async () => {
      await page.click('#submit');
      await page.locator('#receipt:not([hidden])').waitFor({ timeout: TIMEOUT });
      run.receipt = (await page.locator('#code').textContent()).trim();
      run.receiptTitle = await page.locator('#receipt h2').textContent();
      check(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(run.receipt), 'receipt ' + run.receipt);
      await page.screenshot({ path: join(SHOTS, `report-${lang}-3-receipt.png`), fullPage: true });
    });

    await scenario(lang + ': the status page knows the receipt', async () => {
      await page.click('#status-link');
      await page.locator('body[data-ready="true"]').waitFor({ timeout: TIMEOUT });
      await page.fill('#receipt-code', run.receipt.toLowerCase());
      await page.click('#check');
      await page.locator('#answer[data-status="received"]').waitFor({ timeout: TIMEOUT });
      run.statusText = await page.locator('#answer').textContent();
      await page.screenshot({ path: join(SHOTS, `status-${lang}-received.png`), fullPage: true });
      await page.fill('#receipt-code', '0000-0000-0000-0000');
      await page.click('#check');
      await page.locator('#answer[data-status="unknown"]').waitFor({ timeout: TIMEOUT });
      run.unknownText = await page.locator('#answer').textContent();
    });

    await scenario(lang + ': the language can be switched', async () => {
      const other = lang === 'en' ? 'km' : 'en';
      await page.click(`#languages button[data-lang="${other}"]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, other);
      run.switchedTitle = await page.locator('h1').textContent();
      await page.screenshot({ path: join(SHOTS, `status-${lang}-switched-to-${other}.png`), fullPage: true });
    });

    await scenario(lang + ': every request stays on the service and carries only hashes and form fields', async () => {
      const origin = new URL(BASE).origin;
      for (const r of requests) {
        const url = new URL(r.url());
        const text = r.postData();
        run.requests.push({ method: r.method(), path: url.pathname, bodyBytes: text ? text.length : 0 });
        check(url.origin === origin, 'request to another origin: ' + r.url());
        check(url.search === '', 'query string sent: ' + r.url());
        if (r.method() !== 'GET') check(text !== null, 'a ' + r.method() + ' without a readable body: ' + r.url());
        if (text !== null) checkBody(url.pathname, text, form);
      }
      check(requests.some((r) => new URL(r.url()).pathname === '/v1/report' && r.method() === 'POST'), 'no report sent');
    });
    await context.close();
  }
} finally {
  await browser.close();
  writeFileSync(RESULTS, JSON.stringify(results, null, 2));
}
process.exit(results.scenarios.every((s) => s.passed) ? 0 : 1);
