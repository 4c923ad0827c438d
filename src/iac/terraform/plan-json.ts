/**
 * The parts of `terraform show -json <planfile>` amlnet reads (HashiCorp, "JSON Output Format",
 * format_version 1.x), and the one index over them every other file uses: each resource instance
 * with its planned values, what is known only after apply, and the configuration it comes from.
 */
import { UsageError } from '../../errors';

export type Json = Record<string, any>;

export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  provider_name?: string;
  change: { actions: string[]; before?: unknown; after?: unknown; after_unknown?: unknown; after_sensitive?: unknown };
}

export interface ConfigExpression {
  constant_value?: unknown;
  references?: string[];
}

export interface ConfigResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider_config_key?: string;
  expressions?: Json;
  count_expression?: ConfigExpression;
  for_each_expression?: ConfigExpression;
}

export interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, ModuleCall>;
  outputs?: Record<string, { expression?: ConfigExpression; sensitive?: boolean }>;
  variables?: Record<string, { default?: unknown }>;
}

export interface ModuleCall {
  source?: string;
  expressions?: Record<string, ConfigExpression>;
  count_expression?: ConfigExpression;
  for_each_expression?: ConfigExpression;
  module?: ConfigModule;
}

export interface TerraformPlanJson {
  format_version: string;
  terraform_version?: string;
  variables?: Record<string, { value?: unknown }>;
  planned_values?: Json;
  resource_changes?: ResourceChange[];
  prior_state?: Json;
  configuration?: { provider_config?: Record<string, { name?: string; expressions?: Json }>; root_module?: ConfigModule };
}

/** One step of a module address: `module.server["North Europe"]` is `{ name: 'server', key: 'North Europe' }`. */
export interface ModuleStep {
  name: string;
  key?: string | number;
}

/** A resource instance of the plan (managed or data), with what its configuration says about it. */
export interface Instance {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  module: ModuleStep[];
  actions: string[];
  /** Planned values (`change.after`); for a data source read during planning, its values. */
  after: Json;
  /** `change.after_unknown`: the same shape, `true` where a value is known only after apply. */
  afterUnknown: unknown;
  /** Values before the change (`change.before`): what a delete removes. */
  before: Json;
  /** `change.after_sensitive`: the same shape, `true` where a value is sensitive (never copied into a record). */
  afterSensitive?: unknown;
  config?: ConfigResource;
}

/** Reads and checks the plan file: invalid JSON, another format major version or a state file are exit 2, one line. */
export function parsePlanText(file: string, text: string): TerraformPlanJson {
  let plan: unknown;
  try {
    plan = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(
      `${file}: not valid JSON (${(e as Error).message}); give --terraform-plan the output of \`terraform show -json <planfile>\``,
    );
  }
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan)) {
    throw new UsageError(`${file}: not a Terraform plan (expected a JSON object from \`terraform show -json <planfile>\`)`);
  }
  const p = plan as Json;
  const version = typeof p.format_version === 'string' ? p.format_version : undefined;
  if (!version) throw new UsageError(`${file}: no format_version; give --terraform-plan the output of \`terraform show -json <planfile>\``);
  if (!/^1(\.|$)/.test(version)) {
    throw new UsageError(
      `${file}: Terraform JSON format_version ${version} is not supported (amlnet reads 1.x); produce the plan with a Terraform release that writes format 1.x`,
    );
  }
  if (!Array.isArray(p.resource_changes) && !p.planned_values) {
    throw new UsageError(
      `${file}: a Terraform state, not a plan (no resource_changes or planned_values); run \`terraform show -json <planfile>\` on a saved plan (\`terraform plan -out <planfile>\`)`,
    );
  }
  return p as TerraformPlanJson;
}

/** `module.a["x"].module.b[0]` -> steps. */
export function parseModuleAddress(address: string | undefined): ModuleStep[] {
  if (!address) return [];
  const steps: ModuleStep[] = [];
  const re = /module\.([A-Za-z0-9_-]+)(?:\[("(?:[^"\\]|\\.)*"|\d+)\])?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(address)) !== null) {
    const key = m[2] === undefined ? undefined : m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : Number(m[2]);
    steps.push({ name: m[1], key });
  }
  return steps;
}

export function moduleAddressOf(steps: readonly ModuleStep[]): string {
  return steps.map((s) => `module.${s.name}${s.key === undefined ? '' : `[${JSON.stringify(s.key)}]`}`).join('.');
}

/** The configuration module of a module path (instance keys ignored: every instance shares its configuration). */
export function configModuleAt(plan: TerraformPlanJson, steps: readonly ModuleStep[]): ConfigModule | undefined {
  let m: ConfigModule | undefined = plan.configuration?.root_module;
  for (const s of steps) m = m?.module_calls?.[s.name]?.module;
  return m;
}

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

/**
 * Every resource instance the plan speaks of: `resource_changes` (managed resources and deferred
 * data reads), and the data sources read during planning, which live only in `prior_state`.
 */
export function indexInstances(plan: TerraformPlanJson): Instance[] {
  const out: Instance[] = [];
  const seen = new Set<string>();
  for (const rc of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (!rc || typeof rc.address !== 'string' || typeof rc.type !== 'string') continue;
    const module = parseModuleAddress(rc.module_address);
    out.push({
      address: rc.address,
      mode: rc.mode === 'data' ? 'data' : 'managed',
      type: rc.type,
      name: rc.name,
      index: rc.index,
      module,
      actions: Array.isArray(rc.change?.actions) ? rc.change.actions : [],
      after: obj(rc.change?.after),
      afterUnknown: rc.change?.after_unknown ?? {},
      before: obj(rc.change?.before),
      afterSensitive: rc.change?.after_sensitive,
      config: configResourceOf(plan, module, rc.mode === 'data' ? 'data' : 'managed', rc.type, rc.name),
    });
    seen.add(rc.address);
  }
  const walk = (m: Json | undefined): void => {
    if (!m) return;
    for (const r of Array.isArray(m.resources) ? m.resources : []) {
      if (!r || r.mode !== 'data' || typeof r.address !== 'string' || seen.has(r.address)) continue;
      const module = parseModuleAddress(typeof r.address === 'string' ? r.address.replace(/\.?data\.[^.]+\.[^.]+(\[.*\])?$/, '') : '');
      out.push({
        address: r.address,
        mode: 'data',
        type: r.type,
        name: r.name,
        index: r.index,
        module,
        actions: ['read'],
        after: obj(r.values),
        afterUnknown: {},
        before: obj(r.values),
        config: configResourceOf(plan, module, 'data', r.type, r.name),
      });
      seen.add(r.address);
    }
    for (const c of Array.isArray(m.child_modules) ? m.child_modules : []) walk(c);
  };
  walk(obj(plan.prior_state?.values).root_module);
  return out;
}

function configResourceOf(plan: TerraformPlanJson, module: ModuleStep[], mode: string, type: string, name: string): ConfigResource | undefined {
  const m = configModuleAt(plan, module);
  return (m?.resources ?? []).find((r) => r && r.mode === mode && r.type === type && r.name === name);
}
