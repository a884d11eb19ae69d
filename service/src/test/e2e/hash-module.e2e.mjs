// hash.mjs (the intake page's in-browser hashing) run in headless Debian Chromium, driven by playwright-core.
// Run by BrowserHashingTest, which prepares the inputs, compares the results with the engine and Meta's reference
// vectors, and passes everything through the environment:
//   MODULE_DIR     directory holding hash.mjs and hash-worker.mjs (served as /report/…)
//   IMAGE_LIST     file with one absolute image path a line: hashed with hashImage
//   FILE_LIST      file with one absolute path a line: hashed with hashFile, whole and streamed in odd-sized chunks
//   PLAIN_EVERY    also hash every n-th image on a page that is not a secure context (no WebCrypto, no WebCodecs)
//   RESULTS_FILE   where the JSON results go
//   CHROMIUM       the browser (default /usr/bin/chromium)
// The files are served by request interception under two origins: http://localhost (a secure context) and
// http://hashmatch.test (not one). Every other request is refused and recorded.
// Exit code 0 when the run completed (the Java test judges the results), 1 on an error, 2 when the browser cannot start.
import { chromium } from 'playwright-core';
import { env } from './harness.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MODULE_DIR = env('MODULE_DIR');
const lines = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
const IMAGES = lines(env('IMAGE_LIST'));
const FILES = lines(env('FILE_LIST'));
const PLAIN_EVERY = Number(process.env.PLAIN_EVERY || '5');
const RESULTS = env('RESULTS_FILE');
const SECURE = 'http://localhost';
const PLAIN = 'http://hashmatch.test';
// What the intake page's policy allows: scripts, workers and fetches from its own origin only.
const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; img-src 'self' blob:";

const results = { outside: [], pageErrors: [] };

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
} catch (e) {
  console.error('cannot start the browser: ' + e);
  process.exit(2);
}

try {
  const context = await browser.newContext();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== SECURE && url.origin !== PLAIN) {
      results.outside.push(route.request().url());
      return route.abort();
    }
    if (url.pathname === '/') {
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        headers: { 'Content-Security-Policy': CSP },
        body: '<!doctype html><html lang="en"><title>hash.mjs</title><p>hash.mjs test page</p></html>',
      });
    }
    const module = url.pathname.match(/^\/report\/(hash(-worker)?\.mjs)$/);
    if (module) {
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(MODULE_DIR, module[1])) });
    }
    const file = url.pathname.match(/^\/(image|file)\/(\d+)$/);
    if (file) {
      const path = (file[1] === 'image' ? IMAGES : FILES)[Number(file[2])];
      return route.fulfill({ contentType: 'application/octet-stream', body: readFileSync(path) });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });

  const page = await context.newPage();
  page.on('pageerror', (e) => results.pageErrors.push(String(e)));
  page.setDefaultTimeout(120000);

  await page.goto(SECURE + '/');
  results.secure = await page.evaluate(runHashing, { images: IMAGES.length, files: FILES.length, every: 1 });
  results.worker = await page.evaluate(runWorker, IMAGES.length);

  await page.goto(PLAIN + '/');
  results.plain = await page.evaluate(runHashing, { images: IMAGES.length, files: FILES.length, every: PLAIN_EVERY });

  writeFileSync(RESULTS, JSON.stringify(results, null, 1));
  await browser.close();
} catch (e) {
  console.error(e && e.stack || e);
  results.error = String(e && e.stack || e);
  writeFileSync(RESULTS, JSON.stringify(results, null, 1));
  await browser.close();
  process.exit(1);
}

/** In the page: hashImage of every `every`-th image (and its canvas-decoded PDQ), hashFile of every file. */
async function runHashing({ images, files, every }) {
  const { hashImage, hashFile, decodeImage, pdqOfPixels } = await import('/report/hash.mjs');
  const get = async (path) => (await fetch(path)).blob();
  const out = { isSecureContext: globalThis.isSecureContext, images: [], files: [] };
  for (let i = 0; i < images; i += every) {
    const blob = await get('/image/' + i);
    const r = { index: i };
    try {
      Object.assign(r, await hashImage(blob));
      // the canvas path as the fallback decoder, and whether the image has any transparency at all
      const image = await decodeImage(blob, { decoder: 'canvas' });
      const canvas = pdqOfPixels(image.pixels, image.width, image.height, image);
      r.canvasPdq = canvas.pdq;
      r.canvasQuality = canvas.quality;
      let opaque = true;
      for (let k = 3; k < image.pixels.length && opaque; k += 4) opaque = image.pixels[k] === 255;
      r.opaque = opaque;
    } catch (e) {
      r.error = String(e && e.message || e);
    }
    out.images.push(r);
  }
  for (let i = 0; i < files; i++) {
    const blob = await get('/file/' + i);
    out.files.push({
      index: i,
      size: blob.size,
      whole: await hashFile(blob),
      streamed: await hashFile(blob, { wholeFileLimit: 0, chunkSize: 1000003 }),
    });
  }
  return out;
}

/** In the page: the first two images and a non-image through hash-worker.mjs, with their direct results. */
async function runWorker(images) {
  const { hashImage } = await import('/report/hash.mjs');
  const worker = new Worker('/report/hash-worker.mjs', { type: 'module' });
  const answers = new Map();
  const pending = new Map();
  worker.onmessage = (event) => {
    answers.set(event.data.id, event.data);
    pending.get(event.data.id)?.();
  };
  const ask = (id, blob, kind) => new Promise((resolve) => {
    pending.set(id, () => resolve(answers.get(id)));
    worker.postMessage({ id, blob, kind });
  });
  const out = [];
  for (let i = 0; i < Math.min(2, images); i++) {
    const blob = await (await fetch('/image/' + i)).blob();
    const [image, file] = await Promise.all([ask('image-' + i, blob), ask('file-' + i, blob, 'file')]);
    out.push({ index: i, image, file, direct: await hashImage(blob) });
  }
  out.push({ notAnImage: await ask('text', new Blob(['not an image'], { type: 'text/plain' })) });
  worker.terminate();
  return out;
}
