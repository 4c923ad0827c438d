/**
 * `amlnet audit`: collect (or load a snapshot), build the model, evaluate the rules, report, and
 * decide the exit code. Each step is a pure function of the one before; this file only wires them.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { EMPTY_CONFIG, evaluateOptionsFor, findConfigFile, loadConfig, type AmlnetConfig } from '../config/config';
import { readBaseline, type Baseline } from '../config/baseline';
import { applySuppressions, todayUtc } from '../config/suppress';
import { escapeTerminal } from '../report/escape';
import { DEFAULT_INVENTORY_FILE, type InventoryFile } from '../report/sarif';
import { planReads } from '../collectors/needs';
import { DEFAULT_CONCURRENCY } from '../collectors/defaults';
import { CLOUDS, isCloudName } from '../model/cloud';
import { buildModel } from '../model/build';
import type { Inventory } from '../model/inventory';
import { nameOf, resourceGroupOf } from '../model/ids';
import { describeFilter, hasWorkspaceFilter, isWorkspace, narrowInventory, type WorkspaceFilter } from '../model/scope';
import { evaluate, isEnabledByDefault, type EvaluateOptions } from '../rules/engine';
import { RULES, RULES_META, ruleById } from '../rules';
import type { Finding, Severity } from '../rules/types';
import { atLeast, isSeverity } from '../rules/types';
import { EXTRA_OUTPUTS, FORMAT_NAMES, FORMATTERS, lastGuard, type FormatContext, type FormatName } from '../report/formats';
import type { Model } from '../model/model';
import { countsByWorkspace, noFindings, summarize, verdictOf, type AuditReport } from '../report/report';
import { VERSION } from '../version';
import { UsageError } from '../errors';
import { progressDisplay } from './progress';
import { canRewriteLine, colorEnabled, terminalWidth } from './terminal';
import { readSnapshot, writeSnapshot } from './snapshot';
import { OutputPlan, type NamedPath } from './outputs';
import { auditChange, countsForExit, hasBase, hasChangeInput, PLAN_READERS } from './iac';

export interface AuditOptions {
  subscription?: string[];
  managementGroup?: string[];
  allSubscriptions?: boolean;
  resourceGroup?: string;
  workspace?: string;
  armEndpoint?: string;
  cloud?: string;
  snapshot?: string;
  saveSnapshot?: string;
  format?: string;
  output?: string;
  failOn?: string;
  concurrency?: string;
  maxWait?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  config?: string;
  baseline?: string;
  /** `--rule <id>`: rules to run that are off by default. */
  rule?: string[];
  /** `--skip-rule <id>`: rules not to run. */
  skipRule?: string[];
  /** `--severity <level>`: list only findings at or above it (the exit code still counts every finding). */
  severity?: string;
  /** `--details` (`-v`, `--verbose`): evidence, fix and docs under each finding. */
  details?: boolean;
  /** Extra outputs by option name (see EXTRA_OUTPUTS). */
  [extraOutput: string]: unknown;
}

