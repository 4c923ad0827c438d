/** Which file SARIF results point at, for a snapshot run, a --save-snapshot run and a plain live run. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryFileFor } from '../../src/cli/audit';
import { tempDir } from '../support/ci-tenant';

describe('the inventory file of a SARIF run', () => {
  const text = '{\n  "resources": []\n}\n';

  it('is nothing when no SARIF is requested', () => {
    expect(inventoryFileFor({}, 'json', text, tempDir())).toBeUndefined();
  });

  it('is the snapshot that was read, relative to the working folder', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'snap.json'), 'SNAPSHOT TEXT');
    expect(inventoryFileFor({ snapshot: join(cwd, 'snap.json'), sarif: 'a.sarif' }, 'text', text, cwd)).toEqual({
      uri: 'snap.json',
      text: 'SNAPSHOT TEXT',
    });
  });

  it('is the --save-snapshot file of a live run', () => {
    const cwd = tempDir();
    expect(inventoryFileFor({ saveSnapshot: join(cwd, 'scans', 'inv.json'), format: 'sarif' }, 'sarif', text, cwd)).toEqual({
      uri: 'scans/inv.json',
      text,
    });
  });

  it('is amlnet-inventory.json written next to the SARIF file otherwise', () => {
    const cwd = tempDir();
    const f = inventoryFileFor({ sarif: join(cwd, 'a.sarif') }, 'text', text, cwd);
    expect(f).toEqual({ uri: 'amlnet-inventory.json', text });
    expect(readFileSync(join(cwd, 'amlnet-inventory.json'), 'utf8')).toBe(text);
    const g = inventoryFileFor({ output: join(cwd, 'out.sarif') }, 'sarif', text, join(cwd, '..'));
    expect(g!.uri).toMatch(/^amlnet-[^/]+\/amlnet-inventory\.json$/);
    expect(existsSync(join(cwd, 'amlnet-inventory.json'))).toBe(true);
  });
});
