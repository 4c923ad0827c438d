#!/usr/bin/env node
// `npm run bench` (after the build): collection and engine figures, see src/bench/main.ts and
// docs/performance.md. `-- --sweep` also runs the large tenant at concurrency 4..64. Not part of `npm test`.
'use strict';
require('../dist/bench/main')
  .main(process.argv.slice(2))
  .catch((e) => {
    process.stderr.write(`bench: ${(e && e.stack) || e}\n`);
    process.exitCode = 1;
  });