export interface AuditIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stdout is a terminal. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** stderr is a terminal: progress is a live line there, else plain lines. */
  stderrIsTTY?: boolean;
  /** The terminals' widths, when they are terminals. */
  columns?: number;
  stderrColumns?: number;
}

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseConcurrency(v: string | undefined): number {
  if (v === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got ${JSON.stringify(v)})`);
  return n;
}

/** `--max-wait`: seconds, or a number with `s`, `m` or `h`; at most a day. */
export function parseMaxWait(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/i.exec(v);
  const ms = m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'] : NaN;
  if (!Number.isFinite(ms) || ms > 86_400_000)
    throw new UsageError(`--max-wait must be a duration of at most a day, in seconds or e.g. 90s, 5m (got ${JSON.stringify(v)})`);
  return ms;
}

function parseArmEndpoint(v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(`--arm-endpoint ${JSON.stringify(v)} is not a URL (expected e.g. https://management.azure.com)`);
  }
  if (u.protocol !== 'https:') throw new UsageError(`--arm-endpoint must use https (got ${u.protocol}//${u.host})`);
  return u.origin + u.pathname.replace(/\/+$/, '');
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Collects (or reads a snapshot). `enabledRules`: the rules that will run (config, `--rule`);
 * collection reads only what they and the report need. Default: the rules on by default.
 */
export async function loadInventory(
  opts: AuditOptions,
  io: AuditIo,
  enabledRules?: ReadonlySet<string>,
): Promise<{ inventory: Inventory; source: AuditReport['source'] }> {
  const filter: WorkspaceFilter = { resourceGroup: opts.resourceGroup, workspace: opts.workspace };
  // A bad value is an error whatever the input: a snapshot audit that accepted `--concurrency 0` would fail later, live, in someone's CI.
  parseConcurrency(opts.concurrency);
  parseMaxWait(opts.maxWait);
  if (opts.snapshot) {
    if (opts.subscription?.length)
      throw new UsageError('--snapshot and --subscription cannot be combined: a snapshot already fixes what was scanned');
    const saved = readSnapshot(opts.snapshot);
    const inventory = narrowInventory(saved, filter);
    if (hasWorkspaceFilter(filter) && !inventory.resources.some(isWorkspace) && !listingFailed(inventory)) {
      const names = saved.resources
        .filter(isWorkspace)
        .map((w) => `${w.name ?? nameOf(w.id)} (resource group ${resourceGroupOf(w.id)})`)
        .sort();
      throw new UsageError(
        `${describeFilter(filter)} matches no workspace in snapshot ${opts.snapshot}; it has ${names.length ? names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '') : 'no workspace at all'}`,
      );
    }
    return { inventory, source: { kind: 'snapshot', path: opts.snapshot, collectedAt: inventory.collectedAt } };
  }
  const result = await collectInventory(opts, io, enabledRules);
  if (hasWorkspaceFilter(filter) && !result.inventory.resources.some(isWorkspace) && !listingFailed(result.inventory)) {
    const where = result.inventory.scope.subscriptions;
    throw new UsageError(
      `${describeFilter(filter)} matches no workspace in ${where.length === 1 ? `subscription ${where[0]}` : `the ${where.length} subscriptions scanned`}; check the name and group (az ml workspace list --subscription <id>)`,
    );
  }
  return result;
}

/** The workspaces could not be listed: AMLNET900 says so, and "matches nothing" would blame the filter. */
const listingFailed = (inventory: Inventory) => inventory.gaps.some((g) => g.kind === 'workspaces' && g.reason === 'error');

async function collectInventory(
  opts: AuditOptions,
  io: AuditIo,
  enabledRules?: ReadonlySet<string>,
): Promise<{ inventory: Inventory; source: AuditReport['source'] }> {
  const subscriptions = [...new Set((opts.subscription ?? []).map((s) => s.trim()).filter(Boolean))];
  const managementGroups = [...new Set((opts.managementGroup ?? []).map((s) => s.trim()).filter(Boolean))];
  const useGraph = managementGroups.length > 0 || !!opts.allSubscriptions;
  if (useGraph && subscriptions.length)
    throw new UsageError('--subscription cannot be combined with --management-group or --all-subscriptions: pick one way to name the scope');
  if (managementGroups.length && opts.allSubscriptions)
    throw new UsageError(
      '--management-group and --all-subscriptions cannot be combined: --all-subscriptions already scans every visible subscription',
    );
  if (!useGraph && subscriptions.length === 0)
    throw new UsageError(
      '--subscription <id> is required for a live scan (repeat it for several), or --management-group <id> / --all-subscriptions to scan through Resource Graph, or audit a saved scan with --snapshot <file>',
    );
  for (const s of subscriptions)
    if (!SUBSCRIPTION_ID.test(s))
      throw new UsageError(`--subscription ${JSON.stringify(s)} is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)`);
  for (const g of managementGroups)
    if (!/^[\w.()-]{1,90}$/.test(g))
      throw new UsageError(`--management-group ${JSON.stringify(g)} is not a management group id (letters, digits, -, _, ., ( and ), at most 90)`);
  const cloudName = opts.cloud ?? 'AzureCloud';
  if (!isCloudName(cloudName))
    throw new UsageError(`--cloud must be one of AzureCloud, AzureChinaCloud, AzureUSGovernment (got ${JSON.stringify(cloudName)})`);
  const cloud = CLOUDS[cloudName];
  const endpointSource = opts.armEndpoint ?? io.env.AMLNET_ARM_ENDPOINT;
  const armEndpoint = endpointSource ? parseArmEndpoint(endpointSource) : cloud.armEndpoint;
  const display = opts.quiet ? undefined : progressDisplay(io.stderr, { live: canRewriteLine(io.env, !!io.stderrIsTTY), width: io.stderrColumns });
  const maxWaitMs = parseMaxWait(opts.maxWait);
  // The collectors (and the Azure SDK under them) load only for a live scan: a snapshot audit starts without them.
  const [{ collect, SubscriptionNotFound, NothingReadable }, { AuthenticationFailure }, { collectWithResourceGraph, ScopeUnreadable }] =
    await Promise.all([import('../collectors/collect'), import('../collectors/paging'), import('../collectors/resourcegraph')]);
  try {
    const common = {
      cloud,
      armEndpoint,
      resourceGroup: opts.resourceGroup,
      workspace: opts.workspace,
      concurrency: parseConcurrency(opts.concurrency),
      toolVersion: VERSION,
      requestTimeoutMs: envNumber(io.env, 'AMLNET_REQUEST_TIMEOUT_MS'),
      // AMLNET_RETRY_DELAY_MS / AMLNET_MAX_RETRIES: internal knobs that let tests scale the backoff.
      retry: { maxWaitMs, baseDelayMs: envNumber(io.env, 'AMLNET_RETRY_DELAY_MS'), maxRetries: envNumber(io.env, 'AMLNET_MAX_RETRIES') },
      onProgress: display?.sink,
      onEvent: display?.sink,
      // Collect only what the rules that will run (and the report) read, where they read it.
      reads: planReads(RULES.filter((r) => (enabledRules ? enabledRules.has(r.meta.id) : isEnabledByDefault(r)))),
    };
    const { inventory, session } = useGraph
      ? await collectWithResourceGraph(common, { managementGroups, allSubscriptions: !!opts.allSubscriptions })
      : await collect({ ...common, subscriptions });
    display?.end(session.stats.completed);
    return { inventory, source: { kind: 'live', collectedAt: inventory.collectedAt } };
  } catch (err) {
    display?.stop();
    if (err instanceof ScopeUnreadable)
      throw new UsageError(`${err.message}; check the scope and that you are signed in to the right tenant (az account list)`);
    if (err instanceof NothingReadable) throw new UsageError(`${err.message}; check the endpoint, the network and the certificate it presents`);
    if (err instanceof SubscriptionNotFound)
      throw new UsageError(`${err.message}; check the id and that you are signed in to the right tenant (az account list)`);
    if (err instanceof AuthenticationFailure) {
      const advice =
        'Sign in (az login), or set a service principal, workload identity or managed identity for DefaultAzureCredential (AZURE_TOKEN_CREDENTIALS picks one)';
      // DefaultAzureCredential's own message only says the chain failed; the cause is in each credential's reason.
      if (err.reasons.length)
        throw new UsageError(`authentication failed: no credential produced a token. ${advice}. Each credential tried:`, 2, err.reasons);
      throw new UsageError(`authentication failed: ${err.message.replace(/\s+/g, ' ').slice(0, 300)}. ${advice}`);
    }
    throw err;
  }
}

/** What the team decided about rules and findings: config, `--rule`, baseline. */
export interface ReportPolicy {
  /** The rules that will run: what collection must read for. */
  enabledRules?: ReadonlySet<string>;
  config?: AmlnetConfig;
  extraRules?: string[];
  /** `--skip-rule`: rules not to run, whatever the config says. */
  skipRules?: string[];
  /** `--severity`: list only findings at or above it. */
  showAtLeast?: Severity;
  baseline?: { path: string; data: Baseline };
  /** YYYY-MM-DD (UTC), for suppression expiry; default today. */
  today?: string;
}

/** Reads the config (explicit or default in cwd) and the baseline; every problem is a UsageError (exit 2). */
export function loadPolicy(opts: AuditOptions, cwd: string = process.cwd()): ReportPolicy {
  const configPath = findConfigFile(opts.config, cwd);
  const config = configPath ? loadConfig(configPath, RULES) : EMPTY_CONFIG;
  // Validate --rule, --skip-rule and --severity now, before any collection.
  const { enabled } = ruleSelection(config, opts.rule ?? [], opts.skipRule ?? []);
  if (opts.severity !== undefined && !isSeverity(opts.severity))
    throw new UsageError(`--severity must be one of high, medium, low, info (got ${JSON.stringify(opts.severity)})`);
  return {
    enabledRules: enabled,
    config,
    extraRules: opts.rule ?? [],
    skipRules: opts.skipRule ?? [],
    ...(opts.severity ? { showAtLeast: opts.severity as Severity } : {}),
    ...(opts.baseline ? { baseline: { path: opts.baseline, data: readBaseline(opts.baseline) } } : {}),
  };
}

/** The config's rule selection, plus `--rule` (turn on) and `--skip-rule` (turn off, wins). */
function ruleSelection(config: AmlnetConfig, extraRules: readonly string[], skipRules: readonly string[]): EvaluateOptions {
  const selection = evaluateOptionsFor(config, RULES, extraRules);
  const enabled = new Set(selection.enabled);
  const turnedOn = new Set(extraRules.map((r) => r.trim().toUpperCase()));
  for (const raw of skipRules) {
    const id = raw.trim().toUpperCase();
    if (turnedOn.has(id)) throw new UsageError(`--rule ${id} and --skip-rule ${id} contradict each other: keep one`);
    const rule = ruleById(id);
    if (!rule) throw new UsageError(`--skip-rule ${JSON.stringify(raw)}: unknown rule id; run "amlnet rules" for the catalogue`);
    if (rule.meta.reportsGaps)
      throw new UsageError(`--skip-rule ${id}: what could not be read is always reported; suppress a known gap in the config with a reason instead`);
    enabled.delete(id);
  }
  return { ...selection, enabled };
}

export function buildReport(
  inventory: Inventory,
  source: AuditReport['source'],
  failOn: Severity | 'none',
  policy: ReportPolicy = {},
): { report: AuditReport; model: Model; warnings: string[] } {
  const model = buildModel(inventory);
  const config = policy.config ?? EMPTY_CONFIG;
  const evalOptions = ruleSelection(config, policy.extraRules ?? [], policy.skipRules ?? []);
  const evaluation = evaluate(model, RULES, evalOptions);
  // Suppressions and the baseline are a separate, pure step: the rules decide what is wrong, this what is accepted.
  const suppressed = applySuppressions(evaluation.findings, {
    config,
    model,
    baseline: policy.baseline,
    rulesRun: evaluation.rulesRun,
    today: policy.today ?? todayUtc(),
    rulesMeta: RULES_META,
  });
  const findings: Finding[] = suppressed.findings;
  const counts = countsByWorkspace(findings);
  const report: AuditReport = {
    schemaVersion: 1,
    tool: { name: 'amlnet', version: VERSION },
    scope: inventory.scope,
    cloud: inventory.cloud,
    source,
    workspaces: model.workspaces
      .map((ws) => ({
        id: ws.displayId,
        name: ws.name,
        scenario: model.scenarioOf(ws),
        location: ws.location,
        counts: counts.get(ws.displayId.toLowerCase()) ?? noFindings(),
      }))
      .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase())),
    findings,
    summary: summarize(findings),
    unevaluatedRules: evaluation.gaps,
    gaps: inventory.gaps,
    failOn,
    verdict: verdictOf(findings, failOn, inventory.gaps.length > 0 || evaluation.gaps.length > 0),
    ...(evalOptions.severityOverrides?.size ? { severityOverrides: Object.fromEntries(evalOptions.severityOverrides) } : {}),
    ...(config.path ? { configPath: config.path } : {}),
    ...(policy.baseline ? { baseline: { path: policy.baseline.path, fixed: suppressed.fixed } } : {}),
  };
  return { report, model, warnings: suppressed.warnings };
}

