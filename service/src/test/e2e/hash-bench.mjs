// How long hash.mjs takes on a 12-megapixel photo in headless Debian Chromium: a measurement, not a test.
//   cd service/src/test/e2e && node hash-bench.mjs [extra image files...]
// Generates a 4000x3000 photo-like JPEG in the browser (seeded; nothing is committed), then hashes it with
// hash-worker.mjs as the intake page does (time from postMessage to the answer) and, on the page, step by step
// (decode, PDQ, MD5 + SHA-256). Each figure is the median of RUNS runs after one warm-up. Extra files given on the
// command line (e.g. a Debian wallpaper) are measured the same way. On a shared machine the wall-clock figures
// grow with the load; the CPU time the browser's processes spent on the worker's hashImage does not.
// Environment: CHROMIUM (default /usr/bin/chromium), RUNS (default 5).
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
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

// The machine is shared: besides wall-clock times, the CPU time the browser's processes spent (user + system, from
// /proc), which is what the hashing itself costs whatever else runs.
const TICK_MS = 10; // USER_HZ = 100 on Linux
function browserCpuMs() {
  const parents = new Map();
  const cpu = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(pid, f[1]);
      cpu.set(pid, (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch {
      // the process ended meanwhile
    }
  }
  const mine = String(process.pid);
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let p = parents.get(pid); p && p !== '0' && p !== '1'; p = parents.get(p)) {
      if (p === mine) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

await page.evaluate(async (extras) => {
  const { hashFile, decodeImage, pdqOfPixels } = await import('/hash.mjs');

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
  const blobs = [await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })];
  for (let i = 0; i < extras; i++) blobs.push(await (await fetch('/extra/' + i)).blob());

  const worker = new Worker('/hash-worker.mjs', { type: 'module' });
  globalThis.bench = {
    blobs,
    async worker(i) {
      const t0 = performance.now();
      const result = await new Promise((resolve, reject) => {
        worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result));
        worker.postMessage({ id: 1, blob: blobs[i] });
      });
      return { ms: performance.now() - t0, result };
    },
    async steps(i) {
      const t0 = performance.now();
      const image = await decodeImage(blobs[i]);
      const t1 = performance.now();
      pdqOfPixels(image.pixels, image.width, image.height, image);
      const t2 = performance.now();
      await hashFile(blobs[i]);
      const t3 = performance.now();
      return { decode: t1 - t0, pdq: t2 - t1, digests: t3 - t2 };
    },
  };
}, extra.length);

const median = (xs) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
const figures = [];
for (let i = 0; i <= extra.length; i++) {
  const t = { worker: [], cpu: [], decode: [], pdq: [], digests: [] };
  let result;
  for (let run = 0; run <= RUNS; run++) { // run 0 warms up the JIT and the decoders
    const cpu0 = browserCpuMs();
    const w = await page.evaluate((k) => globalThis.bench.worker(k), i);
    const cpu1 = browserCpuMs();
    const steps = await page.evaluate((k) => globalThis.bench.steps(k), i);
    result = w.result;
    if (run > 0) {
      t.worker.push(w.ms);
      t.cpu.push(cpu1 - cpu0);
      t.decode.push(steps.decode);
      t.pdq.push(steps.pdq);
      t.digests.push(steps.digests);
    }
  }
  const bytes = await page.evaluate((k) => globalThis.bench.blobs[k].size, i);
  figures.push({
    name: i === 0 ? 'generated 4000x3000 JPEG (q 0.9)' : basename(extra[i - 1]),
    bytes,
    size: `${result.width}x${result.height}`,
    ms: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])),
  });
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

console.log(`Chromium ${version}, ${RUNS} runs, medians in ms, load average after: ${load}`);
console.log('| image | bytes | pixels | hashImage in the worker | its CPU time | decode | PDQ | MD5 + SHA-256 |');
console.log('|---|---|---|---|---|---|---|---|');
for (const f of figures) {
  const m = f.ms;
  console.log(`| ${f.name} | ${f.bytes} | ${f.size} | ${m.worker} | ${m.cpu} | ${m.decode} | ${m.pdq} | ${m.digests} |`);
}
await browser.close();
