/** Snapshots: the inventory of a live scan written to a file, audited later with no credentials. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Inventory } from '../model/inventory';
import { isCloudName } from '../model/cloud';
import { UsageError } from '../errors';

export function writeSnapshot(path: string, inventory: Inventory): void {
  writeFileSync(path, JSON.stringify(inventory, null, 2) + '\n');
}

/** Reads and validates a snapshot; every problem is a UsageError that names the file and the field. */
export function readSnapshot(path: string): Inventory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`snapshot ${path} is not valid JSON (${(err as Error).message}); write it again with --save-snapshot`);
  }
  const bad = (why: string) => new UsageError(`snapshot ${path} is not an amlnet snapshot: ${why}`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad('the top level must be an object');
  if (data.schemaVersion !== 1) throw bad(`schemaVersion must be 1 (found ${JSON.stringify(data.schemaVersion)})`);
  if (!Array.isArray(data.resources)) throw bad('"resources" must be an array');
  const gaps = data.gaps === undefined ? [] : data.gaps;
  if (!Array.isArray(gaps)) throw bad('"gaps" must be an array');
  const subs = data.scope?.subscriptions;
  if (!Array.isArray(subs) || !subs.every((s: unknown) => typeof s === 'string')) throw bad('"scope.subscriptions" must be an array of subscription ids');
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
