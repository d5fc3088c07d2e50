// The pgaddon dashboard: a client of the same /v1 API the CLI uses, with a session made from an
// API token. Every text from the API reaches the page through textContent, never as HTML.

const SESSION_KEY = 'pgaddon.session';
const main = document.getElementById('main');
const announcer = document.getElementById('announcer');
let pollTimer = null;

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// ---- small DOM helpers -------------------------------------------------------------------

/** An element with attributes (on* are listeners) and children (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function announce(text) {
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

function render(...children) {
  main.replaceChildren(...children);
  main.focus();
}

/** A sentence for the user, never a stack trace or raw JSON. */
function say(error) {
  if (error instanceof ApiError) return error.message;
  return 'The dashboard could not reach the API. Check your connection and try again.';
}

function errorNear(field, message) {
  const id = field.id + '-error';
  let p = document.getElementById(id);
  if (!p) {
    p = h('p', { id, class: 'error', role: 'alert' });
    field.insertAdjacentElement('afterend', p);
  }
  p.textContent = message;
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', id);
  field.focus();
}

function clearError(field) {
  const p = document.getElementById(field.id + '-error');
  if (p) p.remove();
  field.removeAttribute('aria-invalid');
}

// ---- session and API ----------------------------------------------------------------------

function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    if (s && new Date(s.expires_at) > new Date()) return s;
  } catch (ignored) { /* no session */ }
  return null;
}

async function api(method, path, body, token) {
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
async function apiFile(path) {
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
    throw new ApiError(0, 'offline', 'The dashboard could not reach the API. Check your connection and try again.');
  }
}

/** The error of an answer that is not ok; a 401 on the session's token ends the session. */
function refusal(res, data, token) {
  if (res.status === 401 && !token) {
    sessionStorage.removeItem(SESSION_KEY);
    showSignIn('Your session has ended. Sign in again.');
    return new ApiError(401, 'unauthorized', 'Your session has ended. Sign in again.');
  }
  const message = data && data.error && data.error.message ? data.error.message : 'The API answered ' + res.status + '.';
  return new ApiError(res.status, data && data.error ? data.error.code : 'http_' + res.status, capitalize(message));
}

function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.') : text;
}

const enc = encodeURIComponent;

function sessionNav() {
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

async function signOut() {
  try { await api('DELETE', '/v1/sessions/current'); } catch (ignored) { /* ended anyway */ }
  sessionStorage.removeItem(SESSION_KEY);
  location.hash = '#/';
  showSignIn('You are signed out.');
}

function showSignIn(message) {
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
  form.addEventListener('submit', async (e) => {
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
      route();
    } catch (err) {
      errorNear(token, err.status === 401 ? 'That token is not valid: unknown, revoked or mistyped.' : say(err));
    }
  });
  render(h('section', { class: 'block' },
    h('h1', {}, 'Sign in'),
    message ? h('p', { class: 'notice', role: 'status' }, message) : null,
    form));
}

// ---- operations ---------------------------------------------------------------------------

function stopPolling() {
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
}

/** A live view of an operation's steps, refreshed every second until it ends. */
function operationView(operationId, onEnd) {
  const box = h('div', { class: 'operation', 'aria-live': 'polite' }, h('p', {}, 'Starting…'));
  const refresh = async () => {
    let op;
    try {
      op = (await api('GET', '/v1/operations/' + enc(operationId))).operation;
    } catch (err) {
      box.replaceChildren(h('p', { class: 'error', role: 'alert' }, say(err)));
      return;
    }
    box.replaceChildren(...operationBody(op).filter(Boolean));
    if (op.status === 'running') {
      pollTimer = setTimeout(refresh, 1000);
    } else {
      announce('Operation ' + op.kind + ' ' + op.status + '.');
      if (onEnd) onEnd(op);
    }
  };
  stopPolling();
  refresh();
  return box;
}

function operationBody(op) {
  const steps = Array.isArray(op.steps) ? op.steps : [];
  const outcome = op.status === 'running' ? 'Running' : op.status === 'succeeded' ? 'Succeeded' : 'Failed';
  return [
    h('p', {}, h('strong', {}, op.kind), ' — ', h('span', { class: 'status-' + op.status, 'data-status': op.status }, outcome)),
    h('ol', { class: 'steps' }, steps.map((s) => h('li', { 'data-step-status': s.state },
      h('span', { class: 'status-' + s.state }, '[' + s.state + '] '), s.name, s.note ? ' — ' + s.note : ''))),
    op.error ? h('p', { class: 'error', role: 'alert' }, capitalize(op.error.message)) : null,
  ];
}

// ---- apps and their resources -------------------------------------------------------------

