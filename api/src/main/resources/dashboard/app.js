// The pgaddon dashboard: a client of the same /v1 API the CLI uses, with a session made from an
// API token. Every text from the API reaches the page through textContent, never as HTML (see
// js/dom.js). Native ES modules, no build step: this entry routes the address to a page.
import { SESSION_KEY, onSessionEnd, say, session } from './js/api.js';
import { showApp, showApps } from './js/apps.js';
import { showDatabase } from './js/database.js';
import { h, render } from './js/dom.js';
import { showOperation, stopPolling } from './js/operations.js';
import { onSignIn, sessionNav, showSignIn } from './js/session.js';

function notFound(message) {
  render(h('section', { class: 'block' }, h('h1', {}, 'Not found'), h('p', { role: 'alert' }, message)));
}

/** The page the address names: #/apps, #/apps/{app}, #/apps/{app}/addons/{id}[/{tab}], #/operations/{id}. */
async function route() {
  stopPolling();
  sessionNav();
  if (!session()) {
    showSignIn(sessionStorage.getItem(SESSION_KEY) ? 'Your session has ended. Sign in again.' : null);
    return;
  }
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'apps' && parts.length === 1 || parts[0] === '') await showApps();
    else if (parts[0] === 'apps' && parts.length === 2) await showApp(parts[1]);
    else if (parts[0] === 'apps' && parts[2] === 'addons' && parts.length >= 4) await showDatabase(parts[1], parts[3], parts[4] || 'overview');
    else if (parts[0] === 'operations' && parts.length === 2) await showOperation(parts[1]);
    else notFound('There is no page at this address.');
  } catch (err) {
    if (err.status === 404) notFound(say(err));
    else if (err.status !== 401) render(h('section', { class: 'block' }, h('h1', {}, 'Something went wrong'),
      h('p', { class: 'error', role: 'alert' }, say(err))));
  }
}

onSessionEnd(showSignIn);
onSignIn(route);
window.addEventListener('hashchange', route);
route();
