/**
 * The before-deployment path of `amlnet audit`: `--template` (ARM JSON or Bicep), `--what-if` and,
 * through PLAN_READERS, every other input that produces a Plan. Reads the inputs, lays each Plan
 * over the base (the live scan or snapshot, or nothing), audits the result, and when there is a base
 * audits the base alone too, so each finding says whether the change introduces it and the report
 * lists what the change fixes. audit.ts calls this; nothing here knows a rule or a format.
 */
import { statSync } from 'node:fs';
import { Command } from 'commander';
import type { Inventory } from '../model/inventory';
import { normalizeId } from '../model/ids';
import { CLOUDS, isCloudName } from '../model/cloud';
import { fingerprintOf } from '../report/fingerprint';
import type { AuditReport, FixedFinding } from '../report/report';
import type { Finding, Severity } from '../rules/types';
import type { Plan, SourceRef } from '../iac/plan';
import { overlayPlan } from '../iac/overlay';
import { planFromTemplate } from '../iac/arm/template';
import { planFromWhatIf } from '../iac/whatif';
import { readTerraformPlan } from '../iac/terraform/read';
import type { DeploymentTarget } from '../iac/arm/evaluate';
import { UsageError } from '../errors';
import type { AuditOptions, ReportPolicy } from './audit';
import type { Model } from '../model/model';

export const NO_BASE_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_DEPLOYMENT_RESOURCE_GROUP = 'amlnet-deployment';
export const DEFAULT_LOCATION = 'eastus';

export interface ChangeOptions {
  template?: string;
  parameters?: string[];
  parameter?: string[];
  deploymentScope?: string;
  location?: string;
  whatIf?: string;
  onlyNew?: boolean;
}

/** What reads a before-deployment input into a Plan. One row per input option (the Terraform reader adds its own). */
export interface PlanReader {
  /** The commander attribute name (`template`, `whatIf`, `terraformPlan`). */
  option: string;
  read(opts: AuditOptions, context: { base?: Inventory; target: DeploymentTarget; cloud: keyof typeof CLOUDS; env: NodeJS.ProcessEnv }): Plan;
}

export const PLAN_READERS: PlanReader[] = [
  {
    option: 'template',
    read: (opts, { target, cloud, env }) =>
      planFromTemplate({
        template: opts.template as string,
        parameterFiles: (opts.parameters as string[] | undefined) ?? [],
        parameterOverrides: (opts.parameter as string[] | undefined) ?? [],
        target,
        cloud,
        env,
      }),
  },
  { option: 'whatIf', read: (opts) => planFromWhatIf(opts.whatIf as string) },
  { option: 'terraformPlan', read: (opts, { base }) => readTerraformPlan(opts.terraformPlan as string, { base, root: terraformRootOf(opts) }) },
];

/** `--terraform-root`: the root module's folder, for source lines in the .tf files (and object outputs' keys). */
function terraformRootOf(opts: AuditOptions): string | undefined {
  const root = opts.terraformRoot as string | undefined;
  if (root === undefined) return undefined;
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new UsageError(`--terraform-root ${root}: not a folder; give the Terraform root module's folder (where terraform plan ran)`);
  return root;
}

