// Hashes files off the page's main thread, so the page stays responsive while a large photo or video is hashed.
// Start it as a module worker: new Worker('hash-worker.mjs', {type: 'module'}).
// Message in:  {id, blob, kind}   kind 'image' (default): hashImage(blob); 'file': hashFile(blob) (videos, others).
//          or  {id, challenge, difficulty}   solveChallenge(challenge, difficulty): the proof of work of a submission.
// Message out: {id, result}       the result of hash.mjs's hashImage or hashFile
//          or  {id, error}        a one-line message (e.g. the browser cannot decode the file as an image).
// Messages are answered one at a time, in order: one image's pixels in memory at once.
import { hashFile, hashImage, solveChallenge } from './hash.mjs';

let queue = Promise.resolve();

self.onmessage = (event) => {
  const { id, blob, kind, challenge, difficulty } = event.data;
  queue = queue.then(async () => {
    try {
      const result = challenge !== undefined ? solveChallenge(challenge, difficulty)
        : kind === 'file' ? await hashFile(blob) : await hashImage(blob);
      self.postMessage({ id, result });
    } catch (e) {
      self.postMessage({ id, error: String((e && e.message) || e) });
    }
  });
};
