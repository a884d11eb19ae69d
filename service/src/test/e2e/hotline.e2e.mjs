// End-to-end scenarios of the hotline's work in headless Debian Chromium, in each language: a report made on /report
// (its notes holding markup that would run if parsed as HTML) is opened in the console's hotline screens by a hotline
// key, shown with its notes as text (nothing runs, no image is requested), confirmed; its hashes then match through
// /v1/match/hashes and the HMA lookup route; the reporter's status page says so in their language; the English report
// is forwarded (JSON bundle downloaded, printable page opened), the Khmer one dismissed with a reason. Khmer text must
// be drawn by an installed Khmer font (Chromium's own record of the fonts it used, over the DevTools protocol).
// Run by HotlineEndToEndTest, which starts the service and passes through the environment:
//   HASHMATCH_URL         the service's base URL (http://127.0.0.1:PORT)
//   HASHMATCH_HOTLINE_KEY a hotline key; HASHMATCH_MATCH_KEY a match key
//   IMAGE_en, IMAGE_km    the image each language's reporter reports
//   MD5_en, PDQ_en, MD5_km, PDQ_km  their hashes, as the engine computes them
//   VIDEO                 a video the English reporter reports with the image (its frames read by the page)
//   VIDEO_MD5, VIDEO_SHA256  its file hashes
//   SCREENSHOTS_DIR       where each screen's screenshot goes
//   RESULTS_FILE          where the JSON results go: {"scenarios":[{name,passed,error}],"runs":{lang:{..}}}
//   CHROMIUM              the browser (default /usr/bin/chromium)
// Exit code 0 when every scenario passed, 1 otherwise, 2 when the browser cannot start.
import { chromium } from 'playwright-core';
import { check, env, scenarios } from './harness.mjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE = env('HASHMATCH_URL');
const HOTLINE_KEY = env('HASHMATCH_HOTLINE_KEY');
const MATCH_KEY = env('HASHMATCH_MATCH_KEY');
const VIDEO = env('VIDEO');
const VIDEO_MD5 = env('VIDEO_MD5');
const VIDEO_SHA256 = env('VIDEO_SHA256');
const SHOTS = env('SCREENSHOTS_DIR');
const RESULTS = env('RESULTS_FILE');
const TIMEOUT = 30000;
/** Markup in the reporter's notes: each would set window.__xss or show a dialog if the console parsed it as HTML. */
const XSS = '<img src=x onerror="window.__xss=1;alert(1)"> <script>window.__xss=2;alert(2)</script>'
  + ' <svg onload="window.__xss=3"></svg>';

const results = { scenarios: [], runs: {} };
const scenario = scenarios(results);

