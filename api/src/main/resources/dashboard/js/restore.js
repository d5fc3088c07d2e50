// Point-in-time recovery, below the backups: the recovery window, the older epochs (before a major
// upgrade), and a restore, in place (confirmed by typing the addon ID) or into a new addon.
import { api, enc, say } from './api.js';
import { announce, clearError, errorNear, h } from './dom.js';
import { operationView } from './operations.js';

/** The local time, with the API's own UTC text beside it (what the CLI takes). */
function when(iso) {
  return h('time', { datetime: iso }, new Date(iso).toLocaleString() + ' (' + iso + ')');
}

export function restoreBlock(app, addonId, db, path, pitr) {
  const block = h('section', { class: 'block', 'aria-labelledby': 'pitr-title' },
    h('h2', { id: 'pitr-title' }, 'Point-in-time recovery'));
  const epochs = Array.isArray(pitr.epochs) ? pitr.epochs : [];
  block.append(recoveryWindow(pitr.recovery_window, epochs));
  const lag = archiveLag(pitr);
  if (lag) block.append(lag);
  const older = olderEpochs(epochs, db);
  if (older) block.append(older);
  if (epochs.length === 0) return block;
  block.append(...restoreForm(app, addonId, path));
  return block;
}

function recoveryWindow(range, epochs) {
  if (range) {
    return h('dl', { id: 'recovery-window' },
      h('dt', {}, 'Earliest recoverable time'), h('dd', { 'data-field': 'earliest' }, when(range.earliest)),
      h('dt', {}, 'Latest recoverable time'), h('dd', { 'data-field': 'latest' }, when(range.latest)));
  }
  return h('p', { id: 'recovery-window' }, epochs.length === 0
    ? 'No finished backup yet, so there is nothing to restore to: create a backup first.'
    : 'No finished backup since the last major upgrade: nothing can be restored in place until one is made.');
}

/** How far the archive is behind the primary (a warning past five minutes), or null when not known. */
function archiveLag(pitr) {
  if (typeof pitr.archive_lag_seconds !== 'number') return null;
  const text = 'Archive behind the primary: ' + pitr.archive_lag_seconds + ' s (' + pitr.archive_lag_bytes + ' bytes of WAL).';
  if (pitr.archive_lag_seconds > 300) {
    return h('p', { id: 'archive-lag', class: 'error', role: 'alert' }, text
      + ' A lost host would take the commits of that span along.');
  }
  return h('p', { id: 'archive-lag', class: 'muted' }, text);
}

/** The epochs before the last major upgrade (restorable into a new addon only), or null if none. */
function olderEpochs(epochs, db) {
  const older = epochs.map((e, i) => ({ e, next: epochs[i + 1] })).filter(({ e }) => !e.current);
  if (!older.length) return null;
  return h('ul', {}, older.map(({ e, next }) => {
    const to = next ? next.major : (db.version || '').split('.')[0];
    return h('li', {}, (to ? 'Before the upgrade to PostgreSQL ' + to : 'Before the last major upgrade') + ': PostgreSQL '
      + e.major + ' from ', when(e.earliest), ' to ', when(e.latest), ', restorable into a new addon only.');
  }));
}

/** The restore form, the box its confirmation shows in, and the box its progress shows in. */
function restoreForm(app, addonId, path) {
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
  const ui = { app, addonId, path, time, newAddon, confirmBox, progress, submit };
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
      startRestore(ui, target);
      return;
    }
    confirmBox.replaceChildren(confirmRestore(addonId, target, () => startRestore(ui, target), () => {
      confirmBox.replaceChildren();
      submit.focus();
    }));
    confirmBox.querySelector('input').focus();
  });
  return [form, confirmBox, progress];
}

async function startRestore({ app, addonId, path, time, newAddon, confirmBox, progress, submit }, target) {
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
