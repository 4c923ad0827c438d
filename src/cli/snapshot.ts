/** Snapshots: the inventory of a live scan written to a file, audited later with no credentials. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Inventory } from '../model/inventory';
import { isCloudName } from '../model/cloud';
import { UsageError, unreadableReason } from '../errors';

export function writeSnapshot(path: string, inventory: Inventory): void {
  writeFileSync(path, JSON.stringify(inventory, null, 2) + '\n');
}

/** Reads and validates a snapshot; every problem is a UsageError that names the file and the field. */
export function readSnapshot(path: string): Inventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${path}: ${unreadableReason(err)}`);
  }
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`snapshot ${path} is not valid JSON (${(err as Error).message}); write it again with --save-snapshot`);
  }
  const bad = (why: string) => new UsageError(`snapshot ${path} is not an amlnet snapshot: ${why}`);
  const foreign = foreignShapeOf(data);
  if (foreign) throw bad(`it looks like ${foreign}; pass the file "amlnet audit --subscription <id> --save-snapshot <file>" writes`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad('the top level must be an object');
  if (data.schemaVersion !== 1) throw bad(`schemaVersion must be 1 (found ${JSON.stringify(data.schemaVersion)})`);
  if (!Array.isArray(data.resources)) throw bad('"resources" must be an array');
  const gaps = data.gaps === undefined ? [] : data.gaps;
  if (!Array.isArray(gaps)) throw bad('"gaps" must be an array');
  const subs = data.scope?.subscriptions;
  if (!Array.isArray(subs) || !subs.every((s: unknown) => typeof s === 'string'))
    throw bad('"scope.subscriptions" must be an array of subscription ids');
  const cloud = data.cloud ?? 'AzureCloud';
  if (!isCloudName(cloud)) throw bad(`unknown cloud ${JSON.stringify(cloud)}`);
  data.resources.forEach((r: any, i: number) => {
    if (!r || typeof r !== 'object' || typeof r.id !== 'string') throw bad(`resources[${i}] has no string "id"`);
  });
  gaps.forEach((g: any, i: number) => {
    if (!g || typeof g !== 'object' || typeof g.kind !== 'string' || typeof g.scope !== 'string') throw bad(`gaps[${i}] needs "kind" and "scope"`);
    if (g.reason !== 'error' && g.reason !== 'unavailable') throw bad(`gaps[${i}].reason must be "error" or "unavailable"`);
  });
  if (data.collected !== undefined && (!Array.isArray(data.collected) || !data.collected.every((k: unknown) => typeof k === 'string'))) {
    throw bad('"collected" must be an array of data kinds');
  }
  return { ...data, cloud, gaps } as Inventory;
}

/**
 * What a JSON file that is not an amlnet snapshot most likely is, so the error can say what to
 * pass instead. Real ARM payloads (what --save-snapshot writes) keep each resource's settings under
 * `properties`; `az ... show` and `az resource list` flatten them to the top level (and add
 * `resourceGroup`), Get-AzResource and PSRule exports use PascalCase, and a bare array has no
 * scope at all. Accepting those would read every property as absent and report a clean tenant.
 */
const AZ_FLATTENED_KEYS = [
  'resourceGroup',
  'resource_group',
  'provisioningState',
  'provisioning_state',
  'public_network_access',
  'publicNetworkAccess',
];

/** A resource as `az ... show` prints it: settings at the top level, no `properties` object. */
function flattenedKey(r: unknown): string | undefined {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return undefined;
  const o = r as Record<string, unknown>;
  if (o.properties && typeof o.properties === 'object') return undefined;
  return AZ_FLATTENED_KEYS.find((k) => k in o);
}

function pascalCase(r: unknown): boolean {
  return !!r && typeof r === 'object' && ('ResourceId' in r || 'ResourceType' in r || ('Properties' in r && !('properties' in r)));
}

function psruleResult(r: unknown): boolean {
  return !!r && typeof r === 'object' && ('RuleName' in r || 'Outcome' in r) && ('TargetName' in r || 'TargetType' in r || 'TargetObject' in r);
}

/** A description of the shape ("the output of az resource list"), or undefined when nothing is recognised. */
export function foreignShapeOf(data: unknown): string | undefined {
  if (Array.isArray(data)) {
    const first = data.find((x) => x && typeof x === 'object');
    if (first && psruleResult(first)) return 'a PSRule results export (RuleName, Outcome, TargetName), not the resources it checked';
    if (first && pascalCase(first)) return "a PowerShell export (Get-AzResource or PSRule for Azure's Export-AzRuleData: ResourceId, Properties)";
    const key = flattenedKey(first);
    if (key) return `the output of "az resource list" or an "az ... list" command (a bare array whose items have "${key}" at the top level)`;
    return 'a bare JSON array';
  }
  if (!data || typeof data !== 'object') return undefined;
  const o = data as Record<string, unknown>;
  if (o.kind === 'amlnet-baseline') return 'an amlnet baseline (pass it with --baseline)';
  if (Array.isArray(o.findings) && !Array.isArray(o.resources))
    return 'an amlnet report (audit --format json), which holds findings, not the resources';
  if (typeof o.$schema === 'string' && /deploymentTemplate\.json/i.test(o.$schema))
    return 'an ARM template, which describes what to deploy, not what is deployed';
  if ('format_version' in o && ('planned_values' in o || 'resource_changes' in o)) return 'a Terraform plan (terraform show -json)';
  if (Array.isArray(o.data) && ('count' in o || 'totalRecords' in o || 'skip_token' in o || '$skipToken' in o))
    return 'an Azure Resource Graph result (az graph query)';
  if (Array.isArray(o.value) && o.schemaVersion === undefined) return 'a Resource Manager list response ({ "value": [...] })';
  if (o.schemaVersion === undefined && typeof o.id === 'string' && o.id.startsWith('/subscriptions/')) {
    const key = flattenedKey(o);
    return key
      ? `the output of "az ... show" for one resource (its settings are flattened to the top level: "${key}")`
      : 'one resource as Resource Manager returns it, not a scan';
  }
  if (Array.isArray(o.resources) && o.resources.length) {
    const i = o.resources.findIndex((r) => flattenedKey(r) || pascalCase(r));
    if (i >= 0) {
      const r = o.resources[i];
      return pascalCase(r)
        ? `a file whose resources[${i}] is in PowerShell's shape (ResourceId, Properties)`
        : `a file whose resources[${i}] is flattened as "az ... show" prints it ("${flattenedKey(r)}" at the top level, no "properties")`;
    }
  }
  return undefined;
}
