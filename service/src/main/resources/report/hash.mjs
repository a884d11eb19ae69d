// hashmatch in the browser: MD5, SHA-256 and PDQ of a file, computed on the reporter's own device.
//
// Contract (the intake page, hash-worker.mjs and the tests rely on it):
//   hashImage(blob[, options]) -> Promise<{md5, sha256, pdq, quality, width, height}>
//       md5, sha256: lowercase hex of the file's bytes; pdq: 64 lowercase hex digits in the engine's (and Meta's
//       reference's) order; quality: 0-100; width, height: the decoded image's size in pixels (EXIF orientation
//       ignored, as the engine does). Rejects when the browser cannot decode the file as an image.
//   hashFile(blob[, options]) -> Promise<{md5, sha256}>       any file (videos, documents), streamed in chunks.
//   decodeImage(blob[, options]) -> Promise<{pixels, width, height, stride, red, green, blue, grey, decoder}>
//       the pixels PDQ reads, and which browser decoder produced them ('webcodecs' or 'canvas').
//   pdqOfPixels(pixels, width, height[, layout]) -> {pdq, quality}
//       PDQ of 8-bit pixels: layout {stride = 4, red = 0, green = 1, blue = 2, grey = false}.
//   hashVideo(blob[, options]) -> Promise<{md5, sha256, vpdq}>      in a window only (it needs a <video> element)
//       vpdq: [{frame, timestamp, pdq, quality}] at the engine's vPDQ sampling (one frame every
//       (int)(secondsPerHash * fps) frames, by frame index; timestamp = fround(frame) / fround(fps)), each frame's PDQ
//       through pdqOfPixels; null when the browser cannot decode the video or tell its frame rate. options:
//       {secondsPerHash = 1, maxFrames = 600, onFrame, roughFrameRate} and hashFile's; roughFrameRate (tests) is
//       the rough frame rate the correction starts from, in place of the one measured from played frames.
//   videoFrames(blob[, options]) -> Promise<vpdq>     hashVideo's vpdq alone (the page hashes the file in its worker).
//       onFrame(done, total): called after each hashed frame; total is the frames the video will give (maxFrames
//       at most).
//   solveChallenge(challenge, difficulty) -> string
//       the proof of work a submission carries (GET /v1/report/challenge): the first base-36 counter s for which
//       SHA-256(challenge + ':' + s) starts with `difficulty` zero bits (0..32).
//   options: {decoder: 'auto' | 'webcodecs' | 'canvas'} for hashImage/decodeImage;
//            {chunkSize, wholeFileLimit} (bytes) for hashFile and hashImage's file hashes, for tests and tuning.
// No network access of any kind; nothing here keeps or sends pixels. Works in a window and in a (module) Web Worker.
//
// PDQ: the engine's default (full resolution, no 512x512 pre-resize; io.hashmatch.hash.PdqHasher with
// PdqMode.FULL_RESOLUTION, no dihedral variants) step for step, in float32 through Math.fround in the engine's order,
// so that the same decoded pixels give the same bits. The algorithm is Meta's PDQ (pdq/ in facebook/ThreatExchange):
// luma 0.299 R + 0.587 G + 0.114 B in float (grey images: the grey value), Jarosz tent blur of two box-filter pass
// pairs with windows ceil(W/128), ceil(H/128), point decimation to 64x64 (an exactly 64x64 image is used as is),
// quality from quantised neighbour gradients, 16x16 DCT, bit set iff a coefficient is above the lower median.
//
// Decoding uses the browser's own decoders, without colour management (ICC profiles and PNG gamma ignored, as the
// engine and the reference do) and without EXIF rotation (the orientation tag is neutralised before decoding):
//   - 'webcodecs' (WebCodecs ImageDecoder; browsers that offer it, in secure contexts only: https or localhost):
//     un-premultiplied 8-bit pixels, so the colour stored under transparent pixels is what PDQ reads, exactly as in
//     the engine, which ignores alpha and never composites it. 'auto' uses it for every format but JPEG.
//   - 'canvas' (createImageBitmap + OffscreenCanvas): JPEGs (no alpha; WebCodecs would hand them over as YUV), and
//     everything where WebCodecs is missing. A 2D canvas stores premultiplied colour, so pixels with alpha 0 read
//     back black and partly transparent ones lose precision: opaque images are exact, an image with transparency
//     may differ from the engine by a few bits, or by many when its transparent area hides non-black colour.
// Grey images (PNG colour types 0 and 4, one-component JPEGs) are read as one grey channel, as the engine reads them
// (its float luma of R = G = B would not always give back the grey value). JPEG pixels depend on the decoder: the
// browser's may differ from the engine's by a grey level here and there, which moves a few bits of the hash.

const CHUNK_SIZE = 4 * 1024 * 1024;
/** Files up to this size are read once into memory and digested by WebCrypto; larger ones are streamed. */
const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;

/**
 * MD5, SHA-256 and, where the browser can decode the video, vPDQ at the engine's sampling (VideoHasher: frame i is
 * hashed iff i % (int)(secondsPerHash * fps) == 0, indices in decoding order from 0; timestamp = (float) i / (float)
 * fps). Frames come from a <video> element seeked to the middle of each sampled frame and drawn on a canvas at the
 * video's own size; each frame's PDQ is pdqOfPixels of those pixels, as for images. The browser's decoder and its
 * YUV to RGB conversion differ from FFmpeg's swscale, so hashes are close to the engine's, not equal (see RESULTS).
 * The frame rate is not exposed by browsers: it is measured from the presentation times of a few frames played
 * muted (requestVideoFrameCallback), then snapped to an integer rate or an NTSC one (n * 1000 / 1001).
 *
 * @param {Blob} blob the video file
 * @param {{secondsPerHash?: number, maxFrames?: number, chunkSize?: number, wholeFileLimit?: number}} [options]
 * @returns {Promise<{md5: string, sha256: string, vpdq: Array<{frame: number, timestamp: number, pdq: string,
 *     quality: number}> | null}>}
 */
