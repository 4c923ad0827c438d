/**
 * `amlnet report --snapshot s.json --html report.html`: render the reports of a saved scan again
 * (for instance in a later pipeline step, or after upgrading amlnet) without credentials. It
 * writes the same extra outputs as `audit`, with the same config (`--config`, or `.amlnet.yaml`
 * found the same way), `--rule`, `--skip-rule` and `--baseline`, so its SARIF is the audit's; unlike `audit`, it
 * is not a gate: it exits 0.
 */
import type { Command } from 'commander';
import { EXTRA_OUTPUTS, FORMATTERS, type FormatContext } from '../report/formats';
import { buildReport, inputPaths, inventoryFileFor, loadInventory, loadPolicy, type AuditIo, type AuditOptions } from './audit';
import { OutputPlan } from './outputs';
import { collectRepeatable, skipRuleOption } from './collection-options';
import { escapeTerminal } from '../report/escape';
import { RULES_META } from '../rules';
import { UsageError } from '../errors';

export async function runReport(opts: AuditOptions, io: AuditIo): Promise<number> {
  if (!opts.snapshot)
    throw new UsageError('--snapshot <file> is required: report renders a saved scan (make one with amlnet audit --save-snapshot <file>)');
  const requested = EXTRA_OUTPUTS.filter((e) => typeof opts[e.option] === 'string');
  if (requested.length === 0) throw new UsageError(`say what to write: ${EXTRA_OUTPUTS.map((e) => `--${e.option} <file>`).join(', ')}`);
  const policy = loadPolicy(opts);
  const outputs = OutputPlan.check(
    requested.map((e) => ({ flag: `--${e.option}`, path: opts[e.option] as string })),
    inputPaths(opts, policy),
  );
  const { inventory, source } = await loadInventory(opts, io, policy.enabledRules);
  const { report, model, warnings } = buildReport(inventory, source, 'none', policy);
  for (const w of warnings) io.stderr(`amlnet: warning: ${escapeTerminal(w)}\n`);
  const ctx: FormatContext = {
    model,
    rulesMeta: RULES_META,
    color: false,
    verbose: !!opts.verbose,
    inventoryFile: inventoryFileFor(opts, 'text', '', process.cwd()),
  };
  for (const extra of requested) outputs.write(opts[extra.option] as string, FORMATTERS[extra.format](report, ctx));
  outputs.finish();
  return 0;
}

export function registerReportCommand(program: Command, io: AuditIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description('write reports (HTML, JSON, ...) from a saved snapshot, without calling Azure')
    .option('--snapshot <file>', 'the snapshot to report on (from amlnet audit --save-snapshot)')
    .option('--resource-group <name>', 'only workspaces in this resource group')
    .option('--workspace <name>', 'only this workspace')
    .option('--config <file>', 'rules, severities and suppressions, as for audit (default: .amlnet.json or .amlnet.yaml here, if present)')
    .option('--baseline <file>', 'mark findings recorded in this baseline, as audit --baseline does')
    .option('--rule <id>', 'also run this rule, even if off by default (repeatable)', collectRepeatable)
    .addOption(skipRuleOption())
    .option('-v, --verbose', 'more detail: full evidence ids');
  for (const extra of EXTRA_OUTPUTS) cmd.option(`--${extra.option} <file>`, extra.description.replace(/^also /, ''));
  cmd.action(async (opts: AuditOptions) => {
    setExit(await runReport(opts, io));
  });
}
