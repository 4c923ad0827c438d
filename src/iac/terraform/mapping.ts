/**
 * One row per Terraform resource type the rules need: the ARM id it will have, and either the
 * GET-shaped record it becomes (`build`) or how it folds into its parent the way a GET shows it
 * (`fold`: a subnet into its VNet's `subnets`, a rule into its NSG's `securityRules`, an
 * association into its subnet). Attribute names are the azurerm provider's, 3.x and 4.x both
 * where they differ (registry.terraform.io/providers/hashicorp/azurerm, "Argument Reference").
 */
import type { ArmResource } from '../../model/inventory';
import { normalizeId, vnetOfSubnet } from '../../model/ids';
import type { Ctx } from './context';
import { BUILT_IN_ROLES } from './defaults';

type Json = Record<string, any>;

export interface Mapping {
  /** The ARM type the resource becomes (or folds into). */
  armType: string;
  /** Its ARM id, from the planned name, resource group and subscription (or its parent's id). */
  id(c: Ctx): string | undefined;
  /** A resource of its own: the record a GET returns. */
  build?(c: Ctx, id: string): ArmResource;
  /** A part of another resource: written into that resource's record. `stage` orders folds (subnets before associations). */
  fold?: { stage: number; apply(c: Ctx, id: string): void; remove?(c: Ctx, id: string): void };
}

const enabled = (b: boolean | undefined, dflt: boolean): string => ((b ?? dflt) ? 'Enabled' : 'Disabled');
const compact = <T extends Json>(o: T): T => {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
};
function upsertByName(holder: Json, key: string, item: Json): void {
  const list: Json[] = Array.isArray(holder[key]) ? holder[key] : (holder[key] = []);
  const i = list.findIndex((x) => typeof x?.name === 'string' && x.name.toLowerCase() === String(item.name).toLowerCase());
  if (i >= 0) list[i] = item;
  else list.push(item);
}
function removeByName(holder: Json, key: string, name: string): void {
  if (Array.isArray(holder[key])) holder[key] = holder[key].filter((x: Json) => String(x?.name ?? '').toLowerCase() !== name.toLowerCase());
}
const props = (r: ArmResource): Json => (r.properties ??= {}) as Json;
const lastSegment = (id: string): string => id.split('/').filter(Boolean).pop() ?? id;

// ---- Machine Learning ------------------------------------------------------------------------

function workspace(c: Ctx, id: string): ArmResource {
  const identity =
    c.blocks('identity').length > 0
      ? { type: c.str('identity.0.type') ?? 'SystemAssigned', principalId: c.str('identity.0.principal_id') }
      : undefined;
  const isolation = c.str('managed_network.0.isolation_mode');
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: c.location(),
    tags: c.tags(),
    kind: c.str('kind') ?? 'Default',
    sku: { name: c.str('sku_name') ?? 'Basic', tier: c.str('sku_name') ?? 'Basic' },
    identity,
    properties: compact({
      storageAccount: c.ref('storage_account_id', id, 'properties.storageAccount'),
      keyVault: c.ref('key_vault_id', id, 'properties.keyVault'),
      applicationInsights: c.ref('application_insights_id', id, 'properties.applicationInsights'),
      containerRegistry: c.ref('container_registry_id', id, 'properties.containerRegistry'),
      publicNetworkAccess: c.unknown('public_network_access_enabled')
        ? (c.value('public_network_access_enabled', id, 'properties.publicNetworkAccess'), undefined)
        : enabled(c.bool('public_network_access_enabled'), true),
      // azurerm 3.x only (removed in 4.0).
      allowPublicAccessWhenBehindVnet: c.bool('public_access_behind_virtual_network_enabled'),
      imageBuildCompute: c.str('image_build_compute_name'),
      hbiWorkspace: c.bool('high_business_impact'),
      v1LegacyMode: c.bool('v1_legacy_mode_enabled'),
      // Left out of the configuration: no managed network, as a template that omits it.
      managedNetwork: isolation ? { isolationMode: isolation, outboundRules: {} } : undefined,
    }),
  });
}

function workspaceChildId(c: Ctx, workspacePath: string, segment: string): string | undefined {
  const ws = c.ref(workspacePath, `${c.address}`, 'workspace id');
  return ws ? `${ws}/${segment}/${c.name()}` : undefined;
}

function compute(computeType: 'ComputeInstance' | 'AmlCompute') {
  return (c: Ctx, id: string): ArmResource => {
    const subnet = c.ref('subnet_resource_id', id, 'properties.properties.subnet.id');
    const inner: Json = compact({
      vmSize: c.str(computeType === 'ComputeInstance' ? 'virtual_machine_size' : 'vm_size'),
      subnet: subnet ? { id: subnet } : undefined,
      // Absent: the model reads the service default (true).
      enableNodePublicIp: c.unknown('node_public_ip_enabled')
        ? (c.value('node_public_ip_enabled', id, 'properties.properties.enableNodePublicIp'), undefined)
        : c.bool('node_public_ip_enabled'),
    });
    if (computeType === 'AmlCompute') {
      inner.vmPriority = c.str('vm_priority');
      inner.scaleSettings = compact({
        minNodeCount: c.num('scale_settings.0.min_node_count'),
        maxNodeCount: c.num('scale_settings.0.max_node_count'),
      });
    }
    return compact({
      id,
      name: c.name(),
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      location: c.location(),
      properties: compact({ computeType, computeLocation: c.location(), properties: inner }),
    });
  };
}