export async function hashVideo(blob, options = {}) {
  const { md5, sha256 } = await hashFile(blob, options);
  return { md5, sha256, vpdq: await videoFrames(blob, options) };
}

/**
 * hashVideo's vpdq alone: the vPDQ of a video, or null when the browser cannot decode it (or has no <video>).
 *
 * @param {Blob} blob the video file
 * @param {{secondsPerHash?: number, maxFrames?: number, onFrame?: (done: number, total: number) => void,
 *     roughFrameRate?: number}} [options]
 * @returns {Promise<Array<{frame: number, timestamp: number, pdq: string, quality: number}> | null>}
 */
export async function videoFrames(blob, options = {}) {
  if (typeof document === 'undefined' || typeof HTMLVideoElement === 'undefined'
      || !('requestVideoFrameCallback' in HTMLVideoElement.prototype)) {
    return null;
  }
  try {
    return await vpdqOfVideo(blob, options.secondsPerHash ?? 1, options.maxFrames ?? 600, options.onFrame,
      options.roughFrameRate);
  } catch (e) {
    return null; // the browser cannot decode this video: the file hashes still go
  }
}

function once(target, event, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(event + ' timed out')), timeoutMs);
    target.addEventListener(event, () => { clearTimeout(timer); resolve(); }, { once: true });
    target.addEventListener('error', () => { clearTimeout(timer); reject(new Error('cannot decode the video')); },
      { once: true });
  });
}

/** The presentation time of the frame shown after the next paint. */
function nextFrame(video, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no frame')), timeoutMs);
    video.requestVideoFrameCallback((now, metadata) => { clearTimeout(timer); resolve(metadata); });
  });
}

/**
 * The frame rate, from a rough one measured over a few frames: of the whole rates next to it (n - 1, n, n + 1), their
 * n * 1000 / 1001 rates and the rough rate itself, the one that best puts the frames shown at three points far into
 * the video on frame boundaries (its largest error of the three, in frames), ties (within 0.05 frames) going to the
 * standard rate nearest the rough one. Presentation times are rounded to about a millisecond (WebM), too coarse to
 * tell 29.97 from 30 over a few frames, but not over seconds; and a few frames' steps can be off by a whole frame per
 * second, which a whole second would not show (every whole rate puts a frame there) but a fraction of a second does
 * (whole rates one apart are a quarter or half a frame apart there). One point is not enough: a wrong whole rate can
 * put a boundary within the tie window of it (23 fps is 0.04 frames off the 25 fps frame at 8.48 s), so the points
 * are a quarter, a half and three quarters of a second past whole seconds, where such near misses do not repeat
 * (whole seconds apart, they would: each is the same number of frames on).
 */
async function frameRate(video, rough, duration) {
  const candidates = [rough];
  const n = Math.round(rough);
  for (const m of new Set([n - 1, n, n + 1, Math.round(rough * 1.001)])) {
    if (m > 0) candidates.push(m, m * 1000 / 1001);
  }
  const whole = Math.floor(duration * 0.9 - 0.5);
  const points = [0.5, 0.25, 0.75].map((f, j) => whole - j + f).filter((t) => t > 0);
  const shownAt = [];
  for (const at of points.length > 0 ? points : [duration * 0.9]) {
    const shown = nextFrame(video, 2000);
    video.currentTime = at;
    await once(video, 'seeked', 10000);
    shownAt.push((await shown).mediaTime);
  }
  const error = (fps) => Math.max(...shownAt.map((t) => Math.abs(t - Math.round(t * fps) / fps) * fps)); // frames
  const least = Math.min(...candidates.map(error));
  const fitting = candidates.filter((fps) => error(fps) < least + 0.05);
  const named = fitting.filter((fps) => fps !== rough); // a standard rate before the measured one
  const pool = named.length > 0 ? named : fitting;
  return pool.reduce((a, b) => (Math.abs(b - rough) < Math.abs(a - rough) ? b : a));
}

/** The median step between presentation times of frames presented one after the other, as a rate: a rough one. */
async function playedFrameRate(video) {
  const steps = [];
  const playing = video.play();
  let last = null;
  for (let k = 0; k < 16 && !video.ended; k++) {
    const m = await nextFrame(video, 5000);
    if (last && m.presentedFrames === last.presentedFrames + 1 && m.mediaTime > last.mediaTime) {
      steps.push(m.mediaTime - last.mediaTime);
    }
    last = m;
  }
  video.pause();
  await playing.catch(() => {});
  if (steps.length < 3) throw new Error('cannot tell the frame rate');
  steps.sort((a, b) => a - b);
  return 1 / steps[steps.length >> 1];
}

async function vpdqOfVideo(blob, secondsPerHash, maxFrames, onFrame, roughFrameRate) {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  // in the document (1 pixel, invisible): a video that is not rendered may present no frame to the callbacks
  Object.assign(video.style, { position: 'fixed', left: '0', top: '0', width: '1px', height: '1px', opacity: '0' });
  document.body.append(video);
  const url = URL.createObjectURL(blob);
  try {
    video.src = url;
    await once(video, 'loadeddata', 30000);
    const width = video.videoWidth;
    const height = video.videoHeight;
    const duration = video.duration;
    if (!(width > 0 && height > 0 && duration > 0 && Number.isFinite(duration))) throw new Error('no video frames');
    const fps = await frameRate(video, roughFrameRate ?? await playedFrameRate(video), duration);
    const frameMod = Math.max(1, Math.trunc(Math.fround(secondsPerHash) * fps));
    const frames = Math.round(duration * fps);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const out = [];
    const total = Math.min(maxFrames, Math.ceil(frames / frameMod));
    for (let i = 0; i < frames && out.length < maxFrames; i += frameMod) {
      const shown = nextFrame(video, 1000).catch(() => null);
      video.currentTime = (i + 0.5) / fps; // the middle of frame i: away from rounding at its edges
      await once(video, 'seeked', 10000);
      await shown;
      context.drawImage(video, 0, 0, width, height);
      const pixels = context.getImageData(0, 0, width, height).data;
      const { pdq, quality } = pdqOfPixels(pixels, width, height);
      out.push({ frame: i, timestamp: Math.fround(Math.fround(i) / Math.fround(fps)), pdq, quality });
      if (onFrame) onFrame(out.length, total);
    }
    return out;
  } finally {
    video.removeAttribute('src');
    video.load();
    video.remove();
    URL.revokeObjectURL(url);
  }
}