async function showApps() {
  const data = await api('GET', '/v1/apps');
  render(h('section', { class: 'block' },
    h('h1', {}, 'Your apps'),
    data.apps.length === 0 ? h('p', {}, 'This token reaches no app yet.')
      : h('ul', {}, data.apps.map((a) => h('li', {}, h('a', { href: '#/apps/' + enc(a.name) }, a.name))))));
}

let plansCache = null;
async function plans() {
  if (!plansCache) plansCache = await api('GET', '/v1/addon_providers/postgresql/plans');
  return plansCache;
}

async function showApp(app) {
  const catalog = await plans();
  const panel = h('div', { id: 'addon-panel' });
  const table = h('div', { class: 'table-wrap' });
  // The table alone is refreshed after an operation: the panel keeps showing how it ended.
  const refresh = async () => {
    const addons = (await api('GET', '/v1/apps/' + enc(app) + '/addons')).addons;
    table.replaceChildren(addons.length === 0 ? h('p', {}, 'No addon yet.') : h('table', {},
      h('thead', {}, h('tr', {}, ['Addon', 'Plan', 'Version', 'Status', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, addons.map((a) => addonRow(app, a, panel, catalog, refresh)))));
  };
  await refresh();
  render(
    h('h1', {}, app),
    h('nav', { class: 'tabs', 'aria-label': 'Application' }, h('a', { href: '#/apps/' + enc(app), 'aria-current': 'page' }, 'Resources')),
    h('section', { class: 'block', 'aria-labelledby': 'addons-title' },
      h('h2', { id: 'addons-title' }, 'Addons'), table, panel),
    addAddonForm(app, catalog, refresh));
}

function addonRow(app, addon, panel, catalog, refresh) {
  const menuId = 'menu-' + addon.id;
  const toggle = h('button', { type: 'button', class: 'secondary', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-controls': menuId, 'aria-label': 'Actions for addon ' + addon.id }, '…');
  const close = () => { menu.hidden = true; toggle.setAttribute('aria-expanded', 'false'); };
  const item = (label, action) => h('button', { type: 'button', role: 'menuitem', onclick: () => { close(); action(); } }, label);
  const menu = h('div', { id: menuId, role: 'menu', hidden: true },
    item('Change plan', () => changePlanPanel(app, addon, panel, catalog, refresh)),
    item('Open the database dashboard', () => { location.hash = '#/apps/' + enc(app) + '/addons/' + enc(addon.id); }),
    item('Remove addon', () => removePanel(app, addon, panel, refresh)));
  toggle.addEventListener('click', () => {
    const open = menu.hidden;
    menu.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) menu.querySelector('[role=menuitem]').focus();
  });
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { close(); toggle.focus(); }
  });
  return h('tr', { 'data-addon': addon.id },
    h('td', {}, h('a', { href: '#/apps/' + enc(app) + '/addons/' + enc(addon.id) }, addon.id)),
    h('td', { 'data-field': 'plan' }, addon.plan_id),
    h('td', {}, addon.version || '—'),
    h('td', { 'data-field': 'status' }, addon.status),
    h('td', {}, h('div', { class: 'menu' }, toggle, menu)));
}

function impact(plan) {
  return plan.startsWith('postgresql-business')
    ? 'Business plans fail over to the follower: current connections are stopped and the application reconnects, within a few seconds.'
    : 'Starter plans are not highly available: expect a short unavailability while the node restarts.';
}

function changePlanPanel(app, addon, panel, catalog, refresh) {
  stopPolling();
  const choices = catalog.plans.filter((p) => p.id !== addon.plan_id);
  const radios = choices.map((p) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name: 'plan', value: p.id }), p.id + ' — ' + (p.name || '')));
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const finish = h('button', { type: 'button' }, 'Finish');
  const fieldset = h('fieldset', {}, h('legend', {}, 'Select the new plan for ' + addon.id + ' (now ' + addon.plan_id + ')'),
    radios.map((r) => h('div', {}, r)));
  finish.addEventListener('click', () => {
    const picked = panel.querySelector('input[name=plan]:checked');
    if (!picked) {
      error.hidden = false;
      error.textContent = 'Select a plan first.';
      return;
    }
    confirmPlan(app, addon, picked.value, panel, refresh);
  });
  panel.replaceChildren(h('section', { class: 'block', 'aria-label': 'Change plan' },
    h('h2', {}, 'Change plan'), fieldset, error,
    h('div', { class: 'row' }, finish, h('button', { type: 'button', class: 'secondary', onclick: () => panel.replaceChildren() }, 'Cancel'))));
  fieldset.querySelector('input').focus();
}

