// The dashboard, as a user of the spec walks through it, in headless Chromium against the real
// stack (API, control database, Temporal, worker, containers). scripts/dashboard-test.sh prepares
// it: TOKEN_A reaches APP_A only, whose starter ADDON_A runs PostgreSQL 15.18 on
// postgresql-starter-512; APP_B holds ADDON_B. PROBE_JAR runs SQL as the user the test makes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, close } from './browser.mjs';

const base = process.env.DASHBOARD_URL ?? 'http://127.0.0.1:8080/dashboard/';
const { TOKEN_A, APP_A, ADDON_A, APP_B, ADDON_B, PROBE_JAR } = process.env;
const shots = process.env.SCREENSHOT_DIR ?? 'target';
const OPERATION_TIMEOUT = 180000;

let browser;
let page;
const elsewhere = [];

before(async () => {
  for (const [k, v] of Object.entries({ TOKEN_A, APP_A, ADDON_A, APP_B, ADDON_B, PROBE_JAR })) assert.ok(v, k + ' is set');
  mkdirSync(shots, { recursive: true });
  browser = await launch({ width: 1280, height: 900 });
  page = await browser.context.newPage();
  // Every request the page makes stays on the API's origin: no CDN, no font, no script from elsewhere.
  page.on('request', (r) => { if (!r.url().startsWith(new URL(base).origin)) elsewhere.push(r.url()); });
});

after(async () => {
  await close(browser);
  assert.deepEqual(elsewhere, [], 'every request stays on the API\'s origin');
});

async function shot(name) {
  await page.screenshot({ path: join(shots, 'dashboard-' + name + '.png'), fullPage: true });
}

async function signIn() {
  await page.goto(base, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('API token').fill(TOKEN_A);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your apps' }).waitFor();
}

/** Waits until the operation shown in {@code selector} has ended (the view is redrawn every second). */
async function awaitOperation(selector) {
  const status = selector + ' [data-status]';
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return el && el.getAttribute('data-status') !== 'running';
  }, status, { timeout: OPERATION_TIMEOUT });
  return page.locator(status).first().getAttribute('data-status');
}

test('sign in, then the spec\'s eight steps change a starter addon\'s plan', async () => {
  await signIn(); // 1. open the dashboard
  await page.getByRole('link', { name: APP_A, exact: true }).click(); // 2. the application
  await page.getByRole('link', { name: 'Resources' }).click(); // 3. the Resources tab
  const row = page.locator(`tr[data-addon="${ADDON_A}"]`);
  await row.getByRole('button', { name: 'Actions for addon ' + ADDON_A }).click(); // 4. the Addons block's button
  await page.getByRole('menuitem', { name: 'Change plan' }).click(); // 5. Change plan
  await page.getByLabel(/postgresql-starter-1024/).check(); // 6. the new plan
  await page.getByRole('button', { name: 'Finish' }).click(); // 7. Finish
  await page.getByRole('button', { name: 'Confirm plan change' }).click(); // 8. Confirm plan change
  const panel = page.locator('#addon-panel');
  await panel.locator('[data-status]').first().waitFor();
  await shot('plan-change-running');
  assert.equal(await awaitOperation('#addon-panel'), 'succeeded');
  await page.locator(`tr[data-addon="${ADDON_A}"] [data-field="plan"]`, { hasText: 'postgresql-starter-1024' })
    .waitFor({ timeout: 30000 });
  await shot('plan-change-done');
  const text = await page.locator('main').innerText();
  assert.match(text, /postgresql-starter-1024/);
  const memory = execFileSync('docker', ['inspect', '-f', '{{.HostConfig.Memory}}', `pgaddon-${ADDON_A}-node1`]).toString().trim();
  assert.equal(memory, String(1024 * 1024 * 1024), 'the node now has the new plan\'s memory limit');
});