function outboundRule(type: 'FQDN' | 'PrivateEndpoint' | 'ServiceTag'): Mapping {
  return {
    armType: 'Microsoft.MachineLearningServices/workspaces/outboundRules',
    id: (c) => workspaceChildId(c, 'workspace_id', 'outboundRules'),
    fold: {
      stage: 2,
      apply(c, id) {
        const ws = c.env.working.parent(id.slice(0, id.toLowerCase().lastIndexOf('/outboundrules/')), c.source, 'adds an outbound rule to workspace');
        if (!ws) return;
        const p = props(ws);
        p.managedNetwork ??= {};
        p.managedNetwork.outboundRules ??= {};
        const destination =
          type === 'FQDN'
            ? c.value('destination_fqdn', id, 'properties.destination')
            : type === 'PrivateEndpoint'
              ? compact({
                  serviceResourceId: c.ref('service_resource_id', id, 'properties.destination.serviceResourceId'),
                  subresourceTarget: c.str('sub_resource_target'),
                  sparkEnabled: c.bool('spark_enabled') ?? false,
                })
              : compact({
                  serviceTag: c.str('service_tag'),
                  protocol: c.str('protocol'),
                  portRanges: c.str('port_ranges'),
                  action: c.str('action') ?? 'Allow',
                });
        p.managedNetwork.outboundRules[lastSegment(id)] = compact({ type, category: 'UserDefined', destination });
      },
      remove(c, id) {
        const ws = c.env.working.parent(
          id.slice(0, id.toLowerCase().lastIndexOf('/outboundrules/')),
          c.source,
          'removes an outbound rule from workspace',
        );
        const rules = ws ? props(ws).managedNetwork?.outboundRules : undefined;
        if (rules && typeof rules === 'object')
          for (const k of Object.keys(rules)) if (k.toLowerCase() === lastSegment(id).toLowerCase()) delete rules[k];
      },
    },
  };
}

function datastore(datastoreType: 'AzureBlob' | 'AzureDataLakeGen2' | 'AzureFile', targetPath: string, identityPath: string) {
  return (c: Ctx, id: string): ArmResource => {
    const target = c.ref(targetPath, id, 'properties.accountName');
    const account = target ? /\/storageaccounts\/([^/]+)/i.exec(target)?.[1] : undefined;
    return compact({
      id,
      name: c.name(),
      type: 'Microsoft.MachineLearningServices/workspaces/datastores',
      properties: compact({
        datastoreType,
        accountName: account,
        endpoint: 'core.windows.net',
        isDefault: c.bool('is_default') ?? false,
        serviceDataAccessAuthIdentity: c.str(identityPath) ?? 'None',
      }),
    });
  };
}

// ---- Storage, key vault, registry, Application Insights ----------------------------------------

function storageNetworkAcls(c: Ctx, id: string, prefix: string): Json {
  return {
    defaultAction: c.value(`${prefix}default_action`, id, 'properties.networkAcls.defaultAction'),
    bypass: (c.unknown(`${prefix}bypass`) ? [] : c.computed(`${prefix}bypass`) ? ['AzureServices'] : c.strs(`${prefix}bypass`)).join(', ') || 'None',
    ipRules: c.strs(`${prefix}ip_rules`).map((value) => ({ value, action: 'Allow' })),
    virtualNetworkRules: (c.refs(`${prefix}virtual_network_subnet_ids`, id, 'properties.networkAcls.virtualNetworkRules') ?? []).map((sid) => ({
      id: sid,
      action: 'Allow',
    })),
    resourceAccessRules: c.blocks(`${prefix}private_link_access`).map((i) =>
      compact({
        resourceId: c.str(`${prefix}private_link_access.${i}.endpoint_resource_id`),
        tenantId: c.str(`${prefix}private_link_access.${i}.endpoint_tenant_id`),
      }),
    ),
  };
}

function storageAccount(c: Ctx, id: string): ArmResource {
  const hasRules = c.blocks('network_rules').length > 0;
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Storage/storageAccounts',
    location: c.location(),
    tags: c.tags(),
    kind: c.str('account_kind') ?? 'StorageV2',
    sku: { name: `${c.str('account_tier') ?? 'Standard'}_${c.str('account_replication_type') ?? 'LRS'}`, tier: c.str('account_tier') ?? 'Standard' },
    properties: compact({
      isHnsEnabled: c.bool('is_hns_enabled') ?? false,
      publicNetworkAccess: enabled(c.bool('public_network_access_enabled'), true),
      allowBlobPublicAccess: c.bool('allow_nested_items_to_be_public'),
      networkAcls: hasRules
        ? storageNetworkAcls(c, id, 'network_rules.0.')
        : c.unknown('network_rules')
          ? (c.value('network_rules', id, 'properties.networkAcls'), undefined)
          : undefined, // not set: the overlay's server default (src/iac/defaults.ts)
    }),
  });
}

function keyVault(c: Ctx, id: string): ArmResource {
  const hasAcls = c.blocks('network_acls').length > 0;
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.KeyVault/vaults',
    location: c.location(),
    tags: c.tags(),
    properties: compact({
      tenantId: c.str('tenant_id'),
      sku: { family: 'A', name: c.str('sku_name') ?? 'standard' },
      publicNetworkAccess: enabled(c.bool('public_network_access_enabled'), true),
      // 3.x enable_rbac_authorization, 4.x rbac_authorization_enabled.
      enableRbacAuthorization: c.bool('rbac_authorization_enabled') ?? c.bool('enable_rbac_authorization'),
      networkAcls: hasAcls
        ? {
            bypass: c.value('network_acls.0.bypass', id, 'properties.networkAcls.bypass'),
            defaultAction: c.value('network_acls.0.default_action', id, 'properties.networkAcls.defaultAction'),
            ipRules: c.strs('network_acls.0.ip_rules').map((value) => ({ value })),
            virtualNetworkRules: (c.refs('network_acls.0.virtual_network_subnet_ids', id, 'properties.networkAcls.virtualNetworkRules') ?? []).map(
              (sid) => ({ id: sid }),
            ),
          }
        : c.unknown('network_acls')
          ? (c.value('network_acls', id, 'properties.networkAcls'), undefined)
          : undefined,
    }),
  });
}

