// The Users tab: the database's users, deleting one (never a protected one), adding one with the
// platform's rules checked next to each field.
import { addonPath, api, enc, say } from './api.js';
import { clearError, errorNear, h, headRow } from './dom.js';
import { operationView } from './operations.js';

const USERNAME_RULES = 'Between 6 and 32 characters: letters, digits and underscores, starting with a letter.';
const PASSWORDS_DIFFER = 'The two passwords differ.';

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
  if (password !== again) return PASSWORDS_DIFFER;
  return null;
}

export async function usersTab(app, addonId, db, body) {
  const path = addonPath(app, addonId) + '/database/users';
  const users = (await api('GET', path)).users || [];
  const progress = h('div', {});
  const reload = () => usersTab(app, addonId, db, body);
  body.replaceChildren(
    h('section', { class: 'block', 'aria-labelledby': 'users-title' },
      h('h2', { id: 'users-title' }, 'User Management'),
      h('div', { class: 'table-wrap' }, h('table', {},
        headRow(['Username', 'Read-only', 'Protected', 'Password encryption', '']),
        h('tbody', {}, users.map((u) => userRow(u, path, progress, reload))))),
      progress),
    addUserForm(body, path, reload));
}

function userRow(u, path, progress, reload) {
  const cells = [u.username, String(u.read_only), String(u.protected), u.password_encryption].map((t) => h('td', {}, t));
  const actions = h('td', {});
  if (!u.protected) actions.append(deleteButton(u, path, progress, reload));
  return h('tr', { 'data-user': u.username }, cells, actions);
}

/** "Delete", which turns into a confirmation in place. */
function deleteButton(u, path, progress, reload) {
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
        progress.replaceChildren(operationView(data.operation.id, reload));
      } catch (err) {
        ask.replaceWith(h('p', { class: 'error', role: 'alert' }, say(err)));
      }
    });
    del.replaceWith(ask);
    yes.focus();
  });
  return del;
}

function addUserForm(body, path, reload) {
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
  const fields = { username, password, again, readOnly };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    addUser(fields, path, result, body, reload);
  });
  return h('section', { class: 'block', 'aria-labelledby': 'add-user-title' }, h('h2', { id: 'add-user-title' }, 'Add a new user'), form);
}

async function addUser({ username, password, again, readOnly }, path, result, body, reload) {
  [username, password, again].forEach(clearError);
  const nameProblem = usernameProblem(username.value);
  if (nameProblem) { errorNear(username, nameProblem); return; }
  const pwProblem = passwordProblem(password.value, again.value);
  if (pwProblem) { errorNear(pwProblem === PASSWORDS_DIFFER ? again : password, pwProblem); return; }
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
        reload().then(() => {
          if (shown) body.querySelector('#users-title').parentElement.append(shown);
        });
      }
    })].filter(Boolean));
  } catch (err) {
    errorNear(err.message.toLowerCase().includes('password') ? password : username, say(err));
  }
}
