/**
 * Golden files: compared after normalizing what changes from build to build. Tests only read them;
 * `npm run golden` (test/support/write-golden.ts) writes them, and a person reviews the diff.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../src/version';
import { GOLDEN_CASES } from './golden-cases';

export const GOLDEN_DIR = join(__dirname, '..', 'fixtures', 'golden');

export function normalize(text: string): string {
  return text
    .split(JSON.stringify(VERSION))
    .join('"0.0.0-test"')
    .replace(/amlnet \d+\.\d+\.\d+[^\s:]*/g, 'amlnet 0.0.0-test')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '1970-01-01T00:00:00Z');
}

/** What golden file `name` must hold, as `npm run golden` writes it. */
export function renderGolden(name: string): string {
  const render = GOLDEN_CASES[name];
  if (!render) throw new Error(`no golden case ${name} in test/support/golden-cases.ts`);
  return normalize(render());
}

export function expectGolden(name: string): void {
  const path = join(GOLDEN_DIR, name);
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run "npm run golden", review the diff and commit it`);
  expect(renderGolden(name)).toBe(readFileSync(path, 'utf8'));
}
