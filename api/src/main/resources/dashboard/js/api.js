// The /v1 API, as the CLI uses it, with the session made from an API token (kept in this tab's
// sessionStorage). Errors become ApiError with a sentence for the user.

export const SESSION_KEY = 'pgaddon.session';
const OFFLINE = 'The dashboard could not reach the API. Check your connection and try again.';
const ENDED = 'Your session has ended. Sign in again.';

export const enc = encodeURIComponent;

let sessionEnded = () => {};

/** What to do when the API refuses the session's token (the entry module shows the sign-in form). */
export function onSessionEnd(handler) {
  sessionEnded = handler;
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The session, while it has not expired. */
export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    if (s && new Date(s.expires_at) > new Date()) return s;
  } catch (ignored) { /* no session */ }
  return null;
}

/** The API path of an addon. */
export function addonPath(app, addonId) {
  return '/v1/apps/' + enc(app) + '/addons/' + enc(addonId);
}

export async function api(method, path, body, token) {
  const s = session();
  const headers = { Accept: 'application/json' };
  const bearer = token || (s && s.token);
  if (bearer) headers.Authorization = 'Bearer ' + bearer;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  try { data = await res.json(); } catch (empty) { /* 204 */ }
  if (!res.ok) throw refusal(res, data, token);
  if (s && data && data.session_expires_at) s.expires_at = data.session_expires_at;
  return data;
}

/** A file from the API (a backup's archive), with the session's token: a plain link could not send it. */
export async function apiFile(path) {
  const s = session();
  const res = await send(path, { headers: { Accept: 'application/x-tar, application/json', Authorization: 'Bearer ' + (s && s.token) } });
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch (notJson) { /* the status says enough */ }
    throw refusal(res, data);
  }
  return res.blob();
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (offline) {
    throw new ApiError(0, 'offline', OFFLINE);
  }
}

/** The error of an answer that is not ok; a 401 on the session's token ends the session. */
function refusal(res, data, token) {
  if (res.status === 401 && !token) {
    sessionStorage.removeItem(SESSION_KEY);
    sessionEnded(ENDED);
    return new ApiError(401, 'unauthorized', ENDED);
  }
  const message = data && data.error && data.error.message ? data.error.message : 'The API answered ' + res.status + '.';
  return new ApiError(res.status, data && data.error ? data.error.code : 'http_' + res.status, capitalize(message));
}

/** A sentence for the user, never a stack trace or raw JSON. */
export function say(error) {
  if (error instanceof ApiError) return error.message;
  return OFFLINE;
}

/** The API's message as a sentence: a capital first, a full stop last. */
export function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.') : text;
}
