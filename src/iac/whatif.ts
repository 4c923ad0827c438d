/**
 * `--what-if F`: Resource Manager's own answer to "what would this deployment change", as the REST
 * WhatIfOperationResult (`status`, `properties.changes[]`) or as `az deployment ... what-if
 * --result-format FullResourcePayloads --no-pretty-print -o json` prints it (`changes[]` at the top).
 * Create, Modify, Deploy and NoChange put the `after` payload (already in GET shape, defaults
 * filled in by Resource Manager); Delete removes; Ignore and Unsupported are reported as notes.
 */
import { UsageError } from '../errors';
import type { ArmResource } from '../model/inventory';
import type { Plan, SourceRef } from './plan';
import { lineOf, parseJsonFile } from './json-file';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const UPSERT = new Set(['create', 'modify', 'deploy', 'nochange']);

export function planFromWhatIf(file: string): Plan {
  const parsed = parseJsonFile(file, 'what-if result');
  const doc = parsed.value;
  if (!isObj(doc)) throw new UsageError(`what-if result ${file} must be a JSON object with "changes" (az) or "properties.changes" (REST)`);
  const atTop = Array.isArray(doc.changes);
  const changes = atTop ? doc.changes : isObj(doc.properties) && Array.isArray(doc.properties.changes) ? doc.properties.changes : undefined;
  if (String(doc.status ?? '').toLowerCase() === 'failed') {
    const err = isObj(doc.error) ? `${doc.error.code ?? ''} ${doc.error.message ?? ''}`.trim() : 'no error details';
    throw new UsageError(`what-if result ${file} has status Failed (${err.slice(0, 200)}): fix the deployment and run what-if again`);
  }
  if (!changes)
    throw new UsageError(
      `what-if result ${file} has no "changes" (az) or "properties.changes" (REST): produce it with az deployment group what-if --result-format FullResourcePayloads --no-pretty-print -o json`,
    );
  const plan: Plan = { kind: 'what-if', file, upserts: [], deletes: [], unknowns: [], missing: [], notes: [] };
  changes.forEach((c: unknown, i: number) => {
    const at = atTop ? ['changes', i] : ['properties', 'changes', i];
    if (!isObj(c) || typeof c.resourceId !== 'string' || typeof c.changeType !== 'string') {
      throw new UsageError(`what-if result ${file}: changes[${i}] needs a resourceId and a changeType`);
    }
    const line = lineOf(parsed, at);
    const source: SourceRef = { kind: 'what-if', file, name: c.resourceId, ...(line ? { line } : {}) };
    const type = c.changeType.toLowerCase();
    if (type === 'delete') {
      plan.deletes.push({ id: c.resourceId, source });
    } else if (UPSERT.has(type)) {
      const payload = isObj(c.after) ? c.after : type === 'nochange' && isObj(c.before) ? c.before : undefined;
      if (!payload) {
        plan.notes.push(
          `${c.changeType} ${c.resourceId}: the what-if result carries no resource payload (run what-if with --result-format FullResourcePayloads); not applied`,
        );
        return;
      }
      const resource: ArmResource = { ...structuredClone(payload), id: typeof payload.id === 'string' ? payload.id : c.resourceId };
      plan.upserts.push({ resource, source });
    } else {
      const why = typeof c.unsupportedReason === 'string' ? `: ${c.unsupportedReason}` : '';
      plan.notes.push(`${c.changeType} ${c.resourceId}${why} (what-if does not say what it will be; not applied)`);
    }
  });
  return plan;
}
