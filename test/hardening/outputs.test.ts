/**
 * Output paths (issue 16 point 8, issue 12 point 3): checked and de-duplicated before anything
 * is collected, missing folders created, one bad output not stopping the others, never an
 * output written over an input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoTenant, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { startHarness, type Harness } from '../collectors/harness';

const SUB = DEMO_SUBSCRIPTION;
let h: Harness;
const at = (...p: string[]) => path.join(h.dir, ...p);

beforeAll(async () => {
  h = await startHarness({ tenant: demoTenant() });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.fake.requests.length = 0;
});

/** Exit 2 with exactly this one line, and not one request sent. */
async function refusedBeforeCollecting(args: string[], message: string): Promise<void> {
  const r = await h.run(['--subscription', SUB, ...args]);
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: `amlnet: error: ${message}\n` });
  expect(h.fake.requests).toEqual([]);
}

test('missing folders are created for every output', async () => {
  const r = await h.run([
    '--subscription',
    SUB,
    '--format',
    'json',
    '-o',
    at('new', 'a', 'r.json'),
    '--html',
    at('new', 'b', 'r.html'),
    '--save-snapshot',
    at('new', 'c', 'd', 's.json'),
  ]);
  expect(r.code).toBe(1);
  for (const f of [
    ['new', 'a', 'r.json'],
    ['new', 'b', 'r.html'],
    ['new', 'c', 'd', 's.json'],
  ])
    expect(fs.statSync(at(...f)).size).toBeGreaterThan(100);
});

test('an output under a file (no folder can be made) is exit 2 before any request', async () => {
  fs.writeFileSync(at('plain-file'), 'x');
  await refusedBeforeCollecting(
    ['--json', at('plain-file', 'r.json')],
    `cannot write --json ${at('plain-file', 'r.json')}: ${at('plain-file')} is a file, not a folder`,
  );
});

test('an output that is a folder is exit 2 before any request', async () => {
  fs.mkdirSync(at('a-folder'), { recursive: true });
  await refusedBeforeCollecting(['--sarif', at('a-folder')], `cannot write --sarif ${at('a-folder')}: it is a folder`);
});

test('an output in a folder nobody may write is exit 2 before any request', async () => {
  fs.mkdirSync(at('locked'), { recursive: true });
  fs.chmodSync(at('locked'), 0o500);
  try {
    if (process.getuid?.() === 0) return; // root writes anywhere: nothing to refuse
    await refusedBeforeCollecting(
      ['--markdown', at('locked', 'sub', 'r.md')],
      `cannot write --markdown ${at('locked', 'sub', 'r.md')}: the folder ${at('locked')} is not writable`,
    );
  } finally {
    fs.chmodSync(at('locked'), 0o700);
  }
});

test('two outputs on one path are exit 2 before any request, also spelled differently', async () => {
  await refusedBeforeCollecting(
    ['--json', at('same.json'), '--sarif', path.join(h.dir, 'x', '..', 'same.json')],
    `--json and --sarif both write ${path.join(h.dir, 'x', '..', 'same.json')}: give each output its own file`,
  );
});

test('an output on an input (--snapshot, --baseline) is refused before anything is read or written', async () => {
  const snap = at('input-snap.json');
  const first = await h.run(['--subscription', SUB, '--format', 'json', '--save-snapshot', snap]);
  expect(first.code).toBe(1);
  const before = fs.readFileSync(snap, 'utf8');
  const r = await h.run(['--snapshot', snap, '--save-snapshot', snap]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({
    code: 2,
    stderr: `amlnet: error: --save-snapshot ${snap} is the --snapshot input: amlnet never writes over what it reads; choose another file\n`,
  });
  const o = await h.run(['--snapshot', snap, '--format', 'json', '-o', snap]);
  expect({ code: o.code, stderr: o.stderr }).toEqual({
    code: 2,
    stderr: `amlnet: error: --output ${snap} is the --snapshot input: amlnet never writes over what it reads; choose another file\n`,
  });
  expect(fs.readFileSync(snap, 'utf8')).toBe(before);
});

test('an output that fails while written does not stop the others: they are written, and the run is exit 2', async () => {
  // Checked fine before the scan, gone (replaced by a folder) by the time it is written.
  const late = at('late', 'r.json');
  fs.mkdirSync(at('late'), { recursive: true });
  // One list answers after 3 s: the scan is under way, and waiting, when the JSON path is made a folder.
  h.fake.setFaults([{ path: '/providers/Microsoft.Storage/storageAccounts$', status: 200, body: { value: [] }, delayMs: 3_000 }]);
  let r;
  try {
    const run = h.run(['--subscription', SUB, '--json', late, '--html', at('late-ok.html'), '--markdown', at('late-ok.md'), '-q']);
    for (let i = 0; i < 600 && !h.fake.requests.some((q) => /storageAccounts$/i.test(q.path)); i++) await new Promise((r) => setTimeout(r, 20));
    fs.mkdirSync(late, { recursive: true });
    r = await run;
  } finally {
    h.fake.setFaults([]);
  }
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^amlnet: error: cannot write --json ${late.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: EISDIR[^\\n]*\\n$`));
  expect(fs.readFileSync(at('late-ok.html'), 'utf8')).toContain('<html');
  expect(fs.readFileSync(at('late-ok.md'), 'utf8')).toContain('amlnet');
});