function confirmPlan(app, addon, plan, panel, refresh) {
  const confirm = h('button', { type: 'button' }, 'Confirm plan change');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      const data = await api('PATCH', '/v1/apps/' + enc(app) + '/addons/' + enc(addon.id), { addon: { plan_id: plan } });
      panel.replaceChildren(h('section', { class: 'block' }, h('h2', {}, 'Changing plan to ' + plan),
        operationView(data.operation.id, (op) => refresh().then(() => {
          if (op.status === 'succeeded') announce('Addon ' + addon.id + ' is on ' + plan + '.');
        }))));
    } catch (err) {
      confirm.disabled = false;
      error.hidden = false;
      error.textContent = say(err);
    }
  });
  panel.replaceChildren(h('section', { class: 'block', 'aria-label': 'Confirm plan change' },
    h('h2', {}, 'Confirm the plan change'),
    h('p', {}, 'Addon ' + addon.id + ' moves from ' + addon.plan_id + ' to ' + plan + '. ' + impact(addon.plan_id)
      + ' Once the change is done, the application is restarted.'),
    error,
    h('div', { class: 'row' }, confirm, h('button', { type: 'button', class: 'secondary', onclick: () => panel.replaceChildren() }, 'Cancel'))));
  confirm.focus();
}

function removePanel(app, addon, panel, refresh) {
  stopPolling();
  const typed = h('input', { id: 'remove-confirm', autocomplete: 'off' });
  const remove = h('button', { type: 'button', class: 'danger', disabled: true }, 'Remove addon');
  typed.addEventListener('input', () => { remove.disabled = typed.value.trim() !== addon.id; });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      const data = await api('DELETE', '/v1/apps/' + enc(app) + '/addons/' + enc(addon.id));
      panel.replaceChildren(h('section', { class: 'block' }, h('h2', {}, 'Removing ' + addon.id),
        operationView(data.operation.id, () => refresh())));
    } catch (err) {
      errorNear(typed, say(err));
    }
  });
  panel.replaceChildren(h('section', { class: 'block', 'aria-label': 'Remove addon' },
    h('h2', {}, 'Remove addon ' + addon.id),
    h('p', {}, 'Its nodes, its data and its users are deleted for good. Type the addon ID to confirm.'),
    h('label', { for: 'remove-confirm' }, 'Addon ID'), typed,
    h('div', { class: 'row' }, remove, h('button', { type: 'button', class: 'secondary', onclick: () => panel.replaceChildren() }, 'Cancel'))));
  typed.focus();
}

function addAddonForm(app, catalog, refresh) {
  const plan = h('select', { id: 'new-plan', required: true },
    catalog.plans.map((p) => h('option', { value: p.id }, p.id)));
  const versions = catalog.versions || [];
  const version = h('select', { id: 'new-version' },
    h('option', { value: '' }, 'the newest offered'), versions.map((v) => h('option', { value: v }, v)));
  const result = h('div', {});
  const form = h('form', {},
    h('label', { for: 'new-plan' }, 'Plan'), plan,
    h('label', { for: 'new-version' }, 'PostgreSQL version'), version,
    h('div', { class: 'row spaced' }, h('button', { type: 'submit' }, 'Add addon')), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(plan);
    const body = { addon: { plan_id: plan.value } };
    if (version.value) body.addon.version = version.value;
    try {
      const data = await api('POST', '/v1/apps/' + enc(app) + '/addons', body);
      result.replaceChildren(operationView(data.operation.id, () => refresh()));
    } catch (err) {
      errorNear(plan, say(err));
    }
  });
  return h('section', { class: 'block', 'aria-labelledby': 'add-title' }, h('h2', { id: 'add-title' }, 'Add an addon'), form);
}

// ---- the database dashboard ---------------------------------------------------------------

const TABS = [['overview', 'Overview'], ['users', 'Users'], ['extensions', 'Extensions'], ['backups', 'Backups'],
  ['operations', 'Operations']];

async function showDatabase(app, addonId, tab) {
  const base = '#/apps/' + enc(app) + '/addons/' + enc(addonId);
  const db = (await api('GET', '/v1/apps/' + enc(app) + '/addons/' + enc(addonId) + '/database')).database;
  const body = h('div', {});
  render(
    h('p', {}, h('a', { href: '#/apps/' + enc(app) }, '← ' + app)),
    h('h1', {}, 'Database ' + addonId),
    h('nav', { class: 'tabs', 'aria-label': 'Database' },
      TABS.map(([id, label]) => h('a', { href: base + '/' + id, 'aria-current': id === tab ? 'page' : null }, label))),
    body);
  const views = { overview: overviewTab, users: usersTab, extensions: extensionsTab, backups: backupsTab, operations: operationsTab };
  await (views[tab] || overviewTab)(app, addonId, db, body);
}

