/**
 * The options that say where the data comes from (a live scan or a snapshot): one definition for
 * every command that collects (`audit`, `baseline create`, `graph`), so they collect alike.
 */
import { Command, Option } from 'commander';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_WAIT_SECONDS } from '../collectors/defaults';
import { UsageError } from '../errors';

export function collectRepeatable(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

export function addCollectionOptions(cmd: Command, snapshotHelp = 'read a saved snapshot instead of calling Azure'): Command {
  return cmd
    .addOption(
      new Option('--subscription <id>', 'a subscription to scan (repeatable, or comma-separated)')
        .argParser(collectRepeatable)
        .env('AMLNET_SUBSCRIPTION'),
    )
    .addOption(
      new Option('--management-group <id>', 'scan every subscription under this management group through Resource Graph (repeatable)')
        .argParser(collectRepeatable)
        .env('AMLNET_MANAGEMENT_GROUP'),
    )
    .option('--all-subscriptions', 'scan every subscription the credential can see, through Resource Graph')
    .option('--resource-group <name>', 'only workspaces in this resource group')
    .option('--workspace <name>', 'only this workspace')
    .option('--arm-endpoint <url>', 'the Resource Manager endpoint (env AMLNET_ARM_ENDPOINT)')
    .addOption(new Option('--cloud <name>', 'the Azure cloud').choices(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment']).env('AMLNET_CLOUD'))
    .option('--snapshot <file>', snapshotHelp)
    .addOption(
      new Option('--concurrency <n>', `parallel requests to Resource Manager (1-64, default ${DEFAULT_CONCURRENCY})`).env('AMLNET_CONCURRENCY'),
    )
    .addOption(
      new Option(
        '--max-wait <seconds>',
        `how long one read may keep waiting out Azure's throttling and retrying transient failures before it is reported as not read (AMLNET900); seconds, or e.g. 90s, 5m (default ${DEFAULT_MAX_WAIT_SECONDS})`,
      ).env('AMLNET_MAX_WAIT'),
    )
    .option('-q, --quiet', 'no progress on stderr');
}

/**
 * A snapshot fixes what was scanned. AMLNET_SUBSCRIPTION / AMLNET_MANAGEMENT_GROUP set for the live
 * scans of a pipeline are dropped, so they do not make `--snapshot` a usage error; the same scope typed
 * out on the command line is one (a scope the snapshot would silently ignore). Every command that
 * collects passes its options through here before it runs.
 */
export function scopeForSnapshot<T extends { snapshot?: string; subscription?: string[]; managementGroup?: string[]; allSubscriptions?: boolean }>(
  opts: T,
  cmd: Command,
): T {
  if (!opts.snapshot) return opts;
  const out = { ...opts };
  if (cmd.getOptionValueSource('subscription') === 'env') delete out.subscription;
  if (cmd.getOptionValueSource('managementGroup') === 'env') delete out.managementGroup;
  const typed = out.managementGroup?.length ? '--management-group' : out.allSubscriptions ? '--all-subscriptions' : undefined;
  if (typed)
    throw new UsageError(
      `--snapshot and ${typed} cannot be combined: a snapshot already fixes what was scanned (drop ${typed}, or drop --snapshot to scan live)`,
    );
  return out;
}

/** `--skip-rule`: one definition for the commands that run the rules with a config (audit, report, baseline create). */
export function skipRuleOption(): Option {
  return new Option('--skip-rule <id>', 'do not run this rule (repeatable, or comma-separated)').argParser(collectRepeatable).env('AMLNET_SKIP_RULE');
}
