/** docs/before-deployment.md lists every server-side default the overlay applies, with its source, in the table's order. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_DEFAULTS } from '../../src/iac/defaults';

test('the defaults table in docs/before-deployment.md is src/iac/defaults.ts', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'before-deployment.md'), 'utf8');
  const table = doc.split('<!-- defaults-table')[1].split('<!-- /defaults-table -->')[0];
  const rows = table
    .split('\n')
    .filter((l) => l.startsWith('| Microsoft.'))
    .map((l) => l.slice(2, -2).split(' | '));
  expect(rows.map((r) => [r[0], r[1], r[2], r[3], /\]\((\S+)\)$/.exec(r[4])?.[1]])).toEqual(
    SERVER_DEFAULTS.map((d) => [d.type, d.property, d.value, d.when, d.source.split(' ')[0]]),
  );
});