/**
 * Solves the service's proof-of-work challenge: counts n = 0, 1, 2, ... and returns the first base-36 form s whose
 * SHA-256(challenge + ':' + s) starts with `difficulty` zero bits (bit 7 of the first byte first). Each try hashes
 * the padded message in place (two SHA-256 blocks for a challenge of the service), so that the default difficulty (16
 * bits: 65 536 tries on average) takes well under a second on a phone.
 *
 * @param {string} challenge the challenge as the service gave it (ASCII)
 * @param {number} difficulty leading zero bits, 0..32
 * @returns {string} the solution
 */
export function solveChallenge(challenge, difficulty) {
  if (!(difficulty >= 0 && difficulty <= 32)) throw new Error('difficulty must be 0..32');
  const prefix = new TextEncoder().encode(challenge + ':');
  const mask = difficulty === 0 ? 0 : -1 << (32 - difficulty);
  const message = new Uint8Array(128);
  const sha = new Sha256();
  const iv = Int32Array.from(sha.h);
  for (let n = 0; ; n++) {
    const s = n.toString(36);
    const length = prefix.length + s.length;
    const blocks = length + 9 <= 64 ? 1 : 2;
    if (length + 9 > 128) throw new Error('challenge too long');
    message.fill(0);
    message.set(prefix);
    for (let k = 0; k < s.length; k++) message[prefix.length + k] = s.charCodeAt(k);
    message[length] = 0x80;
    const bits = length * 8;
    message[blocks * 64 - 2] = bits >>> 8;
    message[blocks * 64 - 1] = bits & 0xff;
    sha.h.set(iv);
    for (let b = 0; b < blocks; b++) sha.compress(message, b * 64);
    if ((sha.h[0] & mask) === 0) return s;
  }
}

/**
 * MD5, SHA-256 and PDQ (with quality) of an image file.
 *
 * @param {Blob} blob the file
 * @param {{decoder?: string, chunkSize?: number, wholeFileLimit?: number}} [options]
 * @returns {Promise<{md5: string, sha256: string, pdq: string, quality: number, width: number, height: number}>}
 */
export async function hashImage(blob, options = {}) {
  const image = await decodeImage(blob, options);
  const { pdq, quality } = pdqOfPixels(image.pixels, image.width, image.height, image);
  image.pixels = null;
  const { md5, sha256 } = await hashFile(blob, options);
  return { md5, sha256, pdq, quality, width: image.width, height: image.height };
}

/**
 * MD5 and SHA-256 of any file's bytes, read in chunks so a large video is never held twice in memory.
 *
 * @param {Blob} blob the file
 * @param {{chunkSize?: number, wholeFileLimit?: number}} [options]
 * @returns {Promise<{md5: string, sha256: string}>}
 */
export async function hashFile(blob, options = {}) {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const wholeFileLimit = options.wholeFileLimit ?? WHOLE_FILE_LIMIT;
  const md5 = new Md5();
  const subtle = globalThis.crypto?.subtle; // only in secure contexts (https, localhost)
  if (subtle && blob.size <= wholeFileLimit) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    for (let at = 0; at < bytes.length; at += chunkSize) {
      md5.update(bytes.subarray(at, Math.min(bytes.length, at + chunkSize)));
    }
    const sha256 = hex(new Uint8Array(await subtle.digest('SHA-256', bytes)));
    return { md5: md5.hex(), sha256 };
  }
  const sha = new Sha256();
  for (let at = 0; at < blob.size; at += chunkSize) {
    const chunk = new Uint8Array(await blob.slice(at, Math.min(blob.size, at + chunkSize)).arrayBuffer());
    md5.update(chunk);
    sha.update(chunk);
  }
  return { md5: md5.hex(), sha256: sha.hex() };
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

/**
 * Decodes an image with the browser's decoder into 8-bit pixels, 4 bytes a pixel.
 *
 * @param {Blob} blob the file
 * @param {{decoder?: string}} [options] 'auto' (default: WebCodecs where available, else canvas), 'webcodecs', 'canvas'
 */
export async function decodeImage(blob, options = {}) {
  const choice = options.decoder ?? 'auto';
  const head = new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer());
  const type = sniff(head) || blob.type;
  const grey = isGrey(type, head);
  const stored = await withoutOrientation(blob, head, type);
  let image = null;
  // JPEG has no alpha, and WebCodecs hands its pixels over as YUV: the canvas decodes it once, exactly.
  if (choice === 'webcodecs' || (choice === 'auto' && type !== 'image/jpeg')) {
    image = await decodeWithWebCodecs(stored, type, choice === 'webcodecs');
  }
  image ??= await decodeWithCanvas(stored);
  image.grey = grey;
  return image;
}

/** Enough of a file's start to find a JPEG's frame header behind EXIF and ICC segments. */
const HEADER_BYTES = 256 * 1024;

/** Pixel formats whose bytes are copied as they are: which byte of a pixel holds red, green and blue. */
const FRAME_LAYOUTS = {
  RGBA: [0, 1, 2],
  RGBX: [0, 1, 2],
  BGRA: [2, 1, 0],
  BGRX: [2, 1, 0],
};

