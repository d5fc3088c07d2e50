// The database dashboard of one addon: its tabs, and the Overview tab (nodes, connection URL, and
// the Database Upgrade block).
import { addonPath, api, enc, say } from './api.js';
import { h, headRow, render } from './dom.js';
import { backupsTab } from './backups.js';
import { extensionsTab } from './extensions.js';
import { operationsTab } from './operations.js';
import { upgradeBlock } from './upgrade.js';
import { usersTab } from './users.js';

const TABS = [['overview', 'Overview'], ['users', 'Users'], ['extensions', 'Extensions'], ['backups', 'Backups'],
  ['operations', 'Operations']];
const VIEWS = { overview: overviewTab, users: usersTab, extensions: extensionsTab, backups: backupsTab, operations: operationsTab };

export async function showDatabase(app, addonId, tab) {
  const base = '#/apps/' + enc(app) + '/addons/' + enc(addonId);
  const db = (await api('GET', addonPath(app, addonId) + '/database')).database;
  const body = h('div', {});
  render(
    h('p', {}, h('a', { href: '#/apps/' + enc(app) }, '← ' + app)),
    h('h1', {}, 'Database ' + addonId),
    h('nav', { class: 'tabs', 'aria-label': 'Database' },
      TABS.map(([id, label]) => h('a', { href: base + '/' + id, 'aria-current': id === tab ? 'page' : null }, label))),
    body);
  await (VIEWS[tab] || overviewTab)(app, addonId, db, body);
}

function overviewTab(app, addonId, db, body) {
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
        headRow(['Node', 'Role', 'State', 'Replication lag']),
        h('tbody', {}, nodes.map((n) => h('tr', {},
          h('td', {}, n.name), h('td', {}, n.role), h('td', {}, n.state),
          h('td', {}, n.replication_lag_bytes === null || n.replication_lag_bytes === undefined ? '—'
            : n.replication_lag_bytes + ' bytes')))))),
      ...connectionUrl(addonPath(app, addonId))),
    upgradeBlock(app, addonId, db));
}

/** A button that shows (and hides again) the connection URL, and the box it shows it in. */
function connectionUrl(path) {
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
  return [h('div', { class: 'row spaced' }, show), urlBox];
}
