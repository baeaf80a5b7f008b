// api.js: the one way the console talks to `connector-host serve` (/api/v1, docs/CONSOLE_API.md).
// The session is an HttpOnly cookie the browser sends by itself; state-changing calls carry the
// CSRF token GET /api/v1/session hands out.

// An API failure: `status` is the HTTP status, `fields` the 422 list of {pointer, message}.
export class ApiError extends Error {
  constructor(status, message, fields = []) {
    super(message);
    this.status = status;
    this.fields = fields;
  }
}

let csrfToken = null;

async function csrf() {
  if (csrfToken === null) {
    const session = await request('GET', '/api/v1/session');
    csrfToken = session.csrf_token;
  }
  return csrfToken;
}

async function request(method, path, body) {
  const headers = {Accept: 'application/json'};
  const init = {method, headers, credentials: 'same-origin'};
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = await csrf();
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, `The console server does not answer (${e.message}). Is serve running?`);
  }
  const text = await response.text();
  let data = null;
  if (text !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(
          response.status, `${method} ${path}: the server sent no JSON (HTTP ${response.status})`);
    }
  }
  if (!response.ok) {
    const error = data?.error ?? {};
    let message = error.message ?? `${method} ${path} failed with HTTP ${response.status}`;
    if (response.status === 401) {
      message =
          'Not signed in (or the session ended): open the URL `connector-host serve` printed.';
    }
    throw new ApiError(response.status, message, error.fields ?? []);
  }
  return data;
}

export const api = {
  get: path => request('GET', path),
  post: (path, body) => request('POST', path, body),
  put: (path, body) => request('PUT', path, body),
  del: path => request('DELETE', path),
};

// Path segments are user-chosen names: always encode them.
export function path(strings, ...names) {
  return strings.reduce(
      (out, s, i) => out + s + (i < names.length ? encodeURIComponent(names[i]) : ''), '');
}
