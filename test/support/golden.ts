/** Golden files: compared after normalizing what changes from build to build; `UPDATE_GOLDEN=1 npx jest` rewrites them. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../src/version';

export const GOLDEN_DIR = join(__dirname, '..', 'fixtures', 'golden');

export function normalize(text: string): string {
  return text
    .split(JSON.stringify(VERSION)).join('"0.0.0-test"')
    .replace(/amlnet \d+\.\d+\.\d+[^\s:]*/g, 'amlnet 0.0.0-test')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '1970-01-01T00:00:00Z');
}

export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  const normalized = normalize(actual);
  // Written only on request: a golden file a test writes for itself would pass whatever the output.
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, normalized);
  else if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run UPDATE_GOLDEN=1 npx jest <test>, review it and commit it`);
  expect(normalized).toBe(readFileSync(path, 'utf8'));
}