test('a read-only user added through the form reads but cannot write, then is deleted', async () => {
  await page.goto(base + `#/apps/${APP_A}/addons/${ADDON_A}/users`);
  await page.getByRole('heading', { name: 'User Management' }).waitFor();
  await page.getByLabel('Username').fill('report_reader');
  await page.getByLabel('Password', { exact: true }).fill('Read-only-pass-2026');
  await page.getByLabel('Password (again)').fill('Read-only-pass-2026');
  await page.getByLabel('Read only').check();
  await page.getByRole('button', { name: 'Add User' }).click();
  const row = page.locator('tr[data-user="report_reader"]');
  await row.waitFor({ timeout: OPERATION_TIMEOUT });
  assert.match(await row.innerText(), /report_reader\s+true\s+false\s+SCRAM-SHA-256/);
  await shot('users');

  // Through the endpoint, as that user: reads work, an INSERT is refused.
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Show the connection URL' }).click();
  const url = new URL(await page.locator('#connection-url').innerText());
  const asReader = `postgres://report_reader:Read-only-pass-2026@${url.host}${url.pathname}`;
  const read = spawnSync('java', ['-cp', PROBE_JAR, 'dev.pgaddon.probe.SqlMain', '-', 'SELECT current_user'], { input: asReader + '\n' });
  assert.equal(read.status, 0, read.stderr.toString());
  assert.equal(read.stdout.toString().trim(), 'report_reader');
  const write = spawnSync('java', ['-cp', PROBE_JAR, 'dev.pgaddon.probe.SqlMain', '-',
    'CREATE TABLE IF NOT EXISTS dashboard_probe (id int)'], { input: asReader + '\n' });
  assert.notEqual(write.status, 0, 'a read-only user cannot create a table');
  assert.match(write.stderr.toString() + write.stdout.toString(), /permission denied/);

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Delete user report_reader' }).click();
  await page.getByRole('button', { name: 'Confirm: delete report_reader' }).click();
  await page.locator('tr[data-user="report_reader"]').waitFor({ state: 'detached', timeout: OPERATION_TIMEOUT });
  const protectedRow = page.locator('tr[data-user]').first();
  assert.match(await protectedRow.innerText(), /true\s+SCRAM/, 'the protected default user stays');
  assert.equal(await protectedRow.getByRole('button', { name: /Delete/ }).count(), 0, 'never offered for a protected user');
});

test('a username that breaks the spec\'s rules gets its reason next to the field', async () => {
  await page.goto(base + `#/apps/${APP_A}/addons/${ADDON_A}/users`);
  await page.getByRole('heading', { name: 'User Management' }).waitFor();
  const username = page.getByLabel('Username');
  await username.fill('1report');
  await page.getByRole('button', { name: 'Add User' }).click();
  const error = page.locator('#new-username-error');
  await error.waitFor();
  assert.equal(await error.innerText(), 'The username must start with a letter.');
  assert.equal(await username.getAttribute('aria-invalid'), 'true');
  // A rule only the API knows: the name exists already. Its sentence shows, not JSON.
  const existing = (await page.locator('tr[data-user]').first().getAttribute('data-user'));
  await username.fill(existing);
  await page.getByRole('button', { name: 'Add User' }).click();
  await page.locator('#new-username-error', { hasText: 'already exists' }).waitFor();
  const shown = await page.locator('#new-username-error').innerText();
  assert.match(shown, /^User "[a-z0-9_]+" already exists\.$/);
  assert.doesNotMatch(await page.locator('main').innerText(), /[{}]|Exception|at dev\./, 'no JSON, no stack trace');
  await shot('user-error');
});

test('a minor upgrade started from the Database Upgrade block shows every step reach done', async () => {
  await page.goto(base + `#/apps/${APP_A}/addons/${ADDON_A}/overview`);
  const block = page.locator('section', { has: page.getByRole('heading', { name: 'Database Upgrade' }) });
  await block.waitFor();
  assert.match(await block.innerText(), /15\.20 is a minor upgrade of 15\.18/);
  await block.getByRole('button', { name: 'Upgrade to 15.20' }).click();
  await block.getByRole('button', { name: 'Confirm the upgrade to 15.20' }).click();
  await block.locator('[data-status]').first().waitFor();
  await block.locator('li[data-step-status]').first().waitFor();
  assert.equal(await awaitOperation('#upgrade-progress'), 'succeeded');
  const steps = await block.locator('li[data-step-status]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-step-status')));
  assert.ok(steps.length >= 2, 'the steps are listed: ' + steps);
  assert.deepEqual([...new Set(steps)], ['done'], 'every step is done: ' + steps);
  await shot('minor-upgrade');
  await page.reload();
  await page.locator('[data-field="version"]', { hasText: '15.20' }).waitFor({ timeout: 60000 });

  // Now the next version is a major one: the block lists the six steps and runs the pre-flight on request.
  const major = page.locator('section', { has: page.getByRole('heading', { name: 'Database Upgrade' }) });
  assert.match(await major.innerText(), /17\.12 is a major upgrade of 15\.20[\s\S]*pg_upgrade is executed on the primary node/);
  await major.getByRole('button', { name: 'Run the pre-flight check' }).click();
  const summary = page.locator('#preflight-summary');
  await summary.waitFor({ timeout: OPERATION_TIMEOUT });
  assert.match(await summary.innerText(), /The pre-flight check passed\. Estimated downtime: about \d+ s/);
  await shot('major-preflight');
});