function overviewTab(app, addonId, db, body) {
  const path = '/v1/apps/' + enc(app) + '/addons/' + enc(addonId);
  const urlBox = h('div', {});
  const show = h('button', { type: 'button', class: 'secondary' }, 'Show the connection URL');
  show.addEventListener('click', async () => {
    if (urlBox.childElementCount) {
      urlBox.replaceChildren();
      show.textContent = 'Show the connection URL';
      return;
    }
    try {
      const c = (await api('GET', path + '/connection')).connection;
      urlBox.replaceChildren(h('code', { class: 'secret', id: 'connection-url' }, c.url));
      show.textContent = 'Hide the connection URL';
    } catch (err) {
      urlBox.replaceChildren(h('p', { class: 'error', role: 'alert' }, say(err)));
    }
  });
  const nodes = Array.isArray(db.nodes) ? db.nodes : [];
  body.replaceChildren(
    h('section', { class: 'block', 'aria-labelledby': 'db-title' },
      h('h2', { id: 'db-title' }, 'Overview'),
      h('dl', {},
        h('dt', {}, 'Version'), h('dd', { 'data-field': 'version' }, db.version || '—'),
        h('dt', {}, 'Status'), h('dd', { 'data-field': 'status' }, db.status),
        h('dt', {}, 'Plan'), h('dd', { 'data-field': 'plan' }, db.plan_id),
        db.replication ? [h('dt', {}, 'Replication'), h('dd', {}, db.replication)] : null),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', { class: 'visually-hidden' }, 'Nodes'),
        h('thead', {}, h('tr', {}, ['Node', 'Role', 'State', 'Replication lag'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, nodes.map((n) => h('tr', {},
          h('td', {}, n.name), h('td', {}, n.role), h('td', {}, n.state),
          h('td', {}, n.replication_lag_bytes === null || n.replication_lag_bytes === undefined ? '—'
            : n.replication_lag_bytes + ' bytes')))))),
      h('div', { class: 'row spaced' }, show), urlBox),
    upgradeBlock(app, addonId, db));
}

function sameMajor(a, b) {
  return a && b && a.split('.')[0] === b.split('.')[0];
}

function upgradeBlock(app, addonId, db) {
  const path = '/v1/apps/' + enc(app) + '/addons/' + enc(addonId) + '/database/upgrade';
  const block = h('section', { class: 'block', 'aria-labelledby': 'upgrade-title' }, h('h2', { id: 'upgrade-title' }, 'Database Upgrade'));
  const next = db.next_version;
  if (!next) {
    block.append(h('p', {}, 'PostgreSQL ' + (db.version || '') + ' is the newest version offered: no upgrade is available.'));
    return block;
  }
  const business = (db.plan_id || '').startsWith('postgresql-business');
  const progress = h('div', { id: 'upgrade-progress' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  if (sameMajor(db.version, next)) {
    block.append(h('p', {}, 'PostgreSQL ' + next + ' is a minor upgrade of ' + db.version + '. ' + (business
      ? 'The follower is restarted on ' + next + ' first; then a switchover makes it the primary, and the former primary is restarted on ' + next + ' and follows it. Clients are held for a fraction of a second, not disconnected.'
      : 'The node is restarted on ' + next + ' while the endpoint holds client connections: a short unavailability.')
      + ' The application is restarted at the end.'));
  } else {
    block.append(
      h('p', {}, 'PostgreSQL ' + next + ' is a major upgrade of ' + db.version + '. It causes downtime:'),
      h('ol', {},
        h('li', {}, 'The entire cluster is stopped. The database is unreachable.'),
        h('li', {}, 'pg_upgrade is executed on the primary node.'),
        h('li', {}, 'The primary node is restarted. The database is reachable again.'),
        h('li', {}, 'ANALYZE runs in three stages to rebuild the planner statistics.'),
        h('li', {}, 'A base backup is taken to make point-in-time recovery possible again.'),
        h('li', {}, business ? 'The follower is built from scratch (replication is degraded until it streams).' : 'There is no follower to rebuild on this plan.')));
    const estimate = h('div', { id: 'preflight' });
    const check = h('button', { type: 'button', class: 'secondary' }, 'Run the pre-flight check');
    check.addEventListener('click', async () => {
      check.disabled = true;
      try {
        const data = await api('POST', path, { version: next, check_only: true });
        estimate.replaceChildren(operationView(data.operation.id, (op) => {
          check.disabled = false;
          estimate.append(preflightSummary(op));
        }));
      } catch (err) {
        check.disabled = false;
        error.hidden = false;
        error.textContent = say(err);
      }
    });
    block.append(h('div', { class: 'row' }, check), estimate);
  }
  const start = h('button', { type: 'button' }, 'Upgrade to ' + next);
  start.addEventListener('click', () => {
    const confirm = h('button', { type: 'button' }, 'Confirm the upgrade to ' + next);
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const ask = h('div', { class: 'row', role: 'group', 'aria-label': 'Confirm the upgrade' }, confirm, cancel);
    cancel.addEventListener('click', () => { ask.remove(); start.hidden = false; start.focus(); });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        const data = await api('POST', path, { version: next });
        ask.remove();
        progress.replaceChildren(h('h3', {}, 'Upgrading to ' + next), operationView(data.operation.id));
      } catch (err) {
        confirm.disabled = false;
        error.hidden = false;
        error.textContent = say(err);
      }
    });
    start.hidden = true;
    start.insertAdjacentElement('afterend', ask);
    confirm.focus();
  });
  block.append(error, h('div', { class: 'row spaced' }, start), progress);
  return block;
}

