/**
 * The options that say where the data comes from (a live scan or a snapshot), shared by the
 * commands that only read and draw (`graph`, `report`) so they collect exactly as `audit` does.
 */
import { Command, Option } from 'commander';

export function collectRepeatable(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function addCollectionOptions(cmd: Command): Command {
  return cmd
    .option('--subscription <id>', 'a subscription to scan (repeatable, or comma-separated)', collectRepeatable)
    .option('--resource-group <name>', 'only workspaces in this resource group')
    .option('--workspace <name>', 'only this workspace')
    .option('--arm-endpoint <url>', 'the Resource Manager endpoint (env AMLNET_ARM_ENDPOINT)')
    .addOption(new Option('--cloud <name>', 'the Azure cloud').choices(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment']))
    .option('--snapshot <file>', 'read a saved snapshot instead of calling Azure')
    .option('--concurrency <n>', 'parallel requests to Resource Manager (1-64)', '8')
    .option('-q, --quiet', 'no progress on stderr');
}
