// Debian's Chromium, headless, on a new empty profile, for the browser tests; and a close that
// cannot hang. Closing a persistent context can wait forever on a Chromium that does not exit
// (a CI run once sat 70 minutes there): after CLOSE_WAIT the processes of that profile are killed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CLOSE_WAIT = 15000;
const ACTION_TIMEOUT = 30000;

export async function launch(viewport) {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  // No background networking: this machine has no internet.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    timeout: ACTION_TIMEOUT,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  return { context, profile };
}

export async function close(browser) {
  if (!browser) return;
  let timer;
  const closed = await Promise.race([
    browser.context.close().then(() => true, () => false),
    new Promise((resolve) => { timer = setTimeout(() => resolve(false), CLOSE_WAIT); }),
  ]);
  clearTimeout(timer);
  if (!closed) {
    console.error(`Chromium did not close within ${CLOSE_WAIT} ms: killing the processes of ${browser.profile}`);
    try {
      execFileSync('pkill', ['-KILL', '-f', '--', `--user-data-dir=${browser.profile}`]);
    } catch {
      // pkill exits 1 when nothing matched: Chromium ended meanwhile
    }
  }
}