function containerRegistry(c: Ctx, id: string): ArmResource {
  const sku = c.str('sku') ?? 'Basic';
  const hasRules = c.blocks('network_rule_set').length > 0;
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.ContainerRegistry/registries',
    location: c.location(),
    tags: c.tags(),
    sku: { name: sku, tier: sku },
    properties: compact({
      adminUserEnabled: c.bool('admin_enabled') ?? false,
      publicNetworkAccess: enabled(c.bool('public_network_access_enabled'), true),
      networkRuleBypassOptions: c.str('network_rule_bypass_option'),
      networkRuleSet: hasRules
        ? {
            defaultAction: c.value('network_rule_set.0.default_action', id, 'properties.networkRuleSet.defaultAction'),
            ipRules: c.blocks('network_rule_set.0.ip_rule').map((i) => ({
              action: c.str(`network_rule_set.0.ip_rule.${i}.action`) ?? 'Allow',
              value: c.str(`network_rule_set.0.ip_rule.${i}.ip_range`),
            })),
            // 3.x only: virtual_network { action, subnet_id } (removed in 4.0).
            virtualNetworkRules: c
              .blocks('network_rule_set.0.virtual_network')
              .map((i) => ({
                action: 'Allow',
                id: c.ref(`network_rule_set.0.virtual_network.${i}.subnet_id`, id, 'properties.networkRuleSet.virtualNetworkRules'),
              }))
              .filter((r) => r.id),
          }
        : sku.toLowerCase() === 'premium'
          ? { defaultAction: 'Allow', ipRules: [] }
          : undefined,
    }),
  });
}

function applicationInsights(c: Ctx, id: string): ArmResource {
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Insights/components',
    location: c.location(),
    tags: c.tags(),
    kind: c.str('application_type') ?? 'web',
    properties: compact({
      Application_Type: c.str('application_type'),
      WorkspaceResourceId: c.str('workspace_id'),
      publicNetworkAccessForIngestion: enabled(c.bool('internet_ingestion_enabled'), true),
      publicNetworkAccessForQuery: enabled(c.bool('internet_query_enabled'), true),
    }),
  });
}

// ---- Private endpoints and DNS --------------------------------------------------------------------

function privateEndpoint(c: Ctx, id: string): ArmResource {
  const auto: Json[] = [];
  const manual: Json[] = [];
  for (const i of c.blocks('private_service_connection')) {
    const isManual = c.bool(`private_service_connection.${i}.is_manual_connection`) ?? false;
    const list = isManual ? manual : auto;
    const key = isManual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections';
    const target = c.ref(
      `private_service_connection.${i}.private_connection_resource_id`,
      id,
      `properties.${key}[${list.length}].properties.privateLinkServiceId`,
    );
    list.push({
      name: c.str(`private_service_connection.${i}.name`),
      properties: compact({
        privateLinkServiceId: target,
        groupIds: c.strs(`private_service_connection.${i}.subresource_names`),
      }),
    });
  }
  const subnet = c.ref('subnet_id', id, 'properties.subnet.id');
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Network/privateEndpoints',
    location: c.location(),
    tags: c.tags(),
    properties: compact({
      subnet: subnet ? { id: subnet } : undefined,
      privateLinkServiceConnections: auto,
      manualPrivateLinkServiceConnections: manual,
      customNetworkInterfaceName: c.str('custom_network_interface_name'),
    }),
  });
}

// ---- Virtual networks ------------------------------------------------------------------------------

function subnetProperties(c: Ctx, id: string, prefix: string): Json {
  const prefixes = c.strs(`${prefix}address_prefixes`);
  const one = c.str(`${prefix}address_prefix`); // 3.x inline subnet, and old azurerm_subnet
  const nsg = c.str(`${prefix}security_group`) ?? c.str(`${prefix}network_security_group_id`);
  const rt = c.str(`${prefix}route_table_id`);
  // 4.x: private_endpoint_network_policies = "Disabled" | "Enabled" | ...; 3.x: private_endpoint_network_policies_enabled (bool).
  const pePolicies =
    c.str(`${prefix}private_endpoint_network_policies`) ??
    (c.bool(`${prefix}private_endpoint_network_policies_enabled`) === undefined
      ? undefined
      : c.bool(`${prefix}private_endpoint_network_policies_enabled`)
        ? 'Enabled'
        : 'Disabled');
  if (c.unknown(`${prefix}address_prefixes`)) c.value(`${prefix}address_prefixes`, id, 'properties.addressPrefixes');
  return compact({
    addressPrefix: one ?? (prefixes.length === 1 ? prefixes[0] : undefined),
    addressPrefixes: prefixes.length > 0 ? prefixes : one ? [one] : undefined,
    networkSecurityGroup: nsg ? { id: nsg } : undefined,
    routeTable: rt ? { id: rt } : undefined,
    serviceEndpoints: c.strs(`${prefix}service_endpoints`).map((service) => ({ service })),
    delegations: c.blocks(`${prefix}delegation`).map((i) => ({
      name: c.str(`${prefix}delegation.${i}.name`),
      properties: {
        serviceName: c.str(`${prefix}delegation.${i}.service_delegation.0.name`),
        actions: c.strs(`${prefix}delegation.${i}.service_delegation.0.actions`),
      },
    })),
    privateEndpointNetworkPolicies: pePolicies,
    defaultOutboundAccess: c.bool(`${prefix}default_outbound_access_enabled`),
  });
}

function virtualNetwork(c: Ctx, id: string): ArmResource {
  // Inline `subnet` blocks (when the configuration writes them); azurerm_subnet resources fold in later.
  const subnets = c.computed('subnet')
    ? []
    : c.blocks('subnet').map((i) => {
        const name = c.str(`subnet.${i}.name`) ?? String(i);
        return {
          id: `${id}/subnets/${name}`,
          name,
          type: 'Microsoft.Network/virtualNetworks/subnets',
          properties: subnetProperties(c, `${id}/subnets/${name}`, `subnet.${i}.`),
        };
      });
  if (c.unknown('dns_servers')) c.value('dns_servers', id, 'properties.dhcpOptions.dnsServers');
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Network/virtualNetworks',
    location: c.location(),
    tags: c.tags(),
    properties: {
      addressSpace: { addressPrefixes: c.strs('address_space') },
      dhcpOptions: { dnsServers: c.strs('dns_servers') },
      subnets,
      virtualNetworkPeerings: [],
    },
  });
}