async function decodeWithWebCodecs(blob, type, required) {
  const supported = typeof globalThis.ImageDecoder === 'function' && type
    && await globalThis.ImageDecoder.isTypeSupported(type).catch(() => false);
  if (!supported) {
    if (required) throw new Error(`WebCodecs cannot decode ${type || 'this file'} here`);
    return null;
  }
  const decoder = new globalThis.ImageDecoder({
    data: await blob.arrayBuffer(),
    type,
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
    preferAnimation: false,
  });
  let frame = null;
  try {
    frame = (await decoder.decode({ frameIndex: 0 })).image;
    const channels = FRAME_LAYOUTS[frame.format];
    if (!channels) {
      // e.g. a planar YUV frame: its RGB would come from WebCodecs' own conversion, not the image decoder's
      if (required) throw new Error(`WebCodecs gave ${frame.format} pixels`);
      return null;
    }
    const pixels = new Uint8Array(frame.allocationSize());
    const [plane] = await frame.copyTo(pixels);
    return {
      pixels: plane.offset ? pixels.subarray(plane.offset) : pixels,
      width: frame.visibleRect.width,
      height: frame.visibleRect.height,
      stride: plane.stride,
      red: channels[0],
      green: channels[1],
      blue: channels[2],
      decoder: 'webcodecs',
    };
  } finally {
    frame?.close();
    decoder.close();
  }
}

async function decodeWithCanvas(blob) {
  const bitmap = await createImageBitmap(blob, {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
    imageOrientation: 'none',
  });
  try {
    const { width, height } = bitmap;
    const canvas = typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, width, height).data;
    return {
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width,
      height,
      stride: width * 4,
      red: 0,
      green: 1,
      blue: 2,
      decoder: 'canvas',
    };
  } finally {
    bitmap.close();
  }
}

/** The image's media type from the file's first bytes ('' when unknown). */
function sniff(b) {
  const at = (i, ...bytes) => bytes.every((v, k) => b[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x42, 0x4d)) return 'image/bmp';
  if (at(4, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69)) return 'image/avif';
  return '';
}

/** Whether the engine decodes the file as one grey channel: grey PNG (with or without alpha), one-component JPEG. */
function isGrey(type, b) {
  if (type === 'image/png') {
    const colourType = b[25]; // IHDR is the first chunk: 8 signature + 8 chunk header + 9 bytes in
    return colourType === 0 || colourType === 4;
  }
  if (type === 'image/jpeg') {
    return jpegComponents(b) === 1;
  }
  return false;
}

/**
 * The file as the decoders must see it: browsers turn an image upright by its EXIF orientation (createImageBitmap's
 * imageOrientation 'none' does not prevent it), the engine and the reference hash the pixels as stored. So the
 * EXIF orientation tag, when present and not 1, reads 1 in the blob handed to the decoder: a new blob made of the
 * original's slices and the two patched bytes, nothing copied.
 */
async function withoutOrientation(blob, head, type) {
  const tiff = await exifStart(blob, head, type);
  if (tiff < 0) return blob;
  const b = new Uint8Array(await blob.slice(tiff, tiff + 65536).arrayBuffer());
  const little = b[0] === 0x49 && b[1] === 0x49;
  if (!little && !(b[0] === 0x4d && b[1] === 0x4d)) return blob;
  const u16 = (i) => (little ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1]);
  const u32 = (i) => (little ? u16(i) + u16(i + 2) * 65536 : u16(i) * 65536 + u16(i + 2));
  const ifd = u32(4);
  if (ifd + 2 > b.length) return blob;
  const entries = u16(ifd);
  for (let e = ifd + 2; e < ifd + 2 + 12 * entries && e + 12 <= b.length; e += 12) {
    if (u16(e) === 0x0112 && u16(e + 8) !== 1) {
      const one = little ? Uint8Array.of(1, 0) : Uint8Array.of(0, 1);
      const at = tiff + e + 8;
      return new Blob([blob.slice(0, at), one, blob.slice(at + 2)], { type: blob.type });
    }
  }
  return blob;
}

