#!/usr/bin/env node
// Writes docs/rules/<ID>.md and the catalogue docs/rules/README.md from the rule metadata (run after `npm run build`).
// `--check` writes nothing and exits 1 when a page is missing or stale (CI runs the same check as a test).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { RULES } = require('../dist/rules');
const { renderCatalogue, renderRuleDoc } = require('../dist/rules/docs');

const dir = path.join(__dirname, '..', 'docs', 'rules');
const check = process.argv.includes('--check');
fs.mkdirSync(dir, { recursive: true });
let stale = 0;
for (const rule of RULES) {
  const file = path.join(dir, `${rule.meta.id}.md`);
  const text = renderRuleDoc(rule);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  stale++;
  if (check) console.error(`stale: ${path.relative(process.cwd(), file)}`);
  else fs.writeFileSync(file, text);
}
const index = renderCatalogue(RULES);
const indexFile = path.join(dir, 'README.md');
if (!fs.existsSync(indexFile) || fs.readFileSync(indexFile, 'utf8') !== index) {
  stale++;
  if (check) console.error('stale: docs/rules/README.md');
  else fs.writeFileSync(indexFile, index);
}
if (check && stale) {
  console.error('run "npm run docs" to regenerate the rule pages');
  process.exit(1);
}
if (!check) console.log(`docs/rules: ${RULES.length} rule pages up to date`);
