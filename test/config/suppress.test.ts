/** Suppressions (id, glob, tag, expired), severity overrides, disabled rules and baselines, through buildReport and the exit code. */
import { buildReport, exitCodeFor, type ReportPolicy } from '../../src/cli/audit';
import { createBaseline } from '../../src/config/baseline';
import { validateConfig } from '../../src/config/config';
import { RULES, RULES_META } from '../../src/rules';
import type { CollectionGap, DataKind } from '../../src/model/inventory';
import { ciTenant, type CiTenant } from '../support/ci-tenant';

const TODAY = '2025-06-01';

function run(c: CiTenant, config: unknown = {}, failOn: 'high' | 'medium' | 'low' | 'info' | 'none' = 'high', extra: Partial<ReportPolicy> = {}) {
  const policy: ReportPolicy = { config: validateConfig(config, '.amlnet.json', RULES), today: TODAY, ...extra };
  const out = buildReport(c.t.inventory(), { kind: 'snapshot', path: 'inv.json' }, failOn, policy);
  return {
    ...out,
    exit: exitCodeFor(out.report),
    rows: out.report.findings.map(
      (f) => `${f.ruleId} ${f.severity} ${f.resourceId.split('/').pop()} ${f.suppressed ? `suppressed:${f.suppression!.kind}` : 'open'}`,
    ),
  };
}

describe('suppressions', () => {
  it('without config: one high and two medium findings, exit 1 at high', () => {
    const r = run(ciTenant());
    expect(r.rows).toEqual(['AMLNET103 high ci-far open', 'AMLNET301 medium images open', 'AMLNET301 medium raw_<b>data_[x](http:@evil) open']);
    expect(r.exit).toBe(1);
    expect(r.report.summary).toEqual({ high: 1, medium: 2, low: 0, info: 0, suppressed: 0 });
  });

  it('by exact id (any casing): the suppressed high no longer fails the run, but stays listed and counted', () => {
    const c = ciTenant();
    const r = run(c, { suppressions: [{ rule: 'AMLNET103', resource: c.farCompute.toUpperCase(), reason: 'moving to westeurope in Q3' }] });
    expect(r.rows[0]).toBe('AMLNET103 high ci-far suppressed:config');
    expect(r.report.findings[0].suppression).toEqual({
      kind: 'config',
      reason: 'moving to westeurope in Q3',
      source: '.amlnet.json suppressions[0]',
    });
    expect(r.report.summary).toEqual({ high: 0, medium: 2, low: 0, info: 0, suppressed: 1 });
    expect(r.exit).toBe(0);
    expect(run(c, { suppressions: [{ rule: 'AMLNET103', resource: c.farCompute, reason: 'x' }] }, 'medium').exit).toBe(1);
  });

  it('by glob and by "*" rule', () => {
    const c = ciTenant();
    const r = run(
      c,
      {
        suppressions: [
          {
            rule: '*',
            resource: '/subscriptions/*/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-alpha/**',
            reason: 'alpha is being rebuilt',
          },
        ],
      },
      'medium',
    );
    expect(r.rows).toEqual([
      'AMLNET103 high ci-far suppressed:config',
      'AMLNET301 medium images suppressed:config',
      'AMLNET301 medium raw_<b>data_[x](http:@evil) open',
    ]);
    expect(r.exit).toBe(1);
  });

  it('by the amlnet-ignore tag on the resource, with the reason tag or a default reason', () => {
    const c = ciTenant();
    c.t.find(c.farCompute)!.tags = { 'AMLNet-Ignore': 'AMLNET010, AMLNET103' };
    c.t.find(c.betaDatastore)!.tags = { 'amlnet-ignore': 'AMLNET301', 'amlnet-ignore-reason': 'public data' };
    c.t.find(c.alphaDatastore)!.tags = { 'amlnet-ignore': 'AMLNET004' };
    const r = run(c);
    expect(r.rows).toEqual([
      'AMLNET103 high ci-far suppressed:tag',
      'AMLNET301 medium images open',
      'AMLNET301 medium raw_<b>data_[x](http:@evil) suppressed:tag',
    ]);
    expect(r.report.findings[0].suppression).toEqual({
      kind: 'tag',
      reason: 'suppressed by the amlnet-ignore tag on ci-far',
      source: 'tag amlnet-ignore on ci-far',
    });
    expect(r.report.findings[2].suppression!.reason).toBe('public data');
    expect(r.exit).toBe(0);
  });

  it('an expired suppression stops suppressing, says so on the finding and as a warning', () => {
    const c = ciTenant();
    const r = run(c, { suppressions: [{ rule: 'AMLNET103', resource: c.farCompute, reason: 'temporary', expires: '2025-05-31' }] });
    expect(r.rows[0]).toBe('AMLNET103 high ci-far open');
    expect(r.report.findings[0].expiredSuppression).toEqual({
      kind: 'config',
      reason: 'temporary',
      expires: '2025-05-31',
      source: '.amlnet.json suppressions[0]',
    });
    expect(r.warnings).toEqual([
      `suppression .amlnet.json suppressions[0] (AMLNET103 on ${c.farCompute}) expired on 2025-05-31; its findings count again: renew or remove it`,
    ]);
    expect(r.exit).toBe(1);
    // The expiry day itself still suppresses.
    expect(run(c, { suppressions: [{ rule: 'AMLNET103', resource: c.farCompute, reason: 'temporary', expires: TODAY }] }).exit).toBe(0);
  });

  it('an expired tag suppression (amlnet-ignore-expires) stops suppressing too; an unreadable one never suppresses', () => {
    const c = ciTenant();
    c.t.find(c.farCompute)!.tags = { 'amlnet-ignore': 'AMLNET103', 'amlnet-ignore-expires': '2024-12-31' };
    const r = run(c);
    expect(r.rows[0]).toBe('AMLNET103 high ci-far open');
    expect(r.report.findings[0].expiredSuppression?.kind).toBe('tag');
    expect(r.warnings).toEqual([`tag amlnet-ignore on ${c.farCompute} expired on 2024-12-31 (amlnet-ignore-expires); AMLNET103 counts again`]);
    c.t.find(c.farCompute)!.tags = { 'amlnet-ignore': 'AMLNET103', 'amlnet-ignore-expires': 'next year' };
    const bad = run(c);
    expect(bad.exit).toBe(1);
    expect(bad.warnings[0]).toMatch(/is "next year", not a date YYYY-MM-DD/);
  });
});

