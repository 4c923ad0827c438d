/**
 * Builds plans in the shape `terraform show -json` writes them (HashiCorp, "JSON Output Format",
 * format 1.2): `resource_changes` with `change.after`/`after_unknown`, `planned_values`, data
 * sources read during planning in `prior_state`, and `configuration` with expression
 * `references` listed the way Terraform lists them (the full traversal, then its prefixes).
 */
type Json = Record<string, any>;

export interface TfExpression {
  constant_value?: unknown;
  references?: string[];
}

/** `ref('module.net.ids["a"]')` -> references `module.net.ids["a"]`, `module.net.ids`, `module.net`, as Terraform writes them. */
export function ref(...traversals: string[]): TfExpression {
  const out: string[] = [];
  for (const t of traversals) {
    const parts: string[] = [];
    const re = /(\.[A-Za-z_][A-Za-z0-9_-]*|\[[^\]]+\])/g;
    const head = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(t)![0];
    let acc = head;
    let m: RegExpExecArray | null;
    re.lastIndex = head.length;
    while ((m = re.exec(t)) !== null) {
      acc += m[1];
      parts.push(acc);
    }
    // The shortest prefix Terraform lists: `var.x`, `local.x`, `module.m`, `type.name`, `data.type.name`.
    const minSegments = head === 'data' ? 3 : 2;
    const prefixes = parts.filter((p) => p.split(/\.|\[/).length >= minSegments).reverse();
    for (const p of prefixes) if (!out.includes(p)) out.push(p);
  }
  return { references: out };
}

export const constant = (v: unknown): TfExpression => ({ constant_value: v });

export interface TfResourceSpec {
  type: string;
  name: string;
  /** `module.a` or `module.a["k"].module.b`; root when absent. */
  module?: string;
  index?: string | number;
  actions?: string[];
  after?: Json | null;
  unknown?: Json;
  before?: Json | null;
  expressions?: Json;
  forEach?: TfExpression;
  count?: TfExpression;
  providerKey?: string;
}

export interface TfModuleSpec {
  source: string;
  expressions?: Record<string, TfExpression>;
  outputs?: Record<string, TfExpression>;
  variables?: Record<string, Json>;
  forEach?: TfExpression;
  count?: TfExpression;
}

function configPathOf(module: string | undefined): string[] {
  if (!module) return [];
  return [...module.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]);
}

export class TfPlan {
  private readonly resources: TfResourceSpec[] = [];
  private readonly data: TfResourceSpec[] = [];
  private readonly modules = new Map<string, TfModuleSpec>();
  private vars: Record<string, unknown> = {};
  private providers: Json = {
    azurerm: {
      name: 'azurerm',
      full_name: 'registry.terraform.io/hashicorp/azurerm',
      version_constraint: '~> 3.100',
      expressions: { features: [{}] },
    },
  };

  constructor(
    private readonly formatVersion = '1.2',
    private readonly terraformVersion = '1.9.8',
  ) {}

  resource(r: TfResourceSpec): this {
    this.resources.push(r);
    return this;
  }
  /** A data source read during planning: its values are in prior_state. */
  dataSource(r: TfResourceSpec): this {
    this.data.push(r);
    return this;
  }
  /** A module call, `path` like `module.net` or `module.a.module.b`. */
  module(path: string, spec: TfModuleSpec): this {
    this.modules.set(configPathOf(path).join('.'), spec);
    return this;
  }
  variables(v: Record<string, unknown>): this {
    this.vars = { ...this.vars, ...v };
    return this;
  }
  provider(key: string, expressions: Json): this {
    this.providers[key] = { name: key.split('.')[0], full_name: 'registry.terraform.io/hashicorp/azurerm', expressions };
    return this;
  }

  private address(r: TfResourceSpec): string {
    const own = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
    const base = r.type.startsWith('data.') ? own : own;
    return r.index === undefined ? base : `${base}[${JSON.stringify(r.index)}]`;
  }

