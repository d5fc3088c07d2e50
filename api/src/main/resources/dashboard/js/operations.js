// Operations: the live view of one operation's steps (shared by every action that starts one),
// its own page, and the Operations tab of a database.
import { api, capitalize, enc, say, session } from './api.js';
import { announce, h, headRow, render } from './dom.js';

// One operation is followed at a time: a new view, or another page, stops the previous one.
let pollTimer = null;

export function stopPolling() {
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
}

/** A live view of an operation's steps, refreshed every second until it ends. */
export function operationView(operationId, onEnd) {
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

/** The page #/operations/{id}. */
export async function showOperation(id) {
  render(h('section', { class: 'block' }, h('h1', {}, 'Operation ' + id), operationView(id)));
}

function duration(op) {
  if (!op.closed_at) return 'running';
  const ms = new Date(op.closed_at) - new Date(op.started_at);
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

/** The Operations tab: the addon's last 50 operations, each linked to its steps (and to Temporal's UI). */
export async function operationsTab(app, addonId, db, body) {
  const data = await api('GET', '/v1/apps/' + enc(app) + '/operations?addon_id=' + enc(addonId) + '&per_page=50');
  const ui = (session() || {}).temporal_ui_url;
  body.replaceChildren(h('section', { class: 'block', 'aria-labelledby': 'ops-title' },
    h('h2', { id: 'ops-title' }, 'Operations'),
    h('div', { class: 'table-wrap' }, h('table', {},
      headRow(['When', 'What', 'Who', 'Outcome', 'Duration', '']),
      h('tbody', {}, data.operations.map((op) => operationRow(op, ui)))))));
}

function operationRow(op, ui) {
  return h('tr', { 'data-operation': op.id },
    h('td', {}, new Date(op.started_at).toLocaleString()),
    h('td', {}, op.kind),
    h('td', {}, op.requested_by || 'the platform'),
    h('td', { class: 'status-' + op.status }, op.status),
    h('td', {}, duration(op)),
    h('td', {}, h('a', { href: '#/operations/' + enc(op.id) }, 'Steps'),
      ui ? [' · ', h('a', { href: ui + '/namespaces/default/workflows/' + enc(op.workflow_id) + '/' + enc(op.run_id),
        target: '_blank', rel: 'noopener' }, 'Temporal')] : null));
}
