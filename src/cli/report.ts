/**
 * `amlnet report --snapshot s.json --html report.html`: render the reports of a saved scan again
 * (for instance in a later pipeline step, or after upgrading amlnet) without credentials. It
 * writes the same extra outputs as `audit` and, unlike `audit`, is not a gate: it exits 0.
 */
import type { Command } from 'commander';
import { EXTRA_OUTPUTS, FORMATTERS, type FormatContext } from '../report/formats';
import { RULES_META } from '../rules';
import { buildReport, inputPaths, loadInventory, type AuditIo, type AuditOptions } from './audit';
import { OutputPlan } from './outputs';
import { UsageError } from '../errors';

export async function runReport(opts: AuditOptions, io: AuditIo): Promise<number> {
  if (!opts.snapshot) throw new UsageError('--snapshot <file> is required: report renders a saved scan (make one with amlnet audit --save-snapshot <file>)');
  const requested = EXTRA_OUTPUTS.filter((e) => typeof opts[e.option] === 'string');
  if (requested.length === 0) throw new UsageError(`say what to write: ${EXTRA_OUTPUTS.map((e) => `--${e.option} <file>`).join(', ')}`);
  const outputs = OutputPlan.check(requested.map((e) => ({ flag: `--${e.option}`, path: opts[e.option] as string })), inputPaths(opts));
  const { inventory, source } = await loadInventory(opts, io);
  const { report, model } = buildReport(inventory, source, 'none');
  const ctx: FormatContext = { model, rulesMeta: RULES_META, color: false, verbose: !!opts.verbose };
  for (const extra of requested) outputs.write(opts[extra.option] as string, FORMATTERS[extra.format](report, ctx));
  outputs.finish();
  return 0;
}

export function registerReportCommand(program: Command, io: AuditIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description('write reports (HTML, JSON, ...) from a saved snapshot, without calling Azure')
    .option('--snapshot <file>', 'the snapshot to report on (from amlnet audit --save-snapshot)')
    .option('-v, --verbose', 'more detail: full evidence ids');
  for (const extra of EXTRA_OUTPUTS) cmd.option(`--${extra.option} <file>`, extra.description.replace(/^also /, ''));
  cmd.action(async (opts: AuditOptions) => {
    setExit(await runReport(opts, io));
  });
}
