// Changing an addon's plan: pick the new plan, read what it does to the running database, confirm.
import { addonPath, api, say } from './api.js';
import { announce, cancelButton, h } from './dom.js';
import { operationView, stopPolling } from './operations.js';

function impact(plan) {
  return plan.startsWith('postgresql-business')
    ? 'Business plans fail over to the follower: current connections are stopped and the application reconnects, within a few seconds.'
    : 'Starter plans are not highly available: expect a short unavailability while the node restarts.';
}

export function changePlanPanel(app, addon, panel, catalog, refresh) {
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
    h('div', { class: 'row' }, finish, cancelButton(panel))));
  fieldset.querySelector('input').focus();
}

function confirmPlan(app, addon, plan, panel, refresh) {
  const confirm = h('button', { type: 'button' }, 'Confirm plan change');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      const data = await api('PATCH', addonPath(app, addon.id), { addon: { plan_id: plan } });
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
    h('div', { class: 'row' }, confirm, cancelButton(panel))));
  confirm.focus();
}