/** The pre-flight's answer: whether pg_upgrade accepts the cluster, the downtime estimate, the extensions. */
function preflightSummary(op) {
  const check = (op.result && op.result.check) || null;
  if (!check) return h('p', {}, op.status === 'succeeded' ? 'The pre-flight check passed.' : '');
  if (!check.compatible) return h('p', { class: 'error', role: 'alert' }, 'The pre-flight check refuses: ' + check.reason);
  const parts = ['The pre-flight check passed.'];
  if (check.estimate) {
    parts.push('Estimated downtime: about ' + check.estimate.linkModeSeconds + ' s (the pessimistic rule of 1 minute per 10 GiB gives '
      + check.estimate.pessimisticSeconds + ' s).');
  }
  parts.push(Array.isArray(check.extensions) && check.extensions.length
    ? 'Extensions it will update: ' + check.extensions.join(', ') + '.' : 'No extension to update.');
  return h('p', { class: 'notice', id: 'preflight-summary' }, parts.join(' '));
}

const USERNAME_RULES = 'Between 6 and 32 characters: letters, digits and underscores, starting with a letter.';

function usernameProblem(name) {
  if (name.length < 6 || name.length > 32) return 'The username must be between 6 and 32 characters long.';
  if (!/^[A-Za-z]/.test(name)) return 'The username must start with a letter.';
  if (!/^[A-Za-z0-9_]+$/.test(name)) return 'The username can only contain letters, digits and underscores (_).';
  return null;
}

function passwordProblem(password, again) {
  if (password === '' && again === '') return null; // the platform generates one
  if (password.length < 8 || password.length > 64) return 'The password must be between 8 and 64 characters long.';
  if (/["']/.test(password)) return 'The password must not contain the character " or \'.';
  if (password !== again) return 'The two passwords differ.';
  return null;
}

async function usersTab(app, addonId, db, body) {
  const path = '/v1/apps/' + enc(app) + '/addons/' + enc(addonId) + '/database/users';
  const users = (await api('GET', path)).users || [];
  const progress = h('div', {});
  const rows = users.map((u) => {
    const cells = [u.username, String(u.read_only), String(u.protected), u.password_encryption].map((t) => h('td', {}, t));
    const actions = h('td', {});
    if (!u.protected) {
      const del = h('button', { type: 'button', class: 'danger', 'aria-label': 'Delete user ' + u.username }, 'Delete');
      del.addEventListener('click', () => {
        const yes = h('button', { type: 'button', class: 'danger' }, 'Confirm: delete ' + u.username);
        const no = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
        const ask = h('div', { class: 'row' }, yes, no);
        no.addEventListener('click', () => { ask.replaceWith(del); del.focus(); });
        yes.addEventListener('click', async () => {
          yes.disabled = true;
          try {
            const data = await api('DELETE', path + '/' + enc(u.username));
            progress.replaceChildren(operationView(data.operation.id, () => usersTab(app, addonId, db, body)));
          } catch (err) {
            ask.replaceWith(h('p', { class: 'error', role: 'alert' }, say(err)));
          }
        });
        del.replaceWith(ask);
        yes.focus();
      });
      actions.append(del);
    }
    return h('tr', { 'data-user': u.username }, cells, actions);
  });
  body.replaceChildren(
    h('section', { class: 'block', 'aria-labelledby': 'users-title' },
      h('h2', { id: 'users-title' }, 'User Management'),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Username', 'Read-only', 'Protected', 'Password encryption', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows))),
      progress),
    addUserForm(app, addonId, db, body, path));
}

function addUserForm(app, addonId, db, body, path) {
  const username = h('input', { id: 'new-username', autocomplete: 'off', 'aria-describedby': 'username-rules' });
  const password = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password' });
  const again = h('input', { id: 'new-password-again', type: 'password', autocomplete: 'new-password' });
  const readOnly = h('input', { id: 'new-read-only', type: 'checkbox' });
  const result = h('div', {});
  const form = h('form', { novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'new-username' }, 'Username'), username,
      h('p', { id: 'username-rules', class: 'muted' }, USERNAME_RULES)),
    h('div', { class: 'field' }, h('label', { for: 'new-password' }, 'Password'), password,
      h('p', { class: 'muted' }, '8 to 64 characters, without " or \'. Leave both empty to have one generated.')),
    h('div', { class: 'field' }, h('label', { for: 'new-password-again' }, 'Password (again)'), again),
    h('div', { class: 'field' }, h('label', { class: 'inline', for: 'new-read-only' }, readOnly, 'Read only')),
    h('button', { type: 'submit' }, 'Add User'),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    [username, password, again].forEach(clearError);
    const nameProblem = usernameProblem(username.value);
    if (nameProblem) { errorNear(username, nameProblem); return; }
    const pwProblem = passwordProblem(password.value, again.value);
    if (pwProblem) { errorNear(pwProblem === 'The two passwords differ.' ? again : password, pwProblem); return; }
    const user = { username: username.value, read_only: readOnly.checked };
    if (password.value) user.password = password.value;
    try {
      const data = await api('POST', path, { user });
      password.value = '';
      again.value = '';
      const shown = data.password
        ? h('p', { class: 'notice' }, 'Password of ' + data.user.username + ' (shown once, copy it now): ',
          h('code', { class: 'secret', id: 'generated-password' }, data.password))
        : null;
      result.replaceChildren(...[shown, operationView(data.operation.id, (op) => {
        if (op.status === 'succeeded') {
          usersTab(app, addonId, db, body).then(() => {
            if (shown) body.querySelector('#users-title').parentElement.append(shown);
          });
        }
      })].filter(Boolean));
    } catch (err) {
      errorNear(err.message.toLowerCase().includes('password') ? password : username, say(err));
    }
  });
  return h('section', { class: 'block', 'aria-labelledby': 'add-user-title' }, h('h2', { id: 'add-user-title' }, 'Add a new user'), form);
}