describe('severity overrides and disabled rules', () => {
  it('lowering a severity below --fail-on passes the run; raising one above fails it', () => {
    const c = ciTenant();
    expect(run(c, { rules: { AMLNET103: { severity: 'medium' } } }).exit).toBe(0);
    expect(run(c, { rules: { AMLNET103: { severity: 'medium' } } }).rows[0]).toBe('AMLNET103 medium ci-far open');
    expect(run(c, { rules: { AMLNET103: 'off' } }).exit).toBe(0);
    expect(run(c, { rules: { AMLNET103: 'off' } }).rows).toHaveLength(2);
    expect(run(c, { rules: { AMLNET103: 'off', AMLNET301: { severity: 'high' } } }).exit).toBe(1);
    expect(run(c, { rules: { AMLNET103: 'off' } }, 'medium').exit).toBe(1);
    expect(run(c, {}, 'none').exit).toBe(0);
  });
});

describe('baselines', () => {
  it('records the unsuppressed findings; an audit against it fails only on a new finding and lists fixed ones', () => {
    const before = ciTenant();
    const created = run(before, { suppressions: [{ rule: 'AMLNET301', resource: before.betaDatastore, reason: 'public data' }] });
    const baseline = createBaseline(created.report, '2025-06-01T00:00:00Z', RULES_META);
    expect(baseline.findings.map((f) => `${f.ruleId} ${f.resourceId.split('/').pop()}`)).toEqual(['AMLNET103 ci-far', 'AMLNET301 images']);

    // Unchanged tenant: everything is in the baseline, exit 0 even at --fail-on low.
    const same = run(ciTenant(), {}, 'low', { baseline: { path: 'b.json', data: baseline } });
    expect(same.rows).toEqual([
      'AMLNET103 high ci-far suppressed:baseline',
      'AMLNET301 medium images suppressed:baseline',
      'AMLNET301 medium raw_<b>data_[x](http:@evil) open',
    ]);
    expect(run(ciTenant(), {}, 'high', { baseline: { path: 'b.json', data: baseline } }).exit).toBe(0);

    // The images datastore is fixed, a new high finding appears.
    const after = ciTenant();
    after.t.find(after.alphaDatastore)!.properties!.serviceDataAccessAuthIdentity = 'WorkspaceSystemAssignedIdentity';
    const newer = after.t.compute(after.beta, 'ci-new', {
      type: 'ComputeInstance',
      location: 'eastus',
      subnet: after.betaComputeSubnet,
      enableNodePublicIp: false,
    });
    const r = run(after, {}, 'high', { baseline: { path: 'b.json', data: baseline } });
    expect(r.rows).toEqual([
      'AMLNET103 high ci-far suppressed:baseline',
      'AMLNET103 high ci-new open',
      'AMLNET301 medium raw_<b>data_[x](http:@evil) open',
    ]);
    expect(r.exit).toBe(1);
    expect(r.report.findings.find((f) => f.resourceId === newer)!.suppressed).toBe(false);
    expect(r.report.baseline!.fixed.map((f) => `${f.ruleId} ${f.resourceId.split('/').pop()}`)).toEqual(['AMLNET301 images']);

    // A baseline finding whose rule did not run (turned off) is not "fixed".
    const off = run(after, { rules: { AMLNET301: 'off' } }, 'high', { baseline: { path: 'b.json', data: baseline } });
    expect(off.report.baseline!.fixed).toEqual([]);
  });
});