/** File offset of the EXIF block's TIFF header (JPEG APP1, PNG eXIf, WebP EXIF), or -1. */
async function exifStart(blob, b, type) {
  const isExifHeader = (i) => [0x45, 0x78, 0x69, 0x66, 0, 0].every((v, k) => b[i + k] === v);
  if (type === 'image/jpeg') {
    for (let i = 2; i + 10 < b.length && b[i] === 0xff;) {
      const marker = b[i + 1];
      if (marker === 0xda || marker === 0xd9) break;
      if (marker === 0xe1 && isExifHeader(i + 4)) return i + 10;
      i += 2 + ((b[i + 2] << 8) | b[i + 3]);
    }
  } else if (type === 'image/png') {
    for (let i = 8; i + 8 <= b.length;) {
      const length = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
      const name = String.fromCharCode(b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
      if (name === 'eXIf') return i + 8;
      if (name === 'IDAT' || name === 'IEND') break;
      i += 12 + length;
    }
  } else if (type === 'image/webp') {
    // RIFF chunks; EXIF usually follows the image data, so walk the chunk headers through the blob.
    for (let i = 12; i + 8 <= blob.size;) {
      const h = new Uint8Array(await blob.slice(i, i + 14).arrayBuffer());
      const name = String.fromCharCode(h[0], h[1], h[2], h[3]);
      const length = (h[4] | (h[5] << 8) | (h[6] << 16) | (h[7] << 24)) >>> 0;
      if (name === 'EXIF') {
        // some writers keep JPEG's "Exif\0\0" in front of the TIFF header
        return i + 8 + ([0x45, 0x78, 0x69, 0x66, 0, 0].every((v, k) => h[8 + k] === v) ? 6 : 0);
      }
      i += 8 + length + (length & 1);
    }
  }
  return -1;
}

/** Number of components in a JPEG's frame header (SOFn), or 0 when not within the bytes given. */
function jpegComponents(b) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return 0;
    const marker = b[i + 1];
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return b[i + 9];
    if (marker === 0xda || marker === 0xd9) return 0;
    i += 2 + ((b[i + 2] << 8) | b[i + 3]);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// PDQ
//
// Every value below that the engine keeps in a Java float is a float32 here: stored in a Float32Array (the store
// rounds) or passed through Math.fround, one rounding per Java float operation, in the engine's order. (A float
// sum, difference, product or quotient computed in double and rounded once to float equals the float operation.)

const OUT = 64;
const LUMA_R = Math.fround(0.299);
const LUMA_G = Math.fround(0.587);
const LUMA_B = Math.fround(0.114);
const fround = Math.fround;

/** D[k][n] = float(float(sqrt(2/64)) * cos(pi / 128 * (k + 1) * (2n + 1))), k < 16, n < 64, built in double. */
const DCT = (() => {
  const d = new Float32Array(16 * OUT);
  const scale = fround(Math.sqrt(2.0 / OUT));
  for (let k = 0; k < 16; k++) {
    for (let n = 0; n < OUT; n++) {
      d[k * OUT + n] = scale * Math.cos((Math.PI / 2.0 / OUT) * (k + 1) * (2 * n + 1));
    }
  }
  return d;
})();

/**
 * PDQ hash and quality of 8-bit pixels.
 *
 * @param {Uint8Array|Uint8ClampedArray} pixels row y at y * stride
 * @param {number} width
 * @param {number} height
 * @param {{stride?: number, red?: number, green?: number, blue?: number, grey?: boolean}} [layout] 4 bytes a
 *     pixel; red, green, blue: byte offsets in a pixel; grey: read the red byte as the grey value
 * @returns {{pdq: string, quality: number}}
 */
export function pdqOfPixels(pixels, width, height, layout = {}) {
  const source = {
    pixels,
    stride: layout.stride ?? width * 4,
    red: layout.red ?? 0,
    green: layout.green ?? 1,
    blue: layout.blue ?? 2,
    grey: layout.grey ?? false,
  };
  if (width < 5 || height < 5) {
    return { pdq: '0'.repeat(64), quality: 0 };
  }
  const luma64 = new Float32Array(OUT * OUT);
  if (width === OUT && height === OUT) {
    for (let y = 0; y < OUT; y++) lumaRow(source, y, width, luma64, y * OUT);
  } else {
    blurAndDecimate(source, width, height, luma64);
  }
  const quality = pdqQuality(luma64);
  return { pdq: toHex(dct16(luma64)), quality };
}

/** Luma of image row y into out[offset .. offset + width - 1]. */
function lumaRow(source, y, width, out, offset) {
  const { pixels, red, green, blue } = source;
  let p = y * source.stride;
  if (source.grey) {
    for (let x = 0; x < width; x++, p += 4) out[offset + x] = pixels[p + red];
    return;
  }
  for (let x = 0; x < width; x++, p += 4) {
    out[offset + x] = fround(fround(LUMA_R * pixels[p + red]) + fround(LUMA_G * pixels[p + green]))
        + fround(LUMA_B * pixels[p + blue]);
  }
}

/** The reference's box window for a side reduced to 64: ceil(n / 128). */
function windowSize(n) {
  return Math.floor((n + 2 * OUT - 1) / (2 * OUT));
}

/** Samples in the clipped window of output o: indices o-(w-h) .. o+h-1 within 0 .. n-1. */
function windowCounts(n, w, h) {
  const counts = new Float32Array(n);
  for (let o = 0; o < n; o++) {
    counts[o] = Math.min(n - 1, o + h - 1) - Math.max(0, o - (w - h)) + 1;
  }
  return counts;
}

/**
 * The Jarosz blur (box passes along rows, columns, rows, columns) and 64x64 decimation, computing only what the
 * 4096 samples need, as the engine's JaroszDownsampler does: pass 1 per row into a ring of wy + 1 rows, pass 2 as
 * per-column running sums, pass 3 along each row divided only at the 64 sampled columns, pass 4 over those 64
 * columns divided only at the sampled rows. Every running sum is the uniform step sum = (sum + entering) - leaving
 * over a zero-padded line, which gives the reference's floats (x + 0 and x - 0 are exact).
 */
function blurAndDecimate(source, width, height, out) {
  const wx = windowSize(width);
  const wy = windowSize(height);
  const hx = (wx + 2) >> 1;
  const hy = (wy + 2) >> 1;
  const pad = wx + 1;
  const countsX = windowCounts(width, wx, hx);
  const countsY = windowCounts(height, wy, hy);
  const sampleRows = new Int32Array(OUT);
  const sampleCols = new Int32Array(OUT);
  for (let i = 0; i < OUT; i++) {
    sampleRows[i] = Math.floor(((i + 0.5) * height) / OUT);
    sampleCols[i] = Math.floor(((i + 0.5) * width) / OUT);
  }
  const luma = new Float32Array(width + 2 * pad);
  const y1 = new Float32Array(width + 2 * pad);
  const ringRows = wy + 1;
  const ring = new Float32Array(ringRows * width);
  const zeros = new Float32Array(width);
  const colSums = new Float32Array(width);
  const x2 = new Float32Array(height * OUT); // pass 3 at the sampled columns, every row
  const addBaseX = pad + hx - 1;
  const subBaseX = pad - (wx - hx) - 1;

  for (let o = -(hy - 1); o < height; o++) {
    const addRow = o + hy - 1;
    const subRow = o - (wy - hy) - 1;
    let add = zeros;
    let sub = zeros;
    if (addRow < height) {
      // pass 1 (along the row) for the row entering the column windows
      lumaRow(source, addRow, width, luma, pad);
      const slot = (addRow % ringRows) * width;
      let sum = 0;
      for (let k = -(hx - 1); k < 0; k++) {
        sum = fround(fround(sum + luma[addBaseX + k]) - luma[subBaseX + k]);
      }
      for (let k = 0; k < width; k++) {
        sum = fround(fround(sum + luma[addBaseX + k]) - luma[subBaseX + k]);
        ring[slot + k] = sum / countsX[k];
      }
      add = ring.subarray(slot, slot + width);
    }
    if (subRow >= 0) {
      const slot = (subRow % ringRows) * width;
      sub = ring.subarray(slot, slot + width);
    }
    if (o < 0) {
      for (let x = 0; x < width; x++) colSums[x] = fround(colSums[x] + add[x]) - sub[x];
      continue;
    }
    // pass 2 (along the columns) gives row o of the second image
    const count = countsY[o];
    for (let x = 0; x < width; x++) {
      const s = fround(fround(colSums[x] + add[x]) - sub[x]);
      colSums[x] = s;
      y1[pad + x] = s / count;
    }
    // pass 3 (along row o), divided only at the sampled columns
    let sum = 0;
    let k = -(hx - 1);
    const row = o * OUT;
    for (let j = 0; j < OUT; j++) {
      const target = sampleCols[j];
      for (; k <= target; k++) {
        sum = fround(fround(sum + y1[addBaseX + k]) - y1[subBaseX + k]);
      }
      x2[row + j] = sum / countsX[target];
    }
  }
  // pass 4 (along the 64 sampled columns), divided only at the sampled rows
  const lanes = new Float32Array(OUT);
  let next = 0;
  for (let o = -(hy - 1); o <= sampleRows[OUT - 1]; o++) {
    const addRow = o + hy - 1;
    const subRow = o - (wy - hy) - 1;
    for (let j = 0; j < OUT; j++) {
      let s = lanes[j];
      if (addRow < height) s = fround(s + x2[addRow * OUT + j]);
      if (subRow >= 0) s = fround(s - x2[subRow * OUT + j]);
      lanes[j] = s;
    }
    while (next < OUT && sampleRows[next] === o) {
      const count = countsY[o];
      for (let j = 0; j < OUT; j++) out[next * OUT + j] = lanes[j] / count;
      next++;
    }
  }
}

/** Quality 0-100: sum of |int(((u - v) * 100) / 255)| over vertical and horizontal neighbours, divided by 90. */
function pdqQuality(a) {
  let gradientSum = 0;
  for (let i = 0; i < OUT - 1; i++) {
    for (let j = 0; j < OUT; j++) {
      gradientSum += Math.abs(Math.trunc(fround(fround(fround(a[i * OUT + j] - a[(i + 1) * OUT + j]) * 100) / 255)));
    }
  }
  for (let i = 0; i < OUT; i++) {
    for (let j = 0; j < OUT - 1; j++) {
      gradientSum += Math.abs(Math.trunc(fround(fround(fround(a[i * OUT + j] - a[i * OUT + j + 1]) * 100) / 255)));
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

/** B = D A D^T (16x16), each sum accumulated in float in index order: T = D A first. */
function dct16(a) {
  const t = new Float32Array(16 * OUT);
  for (let i = 0; i < 16; i++) {
    // t[i][j] = sum over k of D[i][k] * a[k][j], k ascending for every j
    for (let k = 0; k < OUT; k++) {
      const d = DCT[i * OUT + k];
      for (let j = 0; j < OUT; j++) {
        t[i * OUT + j] = t[i * OUT + j] + fround(d * a[k * OUT + j]);
      }
    }
  }
  const b = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < OUT; k++) {
        sum = fround(sum + fround(t[i * OUT + k] * DCT[j * OUT + k]));
      }
      b[i * 16 + j] = sum;
    }
  }
  return b;
}

/**
 * Bit i*16+j is set iff b[i][j] is strictly above the lower median (the 128th smallest value). Hex form: 16-bit
 * word i holds row i (column j at bit j); words printed from 15 down to 0, four hex digits each.
 */
function toHex(b) {
  const median = Float32Array.from(b).sort()[127];
  let out = '';
  for (let i = 15; i >= 0; i--) {
    let word = 0;
    for (let j = 0; j < 16; j++) {
      if (b[i * 16 + j] > median) word |= 1 << j;
    }
    out += word.toString(16).padStart(4, '0');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// MD5 (RFC 1321) and SHA-256 (FIPS 180-4), incremental over byte chunks. MD5 is not in WebCrypto; SHA-256 is, but
// WebCrypto digests only whole buffers and only in secure contexts, so large files and plain-http pages use this.

function hex(bytes) {
  let s = '';
  for (const v of bytes) s += (v < 16 ? '0' : '') + v.toString(16);
  return s;
}

/** Buffers input into 64-byte blocks and pads the last one (both algorithms share the framing). */
class BlockHash {
  constructor(bigEndianLength) {
    this.block = new Uint8Array(64);
    this.filled = 0;
    this.length = 0; // bytes so far
    this.bigEndianLength = bigEndianLength;
  }

  update(bytes) {
    this.length += bytes.length;
    let i = 0;
    if (this.filled > 0) {
      const take = Math.min(64 - this.filled, bytes.length);
      this.block.set(bytes.subarray(0, take), this.filled);
      this.filled += take;
      i = take;
      if (this.filled < 64) return;
      this.compress(this.block, 0);
      this.filled = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) this.compress(bytes, i);
    this.block.set(bytes.subarray(i), 0);
    this.filled = bytes.length - i;
  }

  finish() {
    const bits = this.length * 8;
    const tail = new Uint8Array(this.filled < 56 ? 64 - this.filled : 128 - this.filled);
    tail[0] = 0x80;
    const n = tail.length;
    const low = bits >>> 0;
    const high = Math.floor(bits / 0x100000000) >>> 0;
    for (let k = 0; k < 4; k++) {
      if (this.bigEndianLength) {
        tail[n - 1 - k] = (low >>> (8 * k)) & 0xff;
        tail[n - 5 - k] = (high >>> (8 * k)) & 0xff;
      } else {
        tail[n - 8 + k] = (low >>> (8 * k)) & 0xff;
        tail[n - 4 + k] = (high >>> (8 * k)) & 0xff;
      }
    }
    const length = this.length;
    this.update(tail);
    this.length = length;
  }
}

// MD5's 64 steps, unrolled: x' = y + ((x + F(y, z, w) + message word + constant) <<< s), F changing every 16 steps.
/** Little-endian 32-bit word at bytes[at]. */
function word(bytes, at) {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

class Md5 extends BlockHash {
  constructor() {
    super(false);
    this.h = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);
  }

  compress(bytes, at) {
    const m0 = word(bytes, at + 0);
    const m1 = word(bytes, at + 4);
    const m2 = word(bytes, at + 8);
    const m3 = word(bytes, at + 12);
    const m4 = word(bytes, at + 16);
    const m5 = word(bytes, at + 20);
    const m6 = word(bytes, at + 24);
    const m7 = word(bytes, at + 28);
    const m8 = word(bytes, at + 32);
    const m9 = word(bytes, at + 36);
    const m10 = word(bytes, at + 40);
    const m11 = word(bytes, at + 44);
    const m12 = word(bytes, at + 48);
    const m13 = word(bytes, at + 52);
    const m14 = word(bytes, at + 56);
    const m15 = word(bytes, at + 60);
    const h = this.h;
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let n;
    n = (a + ((b & c) | (~b & d)) + m0 - 680876936) | 0;
    a = (((n << 7) | (n >>> 25)) + b) | 0;
    n = (d + ((a & b) | (~a & c)) + m1 - 389564586) | 0;
    d = (((n << 12) | (n >>> 20)) + a) | 0;
    n = (c + ((d & a) | (~d & b)) + m2 + 606105819) | 0;
    c = (((n << 17) | (n >>> 15)) + d) | 0;
    n = (b + ((c & d) | (~c & a)) + m3 - 1044525330) | 0;
    b = (((n << 22) | (n >>> 10)) + c) | 0;
    n = (a + ((b & c) | (~b & d)) + m4 - 176418897) | 0;
    a = (((n << 7) | (n >>> 25)) + b) | 0;
    n = (d + ((a & b) | (~a & c)) + m5 + 1200080426) | 0;
    d = (((n << 12) | (n >>> 20)) + a) | 0;
    n = (c + ((d & a) | (~d & b)) + m6 - 1473231341) | 0;
    c = (((n << 17) | (n >>> 15)) + d) | 0;
    n = (b + ((c & d) | (~c & a)) + m7 - 45705983) | 0;
    b = (((n << 22) | (n >>> 10)) + c) | 0;
    n = (a + ((b & c) | (~b & d)) + m8 + 1770035416) | 0;
    a = (((n << 7) | (n >>> 25)) + b) | 0;
    n = (d + ((a & b) | (~a & c)) + m9 - 1958414417) | 0;
    d = (((n << 12) | (n >>> 20)) + a) | 0;
    n = (c + ((d & a) | (~d & b)) + m10 - 42063) | 0;
    c = (((n << 17) | (n >>> 15)) + d) | 0;
    n = (b + ((c & d) | (~c & a)) + m11 - 1990404162) | 0;
    b = (((n << 22) | (n >>> 10)) + c) | 0;
    n = (a + ((b & c) | (~b & d)) + m12 + 1804603682) | 0;
    a = (((n << 7) | (n >>> 25)) + b) | 0;
    n = (d + ((a & b) | (~a & c)) + m13 - 40341101) | 0;
    d = (((n << 12) | (n >>> 20)) + a) | 0;
    n = (c + ((d & a) | (~d & b)) + m14 - 1502002290) | 0;
    c = (((n << 17) | (n >>> 15)) + d) | 0;
    n = (b + ((c & d) | (~c & a)) + m15 + 1236535329) | 0;
    b = (((n << 22) | (n >>> 10)) + c) | 0;
    n = (a + ((b & d) | (c & ~d)) + m1 - 165796510) | 0;
    a = (((n << 5) | (n >>> 27)) + b) | 0;
    n = (d + ((a & c) | (b & ~c)) + m6 - 1069501632) | 0;
    d = (((n << 9) | (n >>> 23)) + a) | 0;
    n = (c + ((d & b) | (a & ~b)) + m11 + 643717713) | 0;
    c = (((n << 14) | (n >>> 18)) + d) | 0;
    n = (b + ((c & a) | (d & ~a)) + m0 - 373897302) | 0;
    b = (((n << 20) | (n >>> 12)) + c) | 0;
    n = (a + ((b & d) | (c & ~d)) + m5 - 701558691) | 0;
    a = (((n << 5) | (n >>> 27)) + b) | 0;
    n = (d + ((a & c) | (b & ~c)) + m10 + 38016083) | 0;
    d = (((n << 9) | (n >>> 23)) + a) | 0;
    n = (c + ((d & b) | (a & ~b)) + m15 - 660478335) | 0;
    c = (((n << 14) | (n >>> 18)) + d) | 0;
    n = (b + ((c & a) | (d & ~a)) + m4 - 405537848) | 0;
    b = (((n << 20) | (n >>> 12)) + c) | 0;
    n = (a + ((b & d) | (c & ~d)) + m9 + 568446438) | 0;
    a = (((n << 5) | (n >>> 27)) + b) | 0;
    n = (d + ((a & c) | (b & ~c)) + m14 - 1019803690) | 0;
    d = (((n << 9) | (n >>> 23)) + a) | 0;
    n = (c + ((d & b) | (a & ~b)) + m3 - 187363961) | 0;
    c = (((n << 14) | (n >>> 18)) + d) | 0;
    n = (b + ((c & a) | (d & ~a)) + m8 + 1163531501) | 0;
    b = (((n << 20) | (n >>> 12)) + c) | 0;
    n = (a + ((b & d) | (c & ~d)) + m13 - 1444681467) | 0;
    a = (((n << 5) | (n >>> 27)) + b) | 0;
    n = (d + ((a & c) | (b & ~c)) + m2 - 51403784) | 0;
    d = (((n << 9) | (n >>> 23)) + a) | 0;
    n = (c + ((d & b) | (a & ~b)) + m7 + 1735328473) | 0;
    c = (((n << 14) | (n >>> 18)) + d) | 0;
    n = (b + ((c & a) | (d & ~a)) + m12 - 1926607734) | 0;
    b = (((n << 20) | (n >>> 12)) + c) | 0;
    n = (a + (b ^ c ^ d) + m5 - 378558) | 0;
    a = (((n << 4) | (n >>> 28)) + b) | 0;
    n = (d + (a ^ b ^ c) + m8 - 2022574463) | 0;
    d = (((n << 11) | (n >>> 21)) + a) | 0;
    n = (c + (d ^ a ^ b) + m11 + 1839030562) | 0;
    c = (((n << 16) | (n >>> 16)) + d) | 0;
    n = (b + (c ^ d ^ a) + m14 - 35309556) | 0;
    b = (((n << 23) | (n >>> 9)) + c) | 0;
    n = (a + (b ^ c ^ d) + m1 - 1530992060) | 0;
    a = (((n << 4) | (n >>> 28)) + b) | 0;
    n = (d + (a ^ b ^ c) + m4 + 1272893353) | 0;
    d = (((n << 11) | (n >>> 21)) + a) | 0;
    n = (c + (d ^ a ^ b) + m7 - 155497632) | 0;
    c = (((n << 16) | (n >>> 16)) + d) | 0;
    n = (b + (c ^ d ^ a) + m10 - 1094730640) | 0;
    b = (((n << 23) | (n >>> 9)) + c) | 0;
    n = (a + (b ^ c ^ d) + m13 + 681279174) | 0;
    a = (((n << 4) | (n >>> 28)) + b) | 0;
    n = (d + (a ^ b ^ c) + m0 - 358537222) | 0;
    d = (((n << 11) | (n >>> 21)) + a) | 0;
    n = (c + (d ^ a ^ b) + m3 - 722521979) | 0;
    c = (((n << 16) | (n >>> 16)) + d) | 0;
    n = (b + (c ^ d ^ a) + m6 + 76029189) | 0;
    b = (((n << 23) | (n >>> 9)) + c) | 0;
    n = (a + (b ^ c ^ d) + m9 - 640364487) | 0;
    a = (((n << 4) | (n >>> 28)) + b) | 0;
    n = (d + (a ^ b ^ c) + m12 - 421815835) | 0;
    d = (((n << 11) | (n >>> 21)) + a) | 0;
    n = (c + (d ^ a ^ b) + m15 + 530742520) | 0;
    c = (((n << 16) | (n >>> 16)) + d) | 0;
    n = (b + (c ^ d ^ a) + m2 - 995338651) | 0;
    b = (((n << 23) | (n >>> 9)) + c) | 0;
    n = (a + (c ^ (b | ~d)) + m0 - 198630844) | 0;
    a = (((n << 6) | (n >>> 26)) + b) | 0;
    n = (d + (b ^ (a | ~c)) + m7 + 1126891415) | 0;
    d = (((n << 10) | (n >>> 22)) + a) | 0;
    n = (c + (a ^ (d | ~b)) + m14 - 1416354905) | 0;
    c = (((n << 15) | (n >>> 17)) + d) | 0;
    n = (b + (d ^ (c | ~a)) + m5 - 57434055) | 0;
    b = (((n << 21) | (n >>> 11)) + c) | 0;
    n = (a + (c ^ (b | ~d)) + m12 + 1700485571) | 0;
    a = (((n << 6) | (n >>> 26)) + b) | 0;
    n = (d + (b ^ (a | ~c)) + m3 - 1894986606) | 0;
    d = (((n << 10) | (n >>> 22)) + a) | 0;
    n = (c + (a ^ (d | ~b)) + m10 - 1051523) | 0;
    c = (((n << 15) | (n >>> 17)) + d) | 0;
    n = (b + (d ^ (c | ~a)) + m1 - 2054922799) | 0;
    b = (((n << 21) | (n >>> 11)) + c) | 0;
    n = (a + (c ^ (b | ~d)) + m8 + 1873313359) | 0;
    a = (((n << 6) | (n >>> 26)) + b) | 0;
    n = (d + (b ^ (a | ~c)) + m15 - 30611744) | 0;
    d = (((n << 10) | (n >>> 22)) + a) | 0;
    n = (c + (a ^ (d | ~b)) + m6 - 1560198380) | 0;
    c = (((n << 15) | (n >>> 17)) + d) | 0;
    n = (b + (d ^ (c | ~a)) + m13 + 1309151649) | 0;
    b = (((n << 21) | (n >>> 11)) + c) | 0;
    n = (a + (c ^ (b | ~d)) + m4 - 145523070) | 0;
    a = (((n << 6) | (n >>> 26)) + b) | 0;
    n = (d + (b ^ (a | ~c)) + m11 - 1120210379) | 0;
    d = (((n << 10) | (n >>> 22)) + a) | 0;
    n = (c + (a ^ (d | ~b)) + m2 + 718787259) | 0;
    c = (((n << 15) | (n >>> 17)) + d) | 0;
    n = (b + (d ^ (c | ~a)) + m9 - 343485551) | 0;
    b = (((n << 21) | (n >>> 11)) + c) | 0;
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
  }

  hex() {
    this.finish();
    const out = new Uint8Array(16);
    for (let k = 0; k < 16; k++) out[k] = (this.h[k >> 2] >>> (8 * (k & 3))) & 0xff;
    return hex(out);
  }
}

const SHA256_K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, -965641998);

class Sha256 extends BlockHash {
  constructor() {
    super(true);
    this.h = Int32Array.of(
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 1541459225);
    this.w = new Int32Array(64);
  }

  compress(bytes, at) {
    const w = this.w;
    for (let k = 0; k < 16; k++, at += 4) {
      w[k] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    }
    for (let k = 16; k < 64; k++) {
      const x = w[k - 15];
      const y = w[k - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[k] = (w[k - 16] + s0 + w[k - 7] + s1) | 0;
    }
    const h = this.h;
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let e = h[4];
    let f = h[5];
    let g = h[6];
    let hh = h[7];
    for (let k = 0; k < 64; k++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + SHA256_K[k] + w[k]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
    h[5] = (h[5] + f) | 0;
    h[6] = (h[6] + g) | 0;
    h[7] = (h[7] + hh) | 0;
  }

  hex() {
    this.finish();
    const out = new Uint8Array(32);
    for (let k = 0; k < 32; k++) out[k] = (this.h[k >> 2] >>> (24 - 8 * (k & 3))) & 0xff;
    return hex(out);
  }
}
