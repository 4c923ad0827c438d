#!/usr/bin/env node
'use strict';
let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (err) {
  process.stderr.write('amlnet: the compiled code is missing; run "npm run build" first.\n');
  process.exit(2);
}
const io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
  stderrIsTTY: !!process.stderr.isTTY,
  columns: process.stdout.columns,
  stderrColumns: process.stderr.columns,
};
main(process.argv.slice(2), io).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`amlnet: internal error: ${err && err.message}\n`); process.exitCode = 2; },
);