export function addChangeOptions(cmd: Command): Command {
  return cmd
    .option(
      '--template <file>',
      'an ARM template (JSON) or .bicep file: audit the resources it deploys, laid over the base (--subscription or --snapshot) if given',
    )
    .option('--parameters <file>', 'a deployment parameters file for --template (repeatable; later files win)', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option(
      '--parameter <name=value>',
      'one template parameter, converted to its declared type (repeatable; wins over files)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--deployment-scope <id>', 'where the template is deployed: /subscriptions/<id>/resourceGroups/<name> or /subscriptions/<id>')
    .option('--location <region>', "the location of the deployment's resource group (default: from the base, else eastus)")
    .option(
      '--what-if <file>',
      'a what-if result (az deployment ... what-if --result-format FullResourcePayloads --no-pretty-print -o json, or the REST WhatIfOperationResult)',
    )
    .option(
      '--terraform-plan <file>',
      'a Terraform plan as terraform show -json <planfile> writes it (format 1.x; azurerm and azapi resources), laid over the base if given',
    )
    .option(
      '--terraform-root <dir>',
      'the root module folder of --terraform-plan: findings point at the resource blocks in its .tf files instead of the plan file',
    )
    .option('--only-new', 'count only findings the change introduces (and gaps) for the exit code and --fail-on: the pull-request gate');
}

export function hasChangeInput(opts: AuditOptions): boolean {
  return PLAN_READERS.some((r) => typeof opts[r.option] === 'string');
}

/**
 * The options that only mean something beside a change input, refused without one: left alone they
 * would be ignored, and an audit the user thinks ran with their parameters would pass.
 */
export function refuseOrphanChangeOptions(opts: AuditOptions): void {
  if (!opts.template && (opts.parameters as string[] | undefined)?.length)
    throw new UsageError('--parameters goes with --template (the template they are for)');
  if (!opts.template && (opts.parameter as string[] | undefined)?.length)
    throw new UsageError('--parameter goes with --template (the template it is for)');
  if (hasChangeInput(opts)) return;
  for (const [key, flag] of [
    ['deploymentScope', '--deployment-scope'],
    ['location', '--location'],
  ] as const) {
    if (opts[key] !== undefined) throw new UsageError(`${flag} goes with a change to audit: --template, --what-if or --terraform-plan`);
  }
}

export function hasBase(opts: AuditOptions): boolean {
  return !!(opts.snapshot || opts.subscription?.length || opts.managementGroup?.length || opts.allSubscriptions);
}

const SCOPE = /^\/subscriptions\/([0-9a-f-]{36})(?:\/resourceGroups\/([-\w.()]{1,90}))?\/?$/i;

/** Where the change deploys: --deployment-scope, else the base's only subscription and resource group amlnet-deployment (iac.md). */
export function deploymentTargetFor(opts: AuditOptions, base: Inventory | undefined): DeploymentTarget {
  let subscriptionId: string;
  let resourceGroup: string | undefined;
  const given = opts.deploymentScope as string | undefined;
  if (given) {
    const m = SCOPE.exec(given.trim());
    if (!m)
      throw new UsageError(
        `--deployment-scope ${JSON.stringify(given)} must be /subscriptions/<subscription-id>/resourceGroups/<name> (or /subscriptions/<subscription-id> for a subscription-scoped template)`,
      );
    subscriptionId = m[1];
    resourceGroup = m[2];
  } else {
    const subs = base?.scope.subscriptions ?? [];
    if (subs.length > 1)
      throw new UsageError(
        `the base covers ${subs.length} subscriptions: say where the change deploys with --deployment-scope /subscriptions/<id>/resourceGroups/<name>`,
      );
    subscriptionId = subs[0] ?? NO_BASE_SUBSCRIPTION;
    resourceGroup = DEFAULT_DEPLOYMENT_RESOURCE_GROUP;
  }
  const location = (opts.location as string | undefined)?.trim() || locationInBase(base, subscriptionId, resourceGroup) || DEFAULT_LOCATION;
  return { subscriptionId, resourceGroup, location };
}

/** The resource group's location as the base shows it: the location most of its resources carry. */
function locationInBase(base: Inventory | undefined, sub: string, rg: string | undefined): string | undefined {
  if (!base || !rg) return undefined;
  const prefix = normalizeId(`/subscriptions/${sub}/resourceGroups/${rg}/`);
  const counts = new Map<string, number>();
  for (const r of base.resources) {
    if (typeof r.location !== 'string' || !normalizeId(r.id).startsWith(prefix)) continue;
    const l = r.location.replace(/\s+/g, '').toLowerCase();
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export interface ChangeInventory {
  inventory: Inventory;
  plans: Plan[];
  sources: Map<string, SourceRef>;
  notes: string[];
}

/** Reads every change input and lays the plans over the base, in the order the options are listed. */
export function overlayChange(opts: AuditOptions, base: Inventory | undefined, env: NodeJS.ProcessEnv): ChangeInventory {
  const cloudName = opts.cloud ?? base?.cloud ?? 'AzureCloud';
  if (!isCloudName(cloudName))
    throw new UsageError(`--cloud must be one of AzureCloud, AzureChinaCloud, AzureUSGovernment (got ${JSON.stringify(cloudName)})`);
  const target = deploymentTargetFor(opts, base);
  refuseOrphanChangeOptions(opts);
  let current = base;
  const plans: Plan[] = [];
  const sources = new Map<string, SourceRef>();
  const notes: string[] = [];
  for (const reader of PLAN_READERS) {
    if (typeof opts[reader.option] !== 'string') continue;
    const plan = reader.read(opts, { base: current, target, cloud: cloudName, env });
    const result = overlayPlan(current, plan, { cloud: cloudName, subscriptions: [target.subscriptionId] });
    plans.push(plan);
    for (const [k, v] of result.sources) sources.set(k, v);
    notes.push(...result.notes);
    current = result.inventory;
  }
  return { inventory: current!, plans, sources, notes };
}

/** Where a finding's planned resource is declared: the resource, its workspace, then the evidence chain, first planned one wins. */
function sourceOf(f: Finding, sources: Map<string, SourceRef>, gapScopes: string[]): SourceRef | undefined {
  const candidates =
    f.ruleId === 'AMLNET900' ? gapScopes : [f.resourceId, f.workspaceId, ...f.relatedResourceIds, ...f.evidence.map((e) => e.resourceId)];
  for (const id of candidates) {
    if (!id) continue;
    const hit = sources.get(normalizeId(id));
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Marks each finding of the change's report `new` or `existing` against the base's own report (by
 * fingerprint, as baselines match), adds `source`, and lists the base findings the change fixes.
 * A gap (AMLNET900) is never existing: what the change leaves unknown always counts.
 */
export function compareWithBase(report: AuditReport, baseReport: AuditReport | undefined, change: ChangeInventory, opts: AuditOptions): void {
  const before = new Set((baseReport?.findings ?? []).map(fingerprintOf));
  const gapScopes = change.inventory.gaps
    .filter((g) => g.code && ['UnknownBeforeDeployment', 'NotInChangeOrBase', 'CreatedByService'].includes(g.code))
    .map((g) => g.scope);
  for (const f of report.findings) {
    f.change = f.ruleId !== 'AMLNET900' && before.has(fingerprintOf(f)) ? 'existing' : 'new';
    const s = sourceOf(f, change.sources, gapScopes);
    if (s) f.source = s;
  }
  const after = new Set(report.findings.map(fingerprintOf));
  const unevaluated = new Map(report.unevaluatedRules.map((u) => [u.ruleId, u.workspaceIds?.map(normalizeId)]));
  const stillUnknown = (f: Finding) => {
    if (!unevaluated.has(f.ruleId)) return false;
    const ws = unevaluated.get(f.ruleId);
    return !ws || (f.workspaceId !== undefined && ws.includes(normalizeId(f.workspaceId)));
  };
  const fixed: FixedFinding[] = (baseReport?.findings ?? [])
    .filter((f) => !f.suppressed && f.ruleId !== 'AMLNET900' && !after.has(fingerprintOf(f)) && !stillUnknown(f))
    .map((f) => ({
      fingerprint: fingerprintOf(f),
      ruleId: f.ruleId,
      resourceId: f.resourceId,
      ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
      message: f.message,
    }));
  report.change = {
    inputs: change.plans.map((p) => ({ kind: p.kind, file: p.file })),
    base: !!baseReport,
    onlyNew: !!opts.onlyNew,
    introduced: report.findings.filter((f) => !f.suppressed && f.change === 'new').length,
    fixed,
    notes: change.notes,
  };
}

/** With --only-new, findings the base already had do not count towards the exit code. */
export function countsForExit(f: Finding, report: AuditReport): boolean {
  return !(report.change?.onlyNew && f.change === 'existing');
}

export type { Severity };

type BuildReport = (
  inventory: Inventory,
  source: AuditReport['source'],
  failOn: Severity | 'none',
  policy: ReportPolicy,
) => { report: AuditReport; model: Model; warnings: string[] };

/** The audit of a change: the overlay's report, compared with the base's own when there is a base. */
export function auditChange(
  opts: AuditOptions,
  base: { inventory: Inventory; source: AuditReport['source'] } | undefined,
  failOn: Severity | 'none',
  policy: ReportPolicy,
  env: NodeJS.ProcessEnv,
  buildReport: BuildReport,
): { report: AuditReport; model: Model; warnings: string[] } {
  const change = overlayChange(opts, base?.inventory, env);
  const baseReport = base ? buildReport(base.inventory, base.source, failOn, policy).report : undefined;
  const result = buildReport(change.inventory, base?.source ?? { kind: 'none' }, failOn, policy);
  compareWithBase(result.report, baseReport, change, opts);
  return result;
}