async function extensionsTab(app, addonId, db, body) {
  const path = '/v1/apps/' + enc(app) + '/addons/' + enc(addonId) + '/database/extensions';
  const list = (await api('GET', path)).extensions || [];
  const progress = h('div', {});
  const rows = list.map((x) => {
    const enabled = !!x.installed_version;
    const button = h('button', { type: 'button', class: enabled ? 'secondary' : null,
      'aria-label': (enabled ? 'Disable ' : 'Enable ') + x.name }, enabled ? 'Disable' : 'Enable');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const data = enabled ? await api('DELETE', path + '/' + enc(x.name)) : await api('POST', path, { extension: { name: x.name } });
        progress.replaceChildren(operationView(data.operation.id, (op) => {
          if (op.status === 'succeeded') extensionsTab(app, addonId, db, body);
          else button.disabled = false;
        }));
      } catch (err) {
        button.disabled = false;
        progress.replaceChildren(h('p', { class: 'error', role: 'alert' }, say(err)));
      }
    });
    return h('tr', { 'data-extension': x.name }, h('td', {}, x.name), h('td', {}, x.default_version || '—'),
      h('td', {}, x.installed_version || '—'), h('td', {}, x.description || ''), h('td', {}, button));
  });
  body.replaceChildren(h('section', { class: 'block', 'aria-labelledby': 'ext-title' },
    h('h2', { id: 'ext-title' }, 'Extensions'),
    list.length === 0 ? h('p', {}, 'The extensions are listed once the workers have read them from the database.') : null,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'Available', 'Enabled', 'Description', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))),
    progress));
}

const BACKUP_METHODS = { 'major-upgrade': 'after major upgrade', restore: 'after restore' };

/** "12.3 MiB", as the CLI shows it; a dash while the size is not known. */
function size(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return bytes + ' B';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return value.toFixed(1) + ' ' + units[unit];
}

/** The local time, with the API's own UTC text beside it (what the CLI takes). */
function when(iso) {
  return h('time', { datetime: iso }, new Date(iso).toLocaleString() + ' (' + iso + ')');
}

