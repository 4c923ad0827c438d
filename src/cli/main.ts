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
import { addCollectionOptions, collectRepeatable, withoutEnvScopeForSnapshot } from './collection-options';
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
    .addOption(new Option('-f, --format <format>', 'what goes to stdout').choices(FORMAT_NAMES).default('text').env('AMLNET_FORMAT'))
    .option('-o, --output <file>', 'write the --format output to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity remains; none never fails (checkov\'s --soft-fail)')
      .choices(['high', 'medium', 'low', 'info', 'none']).default('high').env('AMLNET_FAIL_ON'))
    .addOption(new Option('--severity <severity>', 'list only findings at or above this severity (what is shown; --fail-on decides what fails)')
      .choices(['high', 'medium', 'low', 'info']).env('AMLNET_SEVERITY'))
    .option('--no-color', 'no colour (also honours NO_COLOR, FORCE_COLOR and TERM=dumb)')
    .option('-v, --details', 'evidence, fix and docs under each finding')
    .addOption(new Option('--verbose', 'the same as --details').hideHelp())
    .addOption(new Option('--config <file>', 'rules, severities and suppressions (default: .amlnet.json or .amlnet.yaml here, if present)').env('AMLNET_CONFIG'))
    .addOption(new Option('--baseline <file>', 'report and fail only on findings not in this baseline (amlnet baseline create)').env('AMLNET_BASELINE'))
    .option('--rule <id>', 'also run this rule, even if off by default (repeatable)', collectRepeatable)
    .addOption(new Option('--skip-rule <id>', 'do not run this rule (repeatable, or comma-separated)').argParser(collectRepeatable).env('AMLNET_SKIP_RULE'));
  addChangeOptions(audit)
    .action(async (opts: AuditOptions, cmd: Command) => {
      setExit(await runAudit(withoutEnvScopeForSnapshot(opts, cmd), io));
    });
  for (const extra of EXTRA_OUTPUTS) audit.option(`--${extra.option} <file>`, extra.description);
  audit.addHelpText('after', AUDIT_HELP);
  program.addHelpText('after', PROGRAM_HELP);

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

const EXIT_CODES = `Exit codes:
  0  no finding at or above --fail-on (default high); always with --fail-on none
  1  at least one finding at or above --fail-on (a partial scan reports AMLNET900, high)
  2  amlnet could not do its job: bad usage, an unreadable snapshot, config or baseline,
     a failed sign-in, an unknown subscription or a scope that matches nothing`;

const ENVIRONMENT = `Environment variables (a flag given on the command line wins):
  AMLNET_SUBSCRIPTION       --subscription (comma-separated)
  AMLNET_MANAGEMENT_GROUP   --management-group (comma-separated)
  AMLNET_FAIL_ON            --fail-on          AMLNET_SEVERITY    --severity
  AMLNET_FORMAT             --format           AMLNET_CONFIG      --config
  AMLNET_BASELINE           --baseline         AMLNET_SKIP_RULE   --skip-rule
  AMLNET_CLOUD              --cloud            AMLNET_ARM_ENDPOINT --arm-endpoint
  AMLNET_CONCURRENCY        --concurrency
  NO_COLOR, FORCE_COLOR (0-3), TERM=dumb: colour; COLUMNS: the text report's width
  AZURE_TOKEN_CREDENTIALS, AZURE_CLIENT_ID, ...: sign-in (DefaultAzureCredential)`;

const AUDIT_HELP = `
Examples:
  amlnet audit --subscription 00000000-0000-0000-0000-000000000000
  amlnet audit --subscription <id> --details                 # evidence, fix and docs per finding
  amlnet audit --management-group mg-ml --severity medium    # list medium and above
  amlnet audit --subscription <id> --fail-on none --sarif amlnet.sarif   # report, never fail (--soft-fail)
  amlnet audit --snapshot scan.json --skip-rule AMLNET601 --format json

${EXIT_CODES}

${ENVIRONMENT}
`;

const PROGRAM_HELP = `
Examples:
  amlnet audit --subscription <id>          # check a subscription; exit 1 on a high finding
  amlnet rules AMLNET004                    # what a rule checks, why, and how to fix it
  amlnet report --snapshot scan.json --html report.html

${EXIT_CODES}

Run "amlnet audit --help" for the audit's options and environment variables.
`;
