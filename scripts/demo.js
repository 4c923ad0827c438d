#!/usr/bin/env node
// The demo: serves the bundled "Contoso ML platform" tenant from the project's fake Resource
// Manager on 127.0.0.1 and audits it through the same path a live audit takes (the real Azure SDK
// clients, DefaultAzureCredential selecting AzureCliCredential with a stand-in `az`). No Azure
// account, no traffic off this machine. Extra arguments go to `amlnet audit` (e.g. --format json).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startFakeArm } = require('../dist/fakearm/server');
const { makeSelfSignedCert } = require('../dist/fakearm/cert');
const { cliEnvFor } = require('../dist/fakearm/env');
const { demoTenant, DEMO_SUBSCRIPTION, DEMO_FAULTS } = require('../dist/fixtures/demo');
const { terminalWidth } = require('../dist/cli/terminal');
const wrapAnsi = require('wrap-ansi');

/** The demo's own lines keep to the terminal's width, as amlnet's do. */
function say(text) {
  const width = terminalWidth(process.env, process.stderr.isTTY ? process.stderr.columns : undefined);
  process.stderr.write(`${wrapAnsi(text, width, { hard: false, trim: true })}\n`);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-demo-'));
  const { cert, key, certPath } = makeSelfSignedCert(dir);
  const fake = await startFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS, cert, key, pageSize: 50 });
  const args = [
    path.join(__dirname, '..', 'bin', 'amlnet.js'),
    'audit',
    '--subscription',
    DEMO_SUBSCRIPTION,
    '--arm-endpoint',
    fake.url,
    ...process.argv.slice(2),
  ];
  // amlnet shares this terminal (stdio inherited), so it decides colour from the user's own settings
  // (NO_COLOR, FORCE_COLOR, TERM=dumb), not from the test defaults cliEnvFor starts with.
  const env = cliEnvFor(fake, certPath, { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR });
  say(`amlnet demo: fake Resource Manager at ${fake.url} serving subscription ${DEMO_SUBSCRIPTION}\n`);
  const child = spawn(process.execPath, args, { env, stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const gets = fake.requests.filter((r) => r.method === 'GET').length;
  say(
    `\namlnet demo: ${fake.requests.length} requests to the fake Resource Manager (${gets} GET); amlnet exited with ${code}` +
      `${code === 1 ? ' (findings at or above --fail-on: this is what fails a CI step)' : ''}.`,
  );
  // The demo itself succeeds whenever amlnet did its job (0 or 1); 2 means amlnet could not run.
  process.exitCode = code === 2 ? 2 : 0;
}

main().catch((e) => {
  process.stderr.write(`amlnet demo: ${(e && e.stack) || e}\n`);
  process.exitCode = 2;
});
