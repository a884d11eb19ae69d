// The service's API as the console uses it: every call carries the signed-in key as a bearer token.
// Errors come back as ApiError objects built from the service's {"error":{code,message,details}} body.

const KEY = 'hashmatch.apiKey';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || [];
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  save: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

function errorOf(status, text) {
  try {
    const body = JSON.parse(text);
    if (body && body.error) {
      return new ApiError(status, body.error.code, body.error.message, body.error.details);
    }
  } catch (e) { /* not JSON: fall through */ }
  return new ApiError(status, 'http_' + status, `the service answered ${status}`);
}

/** fetch + JSON, throwing ApiError for any non-2xx answer. */
export async function call(method, path, { body, contentType, key = session.key() } = {}) {
  const headers = { Authorization: 'Bearer ' + key, Accept: 'application/json' };
  if (contentType) headers['Content-Type'] = contentType;
  const response = await fetch(path, { method, headers, body, cache: 'no-store' });
  const text = await response.text();
  if (!response.ok) throw errorOf(response.status, text);
  return text ? JSON.parse(text) : null;
}

/** An upload through XMLHttpRequest, whose upload events give progress (fetch has none); onProgress gets 0..1. */
export function upload(method, path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Authorization', 'Bearer ' + session.key());
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(xhr.responseText ? JSON.parse(xhr.responseText) : null);
      } else {
        reject(errorOf(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the service could not be reached'));
    xhr.send(file);
  });
}

/** An element with attributes and children (strings become text nodes: nothing is ever parsed as HTML). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c != null) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}