async function backupsTab(app, addonId, db, body) {
  const path = '/v1/apps/' + enc(app) + '/addons/' + enc(addonId);
  const [schedule, pitr] = await Promise.all([api('GET', path + '/backup_schedule'), api('GET', path + '/database/pitr')]);
  const s = schedule.backup_schedule;
  const hour = String(s.scheduled_at).padStart(2, '0') + ':00 UTC';
  const list = h('div', { class: 'table-wrap', id: 'backups-list' });
  const status = h('p', { role: 'status' });
  const create = h('button', { type: 'button' }, 'Create backup');
  let started = null;
  let timer = null;
  // Redrawn every 2 seconds while a backup runs, as long as the list is on the page. A timer of its
  // own: the shared one belongs to the operation view a restore shows beside it.
  const refresh = async () => {
    let backups;
    try {
      backups = (await api('GET', path + '/backups')).backups || [];
    } catch (err) {
      status.replaceChildren(h('span', { class: 'error' }, say(err)));
      return;
    }
    list.replaceChildren(backups.length === 0
      ? h('p', {}, 'No backup yet: the daily backup runs at ' + hour + ', or create one now.')
      : backupTable(app, addonId, path, backups, status));
    const running = backups.some((b) => b.status === 'running');
    create.disabled = running;
    const mine = started && backups.find((b) => b.id === started);
    if (mine && mine.status !== 'running') {
      started = null;
      status.replaceChildren(mine.status === 'done'
        ? h('span', { class: 'notice' }, 'Backup ' + mine.id + ' is done (' + size(mine.size) + ').')
        : h('span', { class: 'error' }, 'Backup ' + mine.id + ' failed: ' + (mine.error || 'no reason given') + '.'));
      announce('Backup ' + mine.id + ' ' + mine.status + '.');
    }
    clearTimeout(timer);
    if (running) timer = setTimeout(() => { if (list.isConnected) refresh(); }, 2000);
  };
  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      started = (await api('POST', path + '/backups')).backup.id;
      status.replaceChildren('Backup ' + started + ' started…');
      await refresh();
    } catch (err) {
      create.disabled = false;
      status.replaceChildren(h('span', { class: 'error' }, say(err)));
    }
  });
  await refresh();
  body.replaceChildren(
    h('section', { class: 'block', 'aria-labelledby': 'backups-title' },
      h('h2', { id: 'backups-title' }, 'Backups'),
      h('p', { id: 'backup-schedule' }, 'Daily backup at ' + hour + ', kept ' + s.retention_days
        + (s.retention_days === 1 ? ' day.' : ' days.')),
      h('div', { class: 'row' }, create), status, list),
    restoreBlock(app, addonId, db, path, pitr.pitr));
}

