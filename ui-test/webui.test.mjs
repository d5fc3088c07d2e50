// The Temporal Web UI, as an operator uses it: filter the workflow list by an addon's search
// attribute and find its plan change. Needs ADDON_ID (an addon with a finished ChangePlan) and
// the UI at PGADDON_UI_URL (default http://127.0.0.1:8233).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ui = process.env.PGADDON_UI_URL ?? 'http://127.0.0.1:8233';
const addonId = process.env.ADDON_ID;
const shots = process.env.SCREENSHOT_DIR ?? 'target';

test('the Web UI lists the plan change of an addon filtered by AddonId', async () => {
  assert.ok(addonId, 'ADDON_ID must name an addon with a plan change');
  // A new, empty profile each run; no background networking (this machine has no internet).
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1600, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
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
    await browser.close();
  }
});
