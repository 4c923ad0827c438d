#!/usr/bin/env node
'use strict';
let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (err) {
  process.stderr.write('amlnet: the compiled code is missing; run "npm run build" first.\n');
  process.exit(2);
}
// Whatever escapes every handler (an error in a stream callback, a rejection nobody awaited) is
// still "amlnet could not do its job": exit 2 with one line, never Node's stack trace and exit 1
// (the "findings" code a CI gate reads).
const { redactText } = require('../dist/collectors/redact.js');
const crash = (err) => {
  process.stderr.write(`amlnet: internal error: ${redactText(String((err && err.message) || err)).split('\n')[0]}\n`);
  if (process.env.AMLNET_DEBUG && err && err.stack) process.stderr.write(`${redactText(err.stack)}\n`);
  process.exit(2);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
// A reader that goes away (`amlnet rules | head`) is not an error: stop writing, and let the command
// finish, so the exit code is still the verdict's (a gate piped into head must not pass by crashing).
let stdoutClosed = false;
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') stdoutClosed = true;
  else crash(err);
});
const io = {
  stdout: (s) => {
    if (!stdoutClosed) process.stdout.write(s);
  },
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
  stderrIsTTY: !!process.stderr.isTTY,
  columns: process.stdout.columns,
  stderrColumns: process.stderr.columns,
};
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
}, crash);