function backupTable(app, addonId, path, backups, status) {
  return h('table', {},
    h('thead', {}, h('tr', {}, ['ID', 'Created at', 'Size', 'Status', 'Method', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, backups.map((b) => h('tr', { 'data-backup': b.id },
      h('td', {}, b.id),
      h('td', {}, new Date(b.created_at).toLocaleString()),
      h('td', {}, size(b.size)),
      h('td', { class: 'status-' + b.status }, b.status),
      h('td', {}, BACKUP_METHODS[b.method] || b.method),
      h('td', {}, b.status === 'done' ? downloadButton(addonId, path, b, status) : null)))));
}

/** The archive goes through a Blob: the browser holds it until it is saved. */
function downloadButton(addonId, path, backup, status) {
  const button = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Download backup ' + backup.id }, 'Download');
  button.addEventListener('click', async () => {
    const name = addonId + '-' + backup.id + '.tar';
    button.disabled = true;
    status.replaceChildren('Downloading ' + backup.id + ' (' + size(backup.size) + ')…');
    try {
      const blob = await apiFile(path + '/backups/' + enc(backup.id) + '/archive');
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.replaceChildren(h('span', { class: 'notice' }, 'Backup ' + backup.id + ' saved as ' + name + ' (' + size(blob.size) + ').'));
    } catch (err) {
      status.replaceChildren(h('span', { class: 'error' }, say(err)));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function restoreBlock(app, addonId, db, path, pitr) {
  const block = h('section', { class: 'block', 'aria-labelledby': 'pitr-title' },
    h('h2', { id: 'pitr-title' }, 'Point-in-time recovery'));
  const range = pitr.recovery_window;
  const epochs = Array.isArray(pitr.epochs) ? pitr.epochs : [];
  if (range) {
    block.append(h('dl', { id: 'recovery-window' },
      h('dt', {}, 'Earliest recoverable time'), h('dd', { 'data-field': 'earliest' }, when(range.earliest)),
      h('dt', {}, 'Latest recoverable time'), h('dd', { 'data-field': 'latest' }, when(range.latest))));
  } else {
    block.append(h('p', { id: 'recovery-window' }, epochs.length === 0
      ? 'No finished backup yet, so there is nothing to restore to: create a backup first.'
      : 'No finished backup since the last major upgrade: nothing can be restored in place until one is made.'));
  }
  const older = epochs.map((e, i) => ({ e, next: epochs[i + 1] })).filter(({ e }) => !e.current);
  if (older.length) {
    block.append(h('ul', {}, older.map(({ e, next }) => {
      const to = next ? next.major : (db.version || '').split('.')[0];
      return h('li', {}, (to ? 'Before the upgrade to PostgreSQL ' + to : 'Before the last major upgrade') + ': PostgreSQL '
        + e.major + ' from ', when(e.earliest), ' to ', when(e.latest), ', restorable into a new addon only.');
    })));
  }
  if (epochs.length === 0) return block;
  const time = h('input', { id: 'restore-time', type: 'datetime-local', step: 1, 'aria-describedby': 'restore-time-help' });
  const newAddon = h('input', { id: 'restore-new-addon', type: 'checkbox' });
  const confirmBox = h('div', {});
  const progress = h('div', { id: 'restore-progress' });
  const submit = h('button', { type: 'submit' }, 'Restore');
  const form = h('form', { novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'restore-time' }, 'Restore to'), time,
      h('p', { id: 'restore-time-help', class: 'muted' }, 'Your local time (' + Intl.DateTimeFormat().resolvedOptions().timeZone
        + '), to the second.')),
    h('div', { class: 'field' }, h('label', { class: 'inline', for: 'restore-new-addon' }, newAddon, 'Into a new addon'),
      h('p', { class: 'muted' }, 'The new addon is a copy of this one as it was at that time; this addon is left untouched.')),
    submit);
  const start = async (target) => {
    submit.disabled = true;
    try {
      const data = await api('POST', path + '/database/pitr/restore', { restore: { target_time: target, new_addon: newAddon.checked } });
      confirmBox.replaceChildren();
      const created = data.addon_id !== addonId ? data.addon_id : null;
      progress.replaceChildren(
        h('h3', {}, created ? 'Restoring into a new addon' : 'Restoring ' + addonId + ' to ' + target),
        created ? h('p', { class: 'notice', id: 'restore-new-addon-id' }, 'New addon: ',
          h('a', { href: '#/apps/' + enc(app) + '/addons/' + enc(created) }, created)) : null,
        operationView(data.operation.id, (op) => {
          submit.disabled = false;
          if (op.status === 'succeeded') announce(created ? 'Addon ' + created + ' is ready.' : 'Addon ' + addonId + ' is restored.');
        }));
    } catch (err) {
      submit.disabled = false;
      confirmBox.replaceChildren();
      errorNear(time, say(err));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearError(time);
    const local = time.value ? new Date(time.value) : null;
    if (!local || Number.isNaN(local.getTime())) {
      errorNear(time, 'Enter the date and time to restore to.');
      return;
    }
    const target = local.toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (newAddon.checked) {
      start(target);
      return;
    }
    confirmBox.replaceChildren(confirmRestore(addonId, target, () => start(target), () => {
      confirmBox.replaceChildren();
      submit.focus();
    }));
    confirmBox.querySelector('input').focus();
  });
  block.append(form, confirmBox, progress);
  return block;
}

function confirmRestore(addonId, target, onConfirm, onCancel) {
  const typed = h('input', { id: 'restore-confirm', autocomplete: 'off' });
  const yes = h('button', { type: 'button', class: 'danger', disabled: true }, 'Restore in place');
  typed.addEventListener('input', () => { yes.disabled = typed.value.trim() !== addonId; });
  yes.addEventListener('click', () => { yes.disabled = true; onConfirm(); });
  return h('section', { class: 'block', role: 'alertdialog', 'aria-labelledby': 'restore-confirm-title',
    'aria-describedby': 'restore-confirm-text' },
    h('h3', { id: 'restore-confirm-title' }, 'Restore ' + addonId + ' in place?'),
    h('p', { id: 'restore-confirm-text' }, 'This is irreversible: everything written to the database after ' + target
      + ' is lost, and the database is unreachable while it is restored. To keep the current data, restore into a new'
      + ' addon instead. Type the addon ID to confirm.'),
    h('label', { for: 'restore-confirm' }, 'Addon ID'), typed,
    h('div', { class: 'row spaced' }, yes, h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel')));
}

function duration(op) {
  if (!op.closed_at) return 'running';
  const ms = new Date(op.closed_at) - new Date(op.started_at);
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

async function operationsTab(app, addonId, db, body) {
  const data = await api('GET', '/v1/apps/' + enc(app) + '/operations?addon_id=' + enc(addonId) + '&per_page=50');
  const ui = (session() || {}).temporal_ui_url;
  body.replaceChildren(h('section', { class: 'block', 'aria-labelledby': 'ops-title' },
    h('h2', { id: 'ops-title' }, 'Operations'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['When', 'What', 'Who', 'Outcome', 'Duration', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, data.operations.map((op) => h('tr', { 'data-operation': op.id },
        h('td', {}, new Date(op.started_at).toLocaleString()),
        h('td', {}, op.kind),
        h('td', {}, op.requested_by || 'the platform'),
        h('td', { class: 'status-' + op.status }, op.status),
        h('td', {}, duration(op)),
        h('td', {}, h('a', { href: '#/operations/' + enc(op.id) }, 'Steps'),
          ui ? [' · ', h('a', { href: ui + '/namespaces/default/workflows/' + enc(op.workflow_id) + '/' + enc(op.run_id),
            target: '_blank', rel: 'noopener' }, 'Temporal')] : null))))))));
}

async function showOperation(id) {
  render(h('section', { class: 'block' }, h('h1', {}, 'Operation ' + id), operationView(id)));
}

function notFound(message) {
  render(h('section', { class: 'block' }, h('h1', {}, 'Not found'), h('p', { role: 'alert' }, message)));
}

// ---- routing ------------------------------------------------------------------------------

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

window.addEventListener('hashchange', route);
route();
