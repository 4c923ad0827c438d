/** The command line. Owns argument parsing, error presentation and the exit code. */
import { Command, CommanderError, Option } from 'commander';
import wrapAnsi from 'wrap-ansi';
import { VERSION } from '../version';
import { UsageError } from '../errors';
import { runAudit, type AuditIo, type AuditOptions } from './audit';
import { addBaselineCommand } from './baseline';
import { escapeTerminal } from '../report/escape';
import { EXTRA_OUTPUTS, FORMAT_NAMES } from '../report/formats';
import { addCollectionOptions, collectRepeatable, scopeForSnapshot, skipRuleOption } from './collection-options';
import { registerGraphCommand } from './graph';
import { registerReportCommand } from './report';
import { guardedIo } from './outputs';
import { addChangeOptions, refuseOrphanChangeOptions } from './iac';
import { configureHelpWidth, environmentRows, examplesSection, helpSection } from './help';
import { registerRulesCommand } from './rules';
import { terminalWidth } from './terminal';

export function buildProgram(io: AuditIo, setExit: (code: number) => void): Command {
  const width = terminalWidth(io.env, io.isTTY ? io.columns : undefined);
  const program = new Command('amlnet')
    .description("Validate the network security of Azure Machine Learning deployments against Microsoft's guidance.")
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(s.startsWith('error:') ? `amlnet: ${s}` : s) })
    .hook('preAction', (_program, action) => refuseExtraArguments(action));
  // Before the commands are made: they inherit the help's width.
  configureHelpWidth(program, width);

  const audit = addCollectionOptions(
    program.command('audit').description('collect the resources, check them against the rule catalogue, report, and set the exit code'),
    'audit a saved snapshot instead of calling Azure',
  )
    .option('--save-snapshot <file>', 'write what was collected, to audit it again offline')
    .addOption(new Option('-f, --format <format>', 'what goes to stdout').choices(FORMAT_NAMES).default('text').env('AMLNET_FORMAT'))
    .option('-o, --output <file>', 'write the --format output to a file instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', "exit 1 when a finding at or above this severity remains; none never fails (checkov's --soft-fail)")
        .choices(['high', 'medium', 'low', 'info', 'none'])
        .default('high')
        .env('AMLNET_FAIL_ON'),
    )
    .addOption(
      new Option('--severity <severity>', 'list only findings at or above this severity (what is shown; --fail-on decides what fails)')
        .choices(['high', 'medium', 'low', 'info'])
        .env('AMLNET_SEVERITY'),
    )
    .option('--no-color', 'no colour (also honours NO_COLOR, FORCE_COLOR and TERM=dumb)')
    .option('-v, --details', 'evidence, fix and docs under each finding')
    .addOption(new Option('--verbose', 'the same as --details').hideHelp())
    .addOption(
      new Option('--config <file>', 'rules, severities and suppressions (default: .amlnet.json or .amlnet.yaml here, if present)').env(
        'AMLNET_CONFIG',
      ),
    )
    .addOption(
      new Option('--baseline <file>', 'report and fail only on findings not in this baseline (amlnet baseline create)').env('AMLNET_BASELINE'),
    )
    .option('--rule <id>', 'also run this rule, even if off by default (repeatable)', collectRepeatable)
    .addOption(skipRuleOption());
  addChangeOptions(audit).action(async (opts: AuditOptions, cmd: Command) => {
    refuseOrphanChangeOptions(opts);
    setExit(await runAudit(scopeForSnapshot(opts, cmd), io));
  });
  for (const extra of EXTRA_OUTPUTS) audit.option(`--${extra.option} <file>`, extra.description);
  audit.addHelpText('after', () => `\n${auditHelp(audit, width)}\n`);
  program.addHelpText('after', () => `\n${programHelp(width)}\n`);

  registerRulesCommand(program, io);

  registerGraphCommand(program, io, setExit);
  registerReportCommand(program, io, setExit);
  addBaselineCommand(program, io, setExit);

  return program;
}