  toJSON(): Json {
    const configRoot: Json = { resources: [], module_calls: {} };
    const configModule = (path: string[]): Json => {
      let m = configRoot;
      for (let i = 0; i < path.length; i++) {
        const key = path.slice(0, i + 1).join('.');
        const spec = this.modules.get(key);
        m.module_calls ??= {};
        m.module_calls[path[i]] ??= {
          source: spec?.source ?? `./modules/${path[i]}`,
          ...(spec?.expressions ? { expressions: spec.expressions } : {}),
          ...(spec?.forEach ? { for_each_expression: spec.forEach } : {}),
          ...(spec?.count ? { count_expression: spec.count } : {}),
          module: {
            ...(spec?.outputs ? { outputs: Object.fromEntries(Object.entries(spec.outputs).map(([k, e]) => [k, { expression: e }])) } : {}),
            resources: [],
            ...(spec?.variables ? { variables: spec.variables } : {}),
          },
        };
        m = m.module_calls[path[i]].module;
      }
      return m;
    };
    for (const key of this.modules.keys()) configModule(key.split('.'));

    const seenConfig = new Set<string>();
    const addConfig = (r: TfResourceSpec, mode: 'managed' | 'data'): void => {
      const local = `${mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
      const k = `${configPathOf(r.module).join('.')}|${local}`;
      if (seenConfig.has(k)) return;
      seenConfig.add(k);
      configModule(configPathOf(r.module)).resources.push({
        address: local,
        mode,
        type: r.type,
        name: r.name,
        provider_config_key: r.providerKey ?? 'azurerm',
        expressions: r.expressions ?? {},
        schema_version: 0,
        ...(r.forEach ? { for_each_expression: r.forEach } : {}),
        ...(r.count ? { count_expression: r.count } : {}),
      });
    };

    const resourceChanges: Json[] = [];
    const planned: Json = { resources: [], child_modules: [] };
    const plannedModule = (module: string | undefined): Json => {
      if (!module) return planned;
      let found = planned.child_modules.find((c: Json) => c.address === module);
      if (!found) {
        found = { address: module, resources: [] };
        planned.child_modules.push(found);
      }
      return found;
    };
    for (const r of this.resources) {
      addConfig(r, 'managed');
      const address = this.address(r);
      const actions = r.actions ?? ['create'];
      resourceChanges.push({
        address,
        ...(r.module ? { module_address: r.module } : {}),
        mode: 'managed',
        type: r.type,
        name: r.name,
        ...(r.index === undefined ? {} : { index: r.index }),
        provider_name: r.type.startsWith('azapi_') ? 'registry.terraform.io/azure/azapi' : 'registry.terraform.io/hashicorp/azurerm',
        change: {
          actions,
          before: r.before ?? null,
          after: actions.includes('delete') && actions.length === 1 ? null : (r.after ?? {}),
          after_unknown: r.unknown ?? {},
          before_sensitive: r.before ? {} : false,
          after_sensitive: actions.includes('delete') && actions.length === 1 ? false : {},
        },
      });
      if (!(actions.length === 1 && actions[0] === 'delete')) {
        plannedModule(r.module).resources.push({
          address,
          mode: 'managed',
          type: r.type,
          name: r.name,
          ...(r.index === undefined ? {} : { index: r.index }),
          provider_name: 'registry.terraform.io/hashicorp/azurerm',
          schema_version: 0,
          values: r.after ?? {},
          sensitive_values: {},
        });
      }
    }
    const prior: Json = { resources: [], child_modules: [] };
    for (const d of this.data) {
      addConfig(d, 'data');
      const address = `${d.module ? `${d.module}.` : ''}data.${d.type}.${d.name}${d.index === undefined ? '' : `[${JSON.stringify(d.index)}]`}`;
      const target = d.module
        ? (prior.child_modules.find((c: Json) => c.address === d.module) ??
          (prior.child_modules.push({ address: d.module, resources: [] }), prior.child_modules[prior.child_modules.length - 1]))
        : prior;
      target.resources.push({
        address,
        mode: 'data',
        type: d.type,
        name: d.name,
        provider_name: 'registry.terraform.io/hashicorp/azurerm',
        schema_version: 0,
        values: d.after ?? {},
        sensitive_values: {},
      });
    }
    return {
      format_version: this.formatVersion,
      terraform_version: this.terraformVersion,
      variables: Object.fromEntries(Object.entries(this.vars).map(([k, v]) => [k, { value: v }])),
      planned_values: { root_module: planned },
      resource_changes: resourceChanges,
      prior_state: { format_version: this.formatVersion, terraform_version: this.terraformVersion, values: { root_module: prior } },
      configuration: { provider_config: this.providers, root_module: configRoot },
      timestamp: '2026-11-30T09:00:00Z',
      applyable: true,
      complete: true,
      errored: false,
    };
  }

  /** Pretty-printed, as `terraform show -json plan | jq .` shows it. */
  text(): string {
    return `${JSON.stringify(this.toJSON(), null, 2)}\n`;
  }
}
