// How long hash.mjs takes on a 12-megapixel photo in headless Debian Chromium: a measurement, not a test.
//   cd service/src/test/e2e && node hash-bench.mjs [extra image files...]
// Generates a 4000x3000 photo-like JPEG in the browser (seeded; nothing is committed), then hashes it with
// hash-worker.mjs as the intake page does (time from postMessage to the answer) and, on the page, step by step
// (decode, PDQ, MD5 + SHA-256). Each figure is the median of RUNS runs after one warm-up. Extra files given on the
// command line (e.g. a Debian wallpaper) are measured the same way.
// Environment: CHROMIUM (default /usr/bin/chromium), RUNS (default 5).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';

const MODULE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'main', 'resources', 'report');
const RUNS = Number(process.env.RUNS || '5');
const extra = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const page = await browser.newPage();
await page.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.origin !== 'http://localhost') return route.abort();
  if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' });
  const file = url.pathname.match(/^\/extra\/(\d+)$/);
  if (file) return route.fulfill({ contentType: 'application/octet-stream', body: readFileSync(extra[Number(file[1])]) });
  return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(MODULE_DIR, basename(url.pathname))) });
});
await page.goto('http://localhost/');
const version = browser.version();
const figures = await page.evaluate(async ({ runs, extras }) => {
  const { hashFile, decodeImage, pdqOfPixels } = await import('/hash.mjs');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  // A photo-like 4000x3000 image: smooth colour fields, soft shapes, fine noise (seeded LCG), JPEG quality 0.9.
  const W = 4000;
  const H = 3000;
  const canvas = new OffscreenCanvas(W, H);
  const g = canvas.getContext('2d');
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const sky = g.createLinearGradient(0, 0, W, H);
  sky.addColorStop(0, '#5a7fb0');
  sky.addColorStop(0.5, '#d8c49a');
  sky.addColorStop(1, '#3d5a2a');
  g.fillStyle = sky;
  g.fillRect(0, 0, W, H);
  for (let k = 0; k < 400; k++) {
    const x = rnd() * W;
    const y = rnd() * H;
    const r = 20 + rnd() * 300;
    const spot = g.createRadialGradient(x, y, 0, x, y, r);
    spot.addColorStop(0, `rgba(${(rnd() * 255) | 0},${(rnd() * 255) | 0},${(rnd() * 255) | 0},0.8)`);
    spot.addColorStop(1, 'rgba(0,0,0,0)');
    g.fillStyle = spot;
    g.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  const pixels = g.getImageData(0, 0, W, H);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const n = (rnd() - 0.5) * 24;
    pixels.data[i] += n;
    pixels.data[i + 1] += n;
    pixels.data[i + 2] += n;
  }
  g.putImageData(pixels, 0, 0);
  const photo = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });

  const worker = new Worker('/hash-worker.mjs', { type: 'module' });
  const viaWorker = (blob) => new Promise((resolve, reject) => {
    worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result));
    worker.postMessage({ id: 1, blob });
  });

  const measure = async (name, blob) => {
    const t = { worker: [], decode: [], pdq: [], digests: [] };
    let result;
    for (let run = 0; run <= runs; run++) {
      let t0 = performance.now();
      result = await viaWorker(blob);
      const whole = performance.now() - t0;
      t0 = performance.now();
      const image = await decodeImage(blob);
      const t1 = performance.now();
      pdqOfPixels(image.pixels, image.width, image.height, image);
      const t2 = performance.now();
      await hashFile(blob);
      const t3 = performance.now();
      if (run > 0) { // run 0 warms up the JIT and the decoders
        t.worker.push(whole);
        t.decode.push(t1 - t0);
        t.pdq.push(t2 - t1);
        t.digests.push(t3 - t2);
      }
    }
    return {
      name,
      bytes: blob.size,
      size: `${result.width}x${result.height}`,
      pdq: result.pdq,
      quality: result.quality,
      ms: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(median(v))])),
    };
  };

  const out = [await measure('generated 4000x3000 JPEG (q 0.9)', photo)];
  for (let i = 0; i < extras.length; i++) {
    out.push(await measure(extras[i], await (await fetch('/extra/' + i)).blob()));
  }
  worker.terminate();
  return out;
}, { runs: RUNS, extras: extra.map((p) => basename(p)) });

console.log(`Chromium ${version}, ${RUNS} runs, medians in ms`);
console.log('| image | bytes | pixels | hashImage in the worker | decode | PDQ | MD5 + SHA-256 |');
console.log('|---|---|---|---|---|---|---|');
for (const f of figures) {
  console.log(`| ${f.name} | ${f.bytes} | ${f.size} | ${f.ms.worker} | ${f.ms.decode} | ${f.ms.pdq} | ${f.ms.digests} |`);
}
await browser.close();
