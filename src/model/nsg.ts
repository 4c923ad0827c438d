/**
 * NSG evaluation as Azure does it: the custom and default rules of one direction, together, in
 * priority order (lowest number first); the first rule that matches the traffic decides. A subnet
 * without an NSG filters nothing. Destination addresses are not modelled: the traffic is assumed
 * to be for the subnet the NSG guards.
 */
import type { Model } from './model';
import { tagCovers } from './service-tags';
import type { NetworkSecurityGroup, SecurityRule, Subnet } from './types';
import { lowerToken } from './ids';

export interface Traffic {
  direction: 'Inbound' | 'Outbound';
  protocol: 'Tcp' | 'Udp';
  destinationPort: number;
  /** Whether a rule's source prefix (`*`, a service tag, a CIDR) covers this traffic's source. */
  sourceMatches(prefix: string): boolean;
  /** For messages: `AzureMachineLearning`. */
  sourceLabel: string;
}

export interface NsgDecision {
  access: 'Allow' | 'Deny';
  /** The rule that decided; undefined when there is no NSG. */
  rule?: SecurityRule;
  nsgId?: string;
}

/** The defaults Azure adds to every NSG (used when a payload leaves `defaultSecurityRules` out). */
const AZURE_DEFAULT_RULES: SecurityRule[] = [
  {
    name: 'AllowVnetInBound',
    priority: 65000,
    direction: 'Inbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefixes: ['VirtualNetwork'],
    destinationPortRanges: ['*'],
    isDefault: true,
  },
  {
    name: 'AllowAzureLoadBalancerInBound',
    priority: 65001,
    direction: 'Inbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefixes: ['AzureLoadBalancer'],
    destinationPortRanges: ['*'],
    isDefault: true,
  },
  {
    name: 'DenyAllInBound',
    priority: 65500,
    direction: 'Inbound',
    access: 'Deny',
    protocol: '*',
    sourceAddressPrefixes: ['*'],
    destinationPortRanges: ['*'],
    isDefault: true,
  },
  {
    name: 'AllowVnetOutBound',
    priority: 65000,
    direction: 'Outbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefixes: ['VirtualNetwork'],
    destinationPortRanges: ['*'],
    isDefault: true,
  },
  {
    name: 'AllowInternetOutBound',
    priority: 65001,
    direction: 'Outbound',
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefixes: ['*'],
    destinationPortRanges: ['*'],
    isDefault: true,
  },
  {
    name: 'DenyAllOutBound',
    priority: 65500,
    direction: 'Outbound',
    access: 'Deny',
    protocol: '*',
    sourceAddressPrefixes: ['*'],
    destinationPortRanges: ['*'],
    isDefault: true,
  },
];

/** `*`, `443`, `1000-2000` (spaces tolerated); anything unparsable matches nothing. */
export function portRangeMatches(range: string, port: number): boolean {
  const r = range.trim();
  if (r === '*') return true;
  const m = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(r);
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  return lo <= port && port <= hi;
}

function protocolMatches(ruleProtocol: string, protocol: Traffic['protocol']): boolean {
  const p = ruleProtocol.trim().toLowerCase();
  return p === '*' || p === 'any' || p === lowerToken(protocol);
}

/**
 * Whether a rule applies to the traffic. A rule that lists no source prefixes (it names
 * application security groups, which the model does not carry) or no ports matches nothing.
 */
export function ruleMatches(rule: SecurityRule, t: Traffic): boolean {
  return (
    lowerToken(rule.direction) === lowerToken(t.direction) &&
    protocolMatches(rule.protocol, t.protocol) &&
    rule.destinationPortRanges.some((r) => portRangeMatches(r, t.destinationPort)) &&
    rule.sourceAddressPrefixes.some((s) => t.sourceMatches(s))
  );
}

/** The rules Azure evaluates, in order: custom and default together, by priority. */
export function effectiveRules(nsg: NetworkSecurityGroup): SecurityRule[] {
  const rules = nsg.rules.some((r) => r.isDefault) ? [...nsg.rules] : [...nsg.rules, ...AZURE_DEFAULT_RULES];
  return rules.filter((r) => /^(allow|deny)$/i.test(r.access)).sort((a, b) => a.priority - b.priority);
}

export function evaluateNsg(nsg: NetworkSecurityGroup, t: Traffic): NsgDecision {
  for (const rule of effectiveRules(nsg)) {
    if (!ruleMatches(rule, t)) continue;
    return { access: lowerToken(rule.access) === 'allow' ? 'Allow' : 'Deny', rule, nsgId: nsg.id };
  }
  // Unreachable with Azure's defaults (DenyAll* at 65500 matches everything).
  return { access: 'Deny', nsgId: nsg.id };
}

/**
 * The subnet NSG's decision on the traffic: Allow with no rule when the subnet has no NSG;
 * undefined when the subnet names an NSG the model does not hold (unknown, not bad).
 */
export function evaluateSubnetNsg(model: Model, subnet: Subnet, t: Traffic): NsgDecision | undefined {
  if (!subnet.nsgId) return { access: 'Allow' };
  const nsg = model.nsg(subnet.nsgId);
  return nsg ? evaluateNsg(nsg, t) : undefined;
}

/** The NSG sources that cover traffic from the `AzureMachineLearning` service tag (rules.md, AMLNET105). */
export function azureMachineLearningSource(region?: string): (prefix: string) => boolean {
  return (prefix) => {
    const p = prefix.trim().toLowerCase();
    return p === '*' || p === 'internet' || tagCovers(p, 'AzureMachineLearning', region);
  };
}

/** Inbound TCP 44224 from the AzureMachineLearning service tag: how the service reaches compute with a public IP. */
export function azureMachineLearningInbound(region?: string): Traffic {
  return {
    direction: 'Inbound',
    protocol: 'Tcp',
    destinationPort: 44224,
    sourceMatches: azureMachineLearningSource(region),
    sourceLabel: 'AzureMachineLearning',
  };
}

/** A rule as one line for messages: `DenyAllInBound (priority 65500, Deny)`. */
export function describeRule(rule: SecurityRule | undefined): string {
  return rule ? `${rule.name} (priority ${rule.priority}, ${rule.access}${rule.isDefault ? ', default rule' : ''})` : '(none)';
}
