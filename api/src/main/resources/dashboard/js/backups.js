// The Backups tab: the schedule, the backups (made now on request, downloaded through the API) and,
// below, point-in-time recovery.
import { addonPath, api, apiFile, enc, say } from './api.js';
import { announce, h, headRow } from './dom.js';
import { restoreBlock } from './restore.js';

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

export async function backupsTab(app, addonId, db, body) {
  const path = addonPath(app, addonId);
  const [schedule, pitr] = await Promise.all([api('GET', path + '/backup_schedule'), api('GET', path + '/database/pitr')]);
  const s = schedule.backup_schedule;
  const hour = String(s.scheduled_at).padStart(2, '0') + ':00 UTC';
  const backups = backupList(addonId, path, hour);
  await backups.refresh();
  body.replaceChildren(
    h('section', { class: 'block', 'aria-labelledby': 'backups-title' },
      h('h2', { id: 'backups-title' }, 'Backups'),
      h('p', { id: 'backup-schedule' }, 'Daily backup at ' + hour + ', kept ' + s.retention_days
        + (s.retention_days === 1 ? ' day.' : ' days.')),
      h('div', { class: 'row' }, backups.create), backups.status, backups.list),
    restoreBlock(app, addonId, db, path, pitr.pitr));
}

/** The list of backups, its status line and the "Create backup" button, and how to redraw them. */
function backupList(addonId, path, hour) {
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
      : backupTable(addonId, path, backups, status));
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
  return { list, status, create, refresh };
}

/** The object store copy's verification, in a word (its sentence is the cell's title). */
function verified(text) {
  if (!text) return '-';
  return text.startsWith('ok') ? 'ok' : text.startsWith('error') ? 'error' : '-';
}

function backupTable(addonId, path, backups, status) {
  return h('table', {},
    headRow(['ID', 'Created at', 'Size', 'Stored', 'Status', 'Method', 'Verified', '']),
    h('tbody', {}, backups.map((b) => h('tr', { 'data-backup': b.id },
      h('td', {}, b.id),
      h('td', {}, new Date(b.created_at).toLocaleString()),
      h('td', {}, size(b.size)),
      h('td', {}, size(b.stored_size)),
      h('td', { class: 'status-' + b.status }, b.status),
      h('td', {}, BACKUP_METHODS[b.method] || b.method),
      h('td', { title: b.verification || 'not verified' }, verified(b.verification)),
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