function subnetId(c: Ctx): string {
  return `/subscriptions/${c.subscription}/resourceGroups/${c.resourceGroup()}/providers/Microsoft.Network/virtualNetworks/${c.str('virtual_network_name') ?? 'unknown-virtual-network'}/subnets/${c.name()}`;
}

/** The subnet record inside its VNet's record (planned, or copied from the base), or undefined with a MissingReference. */
function subnetRecord(c: Ctx, subnet: string, what: string): Json | undefined {
  const vnet = c.env.working.parent(vnetOfSubnet(normalizeId(subnet)) ?? subnet, c.source, what);
  if (!vnet) return undefined;
  const list: Json[] = Array.isArray(props(vnet).subnets) ? props(vnet).subnets : (props(vnet).subnets = []);
  const found = list.find((s) => typeof s?.id === 'string' && normalizeId(s.id) === normalizeId(subnet));
  if (!found)
    c.env.missing({ id: subnet, from: c.source, reason: `${c.address} ${what} subnet ${subnet}, which is neither in the plan nor in the base` });
  return found;
}

function association(path: string, property: string, what: string): Mapping {
  return {
    armType: 'Microsoft.Network/virtualNetworks/subnets',
    id: (c) => c.ref('subnet_id', c.address, 'subnet id'),
    fold: {
      stage: 2,
      apply(c, subnet) {
        const target = c.ref(path, subnet, `properties.${property}.id`);
        const s = subnetRecord(c, subnet, `associates ${what} with`);
        if (!s) return;
        s.properties ??= {};
        if (target) s.properties[property] = { id: target };
        else delete s.properties[property];
      },
      remove(c, subnet) {
        const s = subnetRecord(c, subnet, `dissociates ${what} from`);
        if (s?.properties) delete s.properties[property];
      },
    },
  };
}

function securityRule(c: Ctx, prefix: string): Json {
  const one = (k: string) => c.str(`${prefix}${k}`);
  return {
    name: one('name'),
    properties: compact({
      priority: c.num(`${prefix}priority`),
      direction: one('direction'),
      access: one('access'),
      protocol: one('protocol'),
      sourcePortRange: one('source_port_range'),
      sourcePortRanges: c.strs(`${prefix}source_port_ranges`),
      destinationPortRange: one('destination_port_range'),
      destinationPortRanges: c.strs(`${prefix}destination_port_ranges`),
      sourceAddressPrefix: one('source_address_prefix'),
      sourceAddressPrefixes: c.strs(`${prefix}source_address_prefixes`),
      destinationAddressPrefix: one('destination_address_prefix'),
      destinationAddressPrefixes: c.strs(`${prefix}destination_address_prefixes`),
      description: one('description'),
    }),
  };
}

function nsg(c: Ctx, id: string): ArmResource {
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Network/networkSecurityGroups',
    location: c.location(),
    tags: c.tags(),
    properties: {
      securityRules: c.computed('security_rule') ? [] : c.blocks('security_rule').map((i) => securityRule(c, `security_rule.${i}.`)),
    },
  });
}

function route(c: Ctx, prefix: string, id: string): Json {
  const nextHop = c.str(`${prefix}next_hop_type`);
  return {
    name: c.str(`${prefix}name`),
    properties: compact({
      addressPrefix: c.value(`${prefix}address_prefix`, id, 'properties.addressPrefix'),
      nextHopType: nextHop,
      nextHopIpAddress:
        nextHop?.toLowerCase() === 'virtualappliance' ? c.value(`${prefix}next_hop_in_ip_address`, id, 'properties.nextHopIpAddress') : undefined,
    }),
  };
}

function routeTable(c: Ctx, id: string): ArmResource {
  // 3.x disable_bgp_route_propagation, 4.x bgp_route_propagation_enabled.
  const bgp = c.bool('bgp_route_propagation_enabled');
  const disableBgp = bgp === undefined ? c.bool('disable_bgp_route_propagation') : !bgp;
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Network/routeTables',
    location: c.location(),
    tags: c.tags(),
    properties: compact({
      disableBgpRoutePropagation: disableBgp ?? false,
      routes: c.computed('route') ? [] : c.blocks('route').map((i) => route(c, `route.${i}.`, `${id}/routes/${c.str(`route.${i}.name`) ?? i}`)),
    }),
  });
}

function childOf(parentProvider: string, parentNamePath: string, segment: string) {
  return (c: Ctx): string =>
    `/subscriptions/${c.subscription}/resourceGroups/${c.resourceGroup()}/providers/${parentProvider}/${c.str(parentNamePath) ?? `unknown-${parentNamePath}`}/${segment}/${c.name()}`;
}

const parentIdOf = (id: string): string => id.split('/').slice(0, -2).join('/');

/** A child written into a list of its parent (`securityRules`, `routes`, `virtualNetworkPeerings`). */
function listChild(armType: string, id: (c: Ctx) => string | undefined, key: string, what: string, item: (c: Ctx, id: string) => Json): Mapping {
  return {
    armType,
    id,
    fold: {
      stage: 2,
      apply(c, childId) {
        const parent = c.env.working.parent(parentIdOf(childId), c.source, `adds ${what} to`);
        if (parent) upsertByName(props(parent), key, { id: childId, ...item(c, childId) });
      },
      remove(c, childId) {
        const parent = c.env.working.parent(parentIdOf(childId), c.source, `removes ${what} from`);
        if (parent) removeByName(props(parent), key, lastSegment(childId));
      },
    },
  };
}

// ---- Firewalls, AKS, role assignments ----------------------------------------------------------------

