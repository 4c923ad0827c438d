/**
 * `amlnet baseline create --output b.json`: collect (or read a snapshot) exactly as `audit` does,
 * apply the same config, and record the findings that count today. `audit --baseline b.json` then
 * gates only on what is new.
 */
import type { Command } from 'commander';
import { createBaseline } from '../config/baseline';
import { RULES_META } from '../rules';
import { escapeTerminal } from '../report/escape';
import { buildReport, inputPaths, loadInventory, loadPolicy, type AuditIo, type AuditOptions } from './audit';
import { OutputPlan, type NamedPath } from './outputs';
import { addCollectionOptions, collectRepeatable, scopeForSnapshot, skipRuleOption } from './collection-options';
import { UsageError } from '../errors';

export interface BaselineCreateOptions extends AuditOptions {
  output?: string;
}

export async function runBaselineCreate(opts: BaselineCreateOptions, io: AuditIo): Promise<number> {
  if (!opts.output) throw new UsageError('baseline create needs --output <file>');
  if (opts.baseline) throw new UsageError('baseline create does not take --baseline: it records every finding that counts today');
  const policy = loadPolicy(opts);
  const outputPaths: NamedPath[] = [
    { flag: '--output', path: opts.output },
    ...(opts.saveSnapshot ? [{ flag: '--save-snapshot', path: opts.saveSnapshot }] : []),
  ];
  // The same checks as audit's, before collecting; the files pass the same escaping (a tenant string cannot start a line).
  const outputs = OutputPlan.check(outputPaths, inputPaths(opts, policy));
  const { inventory, source } = await loadInventory(opts, io, policy.enabledRules);
  if (opts.saveSnapshot) outputs.write(opts.saveSnapshot, JSON.stringify(inventory, null, 2) + '\n');
  const { report, warnings } = buildReport(inventory, source, 'none', policy);
  for (const w of warnings) io.stderr(`amlnet: warning: ${escapeTerminal(w)}\n`);
  const baseline = createBaseline(report, new Date().toISOString(), RULES_META);
  outputs.write(opts.output, JSON.stringify(baseline, null, 2) + '\n');
  outputs.finish();
  if (!opts.quiet)
    io.stderr(
      `amlnet: baseline ${escapeTerminal(opts.output)} records ${baseline.findings.length} finding(s)${report.summary.suppressed ? ` (${report.summary.suppressed} suppressed finding(s) left out)` : ''}\n`,
    );
  return 0;
}

/** `amlnet baseline ...`, with the collection options of `audit`. */
export function addBaselineCommand(program: Command, io: AuditIo, setExit: (code: number) => void): Command {
  // Created through program.command() so it inherits exitOverride and the output settings.
  const baseline = program.command('baseline').description("record today's findings, so that audit --baseline gates only on new ones");
  addCollectionOptions(baseline.command('create').description('scan (or read a snapshot) and write the findings that count today to a baseline file'))
    .requiredOption('-o, --output <file>', 'the baseline file to write')
    .option('--save-snapshot <file>', 'write what was collected')
    .option('--config <file>', 'rules, severities and suppressions (default: .amlnet.json or .amlnet.yaml here, if present)')
    .option('--rule <id>', 'also run this rule, even if off by default (repeatable)', collectRepeatable)
    .addOption(skipRuleOption())
    .action(async (opts: BaselineCreateOptions, cmd: Command) => {
      setExit(await runBaselineCreate(scopeForSnapshot(opts, cmd), io));
    });
  return baseline;
}