test('the Backups tab shows the schedule, the backups and the recovery window', async () => {
  await page.goto(base + `#/apps/${APP_A}/addons/${ADDON_A}/overview`);
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('heading', { name: 'Backups', exact: true }).waitFor();
  assert.match(await page.locator('#backup-schedule').innerText(), /^Daily backup at \d\d:00 UTC, kept \d+ days?\.$/);
  await page.locator('#backups-list').waitFor();
  await page.getByRole('heading', { name: 'Point-in-time recovery' }).waitFor();
  await page.locator('#recovery-window').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create backup' }).count(), 1);
  assert.doesNotMatch(await page.locator('main').innerText(), /[{}]|Exception|at dev\./, 'no JSON, no stack trace');
  await shot('backups');
});

test('a backup made from the Backups tab opens the recovery window; a restore asks first and explains a refusal', async () => {
  await page.goto(base + `#/apps/${APP_A}/addons/${ADDON_A}/overview`);
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('button', { name: 'Create backup' }).click();
  await page.locator('#backups-list').getByText('done', { exact: true }).first().waitFor({ timeout: 180000 });
  await page.reload();
  await page.getByRole('link', { name: 'Backups' }).click();
  await page.locator('#restore-time').waitFor();
  assert.match(await page.locator('#recovery-window').innerText(), /Earliest/i);
  // Before the window, into a new addon: the API's one line appears next to the time, nothing starts.
  await page.locator('#restore-time').fill('2001-01-01T00:00:00');
  await page.locator('#restore-new-addon').check();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByText(/outside the recovery window/).waitFor();
  assert.equal(await page.locator('#restore-progress').innerText(), '');
  // In place: an irreversible change is confirmed first; cancelled, nothing happens.
  await page.locator('#restore-new-addon').uncheck();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /irreversible/);
  assert.equal(await dialog.getByRole('button', { name: 'Restore in place' }).isDisabled(), true, 'until the id is typed');
  await shot('backups-restore-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByRole('alertdialog').count(), 0);
  assert.equal(await page.locator('#restore-progress').innerText(), '');
});

test('a token for app A sees nothing of app B, and a typed address says not found', async () => {
  await page.goto(base + '#/apps');
  await page.getByRole('heading', { name: 'Your apps' }).waitFor();
  const apps = await page.locator('main').innerText();
  assert.match(apps, new RegExp(APP_A));
  assert.doesNotMatch(apps, new RegExp(APP_B));
  await page.goto(base + `#/apps/${APP_B}`);
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  await page.goto(base + `#/apps/${APP_B}/addons/${ADDON_B}/overview`);
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /postgresql-|running/, 'nothing of B\'s addon shows');
  await shot('not-found');
});

test('at phone width the database dashboard fits, and sign-out ends the session', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + `#/apps/${APP_A}/addons/${ADDON_A}/operations`);
  await page.getByRole('heading', { name: 'Operations' }).waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /change-plan/);
  assert.match(text, /minor-upgrade/);
  assert.match(text, /user-create/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, 'no sideways scrolling of the page: ' + overflow + ' px');
  await shot('phone-operations');
  await page.setViewportSize({ width: 1280, height: 900 });
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('pgaddon.session')).token);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const after = await fetch(new URL('/v1/apps', base), { headers: { Authorization: 'Bearer ' + session } });
  assert.equal(after.status, 401, 'the session no longer works');
});