function firewallRuleCollections(c: Ctx, id: string): Json[] {
  const out: Json[] = [];
  for (const i of c.blocks('network_rule_collection')) {
    const p = `network_rule_collection.${i}.`;
    out.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: c.str(`${p}name`),
      priority: c.num(`${p}priority`),
      action: { type: c.str(`${p}action`) },
      rules: c.blocks(`${p}rule`).map((j) => {
        const r = `${p}rule.${j}.`;
        const addresses = c.unknown(`${r}destination_addresses`)
          ? (c.value(`${r}destination_addresses`, id, 'properties.ruleCollections.rules.destinationAddresses'), [])
          : c.strs(`${r}destination_addresses`);
        return {
          ruleType: 'NetworkRule',
          name: c.str(`${r}name`),
          ipProtocols: c.strs(`${r}protocols`),
          sourceAddresses: c.strs(`${r}source_addresses`),
          sourceIpGroups: c.strs(`${r}source_ip_groups`),
          destinationAddresses: addresses,
          destinationIpGroups: c.strs(`${r}destination_ip_groups`),
          destinationFqdns: c.strs(`${r}destination_fqdns`),
          destinationPorts: c.strs(`${r}destination_ports`),
        };
      }),
    });
  }
  for (const i of c.blocks('application_rule_collection')) {
    const p = `application_rule_collection.${i}.`;
    out.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: c.str(`${p}name`),
      priority: c.num(`${p}priority`),
      action: { type: c.str(`${p}action`) },
      rules: c.blocks(`${p}rule`).map((j) => {
        const r = `${p}rule.${j}.`;
        return {
          ruleType: 'ApplicationRule',
          name: c.str(`${r}name`),
          protocols: c
            .blocks(`${r}protocols`)
            .map((k) => ({ protocolType: c.str(`${r}protocols.${k}.type`), port: c.num(`${r}protocols.${k}.port`) })),
          sourceAddresses: c.strs(`${r}source_addresses`),
          sourceIpGroups: c.strs(`${r}source_ip_groups`),
          targetFqdns: c.strs(`${r}destination_fqdns`),
          fqdnTags: c.strs(`${r}destination_fqdn_tags`),
        };
      }),
    });
  }
  for (const i of c.blocks('nat_rule_collection')) {
    const p = `nat_rule_collection.${i}.`;
    out.push({
      ruleCollectionType: 'FirewallPolicyNatRuleCollection',
      name: c.str(`${p}name`),
      priority: c.num(`${p}priority`),
      action: { type: c.str(`${p}action`) ?? 'Dnat' },
      rules: [],
    });
  }
  return out;
}

function classicRuleCollection(key: 'networkRuleCollections' | 'applicationRuleCollections'): Mapping {
  return listChild(
    'Microsoft.Network/azureFirewalls',
    childOf('Microsoft.Network/azureFirewalls', 'azure_firewall_name', key),
    key,
    'a rule collection',
    (c) => ({
      name: c.name(),
      properties: {
        priority: c.num('priority'),
        action: { type: c.str('action') },
        rules: c.blocks('rule').map((j) =>
          key === 'networkRuleCollections'
            ? {
                name: c.str(`rule.${j}.name`),
                protocols: c.strs(`rule.${j}.protocols`),
                sourceAddresses: c.strs(`rule.${j}.source_addresses`),
                sourceIpGroups: c.strs(`rule.${j}.source_ip_groups`),
                destinationAddresses: c.strs(`rule.${j}.destination_addresses`),
                destinationIpGroups: c.strs(`rule.${j}.destination_ip_groups`),
                destinationFqdns: c.strs(`rule.${j}.destination_fqdns`),
                destinationPorts: c.strs(`rule.${j}.destination_ports`),
              }
            : {
                name: c.str(`rule.${j}.name`),
                sourceAddresses: c.strs(`rule.${j}.source_addresses`),
                targetFqdns: c.strs(`rule.${j}.target_fqdns`),
                fqdnTags: c.strs(`rule.${j}.fqdn_tags`),
                protocols: c
                  .blocks(`rule.${j}.protocol`)
                  .map((k) => ({ protocolType: c.str(`rule.${j}.protocol.${k}.type`), port: c.num(`rule.${j}.protocol.${k}.port`) })),
              },
        ),
      },
    }),
  );
}

function firewall(c: Ctx, id: string): ArmResource {
  const policy = c.ref('firewall_policy_id', id, 'properties.firewallPolicy.id');
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Network/azureFirewalls',
    location: c.location(),
    tags: c.tags(),
    properties: compact({
      sku: { name: c.str('sku_name') ?? 'AZFW_VNet', tier: c.str('sku_tier') ?? 'Standard' },
      firewallPolicy: policy ? { id: policy } : undefined,
      ipConfigurations: c.blocks('ip_configuration').map((i) => {
        const subnet = c.ref(`ip_configuration.${i}.subnet_id`, id, `properties.ipConfigurations[${i}].properties.subnet.id`);
        return {
          name: c.str(`ip_configuration.${i}.name`),
          properties: compact({
            subnet: subnet ? { id: subnet } : undefined,
            privateIPAddress: c.value(
              `ip_configuration.${i}.private_ip_address`,
              id,
              `properties.ipConfigurations[${i}].properties.privateIPAddress`,
            ),
          }),
        };
      }),
      networkRuleCollections: [],
      applicationRuleCollections: [],
    }),
  });
}

function firewallPolicy(c: Ctx, id: string): ArmResource {
  const base = c.ref('base_policy_id', id, 'properties.basePolicy.id');
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Network/firewallPolicies',
    location: c.location(),
    tags: c.tags(),
    properties: compact({
      sku: { tier: c.str('sku') ?? 'Standard' },
      basePolicy: base ? { id: base } : undefined,
      dnsSettings: c.blocks('dns').length > 0 ? { enableProxy: c.bool('dns.0.proxy_enabled') ?? false, servers: c.strs('dns.0.servers') } : undefined,
    }),
  });
}

function ruleCollectionGroup(c: Ctx, id: string): ArmResource {
  return {
    id,
    name: c.name(),
    type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    properties: { priority: c.num('priority'), ruleCollections: firewallRuleCollections(c, id) },
  };
}

function agentPool(c: Ctx, prefix: string, id: string, property: string, mode?: string): Json {
  const subnet = c.ref(`${prefix}vnet_subnet_id`, id, property);
  return compact({
    name: c.str(`${prefix}name`),
    count: c.num(`${prefix}node_count`),
    vmSize: c.str(`${prefix}vm_size`),
    mode: mode ?? c.str(`${prefix}mode`) ?? 'User',
    vnetSubnetID: subnet,
  });
}