describe('a partial scan (AMLNET900) is never accepted by something that does not name its gap', () => {
  const denied = (kind: DataKind, scope: string): CollectionGap => ({
    kind,
    scope,
    reason: 'error',
    status: 403,
    code: 'AuthorizationFailed',
    message: `no ${kind}/read`,
  });
  function runWithGaps(c: CiTenant, gaps: CollectionGap[], config: unknown = {}, extra: Partial<ReportPolicy> = {}) {
    const inventory = c.t.inventory();
    inventory.gaps = gaps;
    const policy: ReportPolicy = { config: validateConfig(config, '.amlnet.json', RULES), today: TODAY, ...extra };
    const out = buildReport(inventory, { kind: 'snapshot', path: 'inv.json' }, 'high', policy);
    const gap = out.report.findings.filter((f) => f.ruleId === 'AMLNET900');
    return { exit: exitCodeFor(out.report), gap, report: out.report };
  }

  it('a baseline that recorded one gap does not hide a different one', () => {
    const c = ciTenant();
    const recorded = runWithGaps(c, [denied('datastores', c.alpha)]);
    expect(recorded.gap).toHaveLength(1);
    const baseline = createBaseline(recorded.report, '2025-06-01T00:00:00Z', RULES_META);

    // Same gap again: the baseline covers it (and the other findings), exit 0.
    const same = runWithGaps(ciTenant(), [denied('datastores', c.alpha)], {}, { baseline: { path: 'b.json', data: baseline } });
    expect(same.gap.map((f) => f.suppression?.kind)).toEqual(['baseline']);
    expect(same.exit).toBe(0);

    // Another workspace's datastores could not be read: a new gap, on the same subscription, fails the run.
    const other = runWithGaps(ciTenant(), [denied('datastores', c.beta)], {}, { baseline: { path: 'b.json', data: baseline } });
    expect(other.gap).toHaveLength(1);
    expect(other.gap[0].suppressed).toBe(false);
    expect(other.gap[0].message).toContain(`Could not read datastores at ${c.beta} (HTTP 403 AuthorizationFailed)`);
    expect(other.exit).toBe(1);

    // The same place, another kind: a new gap too.
    const kind = runWithGaps(ciTenant(), [denied('computes', c.alpha)], {}, { baseline: { path: 'b.json', data: baseline } });
    expect(kind.gap.map((f) => f.suppressed)).toEqual([false]);
    expect(kind.exit).toBe(1);
  });

  it('a "*" suppression over the whole subscription and an amlnet-ignore: * tag leave the gap counting', () => {
    const c = ciTenant();
    const r = runWithGaps(c, [denied('datastores', c.alpha)], {
      suppressions: [{ rule: '*', resource: '/subscriptions/**', reason: 'everything is accepted' }],
    });
    expect(r.gap.map((f) => f.suppressed)).toEqual([false]);
    expect(r.report.findings.filter((f) => f.ruleId !== 'AMLNET900').every((f) => f.suppressed)).toBe(true);
    expect(r.exit).toBe(1);
  });
});
