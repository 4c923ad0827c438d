/**
 * The config file (`--config`, or `.amlnet.json` / `.amlnet.yaml` in the current folder): rule
 * selection, severity overrides, per-rule options and suppressions. Validated strictly, the way
 * eslint and checkov do: a typo must not silently turn a rule off or leave a suppression unused.
 * Every problem is a UsageError (exit 2) that names the file, the path in it and what is expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { UsageError, unreadableReason } from '../errors';
import { isEnabledByDefault, type EvaluateOptions } from '../rules/engine';
import type { Rule, Severity } from '../rules/types';
import { isSeverity, SEVERITIES } from '../rules/types';

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface SuppressionEntry {
  /** A rule id, or `*` for every rule. */
  rule: string;
  /** An ARM id or a glob over ARM ids (see glob.ts). */
  resource: string;
  reason: string;
  /** YYYY-MM-DD, the last day the suppression applies (UTC). */
  expires?: string;
  /** `<file> suppressions[<i>]`, for messages. */
  source: string;
}

export interface AmlnetConfig {
  path?: string;
  rules: Map<string, RuleSetting>;
  suppressions: SuppressionEntry[];
}

export const EMPTY_CONFIG: AmlnetConfig = { rules: new Map(), suppressions: [] };

export const DEFAULT_CONFIG_FILES = ['.amlnet.json', '.amlnet.yaml', '.amlnet.yml'];

const TOP_KEYS = ['$schema', 'rules', 'suppressions'];
const RULE_KEYS = ['severity', 'options'];
const SUPPRESSION_KEYS = ['rule', 'resource', 'reason', 'expires'];

/** `--config <file>` if given, else the first default file present in `cwd`, else none. */
export function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) return explicit;
  const present = DEFAULT_CONFIG_FILES.filter((f) => existsSync(join(cwd, f)));
  if (present.length > 1) throw new UsageError(`both ${present.join(' and ')} are in ${cwd}; keep one, or choose with --config <file>`);
  return present.length ? join(cwd, present[0]) : undefined;
}