function managedCluster(c: Ctx, id: string): ArmResource {
  // 3.x api_server_authorized_ip_ranges; 3.x/4.x api_server_access_profile.authorized_ip_ranges.
  const ranges = c.strs('api_server_access_profile.0.authorized_ip_ranges');
  const legacy = c.strs('api_server_authorized_ip_ranges');
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.ContainerService/managedClusters',
    location: c.location(),
    tags: c.tags(),
    identity: c.blocks('identity').length > 0 ? { type: c.str('identity.0.type') } : undefined,
    properties: compact({
      dnsPrefix: c.str('dns_prefix'),
      agentPoolProfiles: c
        .blocks('default_node_pool')
        .map((i) => agentPool(c, `default_node_pool.${i}.`, id, 'properties.agentPoolProfiles[0].vnetSubnetID', 'System')),
      apiServerAccessProfile: compact({
        enablePrivateCluster: c.bool('private_cluster_enabled') ?? false,
        enablePrivateClusterPublicFQDN: c.bool('private_cluster_public_fqdn_enabled') ?? false,
        authorizedIPRanges: ranges.length > 0 ? ranges : legacy.length > 0 ? legacy : undefined,
      }),
      networkProfile: compact({
        networkPlugin: c.str('network_profile.0.network_plugin'),
        outboundType: c.str('network_profile.0.outbound_type') ?? 'loadBalancer',
      }),
    }),
  });
}