/**
 * The last step before the reporters, once the report is complete (a change compared with its base):
 * the verdict on every finding that counts (with --only-new, not those the base already had), then
 * `--severity`'s shorter lists. The summary and per-workspace counts keep every finding; a gap is
 * always listed.
 */
export function present(report: AuditReport, showAtLeast?: Severity): AuditReport {
  const verdict = verdictOf(
    report.findings.filter((f) => countsForExit(f, report)),
    report.failOn,
    report.verdict.partial,
    !!report.change?.onlyNew,
  );
  if (!showAtLeast) return { ...report, verdict };
  const shown = report.findings.filter((f) => RULES_META.get(f.ruleId)?.reportsGaps || atLeast(f.severity, showAtLeast));
  return { ...report, verdict, findings: shown, shown: { severity: showAtLeast, hidden: report.findings.length - shown.length } };
}

/** A URI relative to `cwd` with forward slashes, as GitHub code scanning resolves it against the checkout. */
function relativeUri(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : relative(cwd, join(cwd, path));
  return (rel || path).split(sep).join('/');
}

/** Where a live scan's SARIF run writes the inventory its results point at, when no snapshot file is read or written. */
function sarifInventoryPath(opts: AuditOptions, format: FormatName, cwd: string): string | undefined {
  const sarifPath = typeof opts.sarif === 'string' ? opts.sarif : format === 'sarif' ? (opts.output ?? join(cwd, 'amlnet.sarif')) : undefined;
  if (!sarifPath || opts.snapshot || opts.saveSnapshot) return undefined;
  return join(dirname(sarifPath), DEFAULT_INVENTORY_FILE);
}

