// Signing in with an API token, the session's navigation, signing out.
import { SESSION_KEY, api, say, session } from './api.js';
import { clearError, errorNear, h, render } from './dom.js';
import { stopPolling } from './operations.js';

let signedIn = () => {};

/** What to do once signed in (the entry module routes to the page the address names). */
export function onSignIn(handler) {
  signedIn = handler;
}

export function sessionNav() {
  const nav = document.getElementById('session-nav');
  const s = session();
  if (!s) {
    nav.replaceChildren();
    return;
  }
  nav.replaceChildren(
    h('a', { href: '#/apps' }, 'Apps'),
    h('button', { class: 'secondary', type: 'button', onclick: signOut }, 'Sign out'));
}

/**
 * Ends the session on the API, then here. The deletion is tried again when refused for a while (a rate
 * limit, the API restarting): a session the UI forgets but the API keeps would still open the apps.
 */
async function signOut() {
  stopPolling();
  let ended = false;
  for (let attempt = 1; attempt <= 4 && !ended; attempt++) {
    try {
      await api('DELETE', '/v1/sessions/current');
      ended = true;
    } catch (err) {
      if (err.status === 401) ended = true; // expired or revoked already
      else await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
  sessionStorage.removeItem(SESSION_KEY);
  location.hash = '#/';
  showSignIn(ended ? 'You are signed out.'
    : 'You are signed out here, but the API could not be told: the session ends when it expires.');
}

export function showSignIn(message) {
  stopPolling();
  sessionNav();
  const token = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help' });
  const form = h('form', { novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'token' }, 'API token'),
      token,
      h('p', { id: 'token-help', class: 'muted' }, 'A token made with "pgaddon-api tokens create". It never leaves this tab.')),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', (e) => signIn(e, token));
  render(h('section', { class: 'block' },
    h('h1', {}, 'Sign in'),
    message ? h('p', { class: 'notice', role: 'status' }, message) : null,
    form));
}

async function signIn(e, token) {
  e.preventDefault();
  clearError(token);
  if (!token.value.trim()) {
    errorNear(token, 'Enter an API token.');
    return;
  }
  try {
    const data = await api('POST', '/v1/sessions', undefined, token.value.trim());
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(data.session));
    token.value = '';
    location.hash = '#/apps';
    signedIn();
  } catch (err) {
    errorNear(token, err.status === 401 ? 'That token is not valid: unknown, revoked or mistyped.' : say(err));
  }
}