async function api(method, path, body) {
  const r = await fetch(BASE + path, {
    method,
    headers: { Authorization: 'Bearer ' + MATCH_KEY, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  check(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

/** The lists the hashes hit through /v1/match/hashes and through HMA's /m/lookup (PDQ), in that order. */
async function listsHit(md5, pdq) {
  const m = await api('POST', '/v1/match/hashes', { hashes: ['md5:' + md5, pdq] });
  const viaMatch = m.results.map((r) => [...new Set((r.hits || []).filter((h) => !h.suppressed && !h.suppressing)
    .map((h) => h.list))].sort());
  const lookup = await api('GET', '/m/lookup?signal_type=pdq&signal=' + pdq);
  return { md5: viaMatch[0], pdq: viaMatch[1], hma: Object.keys(lookup).sort() };
}

/** The lists a video hits: by its MD5 and SHA-256 through /v1/match/hashes, and by its frames through /v1/match/video. */
async function videoHits() {
  const m = await api('POST', '/v1/match/hashes', { hashes: ['md5:' + VIDEO_MD5, 'sha256:' + VIDEO_SHA256] });
  const [md5, sha256] = m.results.map((r) => [...new Set((r.hits || []).map((h) => h.list))].sort());
  const r = await fetch(BASE + '/v1/match/video', {
    method: 'POST', headers: { Authorization: 'Bearer ' + MATCH_KEY, 'Content-Type': 'video/mp4' },
    body: readFileSync(VIDEO),
  });
  const text = await r.text();
  check(r.ok, `POST /v1/match/video: ${r.status} ${text}`);
  const v = JSON.parse(text);
  return { md5, sha256, video: [...new Set(v.hits.filter((h) => !h.suppressed).map((h) => h.list))].sort(),
    matched: v.matched };
}

/** The fonts Chromium drew an element's text with (DevTools protocol): [{familyName, isCustomFont, glyphCount}]. */
async function fontsOf(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    check(nodeId, 'no element ' + selector);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}

/** Throws unless the Khmer text of `selector` was drawn mostly by an installed (not downloaded) Khmer font. */
async function checkKhmerFont(page, selector, into) {
  const fonts = await fontsOf(page, selector);
  into[selector] = fonts;
  const text = await page.locator(selector).first().textContent();
  check(/[\u1780-\u17ff]/.test(text), selector + ' has no Khmer text: ' + text);
  check(fonts.every((f) => !f.isCustomFont), 'a web font was used: ' + JSON.stringify(fonts));
  const khmer = fonts.filter((f) => /khmer/i.test(f.familyName));
  const glyphs = fonts.reduce((n, f) => n + f.glyphCount, 0);
  const khmerGlyphs = khmer.reduce((n, f) => n + f.glyphCount, 0);
  check(khmerGlyphs > 0 && khmerGlyphs * 2 > glyphs, `not drawn by a Khmer font: ${JSON.stringify(fonts)}`);
}

async function statusText(page, receipt, expected) {
  await page.goto(BASE + '/report/status', { waitUntil: 'networkidle' });
  await page.locator('body[data-ready="true"]').waitFor({ timeout: TIMEOUT });
  await page.fill('#receipt-code', receipt);
  await page.click('#check');
  await page.locator(`#answer[data-status="${expected}"]`).waitFor({ timeout: TIMEOUT });
  return page.locator('#answer').textContent();
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
    const image = env('IMAGE_' + lang);
    const md5 = env('MD5_' + lang);
    const pdq = env('PDQ_' + lang);
    const run = { fonts: {} };
    results.runs[lang] = run;
    const notes = (lang === 'km' ? 'ក្រុម Telegram ' : 'A Telegram group ') + XSS;
    const reporter = await browser.newContext({ locale, viewport: { width: 412, height: 915 } });
    const rpage = await reporter.newPage();

    await scenario(lang + ': a report is made on /report and gets a receipt', async () => {
      await rpage.goto(BASE + '/report', { waitUntil: 'networkidle' });
      await rpage.locator('body[data-ready="true"]').waitFor({ timeout: TIMEOUT });
      check(await rpage.evaluate(() => document.documentElement.lang) === lang, 'report page language');
      await rpage.screenshot({ path: join(SHOTS, `hotline-${lang}-1-report-page.png`), fullPage: true });
      if (lang === 'km') await checkKhmerFont(rpage, 'h1', run.fonts);
      const files = lang === 'en' ? [image, VIDEO] : [image];
      await rpage.setInputFiles('#files', files);
      await rpage.locator('#items li[data-state="done"]').nth(files.length - 1).waitFor({ timeout: TIMEOUT });
      if (lang === 'en') {
        // the file's hashes come first, the video's frames after them
        await rpage.waitForFunction(() => {
          const shown = document.getElementById('exact').textContent;
          return shown !== '' && JSON.parse(shown).items[1]?.vpdq !== undefined;
        }, null, { timeout: TIMEOUT });
        run.framesShown = await rpage.locator('#items li .frames').textContent();
        run.videoSent = await rpage.locator('#sent li').nth(1).textContent();
        const exact = JSON.parse(await rpage.locator('#exact').textContent());
        run.videoFrames = exact.items[1].vpdq.map((f) => f.frame);
        run.videoBefore = await videoHits();
        check(!run.videoBefore.md5.includes('HOTLINE') && !run.videoBefore.video.includes('HOTLINE'),
          'the video matches the hotline list before it is confirmed: ' + JSON.stringify(run.videoBefore));
      }
      await rpage.locator('#categories input').first().check();
      await rpage.fill('#seen', notes);
      await rpage.click('#submit');
      await rpage.locator('#receipt:not([hidden])').waitFor({ timeout: TIMEOUT });
      run.receipt = (await rpage.locator('#code').textContent()).trim();
      await rpage.screenshot({ path: join(SHOTS, `hotline-${lang}-2-receipt.png`), fullPage: true });
      run.statusReceived = await statusText(rpage, run.receipt, 'received');
      await rpage.screenshot({ path: join(SHOTS, `hotline-${lang}-3-status-received.png`), fullPage: true });
      if (lang === 'km') await checkKhmerFont(rpage, '#answer', run.fonts);
      run.before = await listsHit(md5, pdq);
      check(!run.before.md5.includes('HOTLINE') && !run.before.hma.includes('HOTLINE'),
        'matches the hotline list before it is confirmed: ' + JSON.stringify(run.before));
    });

    const hotline = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const requests = [];
    const dialogs = [];
    hotline.on('request', (r) => requests.push(r));
    const page = await hotline.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });

    await scenario(lang + ': a hotline key sees the queue in the browser language', async () => {
      await page.goto(BASE + '/console/', { waitUntil: 'networkidle' });
      await page.fill('#api-key', HOTLINE_KEY);
      await page.click('#signin-form button[type="submit"]');
      await page.locator('#nav:not([hidden])').waitFor({ timeout: TIMEOUT });
      run.nav = await page.locator('#nav li:not([hidden]) a').evaluateAll((as) => as.map((a) => a.dataset.screen));
      check(run.nav.join() === 'check,hotline', 'screens offered to a hotline key: ' + run.nav);
      await page.click('#nav a[data-screen="hotline"]');
      await page.locator('#hotline-queue').waitFor({ timeout: TIMEOUT });
      run.consoleLang = await page.evaluate(() => document.getElementById('hotline').lang);
      check(run.consoleLang === lang, 'console hotline language ' + run.consoleLang);
      run.queueTitle = await page.locator('#hotline-title').textContent();
      run.navLabel = await page.locator('#nav a[data-screen="hotline"]').textContent();
      run.queueHeaders = await page.locator('#hotline-queue thead th').allTextContents();
      await page.screenshot({ path: join(SHOTS, `hotline-${lang}-4-console-queue.png`), fullPage: true });
      if (lang === 'km') await checkKhmerFont(page, '#hotline-title', run.fonts);
    });

    await scenario(lang + ': the report view shows hashes and the notes as text, and runs nothing', async () => {
      const ids = await page.locator('#hotline-queue tbody tr').evaluateAll((rs) => rs.map((r) => Number(r.dataset.report)));
      run.caseId = Math.max(...ids);
      await page.click(`#hotline-queue tr[data-report="${run.caseId}"] button.open`);
      await page.locator('#hotline-case-title').waitFor({ timeout: TIMEOUT });
      run.caseTitle = await page.locator('#hotline-case-title').textContent();
      const hashes = await page.locator('#hotline-hashes tbody').textContent();
      check(hashes.includes(md5) && hashes.includes(pdq), 'hashes shown: ' + hashes);
      run.matchesBefore = await page.locator('#hotline-hashes tbody td.matches').first().textContent();
      if (lang === 'en') run.vpdqShown = await page.locator('#hotline-hashes td.vpdq summary').textContent();
      run.seenShown = await page.locator('#hotline-seen').textContent();
      check(run.seenShown === notes, 'notes shown as: ' + run.seenShown);
      const injected = await page.evaluate(() => ({
        xss: window.__xss ?? null,
        elements: document.querySelectorAll('#hotline img, #hotline script, #hotline svg, main img').length,
      }));
      check(injected.xss === null && injected.elements === 0, 'markup in the notes ran: ' + JSON.stringify(injected));
      check(dialogs.length === 0, 'dialogs opened: ' + dialogs);
      await page.screenshot({ path: join(SHOTS, `hotline-${lang}-5-console-report.png`), fullPage: true });
    });

    await scenario(lang + ': confirming puts its hashes in the HOTLINE list at once', async () => {
      await page.click('#hotline-confirm');
      await page.locator('#hotline-notice.ok').waitFor({ timeout: TIMEOUT });
      run.confirmedNotice = await page.locator('#hotline-notice').textContent();
      run.statusShown = await page.locator('.hotline-fields dd.status').textContent();
      run.matchesAfter = await page.locator('#hotline-hashes tbody td.matches').first().textContent();
      run.history = await page.locator('#hotline-history li').evaluateAll((l) => l.map((x) => x.dataset.action));
      check(run.matchesAfter.split(', ').includes('HOTLINE'), 'matches after confirming: ' + run.matchesAfter);
      await page.screenshot({ path: join(SHOTS, `hotline-${lang}-6-console-confirmed.png`), fullPage: true });
      run.after = await listsHit(md5, pdq);
      if (lang === 'en') run.videoAfter = await videoHits();
      check(run.after.md5.includes('HOTLINE') && run.after.pdq.includes('HOTLINE') && run.after.hma.includes('HOTLINE'),
        'not matched after confirming: ' + JSON.stringify(run.after));
      run.statusConfirmed = await statusText(rpage, run.receipt, 'confirmed');
      await rpage.screenshot({ path: join(SHOTS, `hotline-${lang}-7-status-confirmed.png`), fullPage: true });
    });

    if (lang === 'en') {
      await scenario(lang + ': forwarding downloads the case bundle and opens its printable page', async () => {
        const download = page.waitForEvent('download', { timeout: TIMEOUT });
        const popup = hotline.waitForEvent('page', { timeout: TIMEOUT });
        // if the click below fails, these waits must not end the run as unhandled rejections
        download.catch(() => {});
        popup.catch(() => {});
        await page.click('#hotline-forward');
        const file = await (await download).path();
        const bundle = JSON.parse(readFileSync(file, 'utf8'));
        run.bundle = { id: bundle.id, status: bundle.status, md5: bundle.items.map((i) => i.md5),
          seenWhere: bundle.seenWhere, history: bundle.history.map((h) => h.action) };
        const printable = await popup;
        await printable.waitForLoadState();
        run.printableTitle = await printable.title();
        run.printableSeen = await printable.locator('dd').nth(3).textContent();
        run.printableElements = await printable.evaluate(() =>
          ({ xss: window.__xss ?? null, img: document.querySelectorAll('img, script, svg').length }));
        await printable.screenshot({ path: join(SHOTS, `hotline-${lang}-8-printable-bundle.png`), fullPage: true });
        await printable.close();
        await page.locator('#hotline-notice.ok a').waitFor({ timeout: TIMEOUT });
        run.forwardedNotice = await page.locator('#hotline-notice').evaluate((p) => p.firstChild.textContent);
        run.statusForwarded = await statusText(rpage, run.receipt, 'forwarded');
        await rpage.screenshot({ path: join(SHOTS, `hotline-${lang}-9-status-forwarded.png`), fullPage: true });
      });
    } else {
      await scenario(lang + ': dismissing needs a reason, which the history keeps', async () => {
        await page.click('#hotline-dismiss');
        await page.locator('#hotline-notice.error').waitFor({ timeout: TIMEOUT });
        run.needReason = await page.locator('#hotline-notice').textContent();
        await page.fill('#hotline-reason', 'ស្ទួននឹងករណីមុន <b>1</b>');
        await page.click('#hotline-dismiss');
        await page.locator('#hotline-notice.ok').waitFor({ timeout: TIMEOUT });
        run.dismissedNotice = await page.locator('#hotline-notice').textContent();
        run.historyAfter = await page.locator('#hotline-history li').allTextContents();
        await page.screenshot({ path: join(SHOTS, `hotline-${lang}-8-console-dismissed.png`), fullPage: true });
        run.statusDismissed = await statusText(rpage, run.receipt, 'dismissed');
        await rpage.screenshot({ path: join(SHOTS, `hotline-${lang}-9-status-dismissed.png`), fullPage: true });
      });
    }

    await scenario(lang + ': the hotline screens switch language', async () => {
      const other = lang === 'en' ? 'km' : 'en';
      await page.click(`#hotline-languages button[data-lang="${other}"]`);
      await page.waitForFunction((l) => document.getElementById('hotline').lang === l, other);
      run.switchedCaseTitle = await page.locator('#hotline-case-title').textContent();
      run.switchedNav = await page.locator('#nav a[data-screen="hotline"]').textContent();
      await page.screenshot({ path: join(SHOTS, `hotline-${lang}-10-console-switched-to-${other}.png`), fullPage: true });
      await page.click('#hotline-back');
      await page.locator('#hotline-queue, #hotline-empty').first().waitFor({ timeout: TIMEOUT });
      await page.screenshot({ path: join(SHOTS, `hotline-${lang}-11-console-queue-${other}.png`), fullPage: true });
      if (other === 'km') await checkKhmerFont(page, '#hotline-title', run.fonts);
      await page.click(`#hotline-languages button[data-lang="${lang}"]`); // back, for the next run's default
    });

    await scenario(lang + ': the console stayed on the service, requested no image and ran nothing', async () => {
      const origin = new URL(BASE).origin;
      run.requests = requests.map((r) => ({ type: r.resourceType(), url: r.url().replace(origin, '') }));
      for (const r of requests) {
        const url = new URL(r.url());
        check(url.origin === origin || url.protocol === 'blob:', 'request to another origin: ' + r.url());
        check(r.resourceType() !== 'image', 'an image was requested: ' + r.url());
        check(!url.pathname.endsWith('/x'), 'the notes\' image was requested: ' + r.url());
      }
      const xss = await page.evaluate(() => window.__xss ?? null);
      check(xss === null && dialogs.length === 0, 'markup ran: ' + xss + ' ' + dialogs);
    });
    await hotline.close();
    await reporter.close();
  }
} finally {
  await browser.close();
  writeFileSync(RESULTS, JSON.stringify(results, null, 2));
}
process.exit(results.scenarios.every((s) => s.passed) ? 0 : 1);