/**
 * The file SARIF results point at: the snapshot that was read, or the one written with
 * --save-snapshot, or else `amlnet-inventory.json` written next to the SARIF file (a live scan has
 * no source file, and GitHub needs one).
 */
export function inventoryFileFor(
  opts: AuditOptions,
  format: FormatName,
  inventory: string | (() => string),
  cwd: string,
  write: (path: string, content: string) => void = writeOutput,
): InventoryFile | undefined {
  const inventoryText = () => (typeof inventory === 'string' ? inventory : inventory());
  const sarifPath = typeof opts.sarif === 'string' ? opts.sarif : format === 'sarif' ? (opts.output ?? join(cwd, 'amlnet.sarif')) : undefined;
  if (!sarifPath) return undefined;
  if (opts.snapshot) {
    let text = '';
    try {
      text = readFileSync(opts.snapshot, 'utf8');
    } catch {
      /* read moments ago by loadInventory */
    }
    return { uri: relativeUri(opts.snapshot, cwd), text };
  }
  if (opts.saveSnapshot) return { uri: relativeUri(opts.saveSnapshot, cwd), text: inventoryText() };
  const path = sarifInventoryPath(opts, format, cwd) as string;
  const text = inventoryText();
  write(path, text);
  return { uri: relativeUri(path, cwd), text };
}

