#!/usr/bin/env node
// Refreshes docs/images/report.png (the README's picture) from the demo's HTML report:
//   npm run --silent demo -- --html /tmp/demo.html -q >/dev/null; node scripts/readme-screenshot.js /tmp/demo.html
// Needs Debian's chromium (bash .ci/install-browser.sh). Not part of the tests.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { chromium } = require('playwright-core');

async function main() {
  const file = path.resolve(process.argv[2] || '/tmp/demo.html');
  const workspace = process.argv[3] || 'ws-forecast';
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(`file://${file}`);
    const section = page.locator('section.workspace', { hasText: workspace }).first();
    await section.scrollIntoViewIfNeeded();
    // The page lays a diagram out when its section comes near the screen: wait for it.
    await section.locator('.diagram-wrap[data-state="drawn"]').waitFor({ timeout: 60000 });
    await page.evaluate(() => {
      const f = document.querySelector('.filters');
      if (f) f.style.position = 'static';
    });
    const first = section.locator('li.finding .msg').first();
    if (await first.count()) await first.click();
    const out = path.join(__dirname, '..', 'docs', 'images', 'report.png');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await section.screenshot({ path: out });
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
