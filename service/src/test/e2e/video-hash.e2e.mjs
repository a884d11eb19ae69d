// hash.mjs's hashVideo (vPDQ in the browser) run in headless Debian Chromium, driven by playwright-core.
// Run by BrowserVideoHashingTest, which compares the frames with the engine's vPDQ of the same files:
//   MODULE_DIR     directory holding hash.mjs (served as /report/hash.mjs)
//   VIDEO_LIST     file with one absolute video path a line
//   ROUGH_LIST     file with one 'absolute video path<TAB>rough frame rate' a line: videoFrames (3 frames) of each
//                  video with the frame rate corrected from that rough rate instead of a measured one
//   RESULTS_FILE   where the JSON results go: {videos: [{index, md5, sha256, vpdq, millis}], rough: [{index,
//                  roughFrameRate, vpdq}] (index into ROUGH_LIST), outside, pageErrors}
//   CHROMIUM       the browser (default /usr/bin/chromium)
// Served by request interception under http://localhost (a secure context); every other request is refused and
// recorded. Exit code 0 when the run completed (the Java test judges the results), 1 on an error, 2 when the browser
// cannot start.
import { chromium } from 'playwright-core';
import { env } from './harness.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MODULE_DIR = env('MODULE_DIR');
const lines = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
const ROUGH = lines(env('ROUGH_LIST')).map((l) => l.split('\t'));
// the full runs' videos, then the rough runs' ones: /video/i serves FILES[i]
const VIDEOS = lines(env('VIDEO_LIST'));
const FILES = [...VIDEOS, ...ROUGH.map(([path]) => path)];
const RESULTS = env('RESULTS_FILE');
const ORIGIN = 'http://localhost';
const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; img-src 'self' blob:;"
  + " media-src 'self' blob:";

const results = { outside: [], pageErrors: [] };
let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
} catch (e) {
  console.error('cannot start the browser: ' + e);
  process.exit(2);
}

try {
  const context = await browser.newContext();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      results.outside.push(route.request().url());
      return route.abort();
    }
    if (url.pathname === '/') {
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        headers: { 'Content-Security-Policy': CSP },
        body: '<!doctype html><html lang="en"><title>hashVideo</title><body><p>hashVideo test page</p></body></html>',
      });
    }
    if (url.pathname === '/report/hash.mjs') {
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(MODULE_DIR, 'hash.mjs')) });
    }
    const file = url.pathname.match(/^\/video\/(\d+)$/);
    if (file) return route.fulfill({ contentType: 'application/octet-stream', body: readFileSync(FILES[Number(file[1])]) });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => results.pageErrors.push(String(e)));
  page.setDefaultTimeout(300000);
  await page.goto(ORIGIN + '/');
  results.videos = await page.evaluate(async (count) => {
    const { hashVideo } = await import('/report/hash.mjs');
    const out = [];
    for (let i = 0; i < count; i++) {
      const blob = await (await fetch('/video/' + i)).blob();
      const start = performance.now();
      const r = await hashVideo(blob);
      out.push({ index: i, millis: Math.round(performance.now() - start), ...r });
    }
    return out;
  }, VIDEOS.length);
  results.rough = await page.evaluate(async ([first, rates]) => {
    const { videoFrames } = await import('/report/hash.mjs');
    const out = [];
    for (let i = 0; i < rates.length; i++) {
      const blob = await (await fetch('/video/' + (first + i))).blob();
      const vpdq = await videoFrames(blob, { maxFrames: 3, roughFrameRate: rates[i] });
      out.push({ index: i, roughFrameRate: rates[i], vpdq });
    }
    return out;
  }, [VIDEOS.length, ROUGH.map(([, rate]) => Number(rate))]);
  writeFileSync(RESULTS, JSON.stringify(results, null, 1));
  await browser.close();
} catch (e) {
  console.error(e && e.stack || e);
  results.error = String(e && e.stack || e);
  writeFileSync(RESULTS, JSON.stringify(results, null, 1));
  await browser.close();
  process.exit(1);
}
