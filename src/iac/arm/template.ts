/**
 * `--template F [--parameters P]... [--parameter n=v]...`: reads the template (a `.bicep` file is
 * compiled first), evaluates it (evaluate.ts) and returns the Plan the overlay lays over the base:
 * each resource in GET shape with the file and line that declares it, every value the template
 * cannot know as an UnknownValue, `existing` resources as references to check against the base.
 * Every problem with the input is a UsageError naming the file (exit 2).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join, relative, isAbsolute } from 'node:path';
import { UsageError } from '../../errors';
import { lineOf, parseJsonFile, type ParsedFile } from '../json-file';
import type { ArmResource, CloudName } from '../../model/inventory';
import type { Plan, PlannedResource, SourceRef, UnknownValue } from '../plan';
import { evaluateTemplate, type DeploymentTarget, type JsonPath, type SuppliedParameter, type TemplateFile } from './evaluate';
import { TemplateError, isPlainObject, isUnknown, type Unknown } from './values';

export interface TemplateInput {
  template: string;
  parameterFiles: string[];
  /** `name=value` as typed. */
  parameterOverrides: string[];
  target: DeploymentTarget;
  cloud: CloudName;
  env?: NodeJS.ProcessEnv;
}

/** `bicep build --stdout F` or `az bicep build --stdout --file F`, whichever is on PATH. */
function compileBicep(path: string, env: NodeJS.ProcessEnv): string {
  const onPath = (cmd: string) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .some((dir) => existsSync(join(dir, cmd)) || existsSync(join(dir, `${cmd}.exe`)) || existsSync(join(dir, `${cmd}.cmd`)));
  const attempt = onPath('bicep')
    ? { cmd: 'bicep', args: ['build', '--stdout', path] }
    : onPath('az')
      ? { cmd: 'az', args: ['bicep', 'build', '--stdout', '--file', path] }
      : undefined;
  if (!attempt) {
    throw new UsageError(
      `${path} is Bicep, and neither bicep nor az is on PATH to compile it: install the Bicep CLI, or run "az bicep build --file ${path} --outfile ${path.replace(/\.bicep$/i, '.json')}" and pass the JSON to --template`,
    );
  }
  try {
    return execFileSync(attempt.cmd, attempt.args, {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      shell: process.platform === 'win32',
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const first =
      (e.stderr ?? e.message)
        .split('\n')
        .map((l) => l.trim())
        .find(Boolean) ?? 'failed';
    throw new UsageError(`${attempt.cmd} ${attempt.args.join(' ')} failed: ${first}`);
  }
}

/** A parameters file: `{"parameters": {"n": {"value": ...}}}` (deployment parameters or compiled .bicepparam), or the bare `{"n": {"value": ...}}`. */
function readParameterFile(path: string): Record<string, SuppliedParameter> {
  const { value } = parseJsonFile(path, 'parameters file');
  if (!isPlainObject(value)) throw new UsageError(`parameters file ${path} must hold a JSON object with "parameters"`);
  const params =
    isPlainObject(value.parameters) && ('$schema' in value || 'contentVersion' in value || Object.keys(value).length === 1)
      ? value.parameters
      : value;
  const out: Record<string, SuppliedParameter> = {};
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (k === '$schema' || k === 'contentVersion') continue;
    if (!isPlainObject(v) || !('value' in v || 'reference' in v))
      throw new UsageError(`parameters file ${path}: parameter ${k} must be an object with "value" (or a Key Vault "reference")`);
    out[k] =
      'reference' in v ? { from: 'keyVaultReference', secretName: String((v.reference as any)?.secretName ?? k) } : { from: 'value', value: v.value };
  }
  return out;
}

function parseOverride(text: string): [string, SuppliedParameter] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--parameter ${JSON.stringify(text)} must be name=value`);
  return [text.slice(0, eq).trim(), { from: 'text', text: text.slice(eq + 1) }];
}

/** Dotted path of a property in the GET shape: properties.subnets[0].properties.addressPrefix. */
function joinPath(base: string, key: string | number): string {
  return typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;
}

/** Removes every Unknown from a resource (it is not known, not absent: the overlay makes it a gap), recording where it was. */
function extractUnknowns(value: unknown, resourceId: string, path: string, out: UnknownValue[]): unknown {
  if (isUnknown(value)) {
    out.push({ resourceId, property: path, reason: `${path.split('.').pop()} ${(value as Unknown).reason}`.replace(/^(\S+) \1 /, '$1 ') });
    return undefined;
  }
  if (Array.isArray(value)) return value.map((x, i) => extractUnknowns(x, resourceId, joinPath(path, i), out) ?? null);
  if (isPlainObject(value)) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const x = extractUnknowns(v, resourceId, joinPath(path, k), out);
      if (x !== undefined) o[k] = x;
    }
    return o;
  }
  return value;
}

export function planFromTemplate(input: TemplateInput): Plan {
  const env = input.env ?? process.env;
  const isBicep = /\.bicep$/i.test(input.template);
  const text = isBicep ? compileBicep(input.template, env) : undefined;
  const files = new Map<string, ParsedFile>();
  const root = parseJsonFile(input.template, isBicep ? 'compiled Bicep of' : 'template', text);
  if (!isPlainObject(root.value) || !('resources' in root.value)) {
    throw new UsageError(`template ${input.template} is not an ARM deployment template (no "resources"); a parameters file goes to --parameters`);
  }
  files.set(input.template, root);

  const parameters: Record<string, SuppliedParameter> = {};
  for (const f of input.parameterFiles) Object.assign(parameters, readParameterFile(f));
  for (const o of input.parameterOverrides) {
    const [k, v] = parseOverride(o);
    for (const existing of Object.keys(parameters)) if (existing.toLowerCase() === k.toLowerCase()) delete parameters[existing];
    parameters[k] = v;
  }

  const loadRelative = (rel: string, from: string): TemplateFile | undefined => {
    const base = dirname(from);
    const path = isAbsolute(rel) ? rel : join(base, rel);
    const display = isAbsolute(input.template) ? path : relative(process.cwd(), path) || path;
    if (!existsSync(path)) return undefined;
    const parsed = files.get(display) ?? parseJsonFile(path, 'linked template');
    files.set(display, parsed);
    return { template: parsed.value, file: display };
  };

  let expansion;
  try {
    expansion = evaluateTemplate({
      root: { template: root.value, file: input.template },
      parameters,
      target: input.target,
      cloud: input.cloud,
      deploymentName: input.template
        .split(/[\\/]/)
        .pop()!
        .replace(/\.(json|bicep)$/i, ''),
      loadRelative,
    });
  } catch (err) {
    if (err instanceof TemplateError) throw new UsageError(`template ${input.template}: ${err.message}`);
    throw err;
  }

  const source = (file: string, name: string, path: JsonPath): SourceRef => {
    const parsed = files.get(file);
    const line = parsed ? lineOf(parsed, path) : undefined;
    return { kind: 'template', file, name, ...(line ? { line } : {}) };
  };
  const plan: Plan = { kind: 'template', file: input.template, upserts: [], deletes: [], unknowns: [], missing: [], notes: [] };
  for (const r of expansion.resources) {
    const ref = source(r.file, r.symbolicName ?? r.id, r.path);
    if (r.existing) {
      plan.missing.push({ id: r.id, from: ref, reason: `declared existing in ${r.file}` });
      continue;
    }
    const resource = extractUnknowns(r.body, r.id, '', plan.unknowns) as ArmResource;
    const planned: PlannedResource = { resource, source: ref };
    plan.upserts.push(planned);
  }
  for (const u of expansion.unreadable) {
    plan.unknowns.push({ resourceId: u.id, property: 'properties.templateLink', reason: u.why });
    plan.notes.push(u.why);
  }
  return plan;
}