/** A deterministic GUID-shaped name for an assignment whose name Terraform generates at apply. */
function pseudoGuid(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 + text.charCodeAt(i), 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function roleAssignmentId(c: Ctx): string | undefined {
  const scope = c.ref('scope', c.address, 'scope');
  return scope ? `${scope}/providers/Microsoft.Authorization/roleAssignments/${c.str('name') ?? pseudoGuid(c.address)}` : undefined;
}

function roleAssignment(c: Ctx, id: string): ArmResource {
  const scope = id.slice(0, id.toLowerCase().indexOf('/providers/microsoft.authorization/roleassignments/'));
  let roleDefinitionId = c.str('role_definition_id');
  const roleName = c.str('role_definition_name');
  if (!roleDefinitionId && roleName) {
    const guid = BUILT_IN_ROLES[roleName.toLowerCase()];
    if (guid) roleDefinitionId = `/subscriptions/${c.subscription}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    else
      c.env.note(
        `${c.address}: role "${roleName}" is not a built-in role amlnet knows (none of the rules asks about it); the assignment is left out`,
      );
  } else if (!roleDefinitionId) {
    c.value('role_definition_id', id, 'properties.roleDefinitionId');
  }
  return compact({
    id,
    name: lastSegment(id),
    type: 'Microsoft.Authorization/roleAssignments',
    properties: compact({
      scope,
      roleDefinitionId,
      principalId: c.value('principal_id', id, 'properties.principalId'),
      principalType: c.str('principal_type'),
    }),
  });
}

function bastionHost(c: Ctx, id: string): ArmResource {
  const vnet = c.ref('virtual_network_id', id, 'properties.virtualNetwork.id');
  return compact({
    id,
    name: c.name(),
    type: 'Microsoft.Network/bastionHosts',
    location: c.location(),
    tags: c.tags(),
    sku: { name: c.str('sku') ?? 'Basic' },
    properties: compact({
      ipConfigurations: c.blocks('ip_configuration').map((i) => {
        const subnet = c.ref(`ip_configuration.${i}.subnet_id`, id, `properties.ipConfigurations[${i}].properties.subnet.id`);
        return { name: c.str(`ip_configuration.${i}.name`), properties: compact({ subnet: subnet ? { id: subnet } : undefined }) };
      }),
      virtualNetwork: vnet ? { id: vnet } : undefined,
    }),
  });
}

// ---- The table ------------------------------------------------------------------------------------------

const inGroup =
  (provider: string) =>
  (c: Ctx): string =>
    c.groupId(provider);

export const AZURERM: Record<string, Mapping> = {
  azurerm_machine_learning_workspace: {
    armType: 'Microsoft.MachineLearningServices/workspaces',
    id: inGroup('Microsoft.MachineLearningServices/workspaces'),
    build: workspace,
  },
  azurerm_machine_learning_compute_instance: {
    armType: 'Microsoft.MachineLearningServices/workspaces/computes',
    id: (c) => workspaceChildId(c, 'machine_learning_workspace_id', 'computes'),
    build: compute('ComputeInstance'),
  },
  azurerm_machine_learning_compute_cluster: {
    armType: 'Microsoft.MachineLearningServices/workspaces/computes',
    id: (c) => workspaceChildId(c, 'machine_learning_workspace_id', 'computes'),
    build: compute('AmlCompute'),
  },
  azurerm_machine_learning_inference_cluster: {
    armType: 'Microsoft.MachineLearningServices/workspaces/computes',
    id: (c) => workspaceChildId(c, 'machine_learning_workspace_id', 'computes'),
    build: (c, id) => ({
      id,
      name: c.name(),
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      location: c.location(),
      properties: compact({ computeType: 'AKS', resourceId: c.ref('kubernetes_cluster_id', id, 'properties.resourceId'), isAttachedCompute: true }),
    }),
  },
  azurerm_machine_learning_datastore_blobstorage: {
    armType: 'Microsoft.MachineLearningServices/workspaces/datastores',
    id: (c) => workspaceChildId(c, 'workspace_id', 'datastores'),
    build: datastore('AzureBlob', 'storage_container_id', 'service_data_auth_identity'),
  },
  azurerm_machine_learning_datastore_datalake_gen2: {
    armType: 'Microsoft.MachineLearningServices/workspaces/datastores',
    id: (c) => workspaceChildId(c, 'workspace_id', 'datastores'),
    build: datastore('AzureDataLakeGen2', 'storage_container_id', 'service_data_identity'),
  },
  azurerm_machine_learning_datastore_fileshare: {
    armType: 'Microsoft.MachineLearningServices/workspaces/datastores',
    id: (c) => workspaceChildId(c, 'workspace_id', 'datastores'),
    build: datastore('AzureFile', 'storage_fileshare_id', 'service_data_identity'),
  },
  azurerm_machine_learning_workspace_network_outbound_rule_fqdn: outboundRule('FQDN'),
  azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint: outboundRule('PrivateEndpoint'),
  azurerm_machine_learning_workspace_network_outbound_rule_service_tag: outboundRule('ServiceTag'),

  azurerm_storage_account: { armType: 'Microsoft.Storage/storageAccounts', id: inGroup('Microsoft.Storage/storageAccounts'), build: storageAccount },
  azurerm_storage_account_network_rules: {
    armType: 'Microsoft.Storage/storageAccounts',
    // 3.x also took storage_account_name + resource_group_name.
    id: (c) =>
      c.ref('storage_account_id', c.address, 'storage account id') ??
      (c.str('storage_account_name') ? c.groupId('Microsoft.Storage/storageAccounts', c.str('storage_account_name')) : undefined),
    fold: {
      stage: 2,
      apply(c, id) {
        const sa = c.env.working.parent(id, c.source, 'sets the network rules of storage account');
        if (sa) props(sa).networkAcls = storageNetworkAcls(c, id, '');
      },
      remove(c, id) {
        const sa = c.env.working.parent(id, c.source, 'removes the network rules of storage account');
        if (sa) delete props(sa).networkAcls; // back to the server default
      },
    },
  },
  azurerm_key_vault: { armType: 'Microsoft.KeyVault/vaults', id: inGroup('Microsoft.KeyVault/vaults'), build: keyVault },
  azurerm_container_registry: {
    armType: 'Microsoft.ContainerRegistry/registries',
    id: inGroup('Microsoft.ContainerRegistry/registries'),
    build: containerRegistry,
  },
  azurerm_application_insights: {
    armType: 'Microsoft.Insights/components',
    id: inGroup('Microsoft.Insights/components'),
    build: applicationInsights,
  },

  azurerm_private_endpoint: {
    armType: 'Microsoft.Network/privateEndpoints',
    id: inGroup('Microsoft.Network/privateEndpoints'),
    build: privateEndpoint,
  },
  azurerm_private_dns_zone: {
    armType: 'Microsoft.Network/privateDnsZones',
    id: inGroup('Microsoft.Network/privateDnsZones'),
    build: (c, id) => compact({ id, name: c.name(), type: 'Microsoft.Network/privateDnsZones', location: 'global', tags: c.tags(), properties: {} }),
  },
  azurerm_private_dns_zone_virtual_network_link: {
    armType: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    id: childOf('Microsoft.Network/privateDnsZones', 'private_dns_zone_name', 'virtualNetworkLinks'),
    build: (c, id) => {
      const vnet = c.ref('virtual_network_id', id, 'properties.virtualNetwork.id');
      return compact({
        id,
        name: c.name(),
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        location: 'global',
        tags: c.tags(),
        properties: compact({ virtualNetwork: vnet ? { id: vnet } : undefined, registrationEnabled: c.bool('registration_enabled') ?? false }),
      });
    },
  },

  azurerm_virtual_network: { armType: 'Microsoft.Network/virtualNetworks', id: inGroup('Microsoft.Network/virtualNetworks'), build: virtualNetwork },
  azurerm_subnet: {
    armType: 'Microsoft.Network/virtualNetworks/subnets',
    id: subnetId,
    fold: {
      stage: 1,
      apply(c, id) {
        const vnet = c.env.working.parent(parentIdOf(id), c.source, 'adds a subnet to VNet');
        if (!vnet) return;
        const p = props(vnet);
        const list: Json[] = Array.isArray(p.subnets) ? p.subnets : (p.subnets = []);
        const existing = list.find((s) => typeof s?.id === 'string' && normalizeId(s.id) === normalizeId(id));
        const own = subnetProperties(c, id, '');
        // Associations are separate resources: keep what the VNet already shows until they fold in.
        const kept = existing?.properties
          ? compact({
              networkSecurityGroup: existing.properties.networkSecurityGroup,
              routeTable: existing.properties.routeTable,
              natGateway: existing.properties.natGateway,
            })
          : {};
        const record = { id, name: lastSegment(id), type: 'Microsoft.Network/virtualNetworks/subnets', properties: { ...kept, ...own } };
        if (existing) Object.assign(existing, record);
        else list.push(record);
      },
      remove(c, id) {
        const vnet = c.env.working.parent(parentIdOf(id), c.source, 'removes a subnet from VNet');
        if (vnet && Array.isArray(props(vnet).subnets))
          props(vnet).subnets = props(vnet).subnets.filter((s: Json) => normalizeId(String(s?.id ?? '')) !== normalizeId(id));
      },
    },
  },
  azurerm_subnet_network_security_group_association: association('network_security_group_id', 'networkSecurityGroup', 'an NSG'),
  azurerm_subnet_route_table_association: association('route_table_id', 'routeTable', 'a route table'),
  azurerm_subnet_nat_gateway_association: association('nat_gateway_id', 'natGateway', 'a NAT gateway'),
  azurerm_virtual_network_peering: listChild(
    'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    childOf('Microsoft.Network/virtualNetworks', 'virtual_network_name', 'virtualNetworkPeerings'),
    'virtualNetworkPeerings',
    'a peering',
    (c, id) => {
      const remote = c.ref('remote_virtual_network_id', id, 'properties.remoteVirtualNetwork.id');
      return {
        name: c.name(),
        properties: compact({
          remoteVirtualNetwork: remote ? { id: remote } : undefined,
          // A new peering is Initiated until the remote side peers back; Connected once both exist (Resource Manager's peeringState).
          peeringState: 'Initiated',
          allowVirtualNetworkAccess: c.bool('allow_virtual_network_access') ?? true,
          allowForwardedTraffic: c.bool('allow_forwarded_traffic') ?? false,
          allowGatewayTransit: c.bool('allow_gateway_transit') ?? false,
          useRemoteGateways: c.bool('use_remote_gateways') ?? false,
        }),
      };
    },
  ),
  azurerm_network_security_group: {
    armType: 'Microsoft.Network/networkSecurityGroups',
    id: inGroup('Microsoft.Network/networkSecurityGroups'),
    build: nsg,
  },
  azurerm_network_security_rule: listChild(
    'Microsoft.Network/networkSecurityGroups/securityRules',
    childOf('Microsoft.Network/networkSecurityGroups', 'network_security_group_name', 'securityRules'),
    'securityRules',
    'a security rule',
    (c) => securityRule(c, ''),
  ),
  azurerm_route_table: { armType: 'Microsoft.Network/routeTables', id: inGroup('Microsoft.Network/routeTables'), build: routeTable },
  azurerm_route: listChild(
    'Microsoft.Network/routeTables/routes',
    childOf('Microsoft.Network/routeTables', 'route_table_name', 'routes'),
    'routes',
    'a route',
    (c, id) => route(c, '', id),
  ),
  azurerm_nat_gateway: {
    armType: 'Microsoft.Network/natGateways',
    id: inGroup('Microsoft.Network/natGateways'),
    build: (c, id) =>
      compact({
        id,
        name: c.name(),
        type: 'Microsoft.Network/natGateways',
        location: c.location(),
        tags: c.tags(),
        sku: { name: c.str('sku_name') ?? 'Standard' },
        properties: {},
      }),
  },
  azurerm_firewall: { armType: 'Microsoft.Network/azureFirewalls', id: inGroup('Microsoft.Network/azureFirewalls'), build: firewall },
  azurerm_firewall_network_rule_collection: classicRuleCollection('networkRuleCollections'),
  azurerm_firewall_application_rule_collection: classicRuleCollection('applicationRuleCollections'),
  azurerm_firewall_policy: {
    armType: 'Microsoft.Network/firewallPolicies',
    id: inGroup('Microsoft.Network/firewallPolicies'),
    build: firewallPolicy,
  },
  azurerm_firewall_policy_rule_collection_group: {
    armType: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    id: (c) => {
      const p = c.ref('firewall_policy_id', c.address, 'firewall policy id');
      return p ? `${p}/ruleCollectionGroups/${c.name()}` : undefined;
    },
    build: ruleCollectionGroup,
  },
  azurerm_bastion_host: { armType: 'Microsoft.Network/bastionHosts', id: inGroup('Microsoft.Network/bastionHosts'), build: bastionHost },
  azurerm_kubernetes_cluster: {
    armType: 'Microsoft.ContainerService/managedClusters',
    id: inGroup('Microsoft.ContainerService/managedClusters'),
    build: managedCluster,
  },
  azurerm_kubernetes_cluster_node_pool: {
    armType: 'Microsoft.ContainerService/managedClusters/agentPools',
    id: (c) => {
      const k = c.ref('kubernetes_cluster_id', c.address, 'cluster id');
      return k ? `${k}/agentPools/${c.name()}` : undefined;
    },
    fold: {
      stage: 2,
      apply(c, id) {
        const cluster = c.env.working.parent(parentIdOf(id), c.source, 'adds a node pool to cluster');
        if (cluster)
          upsertByName(
            props(cluster),
            'agentPoolProfiles',
            agentPool(c, '', parentIdOf(id), `properties.agentPoolProfiles[${lastSegment(id)}].vnetSubnetID`),
          );
      },
      remove(c, id) {
        const cluster = c.env.working.parent(parentIdOf(id), c.source, 'removes a node pool from cluster');
        if (cluster) removeByName(props(cluster), 'agentPoolProfiles', lastSegment(id));
      },
    },
  },
  azurerm_role_assignment: { armType: 'Microsoft.Authorization/roleAssignments', id: roleAssignmentId, build: roleAssignment },
};

/**
 * Types no rule reads but other resources point at (a private endpoint's target, a firewall's public
 * IP): only their ARM id is built, so a reference to one still names the right resource.
 */
export const ID_ONLY: Record<string, string> = {
  azurerm_eventhub_namespace: 'Microsoft.EventHub/namespaces',
  azurerm_servicebus_namespace: 'Microsoft.ServiceBus/namespaces',
  azurerm_mssql_server: 'Microsoft.Sql/servers',
  azurerm_postgresql_flexible_server: 'Microsoft.DBforPostgreSQL/flexibleServers',
  azurerm_mysql_flexible_server: 'Microsoft.DBforMySQL/flexibleServers',
  azurerm_cosmosdb_account: 'Microsoft.DocumentDB/databaseAccounts',
  azurerm_confidential_ledger: 'Microsoft.ConfidentialLedger/ledgers',
  azurerm_databricks_workspace: 'Microsoft.Databricks/workspaces',
  azurerm_search_service: 'Microsoft.Search/searchServices',
  azurerm_cognitive_account: 'Microsoft.CognitiveServices/accounts',
  azurerm_public_ip: 'Microsoft.Network/publicIPAddresses',
  azurerm_log_analytics_workspace: 'Microsoft.OperationalInsights/workspaces',
  azurerm_user_assigned_identity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  azurerm_application_gateway: 'Microsoft.Network/applicationGateways',
  azurerm_synapse_workspace: 'Microsoft.Synapse/workspaces',
};

/**
 * Types no rule reads (resource groups, VMs, diagnostics, ...): said once in the notes, not one
 * note each. Anything else amlnet does not map, of a provider it reads, gets a note of its own.
 */
export const NOT_READ_BY_ANY_RULE =
  /^azurerm_(resource_group|public_ip|log_analytics|monitor_|linux_|windows_|virtual_machine|managed_disk|network_interface|lb|availability_set|traffic_manager|key_vault_(secret|key|certificate|access_policy)|storage_(container|blob|share|queue|table)|application_gateway|web_application_firewall|eventhub|mssql|postgresql|mysql|cosmosdb|databricks|confidential_ledger|user_assigned_identity|nat_gateway_public_ip|application_security_group|dashboard|portal_|synapse|data_factory|api_management|app_service|service_plan|function_app|container_app|cognitive|search_service|redis)/;
