/**
 * Tenant strings written to mislead (issue 16 points 6 and 7): a workspace named
 * `x\n::error::forged` must not start a line of any output a CI log shows (text and Markdown on
 * stdout, `baseline create`'s file), and `__proto__` keys in a live response stay data, so the
 * live run and the replayed snapshot agree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliEnvFor } from '../../src/fakearm/env';
import { demoTenant, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { execCli } from '../support/e2e';
import { startHarness, type Harness } from '../collectors/harness';

const SUB = DEMO_SUBSCRIPTION;
const FORGED = 'ws-sandbox\n::error::forged\r::stop-commands::x\u2028::warning::y\u2029 0 finding(s)';

interface Report {
  findings: { ruleId: string; severity: string; resourceId: string; message: string; suppressed?: boolean }[];
  gaps: unknown[];
}

/** Defines an own property named `__proto__` (assignment would set the prototype instead). */
function defineProto(target: object, value: unknown): void {
  Object.defineProperty(target, '__proto__', { value, enumerable: true, writable: true, configurable: true });
}

let h: Harness;

beforeAll(async () => {
  const tenant = demoTenant();
  for (const r of tenant.resources) {
    if (/workspaces\/ws-sandbox$/i.test(r.id)) {
      r.name = FORGED;
      r.tags = { owner: 'team\n::error::tag' };
      // A tag object hidden as a prototype would suppress every finding on the workspace.
      defineProto(r.tags, { 'amlnet-ignore': '*' });
    }
    const rules = (r.properties as { managedNetwork?: { outboundRules?: Record<string, unknown> } } | undefined)?.managedNetwork?.outboundRules;
    if (rules && rules.pypi) {
      defineProto(rules, rules.pypi); // the failed FQDN rule, now keyed `__proto__`
      delete rules.pypi;
    }
  }
  h = await startHarness({ tenant });
});
afterAll(async () => {
  await h?.close();
});

const linesOf = (s: string) => s.split(/\r\n|\n|\r|\u2028|\u2029/);

test.each(['text', 'markdown'])('--format %s: no tenant string starts a line; the name is shown escaped', async (format) => {
  const r = await h.run(['--subscription', SUB, '--format', format, '--verbose', '-q']);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: '' });
  const forgedLines = linesOf(r.stdout).filter((l) => /^\s*(::|0 finding)/.test(l));
  expect(forgedLines).toEqual([]);
  if (format === 'text')
    expect(r.stdout.replace(/\s+/g, '')).toContain('ws-sandbox\\u000a::error::forged\\u000d::stop-commands::x\\u2028::warning::y\\u20290finding(s)');
});

test('baseline create writes its file with line separators escaped, as audit does', async () => {
  const out = path.join(h.dir, 'baseline.json');
  const r = await execCli(['baseline', 'create', '--subscription', SUB, '--output', out], {
    cwd: h.dir,
    env: cliEnvFor(h.fake, h.certPath, { AMLNET_RETRY_DELAY_MS: '10' }),
    timeoutMs: 30_000,
  });
  expect(r.code).toBe(0);
  const text = fs.readFileSync(out, 'utf8');
  expect(/[\u2028\u2029\r]/.test(text)).toBe(false);
  expect(linesOf(text).filter((l) => /^\s*::/.test(l))).toEqual([]);
  expect(text).toContain('forged\\r::stop-commands::x\\u2028::warning::y\\u2029');
  JSON.parse(text);
});

test('__proto__ keys stay data: the live run and its replayed snapshot give the same findings, nothing hidden', async () => {
  const snap = path.join(h.dir, 'proto-snap.json');
  const live = await h.run(['--subscription', SUB, '--format', 'json', '--save-snapshot', snap]);
  expect(live.code).toBe(1);
  const replay = await h.run(['--snapshot', snap, '--format', 'json']);
  expect(replay.code).toBe(1);
  const keys = (r: Report) => r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.resourceId} ${f.suppressed ? 'suppressed' : ''}`).sort();
  const liveReport = JSON.parse(live.stdout) as Report;
  expect(keys(liveReport)).toEqual(keys(JSON.parse(replay.stdout) as Report));
  // No finding was suppressed through a tag object smuggled in as a prototype.
  expect(liveReport.findings.filter((f) => f.suppressed)).toEqual([]);
  // The failed FQDN rule keyed `__proto__` is still seen (AMLNET502 reports it by its key).
  expect(liveReport.findings.filter((f) => f.message.includes('__proto__')).map((f) => f.ruleId)).toEqual(['AMLNET502']);
  const saved = JSON.parse(fs.readFileSync(snap, 'utf8'));
  const ws = saved.resources.find((r: { id: string }) => /workspaces\/ws-sandbox$/i.test(r.id));
  expect(Object.keys(ws.tags).sort()).toEqual(['__proto__', 'owner']);
});
