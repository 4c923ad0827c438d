/** The command line. Owns argument parsing, error presentation and the exit code. */
import { Command, CommanderError, Option } from 'commander';
import { RULES, ruleById } from '../rules';
import { renderRuleDoc } from '../rules/docs';
import { VERSION } from '../version';
import { UsageError } from '../errors';
import { runAudit, type AuditIo, type AuditOptions } from './audit';
import { addBaselineCommand } from './baseline';
import { escapeTerminal } from '../report/escape';
import { EXTRA_OUTPUTS, FORMAT_NAMES } from '../report/formats';
import { addCollectionOptions, collectRepeatable } from './collection-options';
import { registerGraphCommand } from './graph';
import { registerReportCommand } from './report';
import { guardedIo } from './outputs';
import { addChangeOptions } from './iac';

export function buildProgram(io: AuditIo, setExit: (code: number) => void): Command {
  const program = new Command('amlnet')
    .description('Validate the network security of Azure Machine Learning deployments against Microsoft\'s guidance.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(s.startsWith('error:') ? `amlnet: ${s}` : s) });

  const audit = addCollectionOptions(
    program.command('audit').description('collect the resources, check them against the rule catalogue, report, and set the exit code'),
    'audit a saved snapshot instead of calling Azure',
  )
    .option('--save-snapshot <file>', 'write what was collected, to audit it again offline')
    .addOption(new Option('-f, --format <format>', 'what goes to stdout').choices(FORMAT_NAMES).default('text'))
    .option('-o, --output <file>', 'write the --format output to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity remains').choices(['high', 'medium', 'low', 'info', 'none']).default('high'))
    .option('--no-color', 'no colour (also honours NO_COLOR)')
    .option('-v, --verbose', 'more detail: full evidence ids')
    .option('--config <file>', 'rules, severities and suppressions (default: .amlnet.json or .amlnet.yaml here, if present)')
    .option('--baseline <file>', 'report and fail only on findings not in this baseline (amlnet baseline create)')
    .option('--rule <id>', 'also run this rule, even if off by default (repeatable)', collectRepeatable);
  addChangeOptions(audit)
    .action(async (opts: AuditOptions) => {
      setExit(await runAudit(opts, io));
    });
  for (const extra of EXTRA_OUTPUTS) audit.option(`--${extra.option} <file>`, extra.description);

  program
    .command('rules')
    .description('list the rule catalogue, or explain one rule')
    .argument('[id]', 'a rule id such as AMLNET004, or its name')
    .action((id?: string) => {
      if (!id) {
        const rows = RULES.map((r) => `${r.meta.id}  ${r.meta.severity.padEnd(6)}  ${r.meta.name.padEnd(40)}  ${r.meta.summary}${r.meta.disabledByDefault ? ' (off by default)' : ''}`);
        io.stdout(rows.join('\n') + '\n');
        return;
      }
      const rule = ruleById(id) ?? RULES.find((r) => r.meta.name === id.toLowerCase());
      if (!rule) throw new UsageError(`unknown rule ${JSON.stringify(escapeTerminal(id))}; run "amlnet rules" for the catalogue`);
      io.stdout(renderRuleDoc(rule));
    });

  registerGraphCommand(program, io, setExit);
  registerReportCommand(program, io, setExit);
  addBaselineCommand(program, io, setExit);

  return program;
}

export async function main(argv: string[], rawIo: AuditIo): Promise<number> {
  // Whatever any command prints passes the redaction of every output.
  const io = guardedIo(rawIo);
  let exitCode = 0;
  const program = buildProgram(io, (c) => { exitCode = c; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every parse error (unknown flag, bad choice) is a usage error.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`amlnet: error: ${escapeTerminal(err.message)}\n`);
      for (const d of err.details) io.stderr(`  - ${escapeTerminal(d)}\n`);
      return err.exitCode;
    }
    io.stderr(`amlnet: internal error: ${escapeTerminal((err as Error)?.message ?? String(err))}\n`);
    if (io.env.AMLNET_DEBUG) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    io.stderr('This is a bug in amlnet; please report it with the command you ran (set AMLNET_DEBUG=1 for details).\n');
    return 2;
  }
}
