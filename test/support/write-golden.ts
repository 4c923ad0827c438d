/**
 * `npm run golden`: (re)writes every golden file from test/support/golden-cases.ts. Not a test
 * (jest's default testMatch skips it); the tests only compare, so review the diff before committing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_DIR, renderGolden } from './golden';
import { GOLDEN_CASES } from './golden-cases';

it('writes the golden files', () => {
  mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const name of Object.keys(GOLDEN_CASES)) {
    writeFileSync(join(GOLDEN_DIR, name), renderGolden(name));
    process.stdout.write(`wrote test/fixtures/golden/${name}\n`);
  }
});
