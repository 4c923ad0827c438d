/**
 * `../shared` (the team's spec, Microsoft's example payloads) sits beside a developer's checkout
 * and CI's, never beside a user's clone: tests that read it run only when it is there, and say so
 * plainly when it is not. `AMLNET_REQUIRE_SHARED=1` (set by .ci/run) turns its absence into a failure.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DIR = resolve(__dirname, '..', '..', '..', 'shared');
export const hasShared = existsSync(join(SHARED_DIR, 'spec'));

/** `describe` when ../shared is there; otherwise one skipped block, and a line on stderr naming what was skipped. */
export function describeWithShared(name: string, body: () => void): void {
  if (hasShared) return describe(name, body);
  if (process.env.AMLNET_REQUIRE_SHARED === '1') {
    return describe(name, () =>
      it(`needs ${SHARED_DIR}`, () => {
        throw new Error(`${SHARED_DIR} is missing and AMLNET_REQUIRE_SHARED=1`);
      }),
    );
  }
  process.stderr.write(
    `amlnet tests: skipped "${name}": ${SHARED_DIR} is not there (it holds the team's spec; a clone of the repository alone does not need it)\n`,
  );
  describe.skip(name, body);
}
