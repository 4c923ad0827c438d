/**
 * Tenant strings are untrusted and secrets never leave: a scan with --verbose of a tenant whose
 * names and tags carry terminal escapes, C1 controls and bidi overrides, and a tag holding a
 * storage connection string. Every output and log (stdout, stderr, --json, --sarif, --markdown,
 * --html and the snapshot) is grepped for the token, an Authorization header, the key and the raw bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoTenant, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { startHarness } from './harness';
import { withoutProgress } from '../support/e2e';

const KEY = 'AccountKey=c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LW11c3Qtbm90LWxlYWs=';

test('no token, Authorization header, key or raw control byte in any output', async () => {
  const tenant = demoTenant();
  for (const r of tenant.resources) {
    if (/workspaces\/ws-sandbox$/i.test(r.id)) {
      r.tags = {
        owner: 'team\u001b[2J\u001b]0;pwned\u0007',
        note: `DefaultEndpointsProtocol=https;AccountName=x;${KEY};EndpointSuffix=core.windows.net`,
        flip: 'abc\u202edcb\u009b31m',
      };
      (r.properties as any).friendlyName = 'sandbox\u001b[31mRED\u009b0m';
    }
  }
  const h = await startHarness({ tenant });
  try {
    h.fake.setFaults([
      {
        path: '/workspaces/ws-sandbox/datastores$',
        status: 403,
        body: { error: { code: 'AuthorizationFailed', message: 'denied \u001b[31mred\u001b[0m \u009b2J' } },
      },
    ]);
    const out = (f: string) => path.join(h.dir, f);
    const r = await h.run(
      [
        '--subscription',
        DEMO_SUBSCRIPTION,
        '--verbose',
        '--json',
        out('r.json'),
        '--save-snapshot',
        out('snap.json'),
        '--sarif',
        out('r.sarif'),
        '--markdown',
        out('r.md'),
        '--html',
        out('r.html'),
      ],
      { AMLNET_FAKE_AZ_LOG: out('az.log') },
    );
    expect([r.code, withoutProgress(r.stderr)]).toEqual([1, '']);
    const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr };
    for (const f of ['r.json', 'snap.json', 'r.sarif', 'r.md', 'r.html']) texts[f] = fs.readFileSync(out(f), 'utf8');
    expect(texts['r.html']).toContain('ws-sandbox');
    expect(texts['snap.json']).toContain('ws-sandbox');
    for (const [name, text] of Object.entries(texts)) {
      const where = `in ${name}`;
      expect([where, text.includes('fake-arm-token')]).toEqual([where, false]);
      expect([where, /authorization\s*["']?\s*[:=]\s*["']?bearer|bearer\s+[a-z0-9-]{8,}/i.test(text)]).toEqual([where, false]);
      expect([where, text.includes(KEY)]).toEqual([where, false]);
      // eslint-disable-next-line no-control-regex
      expect([where, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text)]).toEqual([where, false]);
    }
    // JSON outputs still parse and still carry the (escaped) strings.
    expect(JSON.parse(texts['snap.json']).resources.find((x: any) => /ws-sandbox$/.test(x.id)).tags.owner).toBe('team\u001b[2J\u001b]0;pwned\u0007');
    JSON.parse(texts['r.json']);
    JSON.parse(texts['r.sarif']);
  } finally {
    await h.close();
  }
});