export function loadConfig(path: string, rules: readonly Rule[]): AmlnetConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${path}: ${unreadableReason(err)}`);
  }
  return parseConfig(text, path, rules);
}

export function parseConfig(text: string, path: string, rules: readonly Rule[]): AmlnetConfig {
  let data: unknown;
  if (/\.json$/i.test(path)) {
    try {
      data = text.trim() === '' ? {} : JSON.parse(text);
    } catch (err) {
      throw new UsageError(`config ${path} is not valid JSON: ${(err as Error).message}`);
    }
  } else {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const pos = lineCounter.linePos(e.pos[0]);
      const where = ` (line ${pos.line}, column ${pos.col})`;
      throw new UsageError(`config ${path} is not valid YAML${where}: ${e.message.split('\n')[0]}`);
    }
    data = doc.toJS() ?? {};
  }
  return validateConfig(data, path, rules);
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A real calendar day in YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function validateConfig(data: unknown, path: string, rules: readonly Rule[]): AmlnetConfig {
  const bad = (at: string, what: string) => new UsageError(`config ${path}: ${at ? `${at}: ` : ''}${what}`);
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const unknownKey = (at: string, key: string, allowed: string[]) => bad(at ? `${at}.${key}` : key, `unknown key (expected ${allowed.join(', ')})`);
  if (!isObject(data))
    throw bad('', `the top level must be an object with "rules" and/or "suppressions" (got ${Array.isArray(data) ? 'an array' : show(data)})`);
  for (const k of Object.keys(data))
    if (!TOP_KEYS.includes(k))
      throw unknownKey(
        '',
        k,
        TOP_KEYS.filter((x) => x !== '$schema'),
      );

  const settings = new Map<string, RuleSetting>();
  if (data.rules !== undefined) {
    if (!isObject(data.rules)) throw bad('rules', `expected an object of rule id -> "on" | "off" | { severity, options } (got ${show(data.rules)})`);
    for (const [id, value] of Object.entries(data.rules)) {
      const at = `rules.${id}`;
      const rule = byId.get(id);
      if (!rule) throw bad(at, `unknown rule id; run "amlnet rules" for the catalogue`);
      if (value === 'off' || value === false) {
        if (rule.meta.reportsGaps)
          throw bad(
            at,
            `${id} cannot be turned off: a partial scan must not pass unnoticed (grant the scanner read access, or run with --fail-on none)`,
          );
        settings.set(id, { enabled: false });
      } else if (value === 'on' || value === true) {
        settings.set(id, { enabled: true });
      } else if (isObject(value)) {
        for (const k of Object.keys(value)) if (!RULE_KEYS.includes(k)) throw unknownKey(at, k, RULE_KEYS);
        const setting: RuleSetting = { enabled: true };
        if (value.severity !== undefined) {
          if (!isSeverity(value.severity)) throw bad(`${at}.severity`, `expected one of ${SEVERITIES.join(', ')} (got ${show(value.severity)})`);
          if (rule.meta.reportsGaps)
            throw bad(
              `${at}.severity`,
              `the severity of ${id} is fixed (${rule.meta.severity}): a partial scan fails the run; grant the scanner read access, or run with --fail-on none`,
            );
          setting.severity = value.severity;
        }
        if (value.options !== undefined) setting.options = validateOptions(rule, value.options, `${at}.options`, bad);
        settings.set(id, setting);
      } else {
        throw bad(at, `expected "on", "off" or an object { severity, options } (got ${show(value)})`);
      }
    }
  }

  const suppressions: SuppressionEntry[] = [];
  if (data.suppressions !== undefined) {
    if (!Array.isArray(data.suppressions))
      throw bad('suppressions', `expected a list of { rule, resource, reason, expires? } (got ${show(data.suppressions)})`);
    data.suppressions.forEach((s: unknown, i: number) => {
      const at = `suppressions[${i}]`;
      if (!isObject(s)) throw bad(at, `expected an object { rule, resource, reason, expires? } (got ${show(s)})`);
      for (const k of Object.keys(s)) if (!SUPPRESSION_KEYS.includes(k)) throw unknownKey(at, k, SUPPRESSION_KEYS);
      if (typeof s.rule !== 'string' || s.rule.trim() === '')
        throw bad(`${at}.rule`, `expected a rule id such as AMLNET004, or "*" (got ${show(s.rule)})`);
      const ruleId = s.rule.trim() === '*' ? '*' : s.rule.trim();
      if (ruleId !== '*' && !byId.has(ruleId)) throw bad(`${at}.rule`, `unknown rule id ${show(s.rule)}; run "amlnet rules" for the catalogue`);
      // A partial scan is never accepted by a rule-and-resource entry: it cannot name the data that was missing.
      if (ruleId !== '*' && byId.get(ruleId)!.meta.reportsGaps)
        throw bad(
          `${at}.rule`,
          `${ruleId} (partial scan) cannot be suppressed: grant the scanner read access to what it could not read, or record today's gaps with "amlnet baseline create"`,
        );
      if (typeof s.resource !== 'string' || s.resource.trim() === '')
        throw bad(
          `${at}.resource`,
          `expected an ARM resource id or a glob such as /subscriptions/*/resourceGroups/rg-ml/** (got ${show(s.resource)})`,
        );
      if (!s.resource.trim().startsWith('/') && !s.resource.trim().startsWith('*'))
        throw bad(`${at}.resource`, `expected an ARM resource id starting with /subscriptions/, or a glob (got ${show(s.resource)})`);
      if (typeof s.reason !== 'string' || s.reason.trim() === '')
        throw bad(`${at}.reason`, 'a reason is required: say why this finding is accepted (it is shown in every report)');
      // YAML turns an unquoted 2025-01-31 into a Date; accept it as the day it names.
      const expires = s.expires instanceof Date && !Number.isNaN(s.expires.getTime()) ? s.expires.toISOString().slice(0, 10) : s.expires;
      if (expires !== undefined && !isIsoDate(expires)) throw bad(`${at}.expires`, `expected a date YYYY-MM-DD (got ${show(s.expires)})`);
      suppressions.push({
        rule: ruleId,
        resource: s.resource.trim(),
        reason: s.reason.trim(),
        ...(expires ? { expires } : {}),
        source: `${path} ${at}`,
      });
    });
  }
  return { path, rules: settings, suppressions };
}

function validateOptions(rule: Rule, value: unknown, at: string, bad: (at: string, what: string) => UsageError): Record<string, unknown> {
  const declared = rule.meta.options ?? {};
  const names = Object.keys(declared);
  if (!isObject(value)) throw bad(at, `expected an object (got ${show(value)})`);
  for (const [k, v] of Object.entries(value)) {
    const spec = declared[k];
    if (!spec)
      throw bad(
        `${at}.${k}`,
        names.length ? `unknown option (${rule.meta.id} takes ${names.join(', ')})` : `unknown option (${rule.meta.id} takes no options)`,
      );
    const ok = spec.type === 'string[]' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === spec.type;
    if (!ok) throw bad(`${at}.${k}`, `expected ${spec.type === 'string[]' ? 'a list of strings' : `a ${spec.type}`} (got ${show(v)})`);
  }
  return { ...value };
}

/**
 * What the engine runs: the rules on by default, minus those turned off, plus those turned on in
 * config or with `--rule` (the command line wins over the file).
 */
export function evaluateOptionsFor(config: AmlnetConfig, rules: readonly Rule[], extraRules: readonly string[] = []): EvaluateOptions {
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const enabled = new Set(rules.filter(isEnabledByDefault).map((r) => r.meta.id));
  const severityOverrides = new Map<string, Severity>();
  const ruleOptions = new Map<string, Record<string, unknown>>();
  for (const [id, s] of config.rules) {
    if (s.enabled) enabled.add(id);
    else enabled.delete(id);
    if (s.severity) severityOverrides.set(id, s.severity);
    if (s.options) ruleOptions.set(id, s.options);
  }
  for (const raw of extraRules) {
    const id = raw.trim().toUpperCase();
    if (!byId.has(id)) throw new UsageError(`--rule ${JSON.stringify(raw)}: unknown rule id; run "amlnet rules" for the catalogue`);
    enabled.add(id);
  }
  return { enabled, severityOverrides, ruleOptions };
}
