// The Extensions tab: the extensions the database offers, each enabled or disabled with one button.
import { addonPath, api, enc, say } from './api.js';
import { h, headRow } from './dom.js';
import { operationView } from './operations.js';

export async function extensionsTab(app, addonId, db, body) {
  const path = addonPath(app, addonId) + '/database/extensions';
  const list = (await api('GET', path)).extensions || [];
  const progress = h('div', {});
  const reload = () => extensionsTab(app, addonId, db, body);
  body.replaceChildren(h('section', { class: 'block', 'aria-labelledby': 'ext-title' },
    h('h2', { id: 'ext-title' }, 'Extensions'),
    list.length === 0 ? h('p', {}, 'The extensions are listed once the workers have read them from the database.') : null,
    h('div', { class: 'table-wrap' }, h('table', {},
      headRow(['Name', 'Available', 'Enabled', 'Description', '']),
      h('tbody', {}, list.map((x) => extensionRow(x, path, progress, reload))))),
    progress));
}

function extensionRow(x, path, progress, reload) {
  const enabled = !!x.installed_version;
  const button = h('button', { type: 'button', class: enabled ? 'secondary' : null,
    'aria-label': (enabled ? 'Disable ' : 'Enable ') + x.name }, enabled ? 'Disable' : 'Enable');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const data = enabled ? await api('DELETE', path + '/' + enc(x.name)) : await api('POST', path, { extension: { name: x.name } });
      progress.replaceChildren(operationView(data.operation.id, (op) => {
        if (op.status === 'succeeded') reload();
        else button.disabled = false;
      }));
    } catch (err) {
      button.disabled = false;
      progress.replaceChildren(h('p', { class: 'error', role: 'alert' }, say(err)));
    }
  });
  return h('tr', { 'data-extension': x.name }, h('td', {}, x.name), h('td', {}, x.default_version || '—'),
    h('td', {}, x.installed_version || '—'), h('td', {}, x.description || ''), h('td', {}, button));
}