export async function main(argv: string[], rawIo: AuditIo): Promise<number> {
  // Whatever any command prints passes the redaction of every output.
  const io = guardedIo(rawIo);
  let exitCode = 0;
  const program = buildProgram(io, (c) => {
    exitCode = c;
  });
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

/**
 * Commander ignores operands a command does not declare: `amlnet audit scan.json` would scan live and drop
 * the file. A command with subcommands (`baseline`) says what it expects itself.
 */
function refuseExtraArguments(cmd: Command): void {
  if (cmd.commands.length > 0) return;
  const declared = cmd.registeredArguments.length;
  const extra = cmd.args.slice(declared);
  if (extra.length === 0) return;
  const takes = declared === 0 ? 'takes no arguments' : `takes ${declared} argument(s)`;
  const hint = cmd.options.some((o) => o.long === '--snapshot') ? '; a file goes after the flag that reads it, e.g. --snapshot <file>' : '';
  throw new UsageError(
    `unexpected argument ${JSON.stringify(escapeTerminal(extra[0]))}: amlnet ${cmd.name()} ${takes}${hint} (see amlnet ${cmd.name()} --help)`,
  );
}

const EXIT_CODES: ReadonlyArray<readonly [string, string]> = [
  ['0', 'no finding at or above --fail-on (default high); always with --fail-on none'],
  ['1', 'at least one finding at or above --fail-on (a partial scan reports AMLNET900, high)'],
  [
    '2',
    'amlnet could not do its job: bad usage, an unreadable snapshot, config or baseline, a failed sign-in, an unknown subscription or a scope that matches nothing',
  ],
];

/** Read by the code, not declared with `.env()` on an option. */
const OTHER_ENVIRONMENT: ReadonlyArray<readonly [string, string]> = [
  ['AMLNET_ARM_ENDPOINT', '--arm-endpoint'],
  ['NO_COLOR', 'no colour'],
  ['FORCE_COLOR', 'colour even when piped (1-3; 0 turns it off)'],
  ['TERM=dumb', 'no colour and no cursor movement'],
  ['COLUMNS', 'the width of the text report and of this help'],
  ['AZURE_*', 'sign-in (DefaultAzureCredential: AZURE_TOKEN_CREDENTIALS, AZURE_CLIENT_ID, ...)'],
];

function auditHelp(audit: Command, width: number): string {
  return [
    examplesSection(
      [
        ['check a subscription; exit 1 on a high finding', 'amlnet audit --subscription <id>'],
        ['evidence, fix and docs under each finding', 'amlnet audit --subscription <id> --details'],
        ['every subscription of a management group; list medium and above', 'amlnet audit --management-group mg-ml --severity medium'],
        ["report to SARIF, never fail (checkov's --soft-fail)", 'amlnet audit --subscription <id> --fail-on none --sarif a.sarif'],
        ['a saved scan, without one rule, as JSON', 'amlnet audit --snapshot scan.json --skip-rule AMLNET601 -f json'],
      ],
      width,
    ),
    helpSection('Exit codes', EXIT_CODES, width),
    helpSection('Environment variables (a flag on the command line wins)', environmentRows(audit, OTHER_ENVIRONMENT), width),
  ].join('\n\n');
}

function programHelp(width: number): string {
  return [
    examplesSection(
      [
        ['check a subscription; exit 1 on a high finding', 'amlnet audit --subscription <id>'],
        ['what a rule checks, why, and how to fix it', 'amlnet rules AMLNET004'],
        ['the HTML report of a saved scan, offline', 'amlnet report --snapshot scan.json --html report.html'],
      ],
      width,
    ),
    helpSection('Exit codes', EXIT_CODES, width),
    wrapAnsi('Run "amlnet audit --help" for the audit\'s options and environment variables.', width, { hard: false }),
  ].join('\n\n');
}