/** The files an audit writes (checked before collecting) and the files it reads (never written over). */
export function auditPaths(opts: AuditOptions, format: FormatName, policy: ReportPolicy, cwd: string): { outputs: NamedPath[]; inputs: NamedPath[] } {
  const outputs: NamedPath[] = [];
  if (opts.output) outputs.push({ flag: '--output', path: opts.output });
  for (const extra of EXTRA_OUTPUTS) {
    const path = opts[extra.option];
    if (typeof path === 'string') outputs.push({ flag: `--${extra.option}`, path });
  }
  if (opts.saveSnapshot) outputs.push({ flag: '--save-snapshot', path: opts.saveSnapshot });
  const inventory = sarifInventoryPath(opts, format, cwd);
  if (inventory)
    outputs.push({
      flag: `SARIF's inventory file (${DEFAULT_INVENTORY_FILE}, beside the SARIF file; name one with --save-snapshot)`,
      path: inventory,
    });
  return { outputs, inputs: inputPaths(opts, policy) };
}

/** The files a command reads: never an output. */
export function inputPaths(opts: AuditOptions, policy: ReportPolicy = {}): NamedPath[] {
  const inputs: NamedPath[] = [];
  if (opts.snapshot) inputs.push({ flag: '--snapshot', path: opts.snapshot });
  if (opts.baseline) inputs.push({ flag: '--baseline', path: opts.baseline });
  if (policy.config?.path) inputs.push({ flag: opts.config ? '--config' : 'config', path: policy.config.path });
  for (const reader of PLAN_READERS) {
    const path = opts[reader.option];
    if (typeof path === 'string') inputs.push({ flag: `--${reader.option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, path });
  }
  for (const path of [opts.parameters].flat()) if (typeof path === 'string') inputs.push({ flag: '--parameters', path });
  return inputs;
}

export function exitCodeFor(report: AuditReport): 0 | 1 {
  return report.verdict.exitCode;
}

/** Writes one file at once (its folders created); a failure is a UsageError. Commands with several outputs use OutputPlan. */
export function writeOutput(path: string, content: string): void {
  const plan = OutputPlan.check([], []);
  plan.write(path, content);
  plan.finish();
}

export async function runAudit(opts: AuditOptions, io: AuditIo): Promise<number> {
  const format = (opts.format ?? 'text') as FormatName;
  if (!FORMAT_NAMES.includes(format)) throw new UsageError(`--format must be one of ${FORMAT_NAMES.join(', ')} (got ${JSON.stringify(opts.format)})`);
  const failOn = opts.failOn ?? 'high';
  if (failOn !== 'none' && !isSeverity(failOn))
    throw new UsageError(`--fail-on must be one of high, medium, low, info, none (got ${JSON.stringify(failOn)})`);

  const policy = loadPolicy(opts);
  const cwd = process.cwd();
  const { outputs: outputPaths, inputs } = auditPaths(opts, format, policy, cwd);
  const outputs = OutputPlan.check(outputPaths, inputs, cwd);
  const change = hasChangeInput(opts);
  if (opts.onlyNew && !change) throw new UsageError('--only-new compares a change with its base: give --template, --what-if or --terraform-plan');
  if (opts.terraformRoot !== undefined && opts.terraformPlan === undefined)
    throw new UsageError('--terraform-root goes with --terraform-plan (the plan whose .tf files that folder holds)');
  // A change may be audited alone (no base): then only its own resources are read.
  const base = !change || hasBase(opts) ? await loadInventory(opts, io, policy.enabledRules) : undefined;
  const inventory: Inventory = base?.inventory ?? { schemaVersion: 1, cloud: 'AzureCloud', scope: { subscriptions: [] }, resources: [], gaps: [] };
  // Pretty-printing a large inventory is costly: only when a snapshot or SARIF needs it, once.
  let printed: string | undefined;
  const inventoryText = () => (printed ??= JSON.stringify(inventory, null, 2) + '\n');
  if (opts.saveSnapshot) outputs.write(opts.saveSnapshot, inventoryText());
  const built = change
    ? auditChange(opts, base, failOn as Severity | 'none', policy, io.env, buildReport)
    : buildReport(inventory, base!.source, failOn as Severity | 'none', policy);
  const { model, warnings } = built;
  const report = present(built.report, policy.showAtLeast);
  for (const w of warnings) io.stderr(`amlnet: warning: ${escapeTerminal(w)}\n`);

  const color = colorEnabled({ flag: opts.color, env: io.env, isTTY: io.isTTY, toFile: !!opts.output });
  const width = terminalWidth(io.env, io.isTTY ? io.columns : undefined);
  const details = !!(opts.details || opts.verbose);
  const ctx: FormatContext = {
    model,
    rulesMeta: RULES_META,
    color,
    width,
    verbose: details,
    inventoryFile: inventoryFileFor(opts, format, inventoryText, cwd, (p, c) => outputs.write(p, c)),
  };
  // Every requested file is written before the exit code is decided (CI uploads them with if: always()).
  for (const extra of EXTRA_OUTPUTS) {
    const path = opts[extra.option];
    if (typeof path === 'string') outputs.write(path, FORMATTERS[extra.format](report, { ...ctx, color: false, width: undefined }));
  }
  const main = FORMATTERS[format](report, ctx);
  if (opts.output) outputs.write(opts.output, main);
  else io.stdout(lastGuard(format, main));
  outputs.finish();
  return exitCodeFor(report);
}

export { writeSnapshot };
