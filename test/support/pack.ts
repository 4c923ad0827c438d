/**
 * The package as `npm pack` makes it, for the tests that install it (test/package, test/ci).
 * `npm test` has built dist/ already, so the pack skips `prepack` (rebuilding dist/ under the other
 * test files would race them); `.ci/run` packs a clean clone, where `prepack` must build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from './e2e';

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const npmAvailable = spawnSync(npm, ['--version'], { encoding: 'utf8' }).status === 0;

/** Packs this checkout into `dest`; returns the tarball's path. */
export function packTarball(dest: string): string {
  const name = execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', dest, '--silent'], { cwd: REPO, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  return path.join(dest, name);
}
