// The Temporal Web UI, as an operator uses it: filter the workflow list by an addon's search
// attribute and find its plan change. Needs ADDON_ID (an addon with a finished ChangePlan) and
// the UI at PGADDON_UI_URL (default http://127.0.0.1:8233).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, close } from './browser.mjs';

const ui = process.env.PGADDON_UI_URL ?? 'http://127.0.0.1:8233';
const addonId = process.env.ADDON_ID;
const shots = process.env.SCREENSHOT_DIR ?? 'target';
const runId = process.env.RUN_ID;
const planId = process.env.PLAN_ID;

test('the Web UI lists the plan change of an addon filtered by AddonId', async () => {
  assert.ok(addonId, 'ADDON_ID must name an addon with a plan change');
  const browser = await launch({ width: 1600, height: 900 });
  try {
    const page = await browser.context.newPage();
    const query = encodeURIComponent(`AddonId="${addonId}"`);
    await page.goto(`${ui}/namespaces/default/workflows?query=${query}`, { waitUntil: 'domcontentloaded' });
    // The list loads after the page: wait for the workflow id to be rendered.
    await page.getByText(`addon-${addonId}`).first().waitFor({ timeout: 30000 });
    const text = await page.locator('body').innerText();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `webui-${addonId}.png`), fullPage: true });

    assert.match(text, /ChangePlan/, 'the plan change is listed');
    assert.match(text, /ProvisionAddon/, 'the provisioning of the same addon is listed');
    assert.match(text, /Completed/i, 'its status is shown');
    const others = (text.match(/addon-ad-[0-9a-f-]{36}/g) ?? []).filter((id) => id !== `addon-${addonId}`);
    assert.deepEqual(others, [], 'no other addon passes the filter');
  } finally {
    await close(browser);
  }
});

test('one workflow opened in the Web UI shows its input decrypted by the codec endpoint', async () => {
  assert.ok(runId && planId, 'RUN_ID and PLAN_ID name the plan change and its target plan');
  assert.ok(process.env.CODEC_TOKEN, 'CODEC_TOKEN is the operators\' codec token');
  const browser = await launch({ width: 1600, height: 900 });
  try {
    // The codec endpoints ask for the operators' token: signed in once, the browser holds it as a cookie,
    // and the UI sends it with the "include cross-origin credentials" setting.
    const codec = 'http://127.0.0.1:' + (process.env.PGADDON_CODEC_PORT ?? '8089') + '/codec';
    const signIn = await browser.context.newPage();
    await signIn.goto(`${codec}/signin`);
    await signIn.fill('input[name=token]', process.env.CODEC_TOKEN);
    // Closed only once the codec server has answered the form, so that the cookie is set.
    const [answer] = await Promise.all([
      signIn.waitForResponse((r) => r.url().endsWith('/codec/signin') && r.request().method() === 'POST'),
      signIn.click('button'),
    ]);
    assert.equal(answer.status(), 200, 'the codec server accepts the operators\' token');
    await signIn.close();
    await browser.context.addInitScript((endpoint) => {
      localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
      localStorage.setItem('endpoint', JSON.stringify(endpoint));
      localStorage.setItem('includeCredentials', 'true');
    }, codec);
    const page = await browser.context.newPage();
    const codecCalls = [];
    page.on('request', (r) => { if (r.url().includes('/codec/')) codecCalls.push(`${r.method()} ${r.url()}`); });
    await page.goto(`${ui}/namespaces/default/workflows/addon-${addonId}/${runId}/history`, { waitUntil: 'domcontentloaded' });
    mkdirSync(shots, { recursive: true });
    try {
      // The input is encrypted in the history; the UI shows it only after the codec endpoint decoded it.
      await page.getByText(planId).first().waitFor({ timeout: 30000 });
    } finally {
      await page.screenshot({ path: join(shots, `webui-${addonId}-decoded.png`), fullPage: true });
    }
    const text = await page.locator('body').innerText();
    assert.ok(text.includes(planId), 'the decoded plan id is on the page');
    assert.ok(!text.includes('Codec Server could not connect'), 'the UI reached the codec endpoints');
    assert.ok(codecCalls.some((c) => c.startsWith('POST ') && c.endsWith('/codec/decode')), 'decoded by the API\'s codec endpoint');
  } finally {
    await close(browser);
  }
});
