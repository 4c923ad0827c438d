/** Golden files are written only by `npm run golden`: each case has its file (a missing one fails), and no file is left without a case. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectGolden, GOLDEN_DIR } from './support/golden';
import { GOLDEN_CASES } from './support/golden-cases';

describe('golden files', () => {
  it('has a file for every case and a case for every file', () => {
    const names = Object.keys(GOLDEN_CASES).sort();
    expect(names.filter((n) => !existsSync(join(GOLDEN_DIR, n)))).toEqual([]);
    expect(readdirSync(GOLDEN_DIR).sort()).toEqual(names);
  });

  it('fails, naming the command, when a golden file is missing', () => {
    expect(() => expectGolden('no-such-case.md')).toThrow(/golden file .*no-such-case\.md is missing: run "npm run golden"/);
  });
});
