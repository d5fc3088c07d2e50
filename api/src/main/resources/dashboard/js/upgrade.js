// The Database Upgrade block of the Overview tab: a minor upgrade (rolling) or a major one (with
// downtime, and a pre-flight check first), always confirmed before it starts.
import { addonPath, api, say } from './api.js';
import { h } from './dom.js';
import { operationView } from './operations.js';

function sameMajor(a, b) {
  return a && b && a.split('.')[0] === b.split('.')[0];
}

export function upgradeBlock(app, addonId, db) {
  const path = addonPath(app, addonId) + '/database/upgrade';
  const block = h('section', { class: 'block', 'aria-labelledby': 'upgrade-title' }, h('h2', { id: 'upgrade-title' }, 'Database Upgrade'));
  const next = db.next_version;
  if (!next) {
    block.append(h('p', {}, 'PostgreSQL ' + (db.version || '') + ' is the newest version offered: no upgrade is available.'));
    return block;
  }
  const business = (db.plan_id || '').startsWith('postgresql-business');
  const progress = h('div', { id: 'upgrade-progress' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  if (sameMajor(db.version, next)) block.append(minorUpgrade(db.version, next, business));
  else block.append(...majorUpgrade(path, db.version, next, business, error));
  block.append(error, h('div', { class: 'row spaced' }, startButton(path, next, progress, error)), progress);
  return block;
}

function minorUpgrade(version, next, business) {
  return h('p', {}, 'PostgreSQL ' + next + ' is a minor upgrade of ' + version + '. ' + (business
    ? 'The follower is restarted on ' + next + ' first; then a switchover makes it the primary, and the former primary is restarted on ' + next + ' and follows it. Clients are held for a fraction of a second, not disconnected.'
    : 'The node is restarted on ' + next + ' while the endpoint holds client connections: a short unavailability.')
    + ' The application is restarted at the end.');
}

/** What a major upgrade does, step by step, and the pre-flight check's button and answer. */
function majorUpgrade(path, version, next, business, error) {
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
  return [
    h('p', {}, 'PostgreSQL ' + next + ' is a major upgrade of ' + version + '. It causes downtime:'),
    h('ol', {},
      h('li', {}, 'The entire cluster is stopped. The database is unreachable.'),
      h('li', {}, 'pg_upgrade is executed on the primary node.'),
      h('li', {}, 'The primary node is restarted. The database is reachable again.'),
      h('li', {}, 'ANALYZE runs in three stages to rebuild the planner statistics.'),
      h('li', {}, 'A base backup is taken to make point-in-time recovery possible again.'),
      h('li', {}, business ? 'The follower is built from scratch (replication is degraded until it streams).' : 'There is no follower to rebuild on this plan.')),
    h('div', { class: 'row' }, check),
    estimate,
  ];
}

/** "Upgrade to X", which asks for a confirmation beside it before it starts the upgrade. */
function startButton(path, next, progress, error) {
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
  return start;
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
