// The apps a token reaches, and one app's Resources tab: its addons, their actions menu, removing
// one, adding one.
import { addonPath, api, enc, say } from './api.js';
import { cancelButton, clearError, errorNear, h, headRow, render } from './dom.js';
import { operationView, stopPolling } from './operations.js';
import { changePlanPanel } from './plan-change.js';

export async function showApps() {
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

export async function showApp(app) {
  const catalog = await plans();
  const panel = h('div', { id: 'addon-panel' });
  const table = h('div', { class: 'table-wrap' });
  // The table alone is refreshed after an operation: the panel keeps showing how it ended.
  const refresh = async () => {
    const addons = (await api('GET', '/v1/apps/' + enc(app) + '/addons')).addons;
    table.replaceChildren(addons.length === 0 ? h('p', {}, 'No addon yet.') : h('table', {},
      headRow(['Addon', 'Plan', 'Version', 'Status', 'Actions']),
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

function removePanel(app, addon, panel, refresh) {
  stopPolling();
  const typed = h('input', { id: 'remove-confirm', autocomplete: 'off' });
  const remove = h('button', { type: 'button', class: 'danger', disabled: true }, 'Remove addon');
  typed.addEventListener('input', () => { remove.disabled = typed.value.trim() !== addon.id; });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      const data = await api('DELETE', addonPath(app, addon.id));
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
    h('div', { class: 'row' }, remove, cancelButton(panel))));
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
