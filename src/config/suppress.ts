/**
 * Suppressions and baselines, applied after evaluation as one pure step: the rules decide what is
 * wrong, this decides what the team has accepted. A suppressed finding stays in the report
 * (counted, listed with its reason); it only stops counting for the exit code.
 *
 * Order: a config suppression (explicit, reviewed in the repo), then an `amlnet-ignore` tag on the
 * resource, then the baseline. An expired suppression does not suppress; the finding says so.
 *
 * A partial scan (AMLNET900) is accepted only by a baseline entry that names the same gap (its
 * fingerprint carries what could not be read, see report/fingerprint.ts): a rule-and-resource
 * suppression or a tag cannot say which gap it means, so neither applies to it.
 */
import type { Model } from '../model/model';
import { nameOf } from '../model/ids';
import type { Finding, RulesMeta, Suppression } from '../rules/types';
import { findingFingerprintOf } from '../report/fingerprint';
import type { FixedFinding } from '../report/report';
import type { Baseline } from './baseline';
import type { AmlnetConfig, SuppressionEntry } from './config';
import { isIsoDate } from './config';
import { resourceMatcher } from './glob';

/** Tag names (Azure tag names are case-insensitive). */
export const IGNORE_TAG = 'amlnet-ignore';
export const IGNORE_REASON_TAG = 'amlnet-ignore-reason';
export const IGNORE_EXPIRES_TAG = 'amlnet-ignore-expires';

export interface SuppressOptions {
  config?: AmlnetConfig;
  model?: Model;
  baseline?: { path: string; data: Baseline };
  /** The rules that ran: a baseline finding of a rule that did not run (off, or unevaluated) is not "fixed". */
  rulesRun?: readonly string[];
  /** Today, YYYY-MM-DD (UTC). */
  today: string;
  /** Which rule reports gaps (its findings are accepted only by a baseline entry naming the same gap). */
  rulesMeta: RulesMeta;
}

export interface SuppressResult {
  findings: Finding[];
  fixed: FixedFinding[];
  /** For stderr: expired suppressions, unreadable tags. */
  warnings: string[];
}

const expired = (expires: string | undefined, today: string) => expires !== undefined && expires < today;

export function applySuppressions(input: readonly Finding[], options: SuppressOptions): SuppressResult {
  const warnings: string[] = [];
  const entries = (options.config?.suppressions ?? []).map((s) => ({ ...s, matches: resourceMatcher(s.resource) }));
  for (const s of entries) {
    if (expired(s.expires, options.today))
      warnings.push(`suppression ${s.source} (${s.rule} on ${s.resource}) expired on ${s.expires}; its findings count again: renew or remove it`);
  }

  const findings = input.map((f0) => {
    let f: Finding = { ...f0 };
    let lapsed: Suppression | undefined;
    if (options.rulesMeta.get(f.ruleId)?.reportsGaps) return f;
    const fromConfig = entries.filter((s) => (s.rule === '*' || s.rule === f.ruleId) && s.matches(f.resourceId));
    const active = fromConfig.find((s) => !expired(s.expires, options.today));
    if (active) return suppress(f, configSuppression(active));
    const lapsedEntry = fromConfig.find((s) => expired(s.expires, options.today));
    if (lapsedEntry) lapsed = configSuppression(lapsedEntry);

    const tag = tagSuppression(f, options.model, options.today, warnings);
    if (tag && !expired(tag.expires, options.today)) return suppress(f, tag);
    if (tag) lapsed ??= tag;
    if (lapsed) f = { ...f, expiredSuppression: lapsed };
    return f;
  });

  const fixed: FixedFinding[] = [];
  if (options.baseline) {
    const { path, data } = options.baseline;
    // Each baseline entry covers one finding: two findings with one fingerprint need two entries.
    const pool = new Map<string, number[]>();
    data.findings.forEach((e, i) => {
      const slot = pool.get(e.fingerprint);
      if (slot) slot.push(i);
      else pool.set(e.fingerprint, [i]);
    });
    // One SHA-256 per finding, not one per finding and baseline entry.
    const fingerprints = findings.map((f) => findingFingerprintOf(f, options.rulesMeta));
    const used = new Set<number>();
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      if (f.suppressed) continue;
      const candidates = (pool.get(fingerprints[i]) ?? []).filter((j) => !used.has(j));
      if (candidates.length === 0) continue;
      const j = candidates.find((k) => data.findings[k].message === f.message) ?? candidates[0];
      used.add(j);
      findings[i] = suppress(f, { kind: 'baseline', reason: `in the baseline ${path}`, source: `baseline ${path}` });
    }
    const ran = options.rulesRun ? new Set(options.rulesRun) : undefined;
    const suppressedPrints = new Set(fingerprints.filter((_, i) => findings[i].suppressed));
    data.findings.forEach((e, i) => {
      if (used.has(i)) return;
      // Matched by a finding that is now suppressed by config or tag: not fixed, just accepted another way.
      if (suppressedPrints.has(e.fingerprint)) return;
      if (ran && !ran.has(e.ruleId)) return;
      fixed.push({
        fingerprint: e.fingerprint,
        ruleId: e.ruleId,
        resourceId: e.resourceId,
        ...(e.workspaceId ? { workspaceId: e.workspaceId } : {}),
        message: e.message,
      });
    });
  }
  return { findings, fixed, warnings };
}

function suppress(f: Finding, s: Suppression): Finding {
  const { expiredSuppression: _dropped, ...rest } = f;
  return { ...rest, suppressed: true, suppression: s };
}

function configSuppression(s: SuppressionEntry): Suppression {
  return { kind: 'config', reason: s.reason, ...(s.expires ? { expires: s.expires } : {}), source: s.source };
}

function tagValue(tags: Record<string, string> | undefined, name: string): string | undefined {
  if (!tags) return undefined;
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : tags[key];
}

/** `amlnet-ignore: AMLNET004,AMLNET005` (or `*`) on the finding's resource; reason and expiry from sibling tags. */
function tagSuppression(f: Finding, model: Model | undefined, today: string, warnings: string[]): Suppression | undefined {
  const node = model?.get<{ tags?: Record<string, string> }>(f.resourceId);
  const value = tagValue(node?.tags, IGNORE_TAG);
  if (value === undefined) return undefined;
  const ids = value
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (!ids.includes('*') && !ids.includes(f.ruleId)) return undefined;
  const name = nameOf(f.resourceId);
  const reason = tagValue(node?.tags, IGNORE_REASON_TAG)?.trim() || `suppressed by the ${IGNORE_TAG} tag on ${name}`;
  const rawExpires = tagValue(node?.tags, IGNORE_EXPIRES_TAG)?.trim();
  let expires: string | undefined;
  if (rawExpires) {
    if (isIsoDate(rawExpires)) expires = rawExpires;
    else {
      // An unreadable expiry must not suppress forever: treat it as lapsed.
      warnings.push(
        `tag ${IGNORE_EXPIRES_TAG} on ${f.resourceId} is ${JSON.stringify(rawExpires)}, not a date YYYY-MM-DD; the ${IGNORE_TAG} tag is ignored for ${f.ruleId}`,
      );
      expires = '0000-01-01';
    }
  }
  if (expires && expired(expires, today) && rawExpires && isIsoDate(rawExpires)) {
    warnings.push(`tag ${IGNORE_TAG} on ${f.resourceId} expired on ${expires} (${IGNORE_EXPIRES_TAG}); ${f.ruleId} counts again`);
  }
  return { kind: 'tag', reason, ...(expires ? { expires } : {}), source: `tag ${IGNORE_TAG} on ${name}` };
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
